"""`tandem purge`: personal fields of old records gone, the reviews' figures unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_content, relative
from generator import purge
from generator.catalog import Catalog
from generator.checks import check
from generator.cli import cli
from generator.public import FORMER_CALL_TEXT, private_values
from generator.review.stats import year_figures

EXAMPLE = ROOT / "content"

#: Every personal value of the example's 2025-001 request and 2025-B01 binôme.
OLD_2025 = ("Hélène Vasseur", "helene.vasseur@lumivalor.example.org", "+33 6 71 24 58 03",
            "Julien Caradec", "julien.caradec@hydrovea.example.org", "+33 2 98 41 07 62",
            "Sophie Ménard", "sophie.menard@numerix.example.org", "Saint-Chamond",
            "Rencontres Lumen")


def example(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(EXAMPLE, content, ignore=shutil.ignore_patterns(".tandem-cache"))
    return content


def catalog_of(content: Path) -> Catalog:
    catalog, problems = check(content)
    assert not problems and catalog is not None, problems
    return catalog


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes()
            for p in sorted(content.rglob("*")) if p.is_file()}


#: Kept on purpose: a request's title and call text (SPEC §8 lists the subjects handled).
KEPT = ("title", "body", FORMER_CALL_TEXT)


def private_texts(catalog: Catalog, record: str) -> list[str]:
    """The private values of `record`, but for its title and call text if a request."""
    return [value.text for value, _ in private_values(catalog)
            if value.record == record and (value.field not in KEPT or "-B" in record)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["purge", *args])
    return result.exit_code, result.stdout, result.stderr


def test_example_purge_removes_every_personal_field_and_keeps_the_reviews(tmp_path: Path) -> None:
    content = example(tmp_path)
    before = catalog_of(content)
    old = {r: private_texts(before, r) for r in ("2025-001", "2025-B01")}
    assert all(any(v in " ".join(old[r]) for r in old) for v in OLD_2025)
    figures = {year: year_figures(before, year) for year in (2025, 2026)}

    code, out, err = run("--content", str(content), "--before", "2026", "--today", "2026-03-01",
                         "--yes")

    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == ("tandem purge\u00a0: 115 champs anonymisés dans 10 fichiers "
                                    "(fermés avant le 1er janvier 2026)")
    after = catalog_of(content)
    for record, texts in old.items():
        now = " ".join(private_texts(after, record))
        for value in texts:
            if value not in ("Cluster Lumivalor", "Pôle Hydrovéa", "Grappe Numerix"):
                assert value not in now, (record, value)
    binome = " ".join(private_texts(after, "2025-B01"))
    assert "Pôle Hydrovéa" not in binome and "Cluster Lumivalor" not in binome
    assert "Binôme très fluide" not in (content / "binomes/2025-B01-intelligence-economique.md"
                                        ).read_text(encoding="utf-8")
    assert {year: year_figures(after, year) for year in (2025, 2026)} == figures
    # What the reviews read is kept: dates, ratings, consent, titles.
    b01 = after.binomes[0].model
    assert (b01.formed.isoformat(), b01.feedback and b01.feedback.mentor
            and b01.feedback.mentor.rating, b01.public_consent) == ("2025-02-10", 4, True)


def test_the_edit_changes_only_the_anonymised_values(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "programme.yml"
    assert run("--content", str(content), "--before", "2026", "--today", "2026-03-01",
               "--yes")[0] == 0
    assert path.read_bytes() == (EXAMPLE / "programme.yml").read_bytes()
    request = (content / "requests/2025-001-intelligence-economique.md").read_text(encoding="utf-8")
    original = (EXAMPLE / "requests/2025-001-intelligence-economique.md").read_text(encoding="utf-8")
    assert request.split("\n---\n", 1)[1] == original.split("\n---\n", 1)[1]  # the call text
    assert "identifying_terms: [(anonymisé), (anonymisé)]\n" in request
    assert "  name: (anonymisé)\n  email: null\n" in request
    # The year 2025 still has a request open in 2026: its members keep their names.
    assert "  organisation: Cluster Lumivalor\n" in request


def test_a_second_purge_finds_nothing_to_do(tmp_path: Path) -> None:
    content = example(tmp_path)
    assert run("--content", str(content), "--before", "2026", "--today", "2026-03-01",
               "--yes")[0] == 0
    files = snapshot(content)
    assert run("--content", str(content), "--before", "2026", "--today", "2026-03-01",
               "--yes") == (0, "tandem purge\u00a0: rien à anonymiser (aucune demande ni aucun "
                               "binôme fermé avant le 1er janvier 2026 qui ne le soit déjà)\n", "")
    assert snapshot(content) == files


def test_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path: Path) -> None:
    content = example(tmp_path)
    files = snapshot(content)
    code, out, err = run("--content", str(content), "--before", "2026", "--today", "2026-03-01")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("tandem purge\u00a0: demandes et binômes fermés avant le 1er janvier "
                        "2026, ce qui serait anonymisé\u00a0:")
    shown = relative(content / "requests/2025-003-communaute-freemium.md")
    assert (f"  {shown}\u00a0: 5 champs (requester.name, requester.email, requester.phone, "
            "identifying_terms.1, notes)") in lines
    assert lines[-1] == ("tandem purge\u00a0: 115 champs à anonymiser dans 10 fichiers (fermés "
                         "avant le 1er janvier 2026)\u202f; rien n’a été modifié, relancez avec "
                         "--yes pour écrire")
    assert snapshot(content) == files


MINI_CLOSED: dict[str, str | bytes | None] = {"binomes/2026-B01-equipe.md": """---
id: 2026-B01
request: 2026-002
status: completed
formed: 2026-02-01
ended: 2026-06-30
mentor: {organisation: Pôle Quarzeo, name: Lise Volontin, email: lise.volontin@example.org}
mentee: {organisation: Cluster Brivalon, name: Marc Demandier, email: marc.demandier@example.org}
agreement: {goals: Trois rituels d’équipe à essayer, cadence: mensuelle, duration: six mois}
checkins:
  - date: 2026-03-02
    note: Premier échange en visio, très positif pour les deux équipes.
    next: 2026-04-15
