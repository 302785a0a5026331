"""French for people: the one owner of French typography and formats.

Every text tandem writes for people (CLI messages, errors, page titles, labels,
e-mails) goes through these functions or is written with their rules:
no-break space before « : » and inside « », narrow no-break space before « ; ! ? »,
typographic apostrophe, dates as « 1er mars 2026 », numbers as « 12,5 ».
"""

from __future__ import annotations

import datetime as dt
import re

NBSP = "\u00a0"
NNBSP = "\u202f"
APOSTROPHE = "\u2019"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")

_BEFORE_COLON = re.compile(r" :(?=\s|$)")
_BEFORE_TIGHT = re.compile(r" ([;!?])")


def french(text: str) -> str:
    """Apply French spacing: no-break space before « : » and inside « », narrow no-break
    space before « ; ! ? ». A colon glued to a word stays glued when text follows it
    (`path:12:`, `https:`, `mailto:`), so paths, addresses and times are left alone."""
    text = text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    return _BEFORE_TIGHT.sub(NNBSP + r"\1", text)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 binôme', '2 binômes', '0 binôme' (French: singular below 2)."""
    return f"{n} {word if n < 2 else many or word + 's'}"


def french_date(day: dt.date) -> str:
    """'1er mars 2026', '14 février 2026'."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def french_number(value: float, decimals: int = 1) -> str:
    """'12,5', '3' (no useless decimals), with a no-break space between thousands."""
    text = f"{value:,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return text.rstrip("0").rstrip(",") if "," in text else text


def seconds(value: float) -> str:
    """'1,2 s'."""
    return f"{value:.1f}".replace(".", ",") + NBSP + "s"


def typographic_problems(text: str) -> list[str]:
    """What breaks French typography in a text shown to people (for the tests that scan
    every page and message): an ordinary space before « : ; ! ? » or inside « », a
    straight apostrophe between letters."""
    found = []
    for match in re.finditer(r"\S( [:;!?])(?=\s|$)|« |[^\S\u00a0\u202f]»|(?<=[^\W\d_])'(?=[^\W\d_])", text):
        found.append(repr(text[max(0, match.start() - 20):match.end() + 20]))
    return found
