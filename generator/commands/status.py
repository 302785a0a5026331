"""`tandem status`: what needs the coordinator's attention on a given day, most urgent first.

Each reminder names the record and the exact command to run next. The same reminders
feed three views: aligned text (styled by click in a terminal, plain when piped), JSON
for scripts (stable keys, ISO dates), and the follow-up dates of `tandem agenda`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from generator.catalog import Catalog, Record
from generator.french import french, french_date, french_number, plural
from generator.models import Binome, Checkin, Contact, Request
from generator.public import is_past_expiry

#: The groups, most urgent first: (kind, heading). `{stale}` and `{every}` are the
#: programme's thresholds.
GROUPS = (
    ("draft", "Brouillons à publier"),
    ("forward", "Réponses à transmettre"),
    ("expired", "Appels ouverts après leur date limite"),
    ("stale", "Appels sans réponse depuis {stale} jours ou plus"),
    ("checkin", "Binômes à relancer, dernier point d’étape il y a {every} jours ou plus "
                "ou point prévu passé"),
    ("agreement", "Binômes actifs au-delà de la durée convenue"),
    ("review", "Bilans annuels à écrire"),
    ("purge", "Données personnelles à anonymiser"),
)
ORDER = {kind: rank for rank, (kind, _) in enumerate(GROUPS)}
NO_ID = "—"


@dataclass(frozen=True)
class Reminder:
    """One thing to do: `kind` (see GROUPS), the record it is about, why, and the command."""

    kind: str
    id: str | None
    title: str | None
    #: The date the reminder counts from (received, expires, last check-in…).
    date: dt.date | None
    message: str
    command: str


# --- what is due ------------------------------------------------------------------------


def last_checkin(b: Binome) -> Checkin | None:
    """The latest check-in by date (the last written when two share a date)."""
    latest: Checkin | None = None
    for checkin in b.checkins:
        if latest is None or checkin.date >= latest.date:
            latest = checkin
    return latest


def checkin_due(b: Binome, every_days: int) -> dt.date:
    """The day a check-in is due by the programme's cadence: last one (or formation) + cadence."""
    latest = last_checkin(b)
    since = latest.date if latest is not None else b.formed
    return since + dt.timedelta(days=every_days)


def planned_checkin(b: Binome) -> dt.date | None:
    """The `next` date of the latest check-in (earlier ones were superseded by it)."""
    latest = last_checkin(b)
    return latest.next if latest is not None else None


# --- agreement durations written in French ------------------------------------------------

_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
            "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
            "quinze": 15, "dix-huit": 18, "dix huit": 18, "vingt": 20, "vingt-quatre": 24,
            "vingt quatre": 24, "trente": 30, "trente-six": 36, "trente six": 36}
_NUMBER = r"(?:[0-9]{1,3}|" + "|".join(sorted((re.escape(w) for w in _NUMBERS),
                                              key=len, reverse=True)) + ")"
#: Units, folded (no accents), with their length in months or days.
_UNITS = {"mois": ("months", 1), "an": ("months", 12), "ans": ("months", 12),
          "annee": ("months", 12), "annees": ("months", 12), "semaine": ("days", 7),
          "semaines": ("days", 7), "jour": ("days", 1), "jours": ("days", 1),
          "trimestre": ("months", 3), "trimestres": ("months", 3),
          "semestre": ("months", 6), "semestres": ("months", 6)}
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
#: « six mois », « 3 mois », « un an », « quatre à six mois », « 1 an et demi ».
_DURATION = re.compile(
    rf"\b(?P<low>{_NUMBER})(?:\s*(?:a|-|ou)\s*(?P<high>{_NUMBER}))?\s+(?P<unit>{_UNIT})\b"
    rf"(?P<half>\s+et\s+demie?)?")


@dataclass(frozen=True)
class Duration:
    """An agreement's duration as read from its free text."""

    months: int
    days: int
    #: The words it was read from, as written (for the message).
    words: str

    def end(self, start: dt.date) -> dt.date:
        """`start` plus the duration (the last day of a shorter month when needed)."""
        month = start.month - 1 + self.months
        year, month = start.year + month // 12, month % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day) + dt.timedelta(days=self.days)


