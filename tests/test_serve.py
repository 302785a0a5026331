"""`tandem serve` without a long-running server: its rebuild, and the audit's memory.

- a rebuild is `tandem build`'s pipeline: an edit to one call re-renders that page (and the
  feeds that carry its text) only;
- a content error, or a leak the audit finds, keeps the previous docs and site served;
- the audit reuses a clean verdict only for the same bytes and the same private values.
"""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_content, relative
from generator.audit import audit_tree
from generator.cli import cli
from generator.privacy import PrivateIndex, PrivateValue
from generator.serve import rebuild, watched_paths
from generator.site import work_dir

CALL = "requests/2026-001-veille.md"
CONFIG = Path("mkdocs.yml")
DONE = re.compile(r"tandem serve\u00a0: (\d+) pages? régénérées?, site reconstruit en \d+,\d\u00a0s")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def edit(content: Path, name: str, old: str, new: str) -> None:
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path) -> tuple[Path, Path]:
    """The mini programme, built once as `tandem serve` does."""
    content, site = make_content(tmp_path), tmp_path / "serve" / "site"
    first = rebuild(content, site, CONFIG)
    assert first.ok, first.messages
    return content, site


@pytest.mark.slow
def test_first_rebuild_renders_every_page(served: tuple[Path, Path]) -> None:
    content, site = served
    docs = work_dir(site) / "docs"
    assert sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md")) == [
        "appels/2026-001.md", "appels/2026-002.md", "appels/gestion-equipe/index.md",
        "appels/index.md", "appels/intelligence-economique/index.md",
        "appels/modele-economique/index.md", "contact.md", "index.md", "programme.md",
        "proposer.md"]
    assert (site / "appels" / "2026-001" / "index.html").is_file()
    again = rebuild(content, site, CONFIG)
    assert again.ok and again.written == ()
    match = DONE.fullmatch(again.messages[0])
    assert match and match.group(1) == "0", again.messages


@pytest.mark.slow
def test_edit_to_one_call_rerenders_only_its_page(served: tuple[Path, Path]) -> None:
    content, site = served
    edit(content, CALL, "Un échange d'une heure suffirait pour commencer.",
         "Un échange d'une heure, en visioconférence, suffirait pour commencer.")
    result = rebuild(content, site, CONFIG)
    assert result.ok, result.messages
    # the call's page, and the feeds that carry its text; no other page
    assert result.written == ("appels/2026-001.md", "appels/feed.xml", "appels/appels.json")
    assert DONE.fullmatch(result.messages[0]).group(1) == "3"  # type: ignore[union-attr]
    page = (site / "appels" / "2026-001" / "index.html").read_text(encoding="utf-8")
    assert "en visioconférence" in page


@pytest.mark.slow
def test_content_error_keeps_the_previous_docs_and_site(served: tuple[Path, Path]) -> None:
    content, site = served
    docs = work_dir(site) / "docs"
    before_docs, before_site = snapshot(docs), snapshot(site)
    edit(content, CALL, "themes: [intelligence-economique]", "themes: [intelligence-economiqe]")
    edit(content, CALL, "Un échange d'une heure", "Un court échange d'une heure")
    result = rebuild(content, site, CONFIG)
    assert not result.ok
    assert result.written == ()
    assert result.messages == (
        f"{relative(content / CALL)}:10: thème inconnu «\u00a0intelligence-economiqe\u00a0» "
        "(vouliez-vous dire «\u00a0intelligence-economique\u00a0»\u202f?)\u202f; thèmes "
        "possibles\u00a0: intelligence-economique, modele-economique, gestion-equipe",
        "tandem serve\u00a0: 1 problème dans 1 fichier\u202f; le site précédent reste servi",
    )
    assert snapshot(docs) == before_docs
    assert snapshot(site) == before_site


@pytest.mark.slow
def test_audit_failure_keeps_the_previous_site(tmp_path: Path) -> None:
    """A leak the check cannot see (here, in the site's configuration) is refused by the audit."""
    shutil.copytree("site_templates", tmp_path / "site_templates")
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    content, site = make_content(tmp_path), tmp_path / "serve" / "site"
    assert rebuild(content, site, config).ok
    before = snapshot(site)
    config.write_text(CONFIG.read_text(encoding="utf-8").replace(
        "site_description: ", "site_description: Avec Jeanne Testard. "), encoding="utf-8")
    result = rebuild(content, site, config)
    assert not result.ok
    hits = len(result.messages) - 1  # one per page carrying the site's description
    assert hits > 1
    assert result.messages[-1] == (f"tandem serve\u00a0: audit\u00a0: {hits} valeurs privées "
                                   "trouvées dans le site construit\u202f; le site précédent "
                                   "reste servi")
    assert "site/index.html\u00a0: valeur privée «\u00a0Jeanne Testard\u00a0» (2026-001 " \
           "requester.name, 2026-003 requester.name)" in result.messages
    assert snapshot(site) == before


def test_watched_paths_are_content_configuration_and_templates(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    assert watched_paths(content, CONFIG) == [content, CONFIG, Path("site_templates")]


def index_of(*texts: str) -> PrivateIndex:
    index = PrivateIndex()
    for text in texts:
        index.add(PrivateValue(text, "2026-001", "requester.name"))
    return index


def test_audit_cache_reuses_a_clean_verdict_only_for_the_same_values(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "audit-cache.json"
    site.mkdir()
    (site / "page.html").write_text("<p>Bonjour Paul Essaimé</p>", encoding="utf-8")
    assert audit_tree(site, index_of("Jeanne Testard"), cache) == ([], 1)
    assert cache.is_file()
    hits, _ = audit_tree(site, index_of("Jeanne Testard", "Paul Essaimé"), cache)
    assert [hit.render() for hit in hits] == [
        "site/page.html\u00a0: valeur privée «\u00a0Paul Essaimé\u00a0» (2026-001 requester.name)"]


def test_audit_cache_rescans_a_changed_file(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "audit-cache.json"
    site.mkdir()
    page = site / "page.html"
    page.write_text("<p>Bonjour</p>", encoding="utf-8")
    index = index_of("Jeanne Testard")
    assert audit_tree(site, index, cache) == ([], 1)
    page.write_text("<p>Bonjour Jeanne <em>Testard</em></p>", encoding="utf-8")
    hits, _ = audit_tree(site, index, cache)
    assert len(hits) == 1
    assert audit_tree(site, index, cache)[0] != []  # a file with a hit is never remembered clean


def test_serve_refuses_to_start_on_bad_content(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"requests/2026-003-brouillon.md": None})
    edit(content, CALL, "themes: [intelligence-economique]", "themes: [intelligence-economiqe]")
    result = CliRunner().invoke(cli, ["serve", "--content", str(content), "--port", "1"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == ("tandem serve\u00a0: 1 problème dans 1 fichier"
                                              "\u202f; le site précédent reste servi")


@pytest.mark.slow
def test_serve_reports_a_busy_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_content(tmp_path)
    monkeypatch.setattr("generator.serve.SERVE_DIR", tmp_path / "serve" / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--content", str(content), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"tandem serve\u00a0: impossible d’écouter sur 127.0.0.1:{port} (port déjà utilisé)"
        "\u202f; essayez un autre port avec --port")
