"""Escaping every value for the place it lands: one owner for each kind of place.

Values come from content files and are hostile until proven otherwise; a
template never writes one as it is. Where each lands:

- in generated Markdown (titles, labels, excerpts): `markdown_text`, which
  Markdown then shows as written, whatever it contains;
- in an HTML attribute or element that the site engine's templates fill
  without escaping (page titles and descriptions, the site's name, navigation
  labels: MkDocs' templates do not autoescape): `html_text`;
- in a URL: `urllib.parse.quote` in `mail.py` (mailto) and the table of routes;
- in JSON and XML: `json.dumps` and the feed library.
"""

from __future__ import annotations

import html
import re

_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
#: Characters that Python-Markdown reads as syntax inside a line (emphasis, code, links and
#: images, attribute lists, tables) and lets a backslash escape. `!`, `(` and `)` mean
#: something only after `[` or `]`, escaped here: they stay as written (French typography).
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
#: A line that starts a block (heading, list, definition…) when it starts like this.
_BLOCK_START = re.compile(r"^(?:[#:=+-]|\d+[.)])")


def markdown_text(value: str) -> str:
    """`value` as one line of Markdown that shows exactly its text, never markup.

    White space is collapsed to one line (a line break would start a new block);
    `&`, `<` and `>` become entities (Markdown passes raw HTML and entities
    through) and every character of Markdown syntax is escaped with a backslash.
    """
    text = html.escape(_one_line(value), quote=False)
    text = _INLINE.sub(r"\\\1", text)
    return f"&#{ord(text[0])};{text[1:]}" if _BLOCK_START.match(text) else text


def html_text(value: str) -> str:
    """`value` for an HTML element's text or a quoted attribute, where templates that
    do not escape will put it (page titles, descriptions, the site's name)."""
    return html.escape(_one_line(value), quote=True)


def _one_line(value: str) -> str:
    """White space collapsed to single spaces, but the no-break spaces of French kept."""
    return _SPACES.sub(" ", value).strip(" ")
