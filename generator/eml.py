"""A saved e-mail (`.eml`) read into what the coordinator's commands need: who, when, what.

E-mails are untrusted input. Whatever the mail client (Thunderbird, Outlook, Gmail),
the encoding (quoted-printable, base64), the declared charset (right, wrong or unknown)
or the shape (plain, HTML only, multipart, forwarded), `read` returns a small `Mail`
whose texts are normalised like everything tandem writes (no control character, which
the reader refuses; line breaks as « \n »; bounded lengths), or raises a `TandemError`
in French. It never lets a Python error through: the standard `email` package is
lenient, but a few malformed headers still make it raise.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from generator.errors import TandemError, display_path
from generator.models import EMAIL
from generator.yamlbuild import CONTROL

#: A question e-mail is a few kilobytes; attachments make it megabytes. Beyond this
#: the file is not a message a person wrote (and parsing it would take long).
MAX_BYTES = 10 * 1024 * 1024
#: The text kept (a page of e-mail); a longer one is cut at a line, marked « […] ».
MAX_TEXT = 10_000
#: The text looked at (for the message and a forwarded one in it): only its beginning is kept.
MAX_SCANNED = 20 * MAX_TEXT
#: A name, a subject: one line.
MAX_LINE = 200
#: The HTML read (what is beyond is not a message a person wrote) and how deep it may nest.
MAX_HTML = 1_000_000
MAX_HTML_DEPTH = 500
CUT_MARK = "[…]"

#: Outlook's own format (an OLE compound file), which people save by mistake.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Charsets in which any byte decodes: a strict decoding proves nothing, so UTF-8 is
#: tried first (text that decodes as UTF-8 is almost never anything else).
_SINGLE_BYTE_LATIN = {"ascii", "us-ascii", "iso-8859-1", "latin-1", "latin1", "iso8859-1",
                      "windows-1252", "cp1252", "iso-8859-15", "latin-9"}
#: Invisible characters that change how text reads without being control characters:
#: bidirectional embeddings, overrides and isolates (a name could read backwards), BOMs.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")

_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol",
               "li", "table", "tr", "section", "article", "header", "footer", "address", "hr",
               "dl", "dt", "dd", "center")
#: What a reader never sees: scripts, styles, and the hidden « preheader » of mailings.
_HIDDEN_TAGS = ("script, style, head, title, noscript, template, iframe, object, svg, math, "
                "[hidden], [style*='display:none'], [style*='display: none']")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                        "source", "track", "wbr", "p", "li", "td", "tr", "th", "option"})
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "pre", "ul",
                   "ol", "dl"}
#: Stand for line breaks while HTML white space is collapsed (private-use characters,
#: removed from the HTML first): a block's edge, a paragraph's edge, a `<br>`.
_LINE, _PARAGRAPH, _BR = "\ue000", "\ue001", "\ue002"
_BREAKS = re.compile(f" *[{_LINE}{_PARAGRAPH}{_BR}][ {_LINE}{_PARAGRAPH}{_BR}]*")

_FORWARD_MARK = re.compile(
    r"^[ \t>]*-{2,}\s*(?:forwarded message|message transf[ée]r[ée]|original message"
    r"|message d[’']origine|message original|begin forwarded message|d[ée]but du message "
    r"r[ée]exp[ée]di[ée])\s*-*\s*:?\s*$|^[ \t>]*_{10,}\s*$", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"^[ \t>]*\**(from|de|date|envoy[ée]|sent|subject|objet|sujet|to|[àa]"
                          r"|pour|cc|cci|bcc|reply-to|r[ée]pondre [àa])\**\s*:\s*(.*)$",
                          re.IGNORECASE)
_REPLY_INTRO = re.compile(r"^(?:le|on)\s.{0,300}\s(?:a [ée]crit|wrote)\s*:\s*$",
                          re.IGNORECASE | re.DOTALL)
_MOBILE_SIGNATURE = re.compile(r"^(?:envoy[ée]|sent)\s+(?:de|depuis|from)\s+(?:mon|my)\s.{0,60}$",
                               re.IGNORECASE)
_MONTHS = {"jan": 1, "janv": 1, "janvier": 1, "january": 1, "fev": 2, "fevr": 2, "fevrier": 2,
           "feb": 2, "february": 2, "mars": 3, "mar": 3, "march": 3, "avr": 4, "avril": 4,
           "apr": 4, "april": 4, "mai": 5, "may": 5, "juin": 6, "jun": 6, "june": 6,
           "juil": 7, "juillet": 7, "jul": 7, "july": 7, "aout": 8, "aug": 8, "august": 8,
           "sep": 9, "sept": 9, "septembre": 9, "september": 9, "oct": 10, "octobre": 10,
           "october": 10, "nov": 11, "novembre": 11, "november": 11, "dec": 12,
           "decembre": 12, "december": 12}
_WORD_DATE = re.compile(r"(?:(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4}))"
                        r"|(?:([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4}))")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
#: Before this, a Date header is a broken client's clock (1970, 1980), not a real date.
_EARLIEST = dt.date(2000, 1, 1)


class Unreadable(Exception):
    """A part of the e-mail tandem will not read (the reason, in French)."""


@dataclass(frozen=True)
class Mail:
    """What tandem keeps of an e-mail, normalised (see `clean_text`, `clean_line`)."""

    #: The sender's name as the From header shows it; None when it has none.
    name: str | None
    address: str
    #: The day it was sent, in the sender's own time zone; None when the Date is missing.
    date: dt.date | None
    subject: str
    #: The message itself: plain text, signature and quoted history trimmed, bounded.
    text: str
    #: The coordinator's address when the e-mail was the coordinator forwarding it.
    forwarded_by: str | None = None


def read(path: Path, own_addresses: Collection[str] = ()) -> Mail:
    """The e-mail saved at `path`. When it comes from one of `own_addresses` (the
    coordinator's), it is a forward: the sender is the forwarded message's."""
    shown = display_path(path)
    return parse(_read_bytes(path, shown), shown, own_addresses)


def parse(data: bytes, shown: str, own_addresses: Collection[str] = ()) -> Mail:
    """`read` of bytes already read (`shown` names the file in messages)."""
    _refuse_not_an_email(data, shown)
    message = BytesParser(policy=policy.default).parsebytes(data.removeprefix(b"\xef\xbb\xbf"))
    if not message.keys():
        raise TandemError(f"{shown} : ce n’est pas un courriel (aucun en-tête « De : » ni "
                          "« Objet : ») ; enregistrez le message au format .eml depuis votre "
                          "messagerie")
    try:
        return _sent_by(message, shown, own_addresses)
    except Unreadable as err:
        raise TandemError(f"{shown} : courriel illisible : {err}") from None


def _sent_by(message: Message, shown: str, own_addresses: Collection[str]) -> Mail:
    """The mail, or the one it forwards when it comes from one of `own_addresses`."""
    mail = _mail(message, shown)
    own = {address.casefold() for address in own_addresses}
    if mail.address.casefold() not in own:
        return mail
    original = _forwarded(message, mail)
    if original is None:
        raise TandemError(f"{shown} : ce courriel vient de l’adresse de la coordination "
                          f"({mail.address}) et ne contient pas de message transféré dont "
                          "l’expéditeur soit lisible ; enregistrez le message d’origine, ou "
                          "donnez --name et --email")
    return original


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        if path.is_dir():
            raise TandemError(f"{shown} est un dossier, pas un courriel enregistré (.eml)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TandemError(f"{shown} : fichier trop gros pour un courriel "
                              f"({size // (1024 * 1024)} Mo, au plus {MAX_BYTES // (1024 * 1024)} "
                              "Mo) ; enregistrez le message sans ses pièces jointes")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise TandemError(f"{shown} : fichier introuvable") from None
    except OSError as err:
        raise TandemError(f"{shown} : lecture impossible ({err.strerror or err})") from None


def _refuse_not_an_email(data: bytes, shown: str) -> None:
    if not data.strip():
        raise TandemError(f"{shown} : le fichier est vide")
    if len(data) > MAX_BYTES:
        raise TandemError(f"{shown} : fichier trop gros pour un courriel "
                          f"(au plus {MAX_BYTES // (1024 * 1024)} Mo)")
    if data.startswith(_OLE_MAGIC):
        raise TandemError(f"{shown} : c’est un message au format .msg d’Outlook, que tandem ne "
                          "lit pas ; enregistrez-le au format .eml (ou transférez-le-vous et "
                          "enregistrez le transfert)")
    head = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    if b"\x00" in head:
        raise TandemError(f"{shown} : ce n’est pas un courriel (fichier binaire) ; enregistrez "
                          "le message au format .eml depuis votre messagerie")


# Headers ----------------------------------------------------------------------------------

def _mail(message: Message, shown: str) -> Mail:
    name, address = _sender(message, shown)
    return Mail(name=name, address=address, date=_date(_header(message, "Date")),
                subject=clean_line(_header(message, "Subject")), text=trimmed(_text_of(message)))


def _header(message: Message, name: str) -> str:
    """A header's decoded value; a header the `email` package cannot parse is read raw."""
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except Exception:  # the package raises many kinds on malformed headers
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
        return _decoded_words(str(raw))


def _decoded_words(raw: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except Exception:  # same: undecodable encoded words are kept as written
        return raw


def _sender(message: Message, shown: str) -> tuple[str | None, str]:
    """The first From address that is one: as the `email` package parses it, else as the
    raw header reads once its encoded words are decoded (some clients encode the whole
    header, address included, which RFC 2047 forbids but readers accept)."""
    raw = _header(message, "From")
    candidates: list[tuple[str, str]] = []
    try:
        for parsed in getattr(message["From"], "addresses", ()):
            candidates.append((parsed.display_name, parsed.addr_spec))
    except Exception:  # the raw header's readings below stand
        pass
    written = [_decoded_words(str(v)) for k, v in message.raw_items() if k.lower() == "from"]
    candidates += [email.utils.parseaddr(value) for value in written[:1]]
    candidates.append(email.utils.parseaddr(raw))
    raw = written[0] if written else raw  # shown as written if nothing can be read in it
    for name, address in candidates:
        if "@" in address and EMAIL.fullmatch(clean_line(address)):
            return _checked_sender(name, address, raw, shown)
    name, address = candidates[0] if candidates else ("", "")
    return _checked_sender(name, address if "@" in address else "", raw, shown)


def _checked_sender(name: str, address: str, raw: str, shown: str) -> tuple[str | None, str]:
    address = clean_line(address).strip("<>")
    if not address:
        what = f" (« {clean_line(raw)} »)" if raw.strip() else ""
        raise TandemError(f"{shown} : aucune adresse d’expéditeur lisible dans l’en-tête "
                          f"« De : » (From){what}")
    local, _, domain = address.rpartition("@")
    address = f"{local}@{domain.lower()}"
    if not EMAIL.fullmatch(address):
        raise TandemError(f"{shown} : adresse d’expéditeur invalide « {address} »")
    cleaned = clean_line(name).strip("\"' ")
    return (cleaned if cleaned and cleaned.casefold() != address.casefold() else None), address


def _date(raw: str) -> dt.date | None:
    """The day of a Date header in the sender's time zone, or None."""
    if not raw.strip():
        return None
    day = loose_date(raw)
    return day if day is not None and day >= _EARLIEST else None


def loose_date(text: str) -> dt.date | None:
    """A date as mail clients write it in a forwarded header: « mar. 10 févr. 2026 à 09:14 »,
    « Tue, Feb 10, 2026 at 9:14 AM », « mardi 10 février 2026 09:14 », « 10/02/2026 »."""
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    plain = "".join(c for c in unicodedata.normalize("NFD", text.lower())
                    if unicodedata.category(c) != "Mn")
    for match in _WORD_DATE.finditer(plain):
        day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) \
            else (match.group(5), match.group(4), match.group(6))
        found = _day(int(year), _MONTHS.get(month, 0), int(day))
        if found:
            return found
    numeric = _NUMERIC_DATE.search(plain)
    return _day(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1))) if numeric else None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# Body -------------------------------------------------------------------------------------

