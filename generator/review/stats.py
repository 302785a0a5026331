"""The year's figures, computed from the content: pure functions, no disclosure control yet.

Requests belong to the year they were received in, pairs to the year they were formed
in. Every figure here is exact; `disclosure` decides what of it may be shown.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.catalog import Catalog
from generator.models import Binome, Request

MONTH_LABELS = ("Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
                "Septembre", "Octobre", "Novembre", "Décembre")
FORMAT_LABELS = {"ponctuel": "Échange ponctuel", "accompagnement": "Accompagnement sur plusieurs mois"}
PAIR_LABELS = {"active": "En cours", "completed": "Terminés", "stopped": "Arrêtés"}
OUTCOME_LABELS = ("Appel publié, au moins un volontaire", "Appel publié, aucun volontaire")
#: The one category of every request breakdown that holds the requests never itemised.
UNLISTED = "Demandes confidentielles ou non publiées"
CONFIDENTIAL_PAIRS = "Binômes de demandes confidentielles"
#: Below this many values, no median or average is computed (SPEC §5, §8).
MIN_VALUES = 3


@dataclass(frozen=True)
class Count:
    """One category of a breakdown and how many units fall in it."""

    label: str
    count: int


@dataclass(frozen=True)
class Tally:
    """A breakdown of one population along one dimension: its cells add up to its total."""

    key: str
    title: str
    dimension: str
    unit: str
    counts: tuple[Count, ...]
    #: Rare categories may be folded into « Autres » (not months: their order matters).
    foldable: bool = False

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


@dataclass(frozen=True)
class RequestLine:
    """One request of the year, for the coordinator's private version only."""

    id: str
    title: str
    confidential: bool
    status: str
    received: dt.date
    published: dt.date | None
    responses: int
    days_to_first_reply: int | None
    binome: str | None


@dataclass(frozen=True)
class PairLine:
    """One pair formed in the year, for the coordinator's private version only."""

    id: str
    request: str
    status: str
    formed: dt.date
    ended: dt.date | None
    mentor_rating: int | None
    mentee_rating: int | None
    consent: bool
    confidential: bool


@dataclass(frozen=True)
class YearFigures:
    year: int
    received: int
    tallies: tuple[Tally, ...]
    days_to_first_reply: tuple[int, ...]
    days_to_pair: tuple[int, ...]
    pair_durations: tuple[int, ...]
    mentor_ratings: tuple[int, ...]
    mentee_ratings: tuple[int, ...]
    requesters: int
    volunteers: int
    mentors: int
    #: Titles of the year's published, non-confidential calls.
    subjects: tuple[str, ...]
    #: Call titles of the pairs both sides agreed to name, whose request is not confidential.
    named_pairs: tuple[str, ...]
    requests: tuple[RequestLine, ...]
    pairs: tuple[PairLine, ...]

    def tally(self, key: str) -> Tally:
        return next(t for t in self.tallies if t.key == key)


def median(values: Sequence[int]) -> float | None:
    """The median, or None below `MIN_VALUES` values."""
    return float(statistics.median(values)) if len(values) >= MIN_VALUES else None


def mean(values: Sequence[int]) -> float | None:
    """The average, or None below `MIN_VALUES` values."""
    return statistics.fmean(values) if len(values) >= MIN_VALUES else None


def _tally(key: str, title: str, dimension: str, unit: str, labels: Iterable[str],
           values: Iterable[str], foldable: bool = False) -> Tally:
    counter = Counter(values)
    counts = tuple(Count(label, counter[label]) for label in dict.fromkeys(labels)
                   if counter[label] or not foldable)
    return Tally(key, title, dimension, unit, counts, foldable)


def _first_reply(r: Request) -> int | None:
    if r.published is None or not r.responses:
        return None
    return (min(resp.received for resp in r.responses) - r.published).days


def plain(name: str) -> str:
    """A member's name as compared: case and spacing do not make another member."""
    return " ".join(name.casefold().split())


def _canonical(catalog: Catalog) -> Callable[[str], str]:
    """One name per member: the directory's aliases count as the member they belong to."""
    names: dict[str, str] = {}
    for member in catalog.directory.members:
        for name in (member.name, *member.aliases):
            names[plain(name)] = member.name
    return lambda name: names.get(plain(name), plain(name))


def year_figures(catalog: Catalog, year: int) -> YearFigures:
    """The figures of `year` for the whole programme in `catalog`."""
    return compute([r.model for r in catalog.requests], [b.model for b in catalog.binomes],
                   catalog.settings.themes, catalog.settings.roles, year, _canonical(catalog))


