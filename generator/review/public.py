"""The public projection of the review: only disclosure-controlled figures and public titles.

Templates of the `/bilans/` pages receive a `PublicReview` and nothing else: no count
of a suppressed cell, no confidential request, no member name. Pairs that agreed to be
named are named by the title of their call: the member organisations are private values
that the site audit refuses, and that stays so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import Catalog
from generator.errors import NBSP, ContentError, Problem, TandemError, display_path
from generator.review.charts import Bar
from generator.review.disclosure import Table, count_text, protect, share
from generator.review.stats import (
    OUTCOME_LABELS,
    YearFigures,
    mean,
    median,
    year_figures,
)

REVIEWS_DIR = "reviews"
YEAR_FILE = re.compile(r"(2\d{3})\.md")
#: The start of the guidance `tandem review` writes: while it is there, nothing is published.
PLACEHOLDER_MARK = "À écrire par la coordination avant de publier le bilan"
NOT_SHOWN = "non publié"
#: Breakdowns drawn as charts.
CHARTS = ("month", "theme", "format", "role")


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class Row:
    label: str
    text: str


@dataclass(frozen=True)
class Chart:
    file: str
    alt: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class PublicTable:
    key: str
    title: str
    dimension: str
    unit: str
    rows: tuple[Row, ...]
    total: str
    published: bool
    chart: Chart | None


@dataclass(frozen=True)
class PublicReview:
    year: int
    commentary: str
    figures: tuple[Figure, ...]
    tables: tuple[PublicTable, ...]
    subjects: tuple[str, ...]
    named_pairs: tuple[str, ...]


def french_number(value: float, decimals: int = 1) -> str:
    """'12,5', '3' (no useless decimals), with a no-break space between thousands."""
    text = f"{value:,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return text.rstrip("0").rstrip(",") if "," in text else text


def percent(value: float) -> str:
    """'12,5 %' from 0.125."""
    return f"{french_number(value * 100)}{NBSP}%"


def days(value: float | None) -> str:
    if value is None:
        return f"{NOT_SHOWN} (moins de 3 valeurs)"
    return f"{french_number(value)}{NBSP}jour{'s' if value >= 2 else ''}"


def rating(value: float | None) -> str:
    return f"{NOT_SHOWN} (moins de 3 notes)" if value is None else f"{french_number(value)} / 5"


def commentary_files(root: Path) -> tuple[dict[int, str], list[Problem]]:
    """The coordinator's commentary of each year, from `content/reviews/<year>.md`, and the
    problems of that folder (`tandem check` reports them; the build refuses them).

    A file still holding the guidance `tandem review` wrote is not a commentary yet.
    """
    folder = root / REVIEWS_DIR
    if not folder.is_dir():
        return {}, []
    try:
        paths = sorted(folder.iterdir())
    except OSError as err:
        return {}, [Problem(display_path(folder), 1, "dossier des bilans illisible "
                                                     f"({err.strerror or err})")]
    found, problems = {}, []
    for path in paths:
        if path.name.startswith("."):
            continue  # .gitkeep, an editor's or a system's hidden file
        match = YEAR_FILE.fullmatch(path.name)
        if match is None or not path.is_file():
            problems.append(Problem(display_path(path), 1, f"fichier inattendu dans {REVIEWS_DIR}/ : "
                                    "le commentaire d'un bilan s'appelle AAAA.md, par exemple 2025.md"))
            continue
        try:
            text = read_commentary(path)
        except TandemError as err:
            problems.append(Problem(display_path(path), 1, str(err).split(": ", 1)[-1]))
            continue
        if PLACEHOLDER_MARK not in text:
            found[int(match[1])] = text
    return found, problems


def commentaries(root: Path) -> dict[int, str]:
    """The commentaries of `commentary_files`; a problem in their folder is refused."""
    found, problems = commentary_files(root)
    if problems:
        raise ContentError(problems)
    return found


def reviews_to_write(catalog: Catalog, today: dt.date) -> list[int]:
    """The finished years with requests or pairs whose review is not written yet, oldest first.

    For `tandem status` ("review of YEAR not yet written"): a year counts once it is over,
    until its commentary file exists without the guidance `tandem review` wrote.
    """
    years = {r.model.received.year for r in catalog.requests}
    years |= {b.model.formed.year for b in catalog.binomes}
    written = commentaries(catalog.root)
    return sorted(y for y in years if y < today.year and y not in written)


def read_commentary(path: Path) -> str:
    """The text of one commentary file, or a French error (never a traceback)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise TandemError(f"{display_path(path)}:1: commentaire de bilan illisible : "
                          f"le fichier n'est pas en UTF-8") from err
    except OSError as err:
        raise TandemError(f"{display_path(path)}:1: commentaire de bilan illisible "
                          f"({err.strerror or err})") from err


def reviews(catalog: Catalog) -> tuple[PublicReview, ...]:
    """The public review of every year that has a commentary file, newest first."""
    texts = commentaries(catalog.root)
    return tuple(public_review(year_figures(catalog, year), texts[year])
                 for year in sorted(texts, reverse=True))


def public_review(figures: YearFigures, commentary: str) -> PublicReview:
    tables = {t.key: protect(t) for t in figures.tallies}
    return PublicReview(
        year=figures.year, commentary=commentary.strip(),
        figures=headline(figures, tables),
        tables=tuple(public_table(t, figures.year) for t in tables.values()),
        subjects=figures.subjects, named_pairs=figures.named_pairs)


def headline(f: YearFigures, tables: dict[str, Table]) -> tuple[Figure, ...]:
    found = share(tables["outcome"], OUTCOME_LABELS[0], OUTCOME_LABELS)
    return (
        Figure("Demandes reçues", count_text(f.received)),
        Figure("Appels publiés (hors demandes confidentielles)", count_text(len(f.subjects))),
        Figure("Part de ces appels qui ont trouvé au moins un volontaire",
               percent(found) if found is not None else f"{NOT_SHOWN} (effectifs trop faibles)"),
        Figure("Délai médian de la publication à la première réponse",
               days(median(f.days_to_first_reply))),
        Figure("Délai médian de la publication à la formation du binôme", days(median(f.days_to_pair))),
        Figure("Binômes formés", count_text(tables["pairs"].total)),
        Figure("Durée médiane des binômes terminés ou arrêtés", days(median(f.pair_durations))),
        Figure("Satisfaction moyenne des mentors", rating(mean(f.mentor_ratings))),
        Figure("Satisfaction moyenne des demandeurs", rating(mean(f.mentee_ratings))),
        Figure("Clusters demandeurs différents", count_text(f.requesters)),
        Figure("Clusters volontaires différents", count_text(f.volunteers)),
        Figure("Clusters mentors différents", count_text(f.mentors)),
    )


def public_table(table: Table, year: int) -> PublicTable:
    rows = tuple(Row(c.label, c.text) for c in table.cells) if table.published else ()
    chart = None
    if table.published and table.key in CHARTS and any(c.shown for c in table.cells):
        bars = tuple(Bar(c.label, c.shown, c.text) for c in table.cells)
        alt = (f"Diagramme en barres : {table.title.lower()} en {year}, "
               f"les valeurs sont dans le tableau qui suit")
        chart = Chart(f"{table.key}.svg", alt, bars)
    return PublicTable(table.key, table.title, table.dimension, table.unit, rows,
                       count_text(table.total), table.published, chart)