def _unaccented(text: str) -> str:
    """Lower case without accents, one character for one (positions map back to `text`)."""
    return "".join(unicodedata.normalize("NFD", char)[0].lower()[:1] or char for char in text)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def read_duration(text: str | None) -> Duration | None:
    """The duration of « six mois », « 3 mois », « un an », « quatre à six mois » (the longest).

    Anything else (« jusqu’à l’audit », two different durations, « quelques mois »,
    zero) is not a duration tandem can read: None, and nothing is said about it."""
    if not text:
        return None
    folded = _unaccented(text)
    found = list(_DURATION.finditer(folded))
    if len(found) != 1:
        return None
    match = found[0]
    count = _number(match["high"] or match["low"])
    kind, size = _UNITS[match["unit"]]
    months, days = (count * size, 0) if kind == "months" else (0, count * size)
    if match["half"]:  # « un an et demi », « deux mois et demi », « une semaine et demie »
        if kind == "months" and size > 1:
            months += size // 2
        else:
            days += 15 if kind == "months" else size // 2
    if months == 0 and days == 0:
        return None
    return Duration(months, days, text[match.start():match.end()])


def agreement_end(b: Binome) -> tuple[dt.date, Duration] | None:
    """The day the pair's agreed duration ends, when its text can be read."""
    duration = read_duration(b.agreement.duration if b.agreement else None)
    if duration is None:
        return None
    return duration.end(b.formed), duration


# --- the reminders ----------------------------------------------------------------------


def _ago(today: dt.date, day: dt.date) -> str:
    days = (today - day).days
    if days == 0:
        return "aujourd’hui"
    if days == 1:
        return "hier"
    if days == -1:
        return "demain"
    # A date after --today: a day asked in the past, or a date typed ahead.
    return f"il y a {days} jours" if days > 0 else f"dans {-days} jours"


def _requests(catalog: Catalog, today: dt.date) -> Iterator[Reminder]:
    stale = catalog.settings.thresholds.stale_after_days
    for r in catalog.requests:
        m = r.model
        if m.status == "draft":
            yield Reminder("draft", m.id, m.title, m.received,
                           f"brouillon, demande reçue le {french_date(m.received)} "
                           f"({_ago(today, m.received)})", f"tandem publish {m.id}")
        if m.status != "open":
            continue
        waiting = [reply for reply in m.responses if reply.forwarded is None]
        if waiting:
            first = min(reply.received for reply in waiting)
            since = "reçue" if len(waiting) == 1 else "la première reçue"
            yield Reminder("forward", m.id, m.title, first,
                           f"{plural(len(waiting), 'réponse')} à transmettre, {since} le "
                           f"{french_date(first)} ({_ago(today, first)})",
                           f"tandem forward {m.id}")
        if m.expires is not None and is_past_expiry(m, today):  # the site's own rule
            yield Reminder("expired", m.id, m.title, m.expires,
                           f"appel ouvert, date limite le {french_date(m.expires)} "
                           f"({_ago(today, m.expires)})", f"tandem withdraw {m.id} --expired")
        elif not m.responses and m.published is not None \
                and (today - m.published).days >= stale:
            yield Reminder("stale", m.id, m.title, m.published,
                           f"aucune réponse depuis la publication le {french_date(m.published)} "
                           f"({_ago(today, m.published)})", f"tandem suggest {m.id}")


def _checkin_reason(b: Binome, today: dt.date, every: int) -> tuple[dt.date, str] | None:
    """Why a check-in is due (the date it counts from, the words), or None."""
    latest = last_checkin(b)
    planned = planned_checkin(b)
    since = latest.date if latest is not None else b.formed
    late = (today - since).days >= every
    missed = planned is not None and planned < today
    if not late and not missed:
        return None
    last = (f"dernier point le {french_date(since)} ({_ago(today, since)})"
            if latest is not None else
            f"aucun point d’étape depuis la formation le {french_date(since)} "
            f"({_ago(today, since)})")
    if missed and planned is not None:
        last += f", prévu le {french_date(planned)}"
        return (min(since + dt.timedelta(days=every), planned) if late else planned), last
    return since + dt.timedelta(days=every), last


