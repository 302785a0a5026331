"""Stage 6b: the built site loads nothing from another site (SPEC §5).

Visitors' privacy is part of the promise: no web font, image, style or script
from a third party. The browser tests prove it for the theme and the example
content; this scan proves it for every build, whatever the content, by reading
the pages, styles and images for any reference a browser would fetch by itself:
`src`, `srcset`, `poster`, `data`, SVG `href`, `<link>` that loads (styles,
icons, preloads, manifests…) and CSS `url()` / `@import`, when it points to
another site (an absolute `scheme://` or protocol-relative `//` address whose
host is not the site's own). A link people click (`<a href>`) is not a request
of the site and stays allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.audit import site_files
from generator.errors import french

SCANNED_SUFFIXES = {".html", ".htm", ".svg", ".css"}

_SCHEME = r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?"
_REMOTE = re.compile(r"\s*" + _SCHEME + "//")
_SCHEME_BEFORE = "(?P<scheme>" + _SCHEME + ")$"
#: Where a remote address starts: every "//" of a text, looked at from just before it.
_SLASHES = re.compile("//")
_LOOK_BEHIND = 48
#: An attribute whose value starts right before a "//" (its tag is looked at afterwards).
_ATTRIBUTE_BEFORE = re.compile(r"""(?<![\w-])(src|poster|data|href|xlink:href)\s*=\s*["']?\s*"""
                               + _SCHEME_BEFORE, re.IGNORECASE)
_CSS_BEFORE = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*""" + _SCHEME_BEFORE, re.IGNORECASE)
#: `srcset` lists several addresses: each is looked at.
_SRCSET = re.compile(r"""(?<![\w-])srcset\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_VALUE_END = re.compile(r"""["'\s>)]""")
_TAG_NAME = re.compile(r"<\s*([A-Za-z][\w:-]*)")
_REL = re.compile(r"""(?<![\w-])rel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
#: `<link rel=…>` kinds a browser fetches on its own.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
                 "mask-icon", "preload", "prefetch", "modulepreload", "preconnect", "dns-prefetch",
                 "prerender", "manifest"}
#: Tags whose `href` is a link people follow, not a request of the page (`<base>` is not one:
#: it would make every relative address of the page load from its site).
_LINK_TAGS = {"a", "area"}


@dataclass(frozen=True)
class OutboundHit:
    """One reference to another site in one file of the built site."""

    file: str
    address: str

    def render(self) -> str:
        return french(f"{self.file} : ferait charger « {self.address} », une adresse d'un autre "
                      f"site : le site public ne charge rien d'ailleurs")


def _host(address: str) -> str:
    try:
        return (urlsplit(address.strip()).hostname or "").lower()
    except ValueError:
        return "?"


def _value_at(text: str, start: int) -> str:
    """The address that starts at `start` (at its scheme, or at its "//")."""
    end = _VALUE_END.search(text, start)
    return text[start:end.start() if end else len(text)].strip()


def _tag_around(text: str, position: int) -> tuple[str, str]:
    """The name and the text of the tag an attribute at `position` belongs to."""
    start = text.rfind("<", 0, position)
    end = text.find(">", position)
    tag = text[start: end + 1 if end >= 0 else len(text)] if start >= 0 else ""
    name = _TAG_NAME.match(tag)
    return (name.group(1).lower() if name else ""), tag


def _fetches(text: str, attribute: str, position: int) -> bool:
    if attribute in ("src", "poster", "data"):
        return True
    name, tag = _tag_around(text, position)
    if name in _LINK_TAGS:
        return False
    if name == "link":
        rel = _REL.search(tag)
        kinds = set(next(g for g in rel.groups() if g is not None).lower().split()) if rel else set()
        return bool(kinds & FETCHING_RELS)
    return True  # SVG <image>, <use>, <feImage>… load what their href names


def scan_outbound(text: str, suffix: str, own_host: str) -> list[str]:
    """The addresses of other sites that `text` (a page, style or image) would load.

    Only the places where a "//" stands are looked at, from just before them: a
    page has a few dozen, and a single regular expression over the whole page
    would try every position.
    """
    found: list[str] = []
    for slashes in _SLASHES.finditer(text):
        at = slashes.start()
        before = text[max(0, at - _LOOK_BEHIND):at]
        attribute = _ATTRIBUTE_BEFORE.search(before) if suffix != ".css" else None
        css = _CSS_BEFORE.search(before) if attribute is None else None
        match = attribute or css
        if match is None:
            continue
        start = at - len(match.group("scheme"))  # the address starts at its scheme, if any
        if css is not None or _fetches(text, match.group(1).lower(), at - len(before) + match.start()):
            found.append(_value_at(text, start))
    if suffix != ".css" and "srcset" in text:
        for match in _SRCSET.finditer(text):
            for candidate in (match.group(1) or match.group(2) or "").split(","):
                address = candidate.strip().split(" ")[0]
                if _REMOTE.match(address):
                    found.append(address)
    return [address for address in dict.fromkeys(found) if _host(address) != own_host]


def outbound_tree(site_dir: Path, site_url: str | None) -> list[OutboundHit]:
    """Every reference to another site in the pages, styles and images under `site_dir`."""
    own_host = _host(site_url) if site_url else ""
    hits = []
    for name, path in site_files(site_dir):
        suffix = path.suffix.lower()
        if suffix in SCANNED_SUFFIXES:
            text = path.read_bytes().decode("utf-8", errors="replace")
            hits += [OutboundHit(f"{site_dir.name}/{name}", address)
                     for address in scan_outbound(text, suffix, own_host)]
    return hits
