"""The yearly review: figures by hand, disclosure control, charts, pages and `tandem review`.

Refresh the golden review pages on purpose with `make golden`, then review
`git diff tests/golden`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, make_content, relative
from generator.catalog import load
from generator.checks import check
from generator.cli import cli
from generator.errors import ContentError
from generator.french import french_number
from generator.models import Binome, Request
from generator.render import navigation, render_docs
from generator.review.charts import Bar, bar_chart
from generator.review.disclosure import PRIMARY, SECONDARY, Cell, Table, protect, protected
from generator.review.public import percent, public_review
from generator.review.stats import (
    CONFIDENTIAL_PAIRS,
    UNLISTED,
    Count,
    Tally,
    compute,
    mean,
    median,
)
from generator.views import project

NBSP = "\u00a0"
GOLDEN = ROOT / "tests" / "golden" / "reviews"
UPDATE = os.environ.get("TANDEM_UPDATE_GOLDEN") == "1"
THEMES = {"t1": "Thème un", "t2": "Thème deux", "t3": "Thème trois"}
ROLES = {"direction": "Direction", "projets": "Projets"}
D = dt.date


def request(id: str, received: D, *, published: D | None = None, confidential: bool = False,
            theme: str = "t1", form: str = "ponctuel", role: str = "direction", org: str = "R1",
            replies: tuple[tuple[str, D], ...] = (), status: str = "open") -> Request:
    return Request.model_validate({
        "id": id, "title": f"Titre {id}", "status": status if published else "draft",
        "confidential": confidential, "received": received, "published": published,
        "themes": [theme], "format": form, "role": role,
        "requester": {"organisation": org, "name": "Personne"},
        "responses": [{"organisation": o, "name": "Volontaire", "received": d} for o, d in replies]})


def binome(id: str, req: str, formed: D, *, ended: D | None = None, status: str = "active",
           mentor: str = "M1", ratings: tuple[int | None, int | None] = (None, None),
           consent: bool = False) -> Binome:
    feedback = {side: {"rating": r} for side, r in zip(("mentor", "mentee"), ratings, strict=True)
                if r is not None}
    return Binome.model_validate({
        "id": id, "request": req, "status": status, "formed": formed, "ended": ended,
        "mentor": {"organisation": mentor, "name": "Mentor"},
        "mentee": {"organisation": "X", "name": "Mentoré"}, "feedback": feedback or None,
        "public_consent": consent})


#: A small programme of 2024, every figure below computed by hand.
REQUESTS = [
    request("2024-001", D(2024, 1, 10), published=D(2024, 1, 12), org="R1", status="matched",
            replies=(("V1", D(2024, 1, 15)), ("V2", D(2024, 1, 20)))),           # reply 3 d, pair 20 d
    request("2024-002", D(2024, 1, 20), published=D(2024, 1, 22), org="R2", theme="t2",
            form="accompagnement", role="projets", replies=(("V1", D(2024, 2, 1)),),
            status="matched"),                                                  # reply 10 d, pair 40 d
    request("2024-003", D(2024, 3, 5), published=D(2024, 3, 6), org="R1", status="matched",
            replies=(("V3", D(2024, 3, 11)),)),                                 # reply 5 d, pair 30 d
    request("2024-004", D(2024, 5, 1), org=" r1 "),                              # draft, same member
    request("2024-005", D(2024, 6, 1), published=D(2024, 6, 2), confidential=True, theme="t3",
            org="R3"),                                                          # no reply
    request("2024-006", D(2024, 6, 30), published=D(2024, 7, 2), confidential=True, theme="t3",
            org="R4", replies=(("V4", D(2024, 7, 4)),), status="matched"),      # reply 2 d, pair 8 d
    request("2023-009", D(2023, 12, 30), published=D(2024, 1, 3), org="R9"),    # another year
]
BINOMES = [
    binome("2024-B01", "2024-001", D(2024, 2, 1), ended=D(2024, 5, 1), status="completed",
           ratings=(4, 5), consent=True),                                        # 90 days
    binome("2024-B02", "2024-002", D(2024, 3, 2), mentor="M2"),
    binome("2024-B03", "2024-003", D(2024, 4, 5), ended=D(2024, 4, 25), status="stopped",
           ratings=(2, 3)),                                                      # 20 days
    binome("2024-B04", "2024-006", D(2024, 7, 10), ended=D(2024, 8, 9), status="completed",
           mentor="M3", ratings=(5, None), consent=True),                        # 30 days, confidential
]


def figures_2024() -> Any:
    return compute(REQUESTS, BINOMES, THEMES, ROLES, 2024)


@pytest.mark.parametrize(("name", "expected"), [
    ("received", 6),
    ("days_to_first_reply", (3, 10, 5, 2)),
    ("days_to_pair", (20, 40, 30, 8)),
    ("pair_durations", (90, 20, 30)),
    ("mentor_ratings", (4, 2, 5)),
    ("mentee_ratings", (5, 3)),
    ("requesters", 4),
    ("volunteers", 4),
    ("mentors", 3),
    ("subjects", ("Titre 2024-001", "Titre 2024-002", "Titre 2024-003")),
    ("named_pairs", ("Titre 2024-001",)),
])
def test_year_figures_computed_by_hand(name: str, expected: object) -> None:
    assert getattr(figures_2024(), name) == expected


@pytest.mark.parametrize(("key", "expected"), [
    # The draft 2024-004 and the confidential 2024-005 and 2024-006 are never itemised.
    ("month", {"Janvier": 2, "Mars": 1, UNLISTED: 3}),
    ("outcome", {"Appel publié, au moins un volontaire": 3, UNLISTED: 3}),
    ("theme", {"Thème un": 2, "Thème deux": 1, UNLISTED: 3}),
    ("format", {"Échange ponctuel": 2, "Accompagnement sur plusieurs mois": 1, UNLISTED: 3}),
    ("role", {"Direction": 2, "Projets": 1, UNLISTED: 3}),
    ("pairs", {"En cours": 1, "Terminés": 1, "Arrêtés": 1, CONFIDENTIAL_PAIRS: 1}),
])
def test_breakdowns_computed_by_hand(key: str, expected: dict[str, int]) -> None:
    tally = figures_2024().tally(key)
    assert {c.label: c.count for c in tally.counts if c.count} == expected
    assert tally.total == sum(expected.values())


@pytest.mark.parametrize(("values", "middle", "average"), [
    ((), None, None), ((4,), None, None), ((4, 5), None, None),
    ((2, 4, 5), 4.0, 11 / 3), ((2, 3, 5, 10), 4.0, 5.0)])
def test_medians_and_averages_need_three_values(values: tuple[int, ...], middle: float | None,
                                                average: float | None) -> None:
    assert median(values) == middle
    assert mean(values) == pytest.approx(average) if average else mean(values) is None


def table(counts: tuple[int, ...], foldable: bool = False) -> Table:
    labels = [f"c{i}" for i in range(len(counts))]
    return protect(Tally("k", "T", "D", "demandes",
                         tuple(Count(label, n) for label, n in zip(labels, counts, strict=True)),
                         foldable))


@pytest.mark.parametrize(("counts", "published", "texts"), [
    ((1, 0), False, None),                          # one unit: nothing shown
    ((1, 1), False, None),                          # two units
    ((1, 1, 1), False, None),                       # three units of one each: each would be 1
    ((2, 1), True, ("< 3", "< 3")),                 # three units, 2 + 1: could be 1 + 2
    ((3, 0), True, ("3", "0")),                     # three units in one cell
    ((5, 1, 4), True, ("5", "< 3", "masqué")),      # only the secondary secret protects the 1
    ((2, 2, 5), True, ("< 3", "< 3", "masqué")),        # 2 + 2 alone would give both away
    ((3, 1, 3), False, None),                       # 1 + 3 + 3 = 7 always gives the 1 away
    ((4, 4, 4), True, ("4", "4", "4")),
])
def test_small_cells_and_secondary_suppression(counts: tuple[int, ...], published: bool,
                                               texts: tuple[str, ...] | None) -> None:
    result = table(counts)
    assert result.published is published
    assert result.total == sum(counts)
    if texts is not None:
        assert tuple(c.text for c in result.cells) == texts
    else:
        assert all(c.secret for c in result.cells if c.count)


def test_a_cell_every_reader_can_compute_never_hides_another() -> None:
    tally = Tally("k", "T", "D", "demandes", (Count("a", 4), Count("b", 1), Count(UNLISTED, 2)))
    # Without it, 1 and 2 could be 2 and 1; but everyone knows the unlisted count.
    assert [c.text for c in protect(tally).cells] == ["masqué", "< 3", "< 3"]
    assert [c.text for c in protect(tally, frozenset()).cells] == ["4", "< 3", "< 3"]


def test_rare_categories_fold_into_autres_without_naming_them() -> None:
    result = table((5, 1, 2, 0), foldable=True)
    assert [(c.label, c.text) for c in result.cells] == [("c0", "5"), ("Autres", "3")]
    assert result.cells[1].folded == ("c1", "c2")
    # « Autres » of 2 would be known to be 1 + 1: the rare categories stay as they are.
    assert [(c.label, c.text) for c in table((5, 1, 1), foldable=True).cells] == [
        ("c0", "masqué"), ("c1", "< 3"), ("c2", "< 3")]
    assert [(c.label, c.text) for c in table((1, 2), foldable=True).cells] == [
        ("c0", "< 3"), ("c1", "< 3")]                         # nothing would stay named


def reader_can_recompute(cells: tuple[Cell, ...]) -> bool:
    """Brute force: does some primary cell take one value only, whatever the hidden cells hold?

    The reader knows the total, the cells shown, the unlisted requests (received minus the
    titles listed), that a « < 3 » cell holds 1 or 2 and a « masqué » one at least 3.
    """
    hidden = [c for c in cells if c.secret and c.label != UNLISTED]
    total = sum(c.count for c in hidden)
    ranges = [range(1, 3) if c.secret == PRIMARY else range(3, total + 1) for c in hidden]
    possible = [v for v in itertools.product(*ranges) if sum(v) == total]
    return any(len({v[i] for v in possible}) == 1
               for i, c in enumerate(hidden) if c.secret == PRIMARY)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 7), min_size=1, max_size=5), st.booleans(), st.booleans())
def test_no_published_breakdown_lets_a_reader_recompute_a_small_cell(
        counts: list[int], foldable: bool, with_unlisted: bool) -> None:
    labels = [f"c{i}" for i in range(len(counts))]
    if with_unlisted:
        labels[-1] = UNLISTED
    result = protect(Tally("k", "T", "D", "demandes", tuple(
        Count(label, n) for label, n in zip(labels, counts, strict=True)), foldable))
    assert result.total == sum(counts)
    if result.published:
        assert not reader_can_recompute(result.cells)
        assert protected(list(result.cells))
        assert all(c.secret == PRIMARY for c in result.cells if 0 < c.count < 3)
        assert all(c.secret in (None, SECONDARY) for c in result.cells if c.count >= 3 or not c.count)


def test_public_review_hides_every_small_figure() -> None:
    review = public_review(figures_2024(), "Commentaire.")
    shown = {f.label: f.value for f in review.figures}
    assert shown == {
        "Demandes reçues": "6",
        "Appels publiés (hors demandes confidentielles)": "3",
        "Part de ces appels qui ont trouvé au moins un volontaire": f"100{NBSP}%",
        "Délai médian de la publication à la première réponse": f"4{NBSP}jours",
        "Délai médian de la publication à la formation du binôme": f"25{NBSP}jours",
        "Binômes formés": "4",
        "Durée médiane des binômes terminés ou arrêtés": f"30{NBSP}jours",
        "Satisfaction moyenne des mentors": "3,7 / 5",
        "Satisfaction moyenne des demandeurs": "non publié (moins de 3 notes)",
        "Clusters demandeurs différents": "4",
        "Clusters volontaires différents": "4",
        "Clusters mentors différents": "3"}
    for t in review.tables:
        assert all(not re.fullmatch(r"[12]", row.text) for row in t.rows), t.title
    assert review.subjects == ("Titre 2024-001", "Titre 2024-002", "Titre 2024-003")
    assert review.named_pairs == ("Titre 2024-001",)


@pytest.mark.parametrize(("value", "text"), [(0.125, f"12,5{NBSP}%"), (0.75, f"75{NBSP}%"),
                                             (1 / 3, f"33,3{NBSP}%")])
def test_french_percentages(value: float, text: str) -> None:
    assert percent(value) == text


def test_french_numbers() -> None:
    assert [french_number(x) for x in (3.0, 3.67, 1234.5)] == ["3", "3,7", f"1{NBSP}234,5"]


BARS = (Bar("Janvier", 4, "4"), Bar("Février", None, "< 3"), Bar("Mars", 0, "0"))


CHART_DIGEST = ("import hashlib; from generator.review.charts import Bar, bar_chart; "
                "print(hashlib.sha256(bar_chart((Bar('Janvier', 4, '4'), Bar('Février', None, '< 3'), "
                "Bar('Mars', 0, '0')), 'demandes').encode()).hexdigest())")


def test_charts_are_the_same_bytes_every_time_and_load_nothing() -> None:
    import hashlib
    import subprocess
    import sys

    bar_chart.cache_clear()
    first = bar_chart(BARS, "demandes")
    bar_chart.cache_clear()
    again = bar_chart(BARS, "demandes")
    assert first == again and first is not again
    runs = {subprocess.run([sys.executable, "-c", CHART_DIGEST], capture_output=True, text=True,
                           check=True, cwd=ROOT).stdout.strip() for _ in range(2)}
    assert runs == {hashlib.sha256(first.encode()).hexdigest()}   # same bytes in other processes
    lowered = first.lower()
    for forbidden in ("<script", "href=\"http", "href='http", "url(http", "@import", "<image",
                      "<!doctype", "@font-face", "base64"):
        assert forbidden not in lowered
    assert "&lt; 3" in first and "Janvier" in first
    assert len(re.findall(r'style="fill: #3f51b5"', first)) == 2   # no bar for the suppressed cell


def example_docs() -> dict[str, str]:
    catalog, problems = check(ROOT / "content")
    assert catalog is not None and problems == []
    return render_docs(project(catalog), ROOT / "site_templates" / "pages")


def test_review_pages_of_the_example_match_golden_files() -> None:
    docs = {name: text for name, text in example_docs().items()
            if name.startswith("bilans/") and name.endswith(".md")}
    assert sorted(docs) == ["bilans/2025/index.md", "bilans/2026/index.md", "bilans/index.md"]
    if UPDATE:
        for name, text in docs.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten: review them with git diff tests/golden")
    for name, text in docs.items():
        assert text == (GOLDEN / name).read_text(encoding="utf-8"), f"{name} (make golden)"


def test_example_reviews_never_show_a_confidential_request_or_a_small_cell() -> None:
    catalog, _ = load(ROOT / "content")
    assert catalog is not None
    docs = example_docs()
    review_text = "\n".join(t for n, t in docs.items() if n.startswith("bilans/"))
    secret = [r.model for r in catalog.requests if r.model.confidential]
    assert secret
    for r in secret:
        assert r.title not in review_text and r.id not in review_text
    for name, text in docs.items():
        if name.startswith("bilans/2") and name.endswith(".md"):
            assert not re.search(r"\| [12] \|", text), name
    assert {"Bilans": "bilans/index.md"} in navigation(project(catalog))
    assert "bilans/2026/index.md" in docs["index.md"]


def test_confidential_pair_is_never_named_whatever_the_consent(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"reviews/2026.md": "Commentaire."})
    catalog, problems = check(content)
    assert catalog is not None and problems == []
    site = project(catalog)
    text = render_docs(site, ROOT / "site_templates" / "pages")["bilans/2026/index.md"]
    secret = next(r.model for r in catalog.requests if r.model.confidential)
    assert secret.title not in text and secret.id not in text
    assert site.reviews[0].named_pairs == ()


@pytest.mark.parametrize("files", [
    {},                                                          # no reviews/ folder
    {"reviews/.gitkeep": ""},                                    # hidden files are not commentaries
    {"reviews/2026.md": None},                                   # written by `tandem review`: below
])
def test_no_review_page_without_a_written_commentary(tmp_path: Path,
                                                     files: dict[str, str | None]) -> None:
    content = make_content(tmp_path, {k: v for k, v in files.items() if v is not None})
    if "reviews/2026.md" in files:
        assert run("2026", *review_args(tmp_path, content, "--today", "2026-12-01"))[0] == 0
        assert (content / "reviews" / "2026.md").is_file()
    catalog, _ = check(content)
    assert catalog is not None
    site = project(catalog)
    docs = render_docs(site, ROOT / "site_templates" / "pages")
    assert not [n for n in docs if n.startswith("bilans/")]
    assert {"Bilans": "bilans/index.md"} not in navigation(site) and "bilans/" not in docs["index.md"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("1999.md", b"x", "fichier inattendu dans reviews/ : le commentaire d’un bilan s’appelle "
                      "AAAA.md, par exemple 2025.md"),
    ("2025.txt", b"x", "fichier inattendu dans reviews/ : le commentaire d’un bilan s’appelle "
                       "AAAA.md, par exemple 2025.md"),
    ("notes.md", b"x", "fichier inattendu dans reviews/ : le commentaire d’un bilan s’appelle "
                       "AAAA.md, par exemple 2025.md"),
    ("2026.md", b"\xff\xfe caf\xe9", "commentaire de bilan illisible : le fichier n’est pas en UTF-8"),
])
def test_bad_commentary_files_get_a_french_error(tmp_path: Path, name: str, data: bytes,
                                                 message: str) -> None:
    """`tandem check` reports them (path:line), and the build refuses them the same way."""
    content = make_content(tmp_path, {f"reviews/{name}": data})
    catalog, problems = check(content)
    assert catalog is not None
    expected = f"{content / 'reviews' / name}:1: {message}"
    assert [p.render() for p in problems] == [expected.replace(" :", NBSP + ":")]
    with pytest.raises(ContentError) as err:
        project(catalog)
    assert [p.render() for p in err.value.problems] == [p.render() for p in problems]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["review", *args])
    return result.exit_code, result.stdout, result.stderr


def review_args(tmp_path: Path, content: Path, *extra: str) -> list[str]:
    return ["--content", str(content), "--private-out", str(tmp_path / "prive"),
            "--site-dir", str(tmp_path / "site"), *extra]


def test_review_creates_the_commentary_once_and_the_private_version(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    commentary, private = content / "reviews" / "2026.md", tmp_path / "prive" / "bilan-2026-CONFIDENTIEL.md"
    code, out, err = run("2026", *review_args(tmp_path, content, "--today", "2026-12-01"))
    assert (code, err) == (0, "")
    assert out == (f"tandem review{NBSP}: commentaire à écrire créé{NBSP}: {commentary}\n"
                   f"tandem review{NBSP}: version détaillée CONFIDENTIELLE écrite{NBSP}: {private} "
                   f"(ne pas publier)\n"
                   f"tandem review{NBSP}: l’année 2026 n’est pas terminée au 1er décembre 2026{NBSP}: "
                   f"bilan provisoire\n"
                   f"tandem review{NBSP}: remplacez le paragraphe «{NBSP}À écrire par la "
                   f"coordination avant de publier le bilan{NBSP}» par votre commentaire, puis "
                   f"«{NBSP}tandem build{NBSP}» publie la page /bilans/2026/\n")
    assert "tandem review ne le réécrit jamais" in commentary.read_text(encoding="utf-8").replace("`", "")
    text = private.read_text(encoding="utf-8")
    assert text.startswith("# CONFIDENTIEL")
    catalog, _ = load(content)
    assert catalog is not None
    secret = next(r.model for r in catalog.requests if r.model.confidential)
    assert secret.id in text                     # the private version details every request
    assert "| Note des mentors (moyenne) | 0 | — |" in text
    # The mini programme's two replies: 6 days (20 − 14 February) and 4 days (12 − 8 January).
    assert "| Jours de la publication à la première réponse (médiane) | 2 | 5 |" in text
    commentary.write_text("Mon commentaire.", encoding="utf-8")
    code, out, _ = run("2026", *review_args(tmp_path, content, "--today", "2027-01-05"))
    assert code == 0 and "commentaire existant gardé tel quel" in out and "provisoire" not in out
    assert out.endswith(f"tandem review{NBSP}: «{NBSP}tandem build{NBSP}» publie la page /bilans/2026/\n")
    assert commentary.read_text(encoding="utf-8") == "Mon commentaire."


@pytest.mark.parametrize(("year", "today", "message"), [
    ("2031", "2031-06-01", "aucune demande reçue ni aucun binôme formé en 2031 : pas de bilan à faire "
                           "; rien n’a été écrit"),
    ("2027", "2026-12-01", "l’année 2027 n’a pas commencé (nous sommes le 1er décembre 2026) ; "
                           "rien n’a été écrit"),
])
def test_review_refuses_a_year_without_anything(tmp_path: Path, year: str, today: str,
                                                message: str) -> None:
    content = make_content(tmp_path)
    code, out, err = run(year, *review_args(tmp_path, content, "--today", today))
    expected = f"tandem review : {message}".replace(" :", NBSP + ":").replace(" ;", "\u202f;")
    assert (code, out, err) == (1, "", expected + "\n")
    assert not (content / "reviews").exists() and not (tmp_path / "prive").exists()


@pytest.mark.parametrize(("where", "what", "shown"), [
    ("site", "du site", "site"), ("site/bilans", "du site", "site"),
    (".site.tandem/docs", "de travail du site", ".site.tandem"), ("content/x", "du contenu", "content")])
def test_private_version_refused_inside_the_site_or_the_content(tmp_path: Path, where: str,
                                                                what: str, shown: str) -> None:
    content = make_content(tmp_path)
    code, out, err = run("2026", "--content", str(content), "--site-dir", str(tmp_path / "site"),
                         "--private-out", str(tmp_path / where), "--today", "2026-12-01")
    assert (code, out) == (1, "")
    assert err == (f"tandem review{NBSP}: la version détaillée est confidentielle{NBSP}: elle ne peut "
                   f"pas être écrite dans le dossier {what} ({tmp_path / shown}/)\u202f; choisissez "
                   f"un autre dossier avec --private-out\u202f; rien n’a été écrit\n")
    assert not (content / "reviews").exists() and not (tmp_path / where).exists()


def test_review_of_invalid_content_writes_nothing(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"programme.yml": None})
    code, out, err = run("2026", *review_args(tmp_path, content, "--today", "2026-12-01"))
    assert code == 1 and "fichier de réglages du programme introuvable" in out
    assert err == (f"tandem review{NBSP}: le contenu a des problèmes (1 problème dans 1 fichier)"
                   f"\u202f; rien n’a été écrit\n")
    assert not (tmp_path / "prive").exists()


@pytest.mark.parametrize("args", [["abc"], ["2026", "--today", "2026-13-01"],
                                  ["2026", "--today", "20260101"], []])
def test_review_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args)[0] == 2


OLD_DRAFT = ((ROOT / "tests" / "fixtures" / "mini" / "requests" / "2026-003-brouillon.md")
             .read_text(encoding="utf-8").replace("2026-003", "2024-003")
             .replace("received: 2026-03-01", "received: 2024-03-01"))


@pytest.mark.parametrize(("files", "today", "expected"), [
    ({}, "2026-12-31", []),                                       # 2026 is not over
    ({}, "2027-01-05", [2026]),
    ({"reviews/2026.md": "Écrit."}, "2027-01-05", []),
    ({"requests/2024-003-ancienne.md": OLD_DRAFT}, "2028-02-01", [2024, 2026]),  # none in 2025, 2027
])
def test_reviews_to_write(tmp_path: Path, files: dict[str, str | None], today: str,
                          expected: list[int]) -> None:
    from generator.review.public import reviews_to_write

    content = make_content(tmp_path, {k: v for k, v in files.items() if v is not None})
    catalog, problems = check(content)
    assert catalog is not None and problems == []
    assert reviews_to_write(catalog, D.fromisoformat(today)) == expected


def test_a_review_prepared_but_not_written_is_still_to_write(tmp_path: Path) -> None:
    from generator.review.public import reviews_to_write

    content = make_content(tmp_path)
    assert run("2026", *review_args(tmp_path, content, "--today", "2027-01-05"))[0] == 0
    catalog, _ = check(content)
    assert catalog is not None
    assert reviews_to_write(catalog, D(2027, 1, 5)) == [2026]


@pytest.mark.parametrize("text", ["< 3", "a|b", "AT&T", "&lt;b&gt;", "<script>x</script>",
                                  "*gras* _x_", "[lien](https://example.org)", "# titre",
                                  "a \\ b", "`code`", "{: .x }", "Titre {: .x }",
                                  "Titre { #id .x onclick=alert(1) }"])
@pytest.mark.parametrize("where", ["paragraph", "table"])
def test_md_escape_shows_text_as_written(text: str, where: str) -> None:
    """The review's cells and titles go through md_escape; so do the calls' titles."""
    import html

    import markdown

    from generator.escape import markdown_text as md_escape

    source = md_escape(text) if where == "paragraph" else f"| h |\n| --- |\n| {md_escape(text)} |"
    out = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html"])
    inner = re.sub(r"</?(p|table|thead|tbody|tr|th|td)>|\n|^.*?<td>|</td>.*$", "",
                   out if where == "paragraph" else out[out.index("<td>"):], flags=re.S)
    assert "<" not in inner.replace("&lt;", "")
    assert html.unescape(inner) == text


def test_a_private_value_in_the_commentary_fails_the_check(tmp_path: Path) -> None:
    """The commentary is public text: `check` refuses a member's name, so the build does too
    (and its audit would: the review page is audited like every page)."""
    content = make_content(tmp_path, {"reviews/2026.md": "Merci au Pôle Quarzeo pour son aide."})
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--site-dir", str(site)])
    assert result.exit_code == 1
    assert (f"{relative(content / 'reviews' / '2026.md')}:1: le commentaire du bilan contient "
            f"«{NBSP}Pôle Quarzeo{NBSP}», valeur privée de l’annuaire des adhérents (name)"
            in result.output), result.output
    assert not site.exists()