def _binomes(catalog: Catalog, today: dt.date) -> Iterator[Reminder]:
    every = catalog.settings.thresholds.checkin_every_days
    for record in catalog.binomes:
        b = record.model
        if b.status != "active":
            continue
        title = _request_title(catalog, b)
        reason = _checkin_reason(b, today, every)
        if reason is not None:
            yield Reminder("checkin", b.id, title, reason[0], reason[1],
                           f"tandem checkin {b.id} --note \"…\"")
        ends = agreement_end(b)
        if ends is not None and ends[0] < today:
            yield Reminder("agreement", b.id, title, ends[0],
                           f"formé le {french_date(b.formed)} pour « {ends[1].words} », terminé "
                           f"depuis le {french_date(ends[0])}",
                           f"tandem close {b.id} --status completed")


def _request_title(catalog: Catalog, b: Binome) -> str | None:
    found = catalog.requests_by_id.get(b.request)
    return found.model.title if found is not None else None


def _reviews(catalog: Catalog, today: dt.date) -> Iterator[Reminder]:
    from generator.review.files import REVIEWS_DIR
    from generator.review.public import reviews_to_write

    for year in reviews_to_write(catalog, today):
        started = (catalog.root / REVIEWS_DIR / f"{year}.md").is_file()
        message = (f"commentaire à écrire dans {REVIEWS_DIR}/{year}.md" if started
                   else f"bilan {year} pas encore préparé")
        yield Reminder("review", str(year), None, dt.date(year, 12, 31), message,
                       f"tandem review {year}")


def _purge(catalog: Catalog, today: dt.date) -> Iterator[Reminder]:
    from generator import purge

    year = purge.cutoff_year(None, catalog.settings.retention_years, today)
    ids = sorted(r.model.id for r in purge_due(catalog, year))
    if not ids:
        return
    shown = ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
    yield Reminder("purge", None, None, dt.date(year, 1, 1),
                   f"{french_number(len(ids), 0)} "
                   f"{'demandes ou binômes' if len(ids) > 1 else 'demande ou binôme'} "
                   f"fermé{'s' if len(ids) > 1 else ''} avant le 1er janvier {year} "
                   f"({shown})", "tandem purge --yes")


def purge_due(catalog: Catalog, year: int) -> list[Record[Request] | Record[Binome]]:
    """The records `generator.purge.plan(catalog, year)` would change, read from the models.

    `plan` prepares every edit (about 0.2 s a file): after years of history and a first
    purge, thousands of files would be prepared at each `tandem status` for nothing. The
    same rules, checked on what was read, give the same records (tests/test_status.py
    compares both)."""
    from generator import purge

    whole_requests = _whole_years((r.model.received.year, purge.request_due(r.model, year))
                                  for r in catalog.requests)
    whole_binomes = _whole_years((b.model.formed.year, purge.binome_due(b.model, year))
                                 for b in catalog.binomes)
    found: list[Record[Request] | Record[Binome]] = []
    for r in catalog.requests:
        if purge.request_due(r.model, year) and _request_left(
                r.model, r.model.received.year in whole_requests):
            found.append(r)
    for b in catalog.binomes:
        if purge.binome_due(b.model, year) and (
                _binome_left(b.model, b.model.formed.year in whole_binomes) or b.body.strip()):
            found.append(b)
    return found


def _whole_years(records: Iterator[tuple[int, bool]]) -> set[int]:
    """The years whose every record (year, due) is due: their organisations get pseudonyms."""
    years: dict[int, bool] = {}
    for year, due in records:
        years[year] = years.get(year, True) and due
    return {year for year, all_due in years.items() if all_due}


