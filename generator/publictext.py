"""The rules on public text: what the content publishes, read as the site will show it.

Every text the public site shows from the content — an open call's title and text, the
programme pages, the review commentaries, the names and labels of programme.yml — is
rendered like the site engine renders it, then refused if a visitor could read a private
value in it (found by the audit's own scan, `audit.scan_text`), an address or a phone
number, if a browser would run a script or load something from another site in it
(`weblinks`), or if the engine would refuse it at build time (a link to a missing page).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote

from generator.audit import scan_text, scanned_variants
from generator.catalog import PAGES_DIR, Catalog
from generator.errors import Problem, display_path
from generator.fold import words
from generator.markup import render_with_raw_html, shown_text
from generator.privacy import NarrowIndex, PrivateIndex, PrivateValue, Vocabulary, without_covered_parts
from generator.reader import Document, Loc
from generator.review.files import REVIEWS_DIR, commentary_files
from generator.routes import call_page, review_page
from generator.weblinks import HTML_TAGS_MESSAGE, LINK, LOAD, public_html_problems, scan_html
from generator.yamlbuild import CONTROL, control_name

if TYPE_CHECKING:
    from generator.cache import ReadCache

_NUMERIC_REFERENCE = re.compile(r"&#(?:0*([0-9]{1,8})|[xX]0*([0-9a-fA-F]{1,7}))")
_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")
#: An e-mail address as people write one (a `mailto:` before it is not part of it).
_ADDRESS = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s.()-]{6,}\d")


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
    yield from markdown_problems(doc.shown, doc.body, doc.body_line, "le texte de l’appel", c,
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
            yield f"{where} contient une image « {raw} » que le site n’a pas : retirez-la"
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
            yield (f"{where} contient un lien vers une section d’une autre page « {raw} » : "
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
        return "de l’annuaire des adhérents"
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


def text_index(c: Catalog, request_docs: list[Document], cache: ReadCache | None) -> NarrowIndex:
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