def _text_of(message: Message) -> str:
    """The message's text: its plain part, else its HTML part as text ('' if it has none)."""
    for kind in ("plain", "html"):
        part = _body_part(message, kind)
        if part is None:
            continue
        text = _decoded(part)
        if kind == "html":
            text = html_to_text(text)
        elif part.get_param("format", "", header="content-type") == "flowed":
            text = _unflowed(text[:MAX_SCANNED], str(part.get_param("delsp", "",
                                                                    header="content-type")))
        text = text[:MAX_SCANNED]
        if text.strip():
            return clean_text(text)
    return ""


def _body_part(message: Message, kind: str) -> Message | None:
    if isinstance(message, EmailMessage):
        try:
            return message.get_body(preferencelist=(kind,))
        except Exception:  # a broken MIME tree: read it part by part below
            pass
    return next((part for part in _walk(message) if part.get_content_type() == f"text/{kind}"
                 and part.get_content_disposition() != "attachment"), None)


def _walk(message: Message) -> Iterator[Message]:
    try:
        yield from message.walk()
    except Exception:  # what was walked before the break is kept
        return


def _decoded(part: Message) -> str:
    """The part's text, from its bytes: the declared charset when it is right, else UTF-8,
    else Windows-1252 (what « ISO-8859-1 » and unlabelled French text almost always are)."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # undecodable transfer encoding: the raw text
        payload = str(part.get_payload()).encode("utf-8", "replace")
    if not isinstance(payload, bytes):
        return ""
    declared = (part.get_content_charset() or "").strip().lower()
    return decode_bytes(payload, declared)


def decode_bytes(payload: bytes, declared: str) -> str:
    """`payload` as text, whatever its `declared` charset says (see `_decoded`)."""
    order = ["utf-8", declared] if declared in _SINGLE_BYTE_LATIN or not declared \
        else [declared, "utf-8"]
    for charset in order:
        if charset in ("iso-8859-1", "latin-1", "latin1", "iso8859-1", "us-ascii", "ascii"):
            charset = "windows-1252"  # the labels mail clients put on Windows-1252 text
        try:
            return payload.decode(charset)
        except (LookupError, ValueError):  # unknown, not a text encoding, or wrong (UnicodeError)
            continue
    return payload.decode("windows-1252", errors="replace")


def _unflowed(text: str, delsp: str) -> str:
    """format=flowed (RFC 3676, Thunderbird): a line ending with a space goes on."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        line = line[1:] if line.startswith(" ") else line  # space-stuffing
        if out and out[-1].endswith(" ") and out[-1] != "-- ":
            out[-1] = (out[-1][:-1] if delsp.lower() == "yes" else out[-1]) + line
        else:
            out.append(line)
    return "\n".join(out)


