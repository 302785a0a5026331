"""`tandem export`: the requests, the replies and the pairs for the coordinator's spreadsheets.

Private data (names, addresses, phones, notes): written through `generator.outbox`,
never inside the site or the content, with a French warning. One file per table.
CSV as French Excel opens it with accents intact: UTF-8 with a BOM, « ; » between
fields, CRLF line ends; a cell that a spreadsheet would run as a formula (=, +, -, @ at
its start) is prefixed with an apostrophe, as OWASP advises (texts may come from e-mails).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import outbox
from generator.catalog import Catalog
from generator.commands.status import load
from generator.errors import display_path
from generator.french import french, plural
from generator.models import Binome, Contact, Request, Response

FORMATS = ("csv", "json")
WARNING = ("Attention : ces fichiers contiennent des données personnelles (noms, adresses, "
           "téléphones, notes) et les demandes confidentielles. Ne les publiez pas, ne les "
           "ajoutez pas au dépôt, ne les partagez qu’avec qui en a besoin et supprimez-les "
           "après usage.")
#: What a spreadsheet would read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | bool | dt.date | list[str] | None


@dataclass(frozen=True)
class Column:
    key: str  # JSON key (English, stable)
    header: str  # CSV header (French, for people)


@dataclass(frozen=True)
class Table:
    name: str  # file name without extension (French)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]


def _columns(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(key, header) for key, header in pairs)


CONTACT = (("organisation", "organisation"), ("name", "nom"), ("email", "courriel"),
           ("phone", "téléphone"))
REQUEST_COLUMNS = _columns(
    ("id", "id"), ("title", "titre"), ("status", "état"), ("confidential", "confidentielle"),
    ("received", "reçue"), ("published", "publiée"), ("closed", "fermée"),
    ("expires", "date limite"), ("themes", "thèmes"), ("format", "format"), ("role", "fonction"),
    *((f"requester_{key}", f"demandeur {header}") for key, header in CONTACT),
    ("responses", "réponses"), ("notes", "notes"))
REPLY_COLUMNS = _columns(
    ("request", "demande"), ("number", "numéro"), ("request_title", "titre de la demande"),
    *CONTACT, ("received", "reçue"), ("forwarded", "transmise"), ("note", "note"))
PAIR_COLUMNS = _columns(
    ("id", "id"), ("request", "demande"), ("status", "état"), ("formed", "formé"),
    ("ended", "terminé"),
    *((f"mentor_{key}", f"mentor {header}") for key, header in CONTACT),
    *((f"mentee_{key}", f"mentoré {header}") for key, header in CONTACT),
    ("goals", "objectifs"), ("cadence", "rythme"), ("duration", "durée"),
    ("checkins", "points d’étape"), ("last_checkin", "dernier point"),
    ("next_checkin", "prochain point"), ("mentor_rating", "note mentor"),
    ("mentee_rating", "note mentoré"), ("public_consent", "accord pour être cité"))


def _contact(c: Contact) -> tuple[Value, ...]:
    return c.organisation, c.name, c.email, c.phone


def _request_row(r: Request) -> tuple[Value, ...]:
    return (r.id, r.title, r.status, r.confidential, r.received, r.published, r.closed,
            r.expires, list(r.themes), r.format, r.role, *_contact(r.requester),
            len(r.responses), r.notes)


def _reply_rows(r: Request) -> Iterator[tuple[Value, ...]]:
    reply: Response
    for number, reply in enumerate(r.responses, 1):
        yield (r.id, number, r.title, *_contact(reply), reply.received, reply.forwarded,
               reply.note)


def _pair_row(b: Binome) -> tuple[Value, ...]:
    from generator.commands.status import last_checkin, planned_checkin

    agreement, feedback, latest = b.agreement, b.feedback, last_checkin(b)
    return (b.id, b.request, b.status, b.formed, b.ended, *_contact(b.mentor),
            *_contact(b.mentee),
            agreement.goals if agreement else None, agreement.cadence if agreement else None,
            agreement.duration if agreement else None, len(b.checkins),
            latest.date if latest else None, planned_checkin(b),
            feedback.mentor.rating if feedback and feedback.mentor else None,
            feedback.mentee.rating if feedback and feedback.mentee else None, b.public_consent)


def tables(catalog: Catalog) -> tuple[Table, ...]:
    """The three tables, rows in id order."""
    requests = sorted((r.model for r in catalog.requests), key=lambda r: r.id)
    pairs = sorted((b.model for b in catalog.binomes), key=lambda b: b.id)
    return (Table("demandes", REQUEST_COLUMNS, tuple(_request_row(r) for r in requests)),
            Table("reponses", REPLY_COLUMNS,
                  tuple(row for r in requests for row in _reply_rows(r))),
            Table("binomes", PAIR_COLUMNS, tuple(_pair_row(b) for b in pairs)))


def _cell(value: Value) -> str:
    """A CSV cell: ISO dates (Excel reads them as dates), oui/non, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        value = ", ".join(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([column.header for column in table.columns])
    writer.writerows([_cell(value) for value in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def _json_value(value: Value) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def to_json(table: Table) -> bytes:
    rows = [{column.key: _json_value(value) for column, value in zip(table.columns, row,
                                                                      strict=True)}
            for row in table.rows]
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[Table], bytes]] = {"csv": to_csv, "json": to_json}


def export(content: Path, kind: str, out: Path, site_dir: Path, today: dt.date) -> list[str]:
    """The command: write one file per table, print the warning and the paths."""
    catalog = load(content)
    outbox.refuse_public_folder(out, content, site_dir)  # before any file is written
    written = [outbox.write_file(out, f"{table.name}-{today.isoformat()}.{kind}",
                                 WRITERS[kind](table), content, site_dir)
               for table in tables(catalog)]
    counts = tables_summary(catalog)
    return [french(f"tandem export : {counts}, {plural(len(written), 'fichier')} "
                   f"{kind.upper()} écrit{'s' if len(written) > 1 else ''} :"),
            *(f"  {display_path(path)}" for path in written), french(WARNING)]


def tables_summary(catalog: Catalog) -> str:
    replies = sum(len(r.model.responses) for r in catalog.requests)
    return (f"{plural(len(catalog.requests), 'demande')}, {plural(replies, 'réponse')}, "
            f"{plural(len(catalog.binomes), 'binôme')}")
