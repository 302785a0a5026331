"""Stage 3: the allowlist projections, the only way data reaches public pages.

A field that is not copied here by name is private. `private_values` is the
mirror image: every string of every field not listed public, which the check
and the audit look for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.catalog import Catalog
from generator.mail import call_mailto, propose_mailto
from generator.privacy import PrivateValue, string_leaves

if TYPE_CHECKING:
    from generator.review.public import PublicReview

#: The fields of a request that may be public (everything else is private).
REQUEST_PUBLIC = frozenset({"id", "title", "status", "confidential", "received", "published",
                            "closed", "expires", "themes", "format", "role"})
#: The fields of a binôme that may be public.
BINOME_PUBLIC = frozenset({"id", "request", "status", "formed", "ended", "public_consent"})
#: The fields of a directory member that may be public.
MEMBER_PUBLIC = frozenset({"region", "themes"})

FORMAT_LABELS = {"ponctuel": "Échange ponctuel", "accompagnement": "Accompagnement sur plusieurs mois"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
EXCERPT_CHARS = 220


def french_date(day: dt.date) -> str:
    """'1er mars 2026', '14 février 2026'."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str


@dataclass(frozen=True)
class Call:
    """An open call as the network sees it: no requester, no reply, no note."""

    id: str
    title: str
    themes: tuple[Theme, ...]
    format: str
    format_label: str
    role_label: str
    published: dt.date
    published_label: str
    expires: dt.date | None
    expires_label: str | None
    text: str
    excerpt: str
    mailto: str


@dataclass(frozen=True)
class Tombstone:
    """A call that is no longer open: its id only, so that old links keep working."""

    id: str


@dataclass(frozen=True)
class Page:
    file: str
    title: str
    text: str


@dataclass(frozen=True)
class Site:
    """Everything the public templates may use."""

    name: str
    network: str
    site_url: str
    coordinator_name: str
    coordinator_email: str
    themes: tuple[Theme, ...]
    home: str
    pages: tuple[Page, ...]
    calls: tuple[Call, ...]
    tombstones: tuple[Tombstone, ...]
    propose_mailto: str
    #: The yearly reviews that have a commentary file, newest first.
    reviews: tuple[PublicReview, ...] = ()


def excerpt(markdown: str, limit: int = EXCERPT_CHARS) -> str:
    """The first paragraph as plain text, cut at a word before `limit` characters."""
    paragraph = next((p for p in markdown.strip().split("\n\n") if p.strip()), "")
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)
    text = re.sub(r"[*_`#>]+", "", text)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def project(c: Catalog) -> Site:
    """The public view of the whole programme."""
    # Imported here: the review's figures are computed from the catalog, like this view.
    from generator.review.public import reviews
    s = c.settings
    themes = {key: Theme(key, label) for key, label in s.themes.items()}
    calls, tombstones = [], []
    for record in c.requests:
        r = record.model
        if r.status == "open" and r.published is not None:
            calls.append(Call(
                id=r.id, title=r.title, themes=tuple(themes[t] for t in r.themes),
                format=r.format, format_label=FORMAT_LABELS[r.format],
                role_label=s.roles[r.role], published=r.published,
                published_label=french_date(r.published), expires=r.expires,
                expires_label=french_date(r.expires) if r.expires else None,
                text=record.body.strip(), excerpt=excerpt(record.body),
                mailto=call_mailto(s.coordinator.email, s.name, r.id, r.title)))
        elif r.published is not None:
            tombstones.append(Tombstone(r.id))
    calls.sort(key=lambda call: (call.published, call.id), reverse=True)
    pages = tuple(Page(p.file, p.title, c.pages[p.file]) for p in s.pages)
    return Site(
        name=s.name, network=s.network, site_url=s.site_url,
        coordinator_name=s.coordinator.name, coordinator_email=s.coordinator.email,
        themes=tuple(themes.values()), home=c.pages["index.md"], pages=pages,
        calls=tuple(calls), tombstones=tuple(sorted(tombstones, key=lambda t: t.id)),
        propose_mailto=propose_mailto(s.coordinator.email, s.name), reviews=reviews(c))


def private_values(c: Catalog) -> Iterator[tuple[PrivateValue, tuple[str, ...]]]:
    """Every private value with the public words of its record (which it may repeat).

    Read from the validated documents themselves: the schema forbids any key it does
    not know and converts nothing, so they hold exactly the model's strings.
    """
    for record in c.requests:
        r = record.model
        public = record.doc.text_words
        for name, value in record.doc.data.items():
            if name not in REQUEST_PUBLIC:
                for path, text in string_leaves(value, name):
                    yield PrivateValue(text, r.id, path), public
    for binome in c.binomes:
        b = binome.model
        data = {**binome.doc.data, "body": binome.body}
        for name, value in data.items():
            if name not in BINOME_PUBLIC:
                for path, text in string_leaves(value, name):
                    yield PrivateValue(text, b.id, path), ()
    for member in c.directory.members:
        for path, text in string_leaves(member.model_dump(exclude=set(MEMBER_PUBLIC))):
            yield PrivateValue(text, "annuaire", path), ()
