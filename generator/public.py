"""The allowlist: what of the content may be public, and so what is private.

A field that is not listed here by name is private. `private_values` is the
mirror image of the projections in `views.py`: every string of every field not
listed public, which `check` and the audit look for. The titles and texts of
requests that are not open calls are private too: only an open call is public.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.privacy import PrivateValue, string_leaves

if TYPE_CHECKING:
    from generator.catalog import Catalog
    from generator.models import Request, Settings

#: The fields of a request that may be public (everything else is private); the title and
#: the text (body) only while the request is an open call.
REQUEST_PUBLIC = frozenset({"id", "status", "confidential", "received", "published", "closed",
                            "expires", "themes", "format", "role"})
CALL_PUBLIC = frozenset({"title"})
#: The fields of a binôme that may be public.
BINOME_PUBLIC = frozenset({"id", "request", "status", "formed", "ended", "public_consent"})
#: The fields of a directory member that may be public.
MEMBER_PUBLIC = frozenset({"region", "themes"})


def is_open_call(request: Request) -> bool:
    """Only an open, published request is ever public as a call."""
    return request.status == "open" and request.published is not None


def public_domains(settings: Settings) -> frozenset[str]:
    """Domains the settings make public: the coordinator's address and the site's host."""
    found = set()
    coordinator = getattr(settings, "coordinator", None)
    if coordinator is not None and "@" in coordinator.email:
        found.add(coordinator.email.rpartition("@")[2].lower())
    site_url = getattr(settings, "site_url", None)
    if site_url:
        try:
            host = urlsplit(site_url).hostname
        except ValueError:
            host = None
        if host:
            found.add(host)
    return frozenset(found)


def private_values(c: Catalog) -> Iterator[tuple[PrivateValue, Sequence[str]]]:
    """Every private value with the public words of its record (which it may repeat).

    Read from the validated documents themselves: the schema forbids any key it does
    not know and converts nothing, so they hold exactly the model's strings.
    """
    for record in c.requests:
        r = record.model
        # An "open" request whose publication date is missing is refused by the check: its
        # text is still checked as public text, not looked for as a private value.
        call = r.status == "open"
        public_fields = REQUEST_PUBLIC | CALL_PUBLIC if call else REQUEST_PUBLIC
        public = record.doc.text_words if call else ()
        data = record.doc.data if call else {**record.doc.data, "body": record.body}
        for name, value in data.items():
            if name not in public_fields:
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