def html_to_text(html: str) -> str:
    """What a reader sees of `html`: its text, a line break around each block (a blank line
    around a paragraph), one per `<br>`, no script, style or hidden parts.

    Raises `Unreadable` for HTML nested deeper than any mail client writes: an HTML parser
    checks the open elements at each new block, and lexbor took minutes on ten megabytes of
    nested `<div>` followed by paragraphs."""
    html = html[:MAX_HTML]
    if _depth(html) > MAX_HTML_DEPTH:
        raise Unreadable(f"son HTML est imbriqué sur plus de {MAX_HTML_DEPTH} niveaux, ce "
                         "qu’aucune messagerie n’écrit")
    tree = LexborHTMLParser(re.sub(f"[{_LINE}{_PARAGRAPH}{_BR}]", "", html))
    for node in tree.css(_HIDDEN_TAGS):
        node.decompose()
    for node in tree.css(", ".join(_BLOCK_TAGS)):
        mark = _PARAGRAPH if node.tag in _PARAGRAPH_TAGS else _LINE
        node.insert_before(mark + ("- " if node.tag == "li" else ""))
        node.insert_after(mark)
    for node in tree.css("br"):
        node.insert_before(_BR)
    for node in tree.css("td, th"):
        node.insert_after(" ")
    root = tree.body or tree.root
    text = root.text(deep=True, separator="") if root is not None else ""
    text = re.sub(r"[ \t\n\r\f]+", " ", text)  # HTML white space is one space
    return _BREAKS.sub(_breaks, text)