feedback:
  mentor: {rating: 4, gained: Des idées pour mon équipe}
public_consent: false
---
Notes privées du binôme.
"""}


def test_flow_mappings_of_the_mini_programme_are_anonymised(tmp_path: Path) -> None:
    content = make_content(tmp_path, MINI_CLOSED)
    figures = year_figures(catalog_of(content), 2026)
    code, out, _ = run("--content", str(content), "--before", "2027", "--today", "2027-02-01",
                       "--yes")
    assert code == 0, out
    after = catalog_of(content)
    texts = " ".join(private_texts(after, "2026-B01") + private_texts(after, "2026-002"))
    for value in ("Lise Volontin", "lise.volontin@example.org", "Marc Demandier",
                  "Trois rituels", "Premier échange", "Des idées", "Notes privées"):
        assert value not in texts, value
    # Every pair formed in 2026 is closed: their members get pseudonyms. Requests of 2026
    # are still open: they keep their members' names, or 2026 would count one twice.
    pair = " ".join(private_texts(after, "2026-B01"))
    assert "Pôle Quarzeo" not in pair and "Cluster Brivalon" not in pair
    assert "Pôle Quarzeo" in " ".join(private_texts(after, "2026-002"))
    assert year_figures(after, 2026) == figures
    text = (content / "binomes/2026-B01-equipe.md").read_text(encoding="utf-8")
    assert text.endswith("public_consent: false\n---\n")


def test_line_endings_and_bom_are_kept(tmp_path: Path) -> None:
    text = MINI_CLOSED["binomes/2026-B01-equipe.md"]
    assert isinstance(text, str)
    data = ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8")
    content = make_content(tmp_path, {"binomes/2026-B01-equipe.md": data})
    assert run("--content", str(content), "--before", "2027", "--today", "2027-02-01",
               "--yes")[0] == 0
    written = (content / "binomes/2026-B01-equipe.md").read_bytes()
    assert written.startswith("\ufeff---\r\n".encode()) and written.endswith(b"---\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert b"Lise Volontin" not in written
    catalog_of(content)


@pytest.mark.parametrize(("setting", "today", "message"), [
    ("", "2027-02-01", "rien à anonymiser (aucune demande ni aucun binôme fermé avant le "
                       "1er janvier 2024 qui ne le soit déjà)"),
    ("retention_years: 2\n", "2028-02-01", "rien à anonymiser (aucune demande ni aucun binôme "
                                           "fermé avant le 1er janvier 2026 qui ne le soit déjà)"),
    ("retention_years: 1\n", "2028-02-01", "4 champs anonymisés dans 1 fichier (fermés avant le "
                                           "1er janvier 2027)"),
])
def test_retention_years_gives_the_default_cutoff(tmp_path: Path, setting: str, today: str,
                                                  message: str) -> None:
    settings = (ROOT / "tests/fixtures/mini/programme.yml").read_text(encoding="utf-8") + setting
    content = make_content(tmp_path, {"programme.yml": settings})
    code, out, err = run("--content", str(content), "--today", today, "--yes")
    assert (code, err, out.splitlines()[-1]) == (0, "", "tandem purge\u00a0: " + message)


ANCHORED = """---
id: 2026-002
title: Animer une équipe en télétravail
status: matched
confidential: true
received: 2026-01-05
published: 2026-01-08
closed: 2026-02-01
themes: [gestion-equipe]
format: accompagnement
role: direction
requester:
  organisation: Cluster Brivalon
  name: &marc Marc Demandier
  email: marc.demandier@example.org
responses:
  - organisation: Pôle Quarzeo
    name: *marc
    received: 2026-01-12
