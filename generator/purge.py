"""`tandem purge`: personal data of old records anonymised, the yearly reviews kept exact.

A request closed (matched, withdrawn, expired) and a binôme ended (completed, stopped)
before 1 January of the cut-off year lose what names or describes a person: names,
addresses, phones, notes, reply details, check-in notes, feedback texts, agreement texts,
identifying terms and a binôme's private notes (its body). What the reviews count stays:
ids, dates, themes, format, role, statuses, ratings, flags, titles and call texts.

Organisation names are counted by the review (distinct members of a year), so they are
replaced by pseudonyms rather than blanked. A pseudonym is a hash of the member's name
salted with random bytes drawn for the run and kept nowhere: nobody can map it back,
and within one run one member always gets the same one. Distinct members are counted
within one year's requests (by `received`) and one year's binômes (by `formed`), so a
year's organisations are replaced only once every record of that year is due: a year
half purged would otherwise count the same member twice, under its name and its
pseudonym. As a last guard, the figures of every year are computed again on the edited
content (nothing written yet) and the purge is refused if any of them would change.

Every change goes through `generator.edit`: only the edited values change in the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import edit, overlay
from generator.catalog import Catalog
from generator.checks import check
from generator.edit import EditableFile, Where
from generator.errors import ContentError, TandemError, display_path
from generator.french import french, french_date, plural
from generator.models import Binome, Contact, Request
from generator.public import ANONYMISED
from generator.review.stats import YearFigures, plain, year_figures

#: What a required text field becomes (not a private value: see `generator.public`).
PLACEHOLDER = ANONYMISED
PSEUDONYM = "Adhérent {}"
#: A name a purge already replaced: not replaced again (a second run changes nothing).
ALREADY = re.compile(r"Adhérent [0-9a-f]{6,}")
CLOSED_REQUESTS = frozenset({"matched", "withdrawn", "expired"})
ENDED_BINOMES = frozenset({"completed", "stopped"})
#: How the report names a binôme's body.
BODY = "notes privées (texte)"
#: Without `retention_years` in programme.yml, records are kept this many full years.
DEFAULT_RETENTION_YEARS = 3


@dataclass
class FileChange:
    """The fields of one file to anonymise, and the file with them edited."""

    edited: EditableFile
    fields: list[Where] = field(default_factory=list)

    def set(self, where: Where, value: edit.Value) -> None:
        self.edited.set(where, value)
        self.fields.append(where)


@dataclass(frozen=True)
class Plan:
    """Everything a purge before `year` would change (nothing is written)."""

    year: int
    changes: tuple[FileChange, ...]

    @property
    def field_count(self) -> int:
        return sum(len(c.fields) for c in self.changes)


def cutoff_year(before: int | None, retention_years: int | None, today: dt.date) -> int:
    """`--before`, or the retention rule: records closed before today's year minus the period."""
    if before is not None:
        return before
    return today.year - (retention_years or DEFAULT_RETENTION_YEARS)


def request_due(r: Request, year: int) -> bool:
    return r.status in CLOSED_REQUESTS and r.closed is not None and r.closed.year < year


def binome_due(b: Binome, year: int) -> bool:
    return b.status in ENDED_BINOMES and b.ended is not None and b.ended.year < year


def _whole_years(records: Iterable[tuple[int, bool]]) -> set[int]:
    """The years whose every record (year, due) is due."""
    years: dict[int, bool] = {}
    for year, due in records:
        years[year] = years.get(year, True) and due
    return {year for year, all_due in years.items() if all_due}


def _namer(catalog: Catalog, salt: bytes) -> Callable[[str], str]:
    """A member's pseudonym: the directory's aliases get the pseudonym of their member."""
    names: dict[str, str] = {}
    for member in catalog.directory.members:
        for name in (member.name, *member.aliases):
            names[plain(name)] = member.name
    given: dict[str, str] = {}
    taken: set[str] = set()

    def pseudonym(name: str) -> str:
        key = plain(names.get(plain(name), plain(name)))
        if key not in given:
            digest = hashlib.blake2b(key.encode("utf-8"), key=salt).hexdigest()
            size = 6
            while PSEUDONYM.format(digest[:size]) in taken:  # two members, never one pseudonym
                size += 1
            given[key] = PSEUDONYM.format(digest[:size])
            taken.add(given[key])
        return given[key]
    return pseudonym


def _contact(change: FileChange, where: Where, contact: Contact,
             pseudonym: Callable[[str], str] | None) -> None:
    if pseudonym is not None and not ALREADY.fullmatch(contact.organisation):
        new = pseudonym(contact.organisation)
        if new != contact.organisation:
            change.set((*where, "organisation"), new)
    if contact.name != PLACEHOLDER:
        change.set((*where, "name"), PLACEHOLDER)
    for name in ("email", "phone", "note"):
        if getattr(contact, name, None) is not None:
            change.set((*where, name), None)


def _request(change: FileChange, r: Request, pseudonym: Callable[[str], str] | None) -> None:
    _contact(change, ("requester",), r.requester, pseudonym)
    for index, response in enumerate(r.responses):
        _contact(change, ("responses", index), response, pseudonym)
    # A list that holds items cannot be emptied by an edit of values: each term is blanked.
    for index, term in enumerate(r.identifying_terms):
        if term != PLACEHOLDER:
            change.set(("identifying_terms", index), PLACEHOLDER)
    if r.notes is not None:
        change.set(("notes",), None)


