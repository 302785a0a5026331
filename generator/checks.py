"""Stage 2: the rules of SPEC §4 and §5 over the whole validated content.

Each rule is a small generator whose docstring is the rule. `run_checks`
runs every rule over everything, so that all problems are reported at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator.catalog import REQUESTS_DIR, Catalog, Record, close_match, load, vocabulary_problem
from generator.errors import Problem
from generator.fold import words
from generator.models import Binome, Request
from generator.public import CLOSED_CALL_STATUSES
from generator.publictext import (
    check_pages,
    check_public_text,
    check_review_commentaries,
    check_settings_text,
    text_index,
)
from generator.routes import reserved_page, reserved_theme

if TYPE_CHECKING:
    from generator.cache import ReadCache

PUBLISHED_STATUSES = CLOSED_CALL_STATUSES | {"open"}


RequestRule = Callable[[Record[Request], Catalog], Iterator[Problem]]
BinomeRule = Callable[[Record[Binome], Catalog], Iterator[Problem]]


def _at(record: Record[Request] | Record[Binome], loc: tuple[str | int, ...], msg: str) -> Problem:
    return Problem(record.doc.shown, record.doc.line(loc), msg)


def _fr(day: object) -> str:
    return day.strftime("%d/%m/%Y") if hasattr(day, "strftime") else str(day)


def check_boolean_spelling(r: Record[Request] | Record[Binome], _: Catalog) -> Iterator[Problem]:
    """Yes/no flags are written true or false: YAML's yes, no, on, off are ambiguous."""
    if not r.doc.odd_booleans:
        return
    for name in ("confidential", "public_consent"):
        raw = r.doc.raw.get((name,))
        if raw is not None and raw.lower() not in ("true", "false"):
            yield _at(r, (name,), f"« {name} » doit s’écrire true ou false, reçu « {raw} »")


# --- requests -----------------------------------------------------------------


def check_file_name(r: Record[Request] | Record[Binome], _: Catalog) -> Iterator[Problem]:
    """The file name starts with the record's id."""
    if not _starts_with_id(r.doc.path, r.model.id):
        yield _at(r, ("id",), f"l’identifiant {r.model.id} ne correspond pas au nom du fichier "
                              f"(attendu : {r.model.id}-….md)")


def check_request_dates(r: Record[Request], _: Catalog) -> Iterator[Problem]:
    """received ≤ published ≤ closed, and expires after published."""
    m = r.model
    order = [("received", m.received), ("published", m.published), ("closed", m.closed)]
    present = [(name, day) for name, day in order if day is not None]
    for (first, a), (second, b) in itertools.pairwise(present):
        if b < a:
            yield _at(r, (second,), f"« {second} » ({_fr(b)}) est antérieure à « {first} » "
                                    f"({_fr(a)})")
    if m.expires and m.published and m.expires < m.published:
        yield _at(r, ("expires",), f"« expires » ({_fr(m.expires)}) est antérieure à "
                                   f"« published » ({_fr(m.published)})")


def check_request_lifecycle(r: Record[Request], _: Catalog) -> Iterator[Problem]:
    """published is required once open; closed is required exactly when the request is closed."""
    m = r.model
    if m.status in PUBLISHED_STATUSES and m.published is None:
        yield _at(r, ("status",), f"une demande « {m.status} » doit avoir une date « published »")
    if m.status in CLOSED_CALL_STATUSES and m.closed is None:
        yield _at(r, ("status",), f"une demande « {m.status} » doit avoir une date « closed »")
    if m.status not in CLOSED_CALL_STATUSES and m.closed is not None:
        yield _at(r, ("closed",), f"une demande « {m.status} » ne peut pas avoir de date "
                                  "« closed » (laissez closed: null)")
    if m.status == "open" and not r.body.strip():
        yield _at(r, ("status",), "un appel ouvert doit avoir un texte public sous l’en-tête")


def check_request_vocabulary(r: Record[Request], c: Catalog) -> Iterator[Problem]:
    """Themes and role come from the programme's vocabularies."""
    if not (c.settings.themes and c.settings.roles):
        return  # programme.yml has its own problems, reported already
    for i, theme in enumerate(r.model.themes):
        if theme not in c.settings.themes:
            yield _at(r, ("themes", i), vocabulary_problem(theme, c.settings.themes,
                                                           "thème", "thèmes"))
    if r.model.role not in c.settings.roles:  # the site says « fonction du demandeur »
        yield _at(r, ("role",), vocabulary_problem(r.model.role, c.settings.roles,
                                                   "fonction", "fonctions"))


