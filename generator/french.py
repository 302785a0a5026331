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
_QUOTED_VALUE = re.compile(r"(«[^«»]*»)")
_STRAIGHT = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def french(text: str) -> str:
    """Apply French spacing: no-break space before « : » and inside « », narrow no-break
    space before « ; ! ? », typographic apostrophe outside quoted values. A colon glued
    to a word stays glued when text follows it (`path:12:`, `https:`, `mailto:`), so
    paths, addresses and times are left alone."""
    text = text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    # A value quoted between « » is shown as written (people search their file for it);
    # elsewhere a name such as O'Neil is shown with the typographic apostrophe.
    parts = _QUOTED_VALUE.split(text)
    return "".join(part if index % 2 else _STRAIGHT.sub(APOSTROPHE, part)
                   for index, part in enumerate(parts))


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


_QUOTED = re.compile(r"«[^«»]*»")
_BAD = re.compile(r"\S( [:;!?])(?=\s|$)|« | »|(?<=[^\W\d_])'(?=[^\W\d_])")


def typographic_problems(text: str) -> list[str]:
    """What breaks French typography in a text shown to people (for the tests that scan
    every page and message): an ordinary space before « : ; ! ? » or inside « », a
    straight apostrophe between letters. What is quoted between « » is a value as the
    person wrote it: only its quotes are looked at."""
    found = []
    for line in text.splitlines():
        bare = _QUOTED.sub(lambda m: m.group()[:2] + "…" + m.group()[-2:], line)
        found += [repr(bare[max(0, m.start() - 25):m.end() + 25]) for m in _BAD.finditer(bare)]
    return found