def _binome(change: FileChange, b: Binome, pseudonym: Callable[[str], str] | None) -> None:
    _contact(change, ("mentor",), b.mentor, pseudonym)
    _contact(change, ("mentee",), b.mentee, pseudonym)
    if b.agreement is not None:
        for name in ("goals", "cadence", "duration"):
            if getattr(b.agreement, name) is not None:
                change.set(("agreement", name), None)
    for index, checkin in enumerate(b.checkins):
        if checkin.note != PLACEHOLDER:
            change.set(("checkins", index, "note"), PLACEHOLDER)
    if b.feedback is not None:
        for side in ("mentor", "mentee"):
            given = getattr(b.feedback, side)
            if given is not None and given.gained is not None:
                change.set(("feedback", side, "gained"), None)
    _drop_body(change)


def _drop_body(change: FileChange) -> None:
    """The binôme's body holds the coordinator's private notes: only the closing line stays."""
    tail = change.edited.tail
    fence_end = tail.find("\n") + 1 if "\n" in tail else len(tail)
    if tail[fence_end:].strip():
        change.edited.tail = tail[:fence_end]
        change.fields.append((BODY,))


def plan(catalog: Catalog, year: int, salt: bytes | None = None) -> Plan:
    """What a purge before `year` changes; `salt` (random by default) makes the pseudonyms."""
    pseudonym = _namer(catalog, salt if salt is not None else secrets.token_bytes(32))
    request_years = _whole_years((r.model.received.year, request_due(r.model, year))
                                 for r in catalog.requests)
    binome_years = _whole_years((b.model.formed.year, binome_due(b.model, year))
                                for b in catalog.binomes)
    changes: list[FileChange] = []
    for r in sorted(catalog.requests, key=lambda x: x.model.id):
        if request_due(r.model, year):
            change = FileChange(edit.load(r.doc.path))
            _request(change, r.model, pseudonym if r.model.received.year in request_years else None)
            changes.append(change)
    for b in sorted(catalog.binomes, key=lambda x: x.model.id):
        if binome_due(b.model, year):
            change = FileChange(edit.load(b.doc.path))
            _binome(change, b.model, pseudonym if b.model.formed.year in binome_years else None)
            changes.append(change)
    return Plan(year, tuple(c for c in changes if c.fields))


def all_figures(catalog: Catalog) -> dict[int, YearFigures]:
    """The figures of every year that has a request or a binôme."""
    years = {r.model.received.year for r in catalog.requests} | \
        {b.model.formed.year for b in catalog.binomes}
    return {year: year_figures(catalog, year) for year in sorted(years)}


def _edits(p: Plan) -> dict[Path, str | None]:
    # The paths as the catalog read them: the overlay answers the reader by those.
    return {Path(os.path.abspath(c.edited.path)): c.edited.text() for c in p.changes}


def changed_years(content: Path, before: dict[int, YearFigures], p: Plan) -> list[int]:
    """The years whose figures the edits of `p` would change (read through the overlay)."""
    with overlay.overlaid(_edits(p)) as seen:
        catalog, problems = check(content)
    if catalog is None or problems:
        return []  # `apply_edits` refuses this content with its problems
    if not seen.seen_all():  # the figures below would be those of the files on disk
        raise TandemError("impossible de recalculer les chiffres des bilans sur le contenu "
                          "anonymisé ; rien n’a été modifié")
    after = all_figures(catalog)
    return [year for year in sorted(before.keys() | after.keys())
            if before.get(year) != after.get(year)]


def describe(p: Plan, write: bool) -> list[str]:
    """The French report of the plan: one line per file, then the totals."""
    lines = [french(f"tandem purge : demandes et binômes fermés avant le 1er janvier {p.year}"
                    + (" anonymisés :" if write else ", ce qui serait anonymisé :"))]
    for c in p.changes:
        names = ", ".join(_field_name(w) for w in c.fields)
        lines.append(french(f"  {display_path(c.edited.path)} : {plural(len(c.fields), 'champ')} "
                            f"({names})"))
    files = plural(len(p.changes), "fichier")
    fields = plural(p.field_count, "champ")
    if write:
        lines.append(french(f"tandem purge : {fields} anonymisés dans {files} (fermés avant "
                            f"le 1er janvier {p.year})"))
    else:
        lines.append(french(f"tandem purge : {fields} à anonymiser dans {files} (fermés avant "
                            f"le 1er janvier {p.year}) ; rien n’a été modifié, relancez avec "
                            "--yes pour écrire"))
    return lines


def _field_name(where: Where) -> str:
    return ".".join(str(key + 1) if isinstance(key, int) else key for key in where)


def run(content: Path, before: int | None, today: dt.date, write: bool) -> list[str]:
    """The command: what was (or would be) anonymised, in French; refusals raise."""
    catalog, problems = check(content)
    if problems or catalog is None:
        raise ContentError(problems, why="le contenu a des problèmes, corrigez-les d’abord")
    year = cutoff_year(before, catalog.settings.retention_years, today)
    if year > today.year:
        raise TandemError(f"l’année {year} n’a pas commencé (nous sommes le "
                          f"{french_date(today)}) : rien ne peut être fermé avant le "
                          f"1er janvier {year}")
    p = plan(catalog, year)
    if not p.changes:
        return [french(f"tandem purge : rien à anonymiser (aucune demande ni aucun binôme "
                       f"fermé avant le 1er janvier {year} qui ne le soit déjà)")]
    moved = changed_years(content, all_figures(catalog), p)
    if moved:
        raise TandemError("l’anonymisation changerait les chiffres du bilan de "
                          + ", ".join(map(str, moved)))
    if write:
        refused = edit.apply_edits(content, _edits(p))
        if refused:
            raise ContentError(refused, why="le contenu serait invalide après l’anonymisation")
    return describe(p, write=write)