def check_responses(r: Record[Request], _: Catalog) -> Iterator[Problem]:
    """A reply comes after the call was published, and is forwarded after it came."""
    start = r.model.published or r.model.received
    for i, reply in enumerate(r.model.responses):
        if reply.received < start:
            yield _at(r, ("responses", i, "received"),
                      f"réponse reçue le {_fr(reply.received)}, avant la publication de l’appel "
                      f"({_fr(start)})")
        if reply.forwarded and reply.forwarded < reply.received:
            yield _at(r, ("responses", i, "forwarded"),
                      f"réponse transmise le {_fr(reply.forwarded)}, avant d’avoir été reçue "
                      f"({_fr(reply.received)})")


def check_directory_spelling(r: Record[Request] | Record[Binome], c: Catalog) -> Iterator[Problem]:
    """An organisation written almost like a member of the directory is that member misspelt."""
    known = c.directory_names
    folded: dict[str, str] | None = None  # only when a name is unknown: it costs the directory
    for loc, organisation in _organisations(r):
        if organisation in known:
            continue
        if folded is None:
            folded = {" ".join(words(name)): name for name in known}
        exact = folded.get(" ".join(words(organisation)))
        hint = f" (vouliez-vous dire « {exact} » ?)" if exact else close_match(organisation, known)
        if hint:
            yield _at(r, loc, f"organisation « {organisation} » écrite autrement que dans "
                              f"l’annuaire{hint}")


