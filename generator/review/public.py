"""The public projection of the review: only disclosure-controlled figures and public titles.

Templates of the `/bilans/` pages receive a `PublicReview` and nothing else: no count
of a suppressed cell, no confidential request, no member name. Pairs that agreed to be
named are named by the title of their call: the member organisations are private values
that the site audit refuses, and that stays so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.catalog import Catalog
from generator.french import NBSP, french_number
from generator.review.charts import Bar
from generator.review.disclosure import Table, count_text, protect, share
from generator.review.files import (
    commentaries,
)
from generator.review.stats import (
    OUTCOME_LABELS,
    YearFigures,
    mean,
    median,
    year_figures,
)

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


def percent(value: float) -> str:
    """'12,5 %' from 0.125."""
    return f"{french_number(value * 100)}{NBSP}%"


def days(value: float | None) -> str:
    if value is None:
        return f"{NOT_SHOWN} (moins de 3 valeurs)"
    return f"{french_number(value)}{NBSP}jour{'s' if value >= 2 else ''}"


def rating(value: float | None) -> str:
    return f"{NOT_SHOWN} (moins de 3 notes)" if value is None else f"{french_number(value)} / 5"


def reviews_to_write(catalog: Catalog, today: dt.date) -> list[int]:
    """The finished years with requests or pairs whose review is not written yet, oldest first.

    For `tandem status` ("review of YEAR not yet written"): a year counts once it is over,
    until its commentary file exists without the guidance `tandem review` wrote.
    """
    years = {r.model.received.year for r in catalog.requests}
    years |= {b.model.formed.year for b in catalog.binomes}
    written = commentaries(catalog.root)
    return sorted(y for y in years if y < today.year and y not in written)


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
