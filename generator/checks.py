"""Stage 2: the rules of SPEC §4 and §5 over the whole validated content.

Each rule is a small generator whose docstring is the rule. `run_checks`
runs every rule over everything, so that all problems are reported at once.
"""

from __future__ import annotations

import html
import itertools
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from generator.audit import scan_text, scanned_variants
from generator.catalog import PAGES_DIR, REQUESTS_DIR, Catalog, Record, close_match, load, vocabulary_problem
from generator.errors import Problem, display_path
from generator.fold import words
from generator.markup import render_with_raw_html, shown_text
from generator.models import Binome, Request
from generator.privacy import NarrowIndex, PrivateIndex, PrivateValue, Vocabulary, without_covered_parts
from generator.public import CLOSED_CALL_STATUSES
from generator.reader import Document, Loc
from generator.review.files import REVIEWS_DIR, commentary_files
from generator.routes import call_page, reserved_page, review_page
from generator.weblinks import HTML_TAGS_MESSAGE, LINK, LOAD, public_html_problems, scan_html
from generator.yamlbuild import CONTROL, control_name

if TYPE_CHECKING:
    from generator.cache import ReadCache

PUBLISHED_STATUSES = {"open", "matched", "withdrawn", "expired"}
_NUMERIC_REFERENCE = re.compile(r"&#(?:0*([0-9]{1,8})|[xX]0*([0-9a-fA-F]{1,7}))")
_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")
#: An e-mail address as people write one (a `mailto:` before it is not part of it).
_ADDRESS = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s.()-]{6,}\d")

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
            yield _at(r, (name,), f"« {name} » doit s'écrire true ou false, reçu « {raw} »")


# --- requests -----------------------------------------------------------------


def check_file_name(r: Record[Request] | Record[Binome], _: Catalog) -> Iterator[Problem]:
    """The file name starts with the record's id."""
    if not _starts_with_id(r.doc.path, r.model.id):
        yield _at(r, ("id",), f"l'identifiant {r.model.id} ne correspond pas au nom du fichier "
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
        yield _at(r, ("status",), "un appel ouvert doit avoir un texte public sous l'en-tête")


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
                      f"réponse reçue le {_fr(reply.received)}, avant la publication de l'appel "
                      f"({_fr(start)})")
        if reply.forwarded and reply.forwarded < reply.received:
            yield _at(r, ("responses", i, "forwarded"),
                      f"réponse transmise le {_fr(reply.forwarded)}, avant d'avoir été reçue "
                      f"({_fr(reply.received)})")


def check_public_text(doc: Document, c: Catalog) -> Iterator[Problem]:
    """The text of an open call holds no private value, address, phone number, HTML, script
    or resource from another site — as the site will show it, once rendered.

    It runs on every open request that could be read, even one the schema refused; the
    title and text of any other request are not public, but private values themselves.
    """
    if doc.data.get("status") != "open":
        return
    title, record_id = doc.data.get("title"), str(doc.data.get("id"))
    if isinstance(title, str):
        for message in plain_text_problems(title, "le titre", c.scan_index, record_id):
            yield Problem(doc.shown, doc.line(("title",)), message)
    yield from markdown_problems(doc.shown, doc.body, doc.body_line, "le texte de l'appel", c,
                                 record_id, call_page(record_id))


def markdown_problems(shown: str, text: str, first_line: int, where: str, c: Catalog,
                      record_id: str, page: str) -> Iterator[Problem]:
    """The problems of public Markdown `text` (its first line is `first_line` of the file;
    it lands at `page` of the docs tree), each at the line where it shows up first."""

    def messages(part: str) -> Iterator[str]:
        html, raw = render_with_raw_html(part)
        yield from _markdown_messages(html, raw, where, c.scan_index, record_id, c.own_host)
        yield from _link_messages(html, where, page, c.site_pages)

    found = list(dict.fromkeys(messages(text)))
    if not found:
        return
    lines = text.split("\n")
    remaining = set(found)
    for count in range(1, len(lines) + 1):  # on a problem only: render ever longer beginnings
        here = set(messages("\n".join(lines[:count])))
        for message in [m for m in found if m in remaining and m in here]:
            remaining.discard(message)
            yield Problem(shown, first_line + count - 1, message)
        if not remaining:
            return
    yield from (Problem(shown, first_line, message) for message in found if message in remaining)


def _control_references(html: str) -> set[str]:
    """Control characters written as numeric references (« &#1; »), which a browser, unlike
    Python's `html.unescape`, turns into the character itself."""
    found = set()
    for decimal, hexadecimal in _NUMERIC_REFERENCE.findall(html):
        code = int(decimal) if decimal else int(hexadecimal, 16)
        if code < 0x110000 and CONTROL.fullmatch(chr(code)) and chr(code) != "\r":
            found.add(chr(code))
    return found