def compute(requests: Sequence[Request], binomes: Sequence[Binome], themes: dict[str, str],
            roles: dict[str, str], year: int,
            canonical: Callable[[str], str] = plain) -> YearFigures:
    """The figures of `year` from plain models (see `year_figures`)."""
    by_id = {r.id: r for r in requests}
    pair_of = {b.request: b for b in binomes}
    mine = sorted((r for r in requests if r.received.year == year), key=lambda r: r.id)
    published = [r for r in mine if r.published is not None]
    pairs = sorted((b for b in binomes if b.formed.year == year), key=lambda b: b.id)
    secret_pairs = {b.id for b in pairs if b.request not in by_id or by_id[b.request].confidential}
    tallies = _tallies(mine, pairs, themes, roles, secret_pairs)
    firsts = [d for d in map(_first_reply, published) if d is not None]
    to_pair = [(pair_of[r.id].formed - r.published).days for r in published
               if r.id in pair_of and r.published is not None]
    ended = [(b.ended - b.formed).days for b in pairs if b.ended is not None]
    subjects = tuple(r.title for r in sorted(published, key=lambda r: (r.published, r.id))
                     if not unlisted(r))
    named = tuple(by_id[b.request].title for b in pairs if b.public_consent
                  and b.request in by_id and not by_id[b.request].confidential
                  and by_id[b.request].published is not None)
    return YearFigures(
        year=year, received=len(mine), tallies=tallies,
        days_to_first_reply=tuple(firsts), days_to_pair=tuple(to_pair),
        pair_durations=tuple(ended),
        mentor_ratings=_ratings(pairs, "mentor"), mentee_ratings=_ratings(pairs, "mentee"),
        requesters=len({canonical(r.requester.organisation) for r in mine}),
        volunteers=len({canonical(x.organisation) for r in mine for x in r.responses}),
        mentors=len({canonical(b.mentor.organisation) for b in pairs}),
        subjects=subjects, named_pairs=named,
        requests=tuple(_request_line(r, pair_of.get(r.id)) for r in mine),
        pairs=tuple(_pair_line(b, by_id.get(b.request)) for b in pairs))


def unlisted(r: Request) -> bool:
    """A request the public review never itemises: confidential, or never published."""
    return r.confidential or r.published is None


def _tallies(mine: list[Request], pairs: list[Binome], themes: dict[str, str],
             roles: dict[str, str], secret_pairs: set[str]) -> tuple[Tally, ...]:
    """Every breakdown; unlisted requests and confidential pairs have a category of their own.

    A confidential request counts in totals only (SPEC §5): its month, theme, format,
    role or outcome never appears, yet every breakdown still adds up to its total. Requests
    never published join it: the review lists the titles of all the others, so the size
    of that category is known to every reader anyway (received minus titles listed).
    """
    unit = "demandes"

    def by(labels: Iterable[str], label: Callable[[Request], str]) -> tuple[tuple[str, ...], list[str]]:
        return (*labels, UNLISTED), [UNLISTED if unlisted(r) else label(r) for r in mine]

    month = by(MONTH_LABELS, lambda r: MONTH_LABELS[r.received.month - 1])
    theme = by(themes.values(), lambda r: themes.get(r.themes[0], r.themes[0]))
    form = by(FORMAT_LABELS.values(), lambda r: FORMAT_LABELS[r.format])
    role = by(roles.values(), lambda r: roles.get(r.role, r.role))
    outcome = by(OUTCOME_LABELS, lambda r: OUTCOME_LABELS[0 if r.responses else 1])
    pair_labels = (*PAIR_LABELS.values(), CONFIDENTIAL_PAIRS)
    return (
        _tally("month", "Demandes reçues par mois", "Mois", unit, *month),
        _tally("outcome", "Appels publiés qui ont trouvé au moins un volontaire", "Suite donnée",
               unit, *outcome),
        _tally("theme", "Demandes reçues par thème principal", "Thème principal", unit, *theme,
               foldable=True),
        _tally("format", "Demandes reçues par format", "Format", unit, *form),
        _tally("role", "Demandes reçues par fonction du demandeur", "Fonction", unit, *role,
               foldable=True),
        _tally("pairs", "Binômes formés dans l’année, selon leur état actuel", "État", "binômes",
               pair_labels, [CONFIDENTIAL_PAIRS if b.id in secret_pairs else PAIR_LABELS[b.status]
                             for b in pairs]),
    )


def _ratings(pairs: list[Binome], side: str) -> tuple[int, ...]:
    found = []
    for b in pairs:
        feedback = getattr(b.feedback, side, None) if b.feedback else None
        if feedback is not None and feedback.rating is not None:
            found.append(feedback.rating)
    return tuple(found)


def _request_line(r: Request, pair: Binome | None) -> RequestLine:
    return RequestLine(r.id, r.title, r.confidential, r.status, r.received, r.published,
                       len(r.responses), _first_reply(r), pair.id if pair else None)


def _pair_line(b: Binome, r: Request | None) -> PairLine:
    fb = b.feedback
    return PairLine(b.id, b.request, b.status, b.formed, b.ended,
                    fb.mentor.rating if fb and fb.mentor else None,
                    fb.mentee.rating if fb and fb.mentee else None,
                    b.public_consent, r is None or r.confidential)
