"""`tandem publish`, `withdraw`, `match`, `checkin`, `close`: a request and its pair move
along their lives (SPEC §4: draft → open → matched | withdrawn | expired; active →
completed | stopped).

Each command starts from content `tandem check` accepts, changes only the fields its step
names through the edit module (comments, quoting, line endings and the body kept), and
writes through `records.save`: the whole content is checked with the edit first (the
public-text rules included, since they apply as soon as a request is open), and nothing
is written when a problem would remain. `match` writes its two files in one save: both
or neither.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import edit
from generator.catalog import BINOMES_DIR, Catalog, Record
from generator.commands import records
from generator.edit import Value
from generator.errors import ContentError, Problem, TandemError
from generator.french import french, french_date, plural
from generator.models import Contact, Request, Response

Side = Literal["mentor", "mentee"]
SIDES: tuple[Side, ...] = ("mentor", "mentee")
SIDE_WORDS: dict[Side, str] = {"mentor": "mentor", "mentee": "mentoré"}


@dataclass(frozen=True)
class SideFeedback:
    """What one side of a pair said at its closing (each part optional)."""

    rating: int | None = None
    gained: str | None = None

    def as_value(self) -> dict[str, Value]:
        value: dict[str, Value] = {}
        if self.rating is not None:
            value["rating"] = self.rating
        if self.gained is not None:
            value["gained"] = self.gained
        return value


# --- requests ---------------------------------------------------------------------


def publish(content: Path, request_id: str, today: dt.date,
            expires: dt.date | None = None) -> list[str]:
    """A draft becomes an open call published `today` (with an `expires` date if given)."""
    catalog = records.checked(content)
    found = records.request(catalog, request_id)
    records.require_status(found, {"draft"}, "publier")
    _require_call_text(found)
    if expires is not None and expires <= today:
        raise TandemError(f"--expires {expires.isoformat()} : la date d’expiration doit être "
                          f"après aujourd’hui ({french_date(today)})")
    changes: dict[str, Value] = {"status": "open", "published": today}
    if expires is not None:
        changes["expires"] = expires
    path = _edit(content, found.doc.path, changes)
    rid = found.model.id
    until = f", jusqu’au {french_date(expires)}" if expires else ""
    return _french([f"tandem publish : {rid} est un appel ouvert, publié le "
                    f"{french_date(today)}{until}",
                    f"modifié : {records.shown(path)}",
                    "Pour le mettre en ligne : tandem build ; les réponses s’enregistrent "
                    f"ensuite avec tandem reply {rid}"])


def withdraw(content: Path, request_id: str, today: dt.date, expired: bool = False) -> list[str]:
    """An open call is withdrawn (or marked expired), closed `today`."""
    catalog = records.checked(content)
    found = records.request(catalog, request_id)
    records.require_status(found, {"open"}, "retirer l’appel")
    status = "expired" if expired else "withdrawn"
    path = _edit(content, found.doc.path, {"status": status, "closed": today})
    rid = found.model.id
    return _french([f"tandem withdraw : la demande {rid} est « {records.STATUS_WORDS[status]} » "
                    f"({status}), close le {french_date(today)}",
                    f"modifié : {records.shown(path)}",
                    "Pour retirer l’appel du site : tandem build (sa page ne dira plus que "
                    "« cet appel est clos »)"])


def _require_call_text(found: Record[Request]) -> None:
    """Refuse to publish a request whose public text is empty or still the draft's."""
    if not records.is_draft_body(found.body):
        return
    if found.body.strip():
        message = (f"le texte public de l’appel est encore celui du brouillon "
                   f"(« {records.DRAFT_BODY_MARK}… ») : remplacez-le par la question "
                   "anonymisée, telle que les adhérents la liront")
    else:
        message = ("le texte public de l’appel est vide : écrivez sous l’en-tête la question "
                   "anonymisée, telle que les adhérents la liront")
    problem = Problem(found.doc.shown, found.doc.body_line, message)
    raise ContentError([problem], why=f"{found.model.id} ne peut pas être publiée")


# --- forming a pair ---------------------------------------------------------------


