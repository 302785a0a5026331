"""Stage 3–4: the public projection and the rendered docs tree, compared with golden files.

Refresh the golden files on purpose with `make golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from generator.checks import check
from generator.errors import TandemError
from generator.french import french_date
from generator.render import navigation, render_docs
from generator.site import write_tree
from generator.views import excerpt, project

GOLDEN = ROOT / "tests" / "golden" / "mini"
UPDATE = os.environ.get("TANDEM_UPDATE_GOLDEN") == "1"


def rendered() -> dict[str, str]:
    catalog, problems = check(MINI)
    assert catalog is not None and problems == []
    return render_docs(project(catalog), ROOT / "site_templates" / "pages")


def test_docs_tree_matches_golden_files() -> None:
    docs = rendered()
    if UPDATE:
        for old in GOLDEN.rglob("*.*"):
            old.unlink()
        for name, text in docs.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten: review them with git diff tests/golden")
    golden = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8")
              for p in GOLDEN.rglob("*.*")}
    assert sorted(docs) == sorted(golden)
    for name, text in docs.items():
        assert text == golden[name], f"{name} differs from its golden file (make golden)"


def test_only_open_calls_and_tombstones_have_pages() -> None:
    docs = rendered()
    assert sorted(n for n in docs if n.startswith("appels/")) == [
        "appels/2026-001.md", "appels/2026-002.md", "appels/appels.json", "appels/feed.xml",
        "appels/gestion-equipe/index.md", "appels/index.md",
        "appels/intelligence-economique/index.md", "appels/modele-economique/index.md",
        "appels/sitemap.xml"]
    assert "Animer une équipe" not in docs["appels/2026-002.md"]  # a tombstone has no title


def test_navigation_is_explicit_and_lists_no_call() -> None:
    catalog, _ = check(MINI)
    assert catalog is not None
    assert navigation(project(catalog)) == [
        {"Accueil": "index.md"}, {"Le programme": "programme.md"},
        {"Appels ouverts": "appels/index.md"}, {"Proposer une question": "proposer.md"},
        {"Contact": "contact.md"}]


def test_example_programme_publishes_exactly_its_open_calls() -> None:
    catalog, problems = check(Path("content"))
    assert catalog is not None and problems == []
    import datetime as dt

    from generator.public import is_open_call

    today = dt.date(2026, 12, 2)  # 2026-001 expired on 30 June: a tombstone, not a call
    site = project(catalog, today)
    open_ids = sorted(r.model.id for r in catalog.requests if is_open_call(r.model, today))
    assert sorted(call.id for call in site.calls) == open_ids
    assert "2026-001" not in open_ids
    published_closed = sorted(r.model.id for r in catalog.requests if r.model.status != "draft"
                              and r.model.id not in open_ids)
    assert sorted(t.id for t in site.tombstones) == published_closed


@pytest.mark.parametrize(("day", "text"), [((2026, 3, 1), "1er mars 2026"),
                                            ((2026, 2, 14), "14 février 2026"),
                                            ((2025, 12, 31), "31 décembre 2025")])
def test_french_dates(day: tuple[int, int, int], text: str) -> None:
    import datetime as dt

    assert french_date(dt.date(*day)) == text


@pytest.mark.parametrize(("markdown", "text"), [
    ("Un **cluster** cherche [un pair](x.md).\n\nSuite.", "Un cluster cherche un pair."),
    ("# Titre\n\nTexte", "Titre"),
    ("mot " * 80, ("mot " * 55).strip() + "…"),
])
def test_excerpt(markdown: str, text: str) -> None:
    assert excerpt(markdown) == text


def test_feeds_list_exactly_the_open_calls() -> None:
    import json
    import xml.etree.ElementTree as ET

    catalog, _ = check(Path("content"))
    assert catalog is not None
    site = project(catalog)
    docs = render_docs(site, ROOT / "site_templates" / "pages")
    rss_items = ET.fromstring(docs["appels/feed.xml"]).findall("./channel/item")
    assert [i.findtext("guid") for i in rss_items] == [
        f"https://tandem.example.org/appels/{c.id}/" for c in site.calls]
    feed = json.loads(docs["appels/appels.json"])
    assert [item["id"] for item in feed["items"]] == [c.id for c in site.calls]
    assert set(feed["items"][0]) == {"id", "url", "title", "content_html", "summary",
                                     "date_published", "tags", "_tandem"}


def test_feed_html_is_sanitised() -> None:
    from generator.feeds import call_html

    catalog, _ = check(MINI)
    assert catalog is not None
    call = project(catalog).calls[0]
    hostile = call.__class__(**{**call.__dict__, "text": "Texte <script>x()</script> "
                                "[lien](javascript:x()) <img src=//a.b/c.png>"})
    html = call_html(hostile)
    assert "<script" not in html and "javascript:" not in html and "<img" not in html


# --------------------------------------------------------------------------- writing the tree


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_write_tree_rewrites_only_what_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = {"index.md": "# Accueil\n", "appels/index.md": "# Appels\n",
             "appels/2026-001/index.md": "# Un appel\n"}
    names: list[str] = []
    assert write_tree(docs, first, names) == 3 and sorted(names) == sorted(first)
    assert _tree(docs) == first
    names.clear()
    assert write_tree(docs, first, names) == 0 and names == []
    second = {"index.md": "# Accueil modifié\n", "appels/index.md": "# Appels\n"}
    assert write_tree(docs, second, names) == 1 and names == ["index.md"]
    assert _tree(docs) == second
    assert not (docs / "appels" / "2026-001").exists()  # emptied folders go too


@pytest.mark.parametrize("name", ["../dehors.md", "/etc/passwd", "appels/../../dehors.md", "",
                                  "a\\..\\..\\b.md"])
def test_write_tree_refuses_a_name_outside_and_writes_nothing(tmp_path: Path, name: str) -> None:
    docs = tmp_path / "docs"
    with pytest.raises(TandemError, match="chemin refusé hors du dossier du site"):
        write_tree(docs, {"index.md": "# Accueil\n", name: "x"})
    assert not docs.exists() and sorted(os.listdir(tmp_path)) == []