---
Une équipe de cinq personnes cherche des pratiques d’animation à distance.
"""


def _with_page(text: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        content = example(tmp)
        with (content / "pages/programme.md").open("a", encoding="utf-8") as page:
            page.write(text)
        return content
    return make


@pytest.mark.parametrize(("make", "args", "code", "stdout", "stderr"), [
    (lambda tmp: make_content(tmp, {"requests/2026-002-equipe.md": ANCHORED}),
     ("--before", "2027", "--today", "2027-01-10", "--yes"), 1, "",
     "tandem purge\u00a0: {content}/requests/2026-002-equipe.md:14: «\u00a0requester.name\u00a0» est une "
     "ancre ou un alias YAML (& ou *)\u00a0: modifiez le fichier à la main\u202f; rien n’a été "
     "modifié\n"),
    (lambda tmp: make_content(tmp), ("--before", "2027", "--today", "2026-03-01", "--yes"), 1, "",
     "tandem purge\u00a0: l’année 2027 n’a pas commencé (nous sommes le 1er mars 2026)\u00a0: rien "
     "ne peut être fermé avant le 1er janvier 2027\u202f; rien n’a été modifié\n"),
    (lambda tmp: make_content(tmp, {"programme.yml": (ROOT / "tests/fixtures/mini/programme.yml")
                                    .read_text(encoding="utf-8") + "retention_years: 0\n"}),
     ("--today", "2026-03-01", "--yes"), 1,
     "{content}/programme.yml:19: «\u00a0retention_years\u00a0» doit être supérieur ou égal à 1, "
     "reçu «\u00a00\u00a0»\n",
     "tandem purge\u00a0: le contenu a des problèmes, corrigez-les d’abord (1 problème dans 1 "
     "fichier)\u202f; rien n’a été modifié\n"),
])
def test_a_refused_purge_writes_nothing(tmp_path: Path, make: Callable[[Path], Path],
                                        args: tuple[str, ...], code: int, stdout: str,
                                        stderr: str) -> None:
    content = make(tmp_path)
    files = snapshot(content)
    shown = relative(content)
    assert run("--content", str(content), *args) == (
        code, stdout.format(content=shown), stderr.format(content=shown))
    assert snapshot(content) == files


def test_a_page_may_say_anonymise_after_a_purge(tmp_path: Path) -> None:
    """The placeholder holds nothing private: it never becomes a value pages must avoid."""
    content = _with_page("\nLes noms deviennent « (anonymisé) » : anonymisé, dit la page.\n")(tmp_path)
    assert run("--content", str(content), "--before", "2026", "--today", "2026-03-01",
               "--yes")[0] == 0
    after = catalog_of(content)
    assert purge.PLACEHOLDER not in [value.text for value, _ in private_values(after)]


def test_an_edit_that_leaves_the_content_invalid_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`apply_edits` checks the edited content before writing (here a blank placeholder,
    which the schema refuses for a name)."""
    content = make_content(tmp_path)
    files = snapshot(content)
    monkeypatch.setattr(purge, "PLACEHOLDER", " ")
    code, out, err = run("--content", str(content), "--before", "2027", "--today", "2027-01-10",
                         "--yes")
    shown = relative(content / "requests/2026-002-equipe.md")
    assert (code, err) == (1, "tandem purge\u00a0: le contenu serait invalide après "
                              "l’anonymisation (2 problèmes dans 1 fichier)\u202f; rien n’a "
                              "été modifié\n")
    assert out.startswith(f"{shown}:14: ")
    assert snapshot(content) == files


@pytest.mark.parametrize("linked", [False, True])
def test_a_purge_that_would_change_a_review_is_refused(tmp_path: Path, linked: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The last guard: pseudonyms that merged two members would change the distinct counts
    (also when the content folder is reached through a symbolic link)."""
    content = example(tmp_path)
    files = snapshot(content)
    given = content
    if linked:
        given = tmp_path / "lien"
        given.symlink_to(content)
    monkeypatch.setattr(purge, "_namer", lambda catalog, salt: lambda name: "Adhérent 000000")
    assert run("--content", str(given), "--before", "2026", "--today", "2026-03-01",
               "--yes") == (1, "", "tandem purge\u00a0: l’anonymisation changerait les chiffres "
                                   "du bilan de 2025\u202f; rien n’a été modifié\n")
    assert snapshot(content) == files


@pytest.mark.parametrize("args", [("--before", "deux-mille"), ("--before", "1999"),
                                  ("--today", "2026-13-01"), ("--today", "hier")])
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    content = make_content(tmp_path)
    files = snapshot(content)
    assert run("--content", str(content), *args)[0] == 2
    assert snapshot(content) == files


def test_pseudonyms_are_one_per_member_and_unrelated_between_runs() -> None:
    catalog = catalog_of(EXAMPLE)
    first = purge._namer(catalog, b"a" * 32)
    second = purge._namer(catalog, b"b" * 32)
    assert first("Pôle Hydrovéa") == first("PHV") == first("  pôle   hydrovéa ")  # an alias
    assert first("Pôle Hydrovéa") != first("Cluster Lumivalor")
    assert first("Pôle Hydrovéa") != second("Pôle Hydrovéa")
    assert purge.ALREADY.fullmatch(first("Grappe Numerix"))


def test_help_is_french_with_an_example() -> None:
    result = CliRunner().invoke(cli, ["purge", "--help"])
    assert result.exit_code == 0
    assert "Exemple\u00a0: tandem purge --before 2025 --yes" in result.output
    assert "retention_years" in result.output