def match(content: Path, request_id: str, reply: int, today: dt.date) -> list[str]:
    """The binôme of an open request and its `reply`-th reply (1-based), formed `today`;
    the request becomes matched, closed `today`. Both files are written, or neither."""
    catalog = records.checked(content)
    found = records.request(catalog, request_id)
    records.require_status(found, {"open"}, "former un binôme")
    volunteer = _reply(found, reply)
    binome_id = records.next_binome_id(catalog, today.year)
    binome_path = content / BINOMES_DIR / records.file_name(binome_id, found.model.title)
    if os.path.lexists(binome_path):  # a new id: a file there came meanwhile, never replaced
        raise TandemError(f"{records.shown(binome_path)} existe déjà : renommez-le ou "
                          "supprimez-le, puis relancez")
    request_file = edit.load(found.doc.path)
    request_file.set(("status",), "matched")
    request_file.set(("closed",), today)
    binome_text = edit.compose(_binome_data(binome_id, found.model, volunteer, today), "",
                               records.shown(binome_path))
    _save_new(content, binome_path, binome_text, {found.doc.path: request_file.text()})
    return _french([*_not_forwarded(found.model.id, reply, volunteer),
                    f"tandem match : binôme {binome_id} formé le {french_date(today)} : mentor "
                    f"{volunteer.name} ({volunteer.organisation}), mentoré "
                    f"{found.model.requester.name} ({found.model.requester.organisation})",
                    f"écrit : {records.shown(binome_path)}",
                    f"modifié : {records.shown(found.doc.path)} (binôme formé, demande close)",
                    f"Ensuite : remplissez « agreement » (objectifs, rythme, durée) dans "
                    f"{records.shown(binome_path)}, puis tandem build pour retirer l’appel du "
                    f"site ; à chaque point d’étape : tandem checkin {binome_id} --note \"…\""])


def _reply(found: Record[Request], number: int) -> Response:
    """The `number`-th reply (1-based, as the coordinator reads the file)."""
    replies = found.model.responses
    rid = found.model.id
    if not replies:
        raise TandemError(f"{rid} n’a encore aucune réponse : enregistrez d’abord celle du "
                          f"volontaire avec tandem reply {rid}")
    if not 1 <= number <= len(replies):
        choices = "--reply 1" if len(replies) == 1 else f"--reply 1 à {len(replies)}"
        raise TandemError(f"la réponse {number} n’existe pas : {rid} a "
                          f"{plural(len(replies), 'réponse')} ({choices})")
    return replies[number - 1]


def _not_forwarded(request_id: str, number: int, volunteer: Response) -> list[str]:
    """A warning, not a refusal, when the reply was never forwarded: the coordinator may
    have given the volunteer's contact to the requester by telephone (SPEC §2, step 3)."""
    if volunteer.forwarded is not None:
        return []
    return [f"attention : la réponse {number} ({volunteer.name}) n’a jamais été transmise au "
            "demandeur (pas de date « forwarded ») ; si ses coordonnées ne lui ont pas été "
            f"données autrement, envoyez-les avec tandem forward {request_id}"]


def _binome_data(binome_id: str, request: Request, mentor: Contact,
                 today: dt.date) -> dict[str, Value]:
    """A new pair's fields, in the order of SPEC §4; the agreement left for the coordinator."""
    return {"id": binome_id, "request": request.id, "status": "active", "formed": today,
            "ended": None, "mentor": _contact(mentor), "mentee": _contact(request.requester),
            "agreement": {"goals": None, "cadence": None, "duration": None},
            "checkins": [], "public_consent": False}


def _contact(person: Contact) -> dict[str, Value]:
    """The contact fields only (a reply's date, note and forwarding stay in the request)."""
    value: dict[str, Value] = {"organisation": person.organisation, "name": person.name}
    if person.email is not None:
        value["email"] = person.email
    if person.phone is not None:
        value["phone"] = person.phone
    return value


# --- following a pair -----------------------------------------------------------------


def checkin(content: Path, binome_id: str, note: str, today: dt.date,
            next_day: dt.date | None = None) -> list[str]:
    """A check-in of an active pair dated `today`, with the date of the next one if given."""
    note = _text(note, "--note", "écrivez ce que le point d’étape a appris")
    if next_day is not None and next_day <= today:
        raise TandemError(f"--next {next_day.isoformat()} : le prochain point doit être après "
                          f"aujourd’hui ({french_date(today)})")
    catalog = records.checked(content)
    found = records.binome(catalog, binome_id)
    records.require_status(found, {"active"}, "noter un point d’étape")
    bid = found.model.id
    if any(c.date == today and c.note == note for c in found.model.checkins):
        raise TandemError(f"{bid} a déjà ce point d’étape le {french_date(today)} "
                          "(la commande a-t-elle été lancée deux fois ?)")
    entry: dict[str, Value] = {"date": today, "note": note}
    if next_day is not None:
        entry["next"] = next_day
    editable = edit.load(found.doc.path)
    editable.append(("checkins",), entry)
    path = _save(content, found.doc.path, editable)
    return _french([f"tandem checkin : point d’étape du {french_date(today)} ajouté à {bid}",
                    f"modifié : {records.shown(path)}", _next_step(catalog, bid, today, next_day)])