def _depth(html: str) -> int:
    """The deepest nesting of elements in `html`, counted on its tags alone (linear time)."""
    depth = deepest = 0
    for closing, name in _TAG.findall(html):
        if closing:
            depth = max(depth - 1, 0)
        elif name.lower() not in _VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _breaks(run: re.Match[str]) -> str:
    """A run of marks and spaces as line breaks: blocks side by side make one break (two
    around a paragraph), each `<br>` one more."""
    marks = run.group()
    lines = 2 if _PARAGRAPH in marks else 1 if _LINE in marks else 0
    return "\n" * max(lines, marks.count(_BR))


# Forwarded messages --------------------------------------------------------------------------

def _forwarded(message: Message, outer: Mail) -> Mail | None:
    """The forwarded message inside `message` (an attached message/rfc822, else a block of
    « De : … Date : … » lines after a « Message transféré » mark), or None."""
    for part in _walk(message):
        if part is message or part.get_content_type() != "message/rfc822":
            continue
        inner = _attached(part)
        if inner is not None and inner.keys():
            try:
                found = _mail(inner, "")
            except TandemError:
                continue
            return replace(found, forwarded_by=outer.address,
                           date=found.date or outer.date, subject=found.subject or outer.subject)
    return forwarded_block(_text_of(message), outer)  # untrimmed: the block is at the end


