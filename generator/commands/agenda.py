"""`tandem agenda`: the coordinator's follow-ups as an iCalendar file for any calendar.

One all-day event per follow-up: a pair's next check-in (the `next` date planned at the
last one, or the programme's cadence, whichever comes first), a call reaching its
`expires` date, a pair reaching the end of its agreement. A date already passed is put
on `--today` (« en retard »): the calendar shows what is late where the coordinator looks.

Deterministic: the same content and `--today` give the same bytes. UIDs are made from
the ids, so a calendar that imports the file again updates the events instead of adding
them twice; DTSTAMP is `--today`. Only ids and the calls' titles go in: no name, address
or note (calendars are often synchronised to third-party services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator import outbox
from generator.catalog import Catalog
from generator.commands.status import agreement_end, checkin_due, load, planned_checkin
from generator.errors import display_path
from generator.french import french, french_date, plural
from generator.weblinks import parse_url


@dataclass(frozen=True)
class FollowUp:
    kind: str  # checkin, expires, agreement: part of the UID
    record: str
    day: dt.date
    summary: str
    description: str


def _late(day: dt.date, today: dt.date) -> tuple[dt.date, str]:
    """Past dates are shown today, saying since when."""
    if day < today:
        return today, f"En retard : prévu le {french_date(day)}. "
    return day, ""


def follow_ups(catalog: Catalog, today: dt.date) -> list[FollowUp]:
    found = [*_calls(catalog, today), *_pairs(catalog, today)]
    return sorted(found, key=lambda f: (f.day, f.kind, f.record))


def _calls(catalog: Catalog, today: dt.date) -> Iterator[FollowUp]:
    for record in catalog.requests:
        r = record.model
        if r.status != "open" or r.expires is None:
            continue
        day, late = _late(r.expires, today)
        yield FollowUp("expires", r.id, day, f"Appel {r.id} : date limite",
                       f"{late}L’appel « {r.title} » atteint sa date limite le "
                       f"{french_date(r.expires)}. Retirer l’appel : tandem withdraw {r.id} "
                       "--expired")


def _pairs(catalog: Catalog, today: dt.date) -> Iterator[FollowUp]:
    every = catalog.settings.thresholds.checkin_every_days
    for record in catalog.binomes:
        b = record.model
        if b.status != "active":
            continue
        due = checkin_due(b, every)
        planned = planned_checkin(b)
        when = min(due, planned) if planned is not None else due
        why = (f"point prévu le {french_date(planned)}" if planned is not None and planned <= due
               else f"un point tous les {every} jours")
        day, late = _late(when, today)
        yield FollowUp("checkin", b.id, day, f"Binôme {b.id} : point d’étape",
                       f"{late}Point d’étape du binôme {b.id} (demande {b.request}) : {why}. "
                       f"L’enregistrer : tandem checkin {b.id} --note \"…\"")
        ends = agreement_end(b)
        if ends is not None:
            day, late = _late(ends[0], today)
            yield FollowUp("agreement", b.id, day, f"Binôme {b.id} : fin de l’accord",
                           f"{late}Le binôme {b.id} (demande {b.request}), formé le "
                           f"{french_date(b.formed)} pour « {ends[1].words} », arrive au terme "
                           f"de son accord le {french_date(ends[0])}. Le clore : tandem close "
                           f"{b.id} --status completed")


def calendar_bytes(catalog: Catalog, today: dt.date) -> tuple[bytes, int]:
    """The .ics file and its number of events."""
    from icalendar import Calendar, Event

    host = parse_url(catalog.settings.site_url).host or "tandem"
    cal = Calendar()
    cal.add("prodid", "-//tandem//agenda du coordinateur//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{catalog.settings.name} : suivi")
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    events = follow_ups(catalog, today)
    for f in events:
        event = Event()
        event.add("uid", f"{f.kind}-{f.record}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", f.day)
        event.add("dtend", f.day + dt.timedelta(days=1))
        event.add("summary", french(f.summary))
        event.add("description", french(f.description))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(event)
    return cal.to_ical(), len(events)


def agenda(content: Path, today: dt.date, folder: Path, site_dir: Path) -> list[str]:
    """The command: write the .ics to the outbox and say where."""
    catalog = load(content)
    data, count = calendar_bytes(catalog, today)
    path = outbox.write_file(folder, f"agenda-{today.isoformat()}.ics", data, content, site_dir)
    return [french(f"tandem agenda : {plural(count, 'rendez-vous', 'rendez-vous')} de suivi "
                   f"dans {display_path(path)} (à importer dans votre agenda ; les mêmes "
                   "rendez-vous y sont mis à jour, pas ajoutés deux fois)")]
