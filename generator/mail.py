"""mailto links (RFC 6068) for the public forms.

A form's link is the contract between this module and the forms' script
(`site_templates/overrides/assets/tandem/forms.js`): its address, its subject
and the body's introduction (the body up to its last blank line) are read from
the link; the lines after it are the form's own (`data-line` of each control).
The script composes exactly what `mailto(address, subject, body(intro, lines))`
composes here: the same cleaning of what people type (`field_value`), the same
CRLF line breaks, the same percent-encoding (JavaScript's `encodeURIComponent`).

What people type only ever lands in the body, percent-encoded: a line break,
`%0A`, `&cc=` or `?bcc=` typed in a field stays text of the body, never a header
or a recipient.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from generator.french import NBSP, french

#: The lines of the « Je peux aider » e-mail, in the form's order (its `data-line`s).
CALL_LINES = ("Adhérent", "Contact", "Fonction", "Expérience sur le sujet", "Disponibilités")
#: The lines of the « Proposer une question » e-mail, in the form's order.
PROPOSE_LINES = ("Adhérent", "Contact", "Fonction", "Famille de fonction", "Format",
                 "Ma question", "Mode confidentiel (oui ou non)")

#: What `encodeURIComponent` leaves as it is besides letters, digits and `-_.~`
#: (all allowed in a mailto query by RFC 6068's `some-delims`).
_URI_COMPONENT_SAFE = "!'()*"
#: Every way of breaking a line (CRLF first, so that it counts once).
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
#: Control characters left after the line breaks (tab kept): a mail client may cut the
#: text at a NUL or show garbage.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: A UTF-16 surrogate alone cannot be encoded in UTF-8 (JavaScript's `toWellFormed`).
_SURROGATES = re.compile("[\ud800-\udfff]")
#: The white space trimmed around a value: listed, because Python's `strip` and
#: JavaScript's `trim` disagree on a few characters.
_EDGE = "[ \t\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+"
_EDGES = re.compile(f"^{_EDGE}|{_EDGE}$")


def _clean_header(value: str) -> str:
    """One line: a header value can never carry a line break (no header injection), nor a
    control character (a NUL cuts a header short in some mail clients)."""
    return _CONTROLS.sub("", " ".join(value.split()))


def _encode(value: str) -> str:
    """UTF-8 percent-encoding with `encodeURIComponent`'s rules (what the script uses);
    a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD as `toWellFormed` does."""
    return quote(_SURROGATES.sub("\ufffd", value), safe=_URI_COMPONENT_SAFE)


def address_mailto(address: str) -> str:
    """A mailto URI to `address` alone (RFC 6068: everything but the @ percent-encoded)."""
    return f"mailto:{quote(address, safe='@')}"


def field_value(text: str) -> str:
    """What someone typed, as it goes into the body: every line break one `\\n`, no
    control characters, no lone surrogates, no white space around it."""
    text = _SURROGATES.sub("\ufffd", text)
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))
    return _EDGES.sub("", text)


def body(intro: str, lines: Sequence[tuple[str, str]]) -> str:
    """The body: `intro`, a blank line, then « label : value » per line (value cleaned).
    Labels are written with French typography already: the script adds the same
    no-break space before the colon."""
    filled = [f"{label}{NBSP}:" + (" " + value if value else "")
              for label, value in ((label, field_value(raw)) for label, raw in lines)]
    return intro + "\n\n" + "\n".join(filled) + "\n"


def _lines(labels: Sequence[str], values: Sequence[str]) -> list[tuple[str, str]]:
    """`labels` paired with `values` in order, the missing values empty."""
    if len(values) > len(labels):
        raise ValueError(f"{len(values)} values for {len(labels)} lines")
    return list(zip(labels, [*values, *[""] * (len(labels) - len(values))], strict=True))


def mailto(address: str, subject: str, text: str) -> str:
    """A mailto URI with UTF-8, percent-encoded subject and body, CRLF line breaks."""
    text = _LINE_BREAKS.sub("\n", text).replace("\n", "\r\n")
    return (f"{address_mailto(address)}"
            f"?subject={_encode(_clean_header(subject))}"
            f"&body={_encode(text)}")


def call_subject(programme: str, call_id: str) -> str:
    return f"{programme} – je peux aider sur l’appel {call_id}"


def call_intro(call_id: str, title: str) -> str:
    return french(f"Bonjour,\n\nJe peux aider sur l’appel {call_id} « {_clean_header(title)} ».")


def call_mailto(address: str, programme: str, call_id: str, title: str,
                values: Sequence[str] = ()) -> str:
    """The « Je peux aider » e-mail; `values` fill CALL_LINES in order (empty: the
    prefilled link of the page, lines to complete)."""
    return mailto(address, call_subject(programme, call_id),
                  body(call_intro(call_id, title), _lines(CALL_LINES, values)))


def propose_subject(programme: str) -> str:
    return f"{programme} – proposer une question"


PROPOSE_INTRO = "Bonjour,\n\nJe souhaite proposer une question au programme."


def propose_mailto(address: str, programme: str, values: Sequence[str] = ()) -> str:
    """The « Proposer une question » e-mail; `values` fill PROPOSE_LINES in order."""
    return mailto(address, propose_subject(programme),
                  body(french(PROPOSE_INTRO), _lines(PROPOSE_LINES, values)))