def _attached(part: Message) -> Message | None:
    try:
        payload = part.get_payload()
    except Exception:  # a broken attached message
        return None
    inner = payload[0] if isinstance(payload, list) and payload else payload
    return inner if isinstance(inner, Message) else None


def forwarded_block(text: str, outer: Mail) -> Mail | None:
    """The sender, date, subject and text of the message forwarded in `text`, from the
    header lines mail clients write after their « Forwarded message » mark."""
    for mark in itertools.islice(_FORWARD_MARK.finditer(text), 20):  # a few, not thousands
        lines = text[mark.end():].lstrip("\n").split("\n")
        headers, rest = _header_lines(lines)
        sender = headers.get("from") or headers.get("de")
        if not sender:
            continue
        name, address = _loose_sender(sender)
        if not address:
            continue
        when = headers.get("date") or headers.get("envoye") or headers.get("sent") or ""
        subject = headers.get("subject") or headers.get("objet") or headers.get("sujet") or ""
        body = "\n".join(line.removeprefix(">").removeprefix(" ") if line.startswith(">") else line
                         for line in rest)
        day = loose_date(when) if when else None
        return Mail(name=name, address=address,
                    date=day if day and day >= _EARLIEST else outer.date,
                    subject=clean_line(subject) or outer.subject, text=trimmed(clean_text(body)),
                    forwarded_by=outer.address)
    return None


