"""Stage 3: the allowlist projections, the only way data reaches public pages.

A field that is not copied here by name is private (the allowlist and its
mirror image, the private values that the check and the audit look for, are in
`public.py`). Values are copied as they are: escaping them for where they land
(Markdown, HTML, URLs, JSON, XML) is the templates' and writers' job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.catalog import Catalog
from generator.french import french_date
from generator.mail import address_mailto, call_mailto, propose_mailto
from generator.markup import render, visible_text
from generator.public import CLOSED_CALL_STATUSES, is_open_call, is_past_expiry

if TYPE_CHECKING:
    from generator.review.public import PublicReview

FORMAT_LABELS = {"ponctuel": "Échange ponctuel", "accompagnement": "Accompagnement sur plusieurs mois"}
EXCERPT_CHARS = 220


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
class ThemeCalls:
    """A theme of the vocabulary and its open calls (none: the page says so)."""

    theme: Theme
    calls: tuple[Call, ...]


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
    coordinator_mailto: str
    themes: tuple[Theme, ...]
    home: str
    pages: tuple[Page, ...]
    calls: tuple[Call, ...]
    tombstones: tuple[Tombstone, ...]
    propose_mailto: str
    #: Every theme of the vocabulary with its open calls, in the vocabulary's order.
    by_theme: tuple[ThemeCalls, ...] = ()
    #: The home page's first heading (`# …` line, or empty) and the rest: the latest calls
    #: go between them, so that a phone shows them on its first screen.
    home_heading: str = ""
    home_body: str = ""
    #: The yearly reviews that have a commentary file, newest first.
    reviews: tuple[PublicReview, ...] = ()
    #: The role families and the formats, as labels (the propose form's choices).
    roles: tuple[str, ...] = ()
    formats: tuple[str, ...] = tuple(FORMAT_LABELS.values())


def excerpt(markdown: str, limit: int = EXCERPT_CHARS) -> str:
    """The first paragraph as the page shows it, in plain text (to be escaped wherever it
    lands), cut at a word before `limit` characters."""
    paragraph = next((p for p in markdown.strip().split("\n\n") if p.strip()), "")
    text = " ".join(visible_text(render(paragraph)).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def split_heading(markdown: str) -> tuple[str, str]:
    """The first line of `markdown` when it is a level-1 heading, and the rest."""
    first, _newline, rest = markdown.lstrip("\n").partition("\n")
    if first.startswith("# "):
        return first, rest
    return "", markdown


def by_theme(themes: dict[str, Theme], calls: list[Call]) -> tuple[ThemeCalls, ...]:
    """Each theme with its calls, in one pass over the calls (a call counts once per theme)."""
    found: dict[str, list[Call]] = {key: [] for key in themes}
    for call in calls:
        for theme in call.themes:
            found[theme.id].append(call)
    return tuple(ThemeCalls(themes[key], tuple(found[key])) for key in themes)


def project(c: Catalog, today: dt.date | None = None) -> Site:
    """The public view of the whole programme on `today` (default: the real date): a call
    past its `expires` date is no longer an open call, its page becomes a tombstone."""
    # Imported here: the review's figures are computed from the catalog, like this view.
    from generator.review.public import reviews
    s, day = c.settings, today or dt.date.today()
    themes = {key: Theme(key, label) for key, label in s.themes.items()}
    calls, tombstones = [], []
    for record in c.requests:
        r = record.model
        if is_open_call(r, day) and r.published is not None:
            calls.append(Call(
                id=r.id, title=r.title, themes=tuple(themes[t] for t in r.themes),
                format=r.format, format_label=FORMAT_LABELS[r.format],
                role_label=s.roles[r.role], published=r.published,
                published_label=french_date(r.published), expires=r.expires,
                expires_label=french_date(r.expires) if r.expires else None,
                text=record.body.strip(), excerpt=excerpt(record.body),
                mailto=call_mailto(s.coordinator.email, s.name, r.id, r.title)))
        elif is_past_expiry(r, day) or (r.status in CLOSED_CALL_STATUSES
                                         and r.published is not None):
            tombstones.append(Tombstone(r.id))  # a draft never had a page: it gets none
    calls.sort(key=lambda call: (call.published, call.id), reverse=True)
    pages = tuple(Page(p.file, p.title, c.pages[p.file]) for p in s.pages)
    heading, body = split_heading(c.pages["index.md"])
    return Site(
        name=s.name, network=s.network, site_url=s.site_url,
        coordinator_name=s.coordinator.name, coordinator_email=s.coordinator.email,
        coordinator_mailto=address_mailto(s.coordinator.email),
        themes=tuple(themes.values()), home=c.pages["index.md"], pages=pages,
        calls=tuple(calls), tombstones=tuple(sorted(tombstones, key=lambda t: t.id)),
        propose_mailto=propose_mailto(s.coordinator.email, s.name), reviews=reviews(c),
        by_theme=by_theme(themes, calls), home_heading=heading, home_body=body,
        roles=tuple(s.roles.values()))