def _link_messages(html: str, where: str, page: str, pages: frozenset[str]) -> Iterator[str]:
    """Links and images within the site lead somewhere, as the site engine demands: a page
    of the docs tree, by its `.md` name (`../proposer.md`); the content has no images."""
    ids = set(_ID.findall(html))
    for effect in scan_html(html):
        url = effect.url
        if url is None or url.scheme or url.host or effect.kind not in (LINK, LOAD):
            continue  # another site's: judged by `public_html_problems`
        raw = url.raw.strip()
        path, _, anchor = raw.partition("#")
        if effect.kind == LOAD:
            yield f"{where} contient une image « {raw} » que le site n'a pas : retirez-la"
        elif raw.startswith("/"):
            yield (f"{where} contient un lien « {raw} » qui part de la racine : écrivez le "
                   "nom de la page, par exemple proposer.md")
        elif not path:
            if anchor not in ids:
                yield f"{where} contient un lien vers une section « #{anchor} » introuvable"
        elif posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path))) not in pages:
            yield (f"{where} contient un lien vers une page introuvable « {raw} » : liez une "
                   "page du site par son nom, par exemple proposer.md ou appels/index.md")
        elif anchor:
            yield (f"{where} contient un lien vers une section d'une autre page « {raw} » : "
                   f"retirez « #{anchor} »")


def _markdown_messages(html: str, raw: tuple[str, ...], where: str, index: PrivateIndex | NarrowIndex,
                       record_id: str, own_host: str) -> Iterator[str]:
    """The problems of the HTML rendered from public Markdown (`raw`: the HTML written as it
    is in the Markdown)."""
    shown = shown_text(html)
    yield from _value_messages(html, where, index, record_id)
    yield from _contact_messages(shown, where)
    controls = sorted(set(CONTROL.findall(shown.replace("\r", ""))) | _control_references(html))
    if controls:  # written as references (« &#1; »): the reader refuses them written as they are
        yield (f"{where} contient un caractère de contrôle écrit par une référence « &#…; » "
               f"({', '.join(map(control_name, controls))}) : retirez-la")
    messages = list(_html_messages(html, where, own_host))
    if raw:  # said once: the tags Markdown does not make are this raw HTML
        listed = ", ".join(dict.fromkeys(fragment[:40] for fragment in raw))
        yield f"{where} contient du HTML ({listed}) : écrivez du Markdown simple"
        messages = [m for m in messages if not m.startswith(f"{where} {HTML_TAGS_MESSAGE}")]
    yield from messages


def plain_text_problems(text: str, where: str, index: PrivateIndex | NarrowIndex, record_id: str
                        ) -> Iterator[str]:
    """The problems of a public text shown as it is written (a title, a label, a name)."""
    page = html.escape(text)  # as every template writes it
    yield from _value_messages(page, where, index, record_id)
    yield from _contact_messages(text, where)
    yield from _html_messages(page, where, "")


def _owner(value: PrivateValue, record_id: str) -> str:
    if value.record == record_id:
        return "de cette demande"
    if value.record == "annuaire":
        return "de l'annuaire des adhérents"
    return f"du binôme {value.record}" if "-B" in value.record else f"de la demande {value.record}"


def _value_messages(page: str, where: str, index: PrivateIndex | NarrowIndex, record_id: str
                    ) -> Iterator[str]:
    """The private values the audit would find in `page` (HTML), found by the audit's own scan:
    what the check lets through, the audit of the built site finds nothing in."""
    for value in _most_telling(scan_text(page, ".html", index), record_id):
        part = f" ({value.part})" if value.part else ""
        yield (f"{where} contient « {value.shown} »{part}, valeur privée {_owner(value, record_id)} "
               f"({value.field})")


def _contact_messages(text: str, where: str) -> Iterator[str]:
    email = _ADDRESS.search(text) if "@" in text else None
    if email:
        yield f"{where} contient une adresse e-mail « {email.group()} »"
    for match in _PHONE_LIKE.finditer(text):
        if 9 <= sum(ch.isdigit() for ch in match.group()) <= 15:
            yield f"{where} contient un numéro de téléphone « {match.group().strip()} »"


def _html_messages(html: str, where: str, own_host: str) -> Iterator[str]:
    for message in public_html_problems(html, own_host):
        yield f"{where} {message}"


def _most_telling(values: list[PrivateValue], record_id: str) -> list[PrivateValue]:
    """One value per distinct text found: this record's own first, then the directory's."""
    rank = {record_id: 0, "annuaire": 1}
    best: dict[tuple[str, ...], PrivateValue] = {}
    for value in sorted(without_covered_parts(values),
                        key=lambda v: (bool(v.part), rank.get(v.record, 2), v.record, v.field)):
        key = tuple(words(value.shown))
        if value.part and any(_inside(key, found) for found in best):
            continue  # « Brivalon » inside « brivalon.example.org »: one problem, not two
        best.setdefault(key, value)
    return list(best.values())


def _inside(needle: tuple[str, ...], haystack: tuple[str, ...]) -> bool:
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


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
                              f"l'annuaire{hint}")


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
                      f"point d'étape du {_fr(checkin.date)} en dehors de la vie du binôme "
                      f"({_fr(m.formed)} – {_fr(m.ended) if m.ended else 'en cours'})")
        if checkin.next and checkin.next < checkin.date:
            yield _at(b, ("checkins", i, "next"),
                      f"prochain point ({_fr(checkin.next)}) antérieur au point d'étape "
                      f"({_fr(checkin.date)})")