def _next_step(catalog: Catalog, binome_id: str, today: dt.date, next_day: dt.date | None) -> str:
    if next_day is not None:
        return (f"Prochain point le {french_date(next_day)} : tandem checkin {binome_id} "
                "--note \"…\" ; à la fin : tandem close "
                f"{binome_id} --status completed")
    every = catalog.settings.thresholds.checkin_every_days
    due = today + dt.timedelta(days=every)
    return (f"Sans --next, tandem status le rappellera dans {plural(every, 'jour')} (le "
            f"{french_date(due)}) ; à la fin : tandem close {binome_id} --status completed")


def close(content: Path, binome_id: str, status: Literal["completed", "stopped"],
          today: dt.date, feedback: Mapping[Side, SideFeedback] | None = None) -> list[str]:
    """An active pair ends `today` (completed or stopped), with each side's feedback given."""
    sides = {side: _clean_feedback(side, given) for side, given in (feedback or {}).items()}
    catalog = records.checked(content)
    found = records.binome(catalog, binome_id)
    records.require_status(found, {"active"}, "clore le binôme")
    editable = edit.load(found.doc.path)
    editable.set(("status",), status)
    editable.set(("ended",), today)
    _set_feedback(editable, {side: given for side, given in sides.items() if given.as_value()})
    path = _save(content, found.doc.path, editable)
    bid = found.model.id
    return _french([f"tandem close : binôme {bid} « {records.STATUS_WORDS[status]} » ({status}) "
                    f"le {french_date(today)}",
                    f"modifié : {records.shown(path)}",
                    _feedback_line(sides),
                    _review_line(found.model.formed.year)])


def _review_line(year: int) -> str:
    """A pair belongs to the review of the year it was formed (`review.stats`)."""
    return f"Il comptera dans le bilan {year}, l’année où il a été formé : tandem review {year}"


def _clean_feedback(side: Side, given: SideFeedback) -> SideFeedback:
    if given.rating is not None and not 1 <= given.rating <= 5:
        raise TandemError(f"--{side}-rating {given.rating} : la note va de 1 à 5")
    gained = given.gained
    if gained is not None:
        gained = _text(gained, f"--{side}-gained", "écrivez ce que ce côté a retiré du binôme")
    return SideFeedback(given.rating, gained)


def _set_feedback(editable: edit.EditableFile, sides: Mapping[Side, SideFeedback]) -> None:
    """Write each side's given parts under `feedback`, creating what is missing and keeping
    what the coordinator wrote by hand and was not given again."""
    if not sides:
        return
    current = editable.get(()).get("feedback")
    if not isinstance(current, dict) or not current:  # missing, `null` or `{}`: all new
        editable.set(("feedback",), {side: given.as_value() for side, given in sides.items()})
        return
    for side, given in sides.items():
        if not isinstance(current.get(side), dict) or not current[side]:
            editable.set(("feedback", side), given.as_value())
            continue
        for key, value in given.as_value().items():
            editable.set(("feedback", side, key), value)


def _feedback_line(sides: Mapping[Side, SideFeedback]) -> str:
    parts = []
    for side in SIDES:
        given = sides.get(side)
        if given is not None and given.rating is not None:
            parts.append(f"{SIDE_WORDS[side]} {given.rating}/5")
    if not parts:
        return ("Notes des retours : aucune ; elles s’ajoutent plus tard sous « feedback » "
                "dans le fichier (rating de 1 à 5, gained)")
    return "Notes des retours : " + ", ".join(parts)


# --- shared -------------------------------------------------------------------------


def _text(value: str, option: str, hint: str) -> str:
    """A text given on the command line, as it will be stored: line breaks normalised,
    surrounding blanks removed; empty is refused (the schema would refuse it too)."""
    text = value.replace("\r\n", "\n").strip()
    if not text:
        raise TandemError(f"{option} est vide : {hint}")
    return text


def _edit(content: Path, path: Path, changes: Mapping[str, Value]) -> Path:
    editable = edit.load(path)
    for key, value in changes.items():
        editable.set((key,), value)
    return _save(content, path, editable)


def _save(content: Path, path: Path, editable: edit.EditableFile) -> Path:
    records.save(content, {_absolute(path): editable.text()})
    return path


def _absolute(path: Path) -> Path:
    """`records.save` reads a relative path as relative to the content folder; a record's
    path is relative to the working folder."""
    return Path(os.path.abspath(path))


def _save_new(content: Path, path: Path, text: str, others: Mapping[Path, str]) -> None:
    """Save a new file with other edits; its folder is made if missing (a programme that
    has no pair yet), and removed again if the save is refused."""
    made = not path.parent.exists()
    if made:
        path.parent.mkdir(parents=True)
    try:
        records.save(content, {_absolute(path): text,
                               **{_absolute(other): new for other, new in others.items()}})
    except BaseException:
        if made:
            path.parent.rmdir()
        raise


def _french(lines: list[str]) -> list[str]:
    return [french(line) for line in lines]