def _header_lines(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """The « Name: value » lines at the start of `lines` (folded on one line), and the rest."""
    headers: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _HEADER_LINE.match(line)
        if match:
            key = unicodedata.normalize("NFD", match.group(1).lower())
            key = "".join(c for c in key if unicodedata.category(c) != "Mn")
            headers.setdefault(key, match.group(2).strip().strip("*").strip())
            continue
        if not line.strip() and headers:
            return headers, lines[index + 1:]
        if headers and line.startswith((" ", "\t")):  # a header value going on
            continue
        return headers, lines[index:]
    return headers, []


def _loose_sender(value: str) -> tuple[str | None, str]:
    """« Jeanne Martin <jeanne@x.org> », « Jeanne Martin [mailto:jeanne@x.org] », « jeanne@x.org »."""
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value)
    name, address = email.utils.parseaddr(value.replace("*", ""))
    address = clean_line(address)
    if not EMAIL.fullmatch(address):
        found = re.search(r"[^\s<>\[\]()\"',;:]+@[^\s<>\[\]()\"',;:]+\.[A-Za-z]{2,}", value)
        if not found:
            return None, ""
        address = found.group()
        name = value[: found.start()].strip(" <[(\"'")
    local, _, domain = address.rpartition("@")
    address = f"{local}@{domain.lower()}"
    name = clean_line(name).strip("\"' ")
    return (name if name and name.casefold() != address.casefold() else None), address


# Normalisation ---------------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """Text as tandem stores it: « \n » line breaks, no control or invisible direction
    character, no trailing spaces, at most one blank line in a row, no blank line at the
    ends, NFC, and nothing UTF-8 cannot write (bytes the `email` package could not decode
    come as lone surrogates: read as Windows-1252)."""
    if _SURROGATE.search(text):
        text = _ESCAPED_BYTES.sub(_escaped_bytes, text)
        text = _SURROGATE.sub("\ufffd", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\t", "    ")
    text = _INVISIBLE.sub("", CONTROL.sub("", text))  # CONTROL spares tab and line feed
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n")


def _escaped_bytes(match: re.Match[str]) -> str:
    return match.group().encode("utf-8", "surrogateescape").decode("windows-1252", "replace")


def clean_line(text: str, limit: int = MAX_LINE) -> str:
    """One line of text (a name, a subject): `clean_text`, white space collapsed, bounded."""
    line = " ".join(clean_text(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def trimmed(text: str) -> str:
    """The message without its signature, its quoted history and beyond `MAX_TEXT`."""
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _ends_message(line, lines[index + 1] if index + 1 < len(lines) else ""):
            break
        if line.startswith(">"):
            continue
        kept.append(line)
    text = "\n".join(kept).strip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return bounded(text, MAX_TEXT)


def _ends_message(line: str, following: str) -> bool:
    """Where the writer's own text ends: a signature, a mobile footer, quoted history."""
    if line in ("-- ", "--") or _MOBILE_SIGNATURE.match(line.strip()):
        return True
    if _FORWARD_MARK.fullmatch(line):
        return "original" in line.lower() or "origine" in line.lower() or "_" in line
    if _REPLY_INTRO.match(line.strip()) or _REPLY_INTRO.match(f"{line.strip()} {following.strip()}"):
        return True
    header = _HEADER_LINE.match(line)
    follow = _HEADER_LINE.match(following)
    # Outlook's reply: « De : … » then « Envoyé : … » (no mark before them).
    return bool(header and follow and header.group(1).lower() in ("de", "from")
                and follow.group(1).lower() in ("envoyé", "envoye", "sent", "date"))


def bounded(text: str, limit: int) -> str:
    """`text` cut at the last line (or word) that fits in `limit`, marked « […] »."""
    if len(text) <= limit:
        return text
    room = limit - len(CUT_MARK) - 1
    cut = text.rfind("\n", 0, room)
    if cut < room // 2:
        cut = text.rfind(" ", 0, room)
    if cut < room // 2:
        cut = room
    return text[:cut].rstrip() + (" " if text[cut: cut + 1] == " " else "\n") + CUT_MARK