def _organisations(r: Record[Request] | Record[Binome]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    m = r.model
    if isinstance(m, Request):
        yield ("requester", "organisation"), m.requester.organisation
        for i, reply in enumerate(m.responses):
            yield ("responses", i, "organisation"), reply.organisation
    else:
        yield ("mentor", "organisation"), m.mentor.organisation
        yield ("mentee", "organisation"), m.mentee.organisation


# --- binômes ------------------------------------------------------------------


def check_binome_dates(b: Record[Binome], _: Catalog) -> Iterator[Problem]:
    """formed ≤ ended; ended exactly when the pair is over; check-ins inside the pair's life."""
    m = b.model
    if m.ended and m.ended < m.formed:
        yield _at(b, ("ended",), f"« ended » ({_fr(m.ended)}) est antérieure à « formed » "
                                 f"({_fr(m.formed)})")
    if m.status != "active" and m.ended is None:
        yield _at(b, ("status",), f"un binôme « {m.status} » doit avoir une date « ended »")
    if m.status == "active" and m.ended is not None:
        yield _at(b, ("ended",), "un binôme « active » ne peut pas avoir de date « ended » "
                                 "(laissez ended: null)")
    for i, checkin in enumerate(m.checkins):
        if checkin.date < m.formed or (m.ended and checkin.date > m.ended):
            yield _at(b, ("checkins", i, "date"),
                      f"point d’étape du {_fr(checkin.date)} en dehors de la vie du binôme "
                      f"({_fr(m.formed)} – {_fr(m.ended) if m.ended else 'en cours'})")
        if checkin.next and checkin.next < checkin.date:
            yield _at(b, ("checkins", i, "next"),
                      f"prochain point ({_fr(checkin.next)}) antérieur au point d’étape "
                      f"({_fr(checkin.date)})")


def check_binome_request(b: Record[Binome], c: Catalog) -> Iterator[Problem]:
    """The request exists, is matched, and was published before the pair formed."""
    request = c.requests_by_id.get(b.model.request)
    if request is None and b.model.request in {str(d.data.get("id")) for d in c.invalid}:
        return  # the request has problems of its own, reported already
    if request is None:
        yield _at(b, ("request",), f"la demande {b.model.request} n’existe pas")
        return
    status = request.model.status
    if status != "matched":
        yield _at(b, ("request",), f"la demande {b.model.request} est « {status} » : une demande "
                                   "qui a un binôme doit être « matched »")
    published = request.model.published
    if published and b.model.formed < published:
        yield _at(b, ("formed",), f"binôme formé le {_fr(b.model.formed)}, avant la publication "
                                  f"de la demande ({_fr(published)})")


# --- the whole programme --------------------------------------------------------


def check_unique_ids(c: Catalog) -> Iterator[Problem]:
    """Every id is used by one file only."""
    for records in (c.requests, c.binomes):
        seen: dict[str, str] = {}
        for r in records:
            if r.model.id in seen:
                yield _at(r, ("id",), f"identifiant {r.model.id} déjà utilisé par "
                                      f"{seen[r.model.id]}")
            seen.setdefault(r.model.id, r.doc.shown)


def check_matched_have_binome(c: Catalog) -> Iterator[Problem]:
    """A matched request has a binôme."""
    paired = {b.model.request for b in c.binomes}
    paired |= {str(doc.data.get("request")) for doc in c.invalid}
    for r in c.requests:
        if r.model.status == "matched" and r.model.id not in paired:
            yield _at(r, ("status",), f"la demande est « matched » mais aucun binôme ne la cite "
                                      f"(créez-le avec : tandem match {r.model.id} --reply N)")


def check_settings_pages(c: Catalog) -> Iterator[Problem]:
    """Programme pages don't take the names of the generated pages."""
    doc = c.settings_doc
    for i, page in enumerate(c.settings.pages):
        if reserved_page(page.file):
            yield Problem(doc.shown, doc.line(("pages", i, "file")),
                          f"« {page.file} » est réservé aux pages générées : choisissez un autre nom")


def check_settings_themes(c: Catalog) -> Iterator[Problem]:
    """A theme id does not take the shape of a call id (its page would take the call's URL)."""
    doc = c.settings_doc
    for key in c.settings.themes:
        if reserved_theme(key):
            yield Problem(doc.shown, doc.line(("themes", key)),
                          f"le thème « {key} » a la forme d’un identifiant d’appel : sa page "
                          "prendrait l’adresse de cet appel, choisissez un autre identifiant")


def check_directory_themes(c: Catalog) -> Iterator[Problem]:
    """The themes of the member directory come from the vocabulary."""
    doc = c.directory_doc
    if not c.settings.themes:
        return
    for i, member in enumerate(c.directory.members):
        for j, theme in enumerate(member.themes):
            if theme not in c.settings.themes and doc is not None:
                yield Problem(doc.shown, doc.line(("members", i, "themes", j)),
                              vocabulary_problem(theme, c.settings.themes, "thème", "thèmes"))


REQUEST_RULES: list[RequestRule] = [
    check_file_name, check_request_dates, check_request_lifecycle,
    check_request_vocabulary, check_responses, check_directory_spelling, check_boolean_spelling,
]
BINOME_RULES: list[BinomeRule] = [
    check_file_name, check_binome_dates, check_binome_request, check_directory_spelling,
    check_boolean_spelling,
]
PROGRAMME_RULES = [check_unique_ids, check_matched_have_binome, check_settings_pages,
                   check_settings_themes,
                   check_directory_themes, check_pages, check_settings_text,
                   check_review_commentaries]


def run_checks(c: Catalog, cache: ReadCache | None = None) -> list[Problem]:
    request_docs = [r.doc for r in c.requests]
    request_docs += [d for d in c.invalid if d.path.parent.name == REQUESTS_DIR]
    c.text_index = text_index(c, request_docs, cache)
    problems = [p for r in c.requests for rule in REQUEST_RULES for p in rule(r, c)]
    problems += [p for b in c.binomes for rule in BINOME_RULES for p in rule(b, c)]
    problems += [p for rule in PROGRAMME_RULES for p in rule(c)]
    problems += [p for doc in request_docs for p in check_public_text(doc, c)]
    return problems


def check(root: Path, cache: ReadCache | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Read, validate and check all the content under `root` (parsing again only the
    files changed since `cache` was saved, if there is one)."""
    if cache is not None:
        cache.load_memos()
    catalog, problems = load(root, cache)
    if catalog is not None:
        problems += run_checks(catalog, cache)
    if cache is not None:
        cache.save_memos()
    return catalog, sorted(set(problems))


def _starts_with_id(path: Path, record_id: str) -> bool:
    return path.name == f"{record_id}.md" or path.name.startswith(f"{record_id}-")