def check_binome_request(b: Record[Binome], c: Catalog) -> Iterator[Problem]:
    """The request exists, is matched, and was published before the pair formed."""
    request = c.requests_by_id.get(b.model.request)
    if request is None and b.model.request in {str(d.data.get("id")) for d in c.invalid}:
        return  # the request has problems of its own, reported already
    if request is None:
        yield _at(b, ("request",), f"la demande {b.model.request} n'existe pas")
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


def check_pages(c: Catalog) -> Iterator[Problem]:
    """Programme pages are public text too."""
    for name, text in c.pages.items():
        shown = display_path(c.root / PAGES_DIR / name)
        yield from markdown_problems(shown, text, 1, "la page", c, "", name)


def check_review_commentaries(c: Catalog) -> Iterator[Problem]:
    """The coordinator's commentary of each yearly review is public text too."""
    texts, problems = commentary_files(c.root)
    yield from problems
    for year, text in texts.items():
        shown = display_path(c.root / REVIEWS_DIR / f"{year}.md")
        yield from markdown_problems(shown, text, 1, "le commentaire du bilan", c, "",
                                     review_page(year))


def check_settings_text(c: Catalog) -> Iterator[Problem]:
    """The names and labels of programme.yml are shown on every page: public text too."""
    doc = c.settings_doc
    for loc, text, where in _settings_texts(c):
        for message in plain_text_problems(text, where, c.scan_index, ""):
            yield Problem(doc.shown, doc.line(loc), message)


def _settings_texts(c: Catalog) -> list[tuple[Loc, str, str]]:
    """(where in programme.yml, text, what it is) of every name and label shown publicly."""
    s = c.settings
    texts: list[tuple[Loc, str | None, str]] = [
        (("name",), getattr(s, "name", None), "le nom du programme"),
        (("network",), getattr(s, "network", None), "le nom du réseau"),
        (("coordinator", "name"), getattr(getattr(s, "coordinator", None), "name", None),
         "le nom de la coordination"),
    ]
    texts += [(("pages", i, "title"), page.title, "le titre de page") for i, page in enumerate(s.pages)]
    texts += [(("themes", key), label, "le libellé de thème") for key, label in s.themes.items()]
    texts += [(("roles", key), label, "le libellé de fonction") for key, label in s.roles.items()]
    return [(loc, text, where) for loc, text, where in texts if isinstance(text, str)]


def check_settings_pages(c: Catalog) -> Iterator[Problem]:
    """Programme pages don't take the names of the generated pages."""
    doc = c.settings_doc
    for i, page in enumerate(c.settings.pages):
        if reserved_page(page.file):
            yield Problem(doc.shown, doc.line(("pages", i, "file")),
                          f"« {page.file} » est réservé aux pages générées : choisissez un autre nom")


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
                   check_directory_themes, check_pages, check_settings_text,
                   check_review_commentaries]


def run_checks(c: Catalog, cache: ReadCache | None = None) -> list[Problem]:
    request_docs = [r.doc for r in c.requests]
    request_docs += [d for d in c.invalid if d.path.parent.name == REQUESTS_DIR]
    c.text_index = _text_index(c, request_docs, cache)
    problems = [p for r in c.requests for rule in REQUEST_RULES for p in rule(r, c)]
    problems += [p for b in c.binomes for rule in BINOME_RULES for p in rule(b, c)]
    problems += [p for rule in PROGRAMME_RULES for p in rule(c)]
    problems += [p for doc in request_docs for p in check_public_text(doc, c)]
    return problems


def _text_index(c: Catalog, request_docs: list[Document], cache: ReadCache | None) -> NarrowIndex:
    """The private index restricted to the words of every public text the rules read.

    At ten years of history the public texts are a few hundred, the private values tens of
    thousands: only the values that could be found in those words are indexed. A text
    these rules did not foresee is looked up in the whole index (see `NarrowIndex`).
    """
    pages = [html.escape(text) for _, text, _ in _settings_texts(c)]
    pages += [render_with_raw_html(text)[0] for text in c.pages.values()]
    pages += [render_with_raw_html(text)[0] for text in commentary_files(c.root)[0].values()]
    for doc in request_docs:
        if doc.data.get("status") == "open":
            title = doc.data.get("title")
            pages += [html.escape(title)] if isinstance(title, str) else []
            pages.append(render_with_raw_html(doc.body)[0])
    vocabulary = Vocabulary.of(words(variant) for page in pages
                               for variant in scanned_variants(page, ".html"))
    key = c.index_key(vocabulary) if cache is not None else ""
    narrow = cache.restricted_index(key) if cache is not None else None
    if narrow is None:
        narrow = c.index_for(vocabulary)
        if cache is not None:
            cache.keep_restricted_index(key, narrow)
    return NarrowIndex(narrow, lambda: c.check_index)


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