def _contact_left(contact: Contact, pseudonyms: bool) -> bool:
    from generator import purge

    if pseudonyms and not purge.ALREADY.fullmatch(contact.organisation):
        return True
    return contact.name != purge.PLACEHOLDER or any(
        getattr(contact, name, None) is not None for name in ("email", "phone", "note"))


def _request_left(r: Request, pseudonyms: bool) -> bool:
    from generator import purge

    return (any(_contact_left(c, pseudonyms) for c in (r.requester, *r.responses))
            or any(term != purge.PLACEHOLDER for term in r.identifying_terms)
            or r.notes is not None)


def _binome_left(b: Binome, pseudonyms: bool) -> bool:
    from generator import purge

    agreement, feedback = b.agreement, b.feedback
    return (_contact_left(b.mentor, pseudonyms) or _contact_left(b.mentee, pseudonyms)
            or (agreement is not None and any(
                text is not None for text in (agreement.goals, agreement.cadence,
                                              agreement.duration)))
            or any(c.note != purge.PLACEHOLDER for c in b.checkins)
            or (feedback is not None and any(
                side is not None and side.gained is not None
                for side in (feedback.mentor, feedback.mentee))))


def reminders(catalog: Catalog, today: dt.date) -> list[Reminder]:
    """Every reminder of the day, most urgent group first, oldest first within a group."""
    found = [*_requests(catalog, today), *_binomes(catalog, today), *_reviews(catalog, today),
             *_purge(catalog, today)]
    return sorted(found, key=lambda r: (ORDER[r.kind], r.date or dt.date.min, r.id or ""))


# --- views ------------------------------------------------------------------------------


def heading(kind: str, catalog: Catalog) -> str:
    thresholds = catalog.settings.thresholds
    text = dict(GROUPS)[kind]
    return text.format(stale=thresholds.stale_after_days, every=thresholds.checkin_every_days)


def summary(found: list[Reminder], today: dt.date) -> str:
    if not found:
        return french(f"tandem status : rien à signaler au {french_date(today)}, tout est à jour")
    return french(f"tandem status : {plural(len(found), 'point')} à traiter au "
                  f"{french_date(today)}, du plus urgent au moins urgent")


def text_lines(catalog: Catalog, found: list[Reminder], today: dt.date) -> list[str]:
    """The screen: a heading per group, then aligned rows « id  situation  commande ».

    Styled for click (bold headings, commands in colour): click.echo drops the styles
    when the output is not a terminal, so pipes and files get plain text."""
    lines = [summary(found, today)]
    id_width = max((len(r.id or NO_ID) for r in found), default=0)
    what_width = max((len(french(r.message)) for r in found), default=0)
    kind = None
    for r in found:
        if r.kind != kind:
            kind = r.kind
            count = sum(1 for other in found if other.kind == kind)
            lines += ["", click.style(french(f"{heading(kind, catalog)} ({count})"), bold=True)]
        what = french(r.message).ljust(what_width)
        lines.append(f"  {(r.id or NO_ID).ljust(id_width)}  {what}  "
                     + click.style(f"→ {r.command}", fg="cyan"))
    return lines


def as_json(catalog: Catalog, found: list[Reminder], today: dt.date) -> str:
    """For scripts: stable keys, ISO dates, the same order as the screen."""
    data = {
        "today": today.isoformat(),
        "count": len(found),
        "reminders": [
            {"kind": r.kind, "group": french(heading(r.kind, catalog)), "id": r.id,
             "title": french(r.title) if r.title else None,
             "date": r.date.isoformat() if r.date else None,
             "message": french(r.message), "command": r.command}
            for r in found],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def load(content: Path) -> Catalog:
    """The content, checked with the read cache (as fast as `tandem check`); refused if invalid."""
    from generator.commands import records

    return records.checked(content, why="le contenu a des problèmes, corrigez-les d’abord "
                                        "(tandem check)")


def status(content: Path, today: dt.date, as_json_output: bool = False) -> list[str]:
    """The command: the lines to show."""
    catalog = load(content)
    found = reminders(catalog, today)
    if as_json_output:
        return [as_json(catalog, found, today)]
    return text_lines(catalog, found, today)
