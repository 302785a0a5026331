"""The allowlist: what of the content may be public, and so what is private.

A field that is not listed here by name is private. `private_values` is the
mirror image of the projections in `views.py`: every string of every field not
listed public, which `check` and the audit look for. The titles and texts of
requests that were calls and are closed are private too: only an open call is public,
and a draft is the call being written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
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
#: How the text of a closed, listed call is named where it is found (a whole value).
FORMER_CALL_TEXT = "texte de l’appel clos"
#: A request that was an open call once.
CLOSED_CALL_STATUSES = frozenset({"matched", "withdrawn", "expired"})
#: The fields of a binôme that may be public.
BINOME_PUBLIC = frozenset({"id", "request", "status", "formed", "ended", "public_consent"})
#: The fields of a directory member that may be public.
MEMBER_PUBLIC = frozenset({"region", "themes"})
#: What `tandem purge` writes in place of a personal value: it holds nothing private, and a
#: page may say « anonymisé ».
ANONYMISED = "(anonymisé)"


def is_open_call(request: Request, today: dt.date | None = None) -> bool:
    """Only an open, published request is ever public as a call; on `today`, only until its
    `expires` date (included). Without `today`: whatever the date (what may be public)."""
    if request.status != "open" or request.published is None:
        return False
    return today is None or request.expires is None or today <= request.expires


def is_past_expiry(request: Request, today: dt.date) -> bool:
    """An open, published request whose `expires` date is before `today`: no longer shown as
    an open call (the site gives it a tombstone), but still "open" in its file."""
    return is_open_call(request) and not is_open_call(request, today)


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


def _document_values(data: dict[str, Any], body: str, record_id: str,
                     public_fields: frozenset[str] | None, public: Sequence[str] = ()
                     ) -> Iterator[tuple[PrivateValue, Sequence[str]]]:
    """The private values of one file; `public_fields` None: a request's (whose title and
    text are public only while it is an open call)."""
    if public_fields is None:
        status = data.get("status")  # any YAML value in a file the schema refused
        # A draft's title and text are the call the coordinator is writing, anonymised, to
        # be published (the requester's own words are in `notes`): not looked for as
        # private, or a draft would make an open call that says the same thing fail.
        call = status in ("open", "draft")
        # The yearly review lists the subjects handled: the titles of the published,
        # non-confidential calls (SPEC §8); their text stays private once closed.
        listed = (isinstance(status, str) and status in CLOSED_CALL_STATUSES
                  and data.get("published") is not None and data.get("confidential") is False)
        public_fields = REQUEST_PUBLIC | CALL_PUBLIC if call or listed else REQUEST_PUBLIC
        # The text of a listed call was public while it was open: it is taken down, not
        # secret, so only its whole is looked for, not any six words of it (the
        # coordinator's calls share phrasing, and a new call would be refused for it).
        data = data if call else {**data, FORMER_CALL_TEXT if listed else "body": body}
    else:
        data = {**data, "body": body}
    for name, value in data.items():
        if str(name) not in public_fields:
            for path, text in string_leaves(value, str(name)):
                if text != ANONYMISED:
                    yield PrivateValue(text, record_id, path), public


def private_values(c: Catalog) -> Iterator[tuple[PrivateValue, Sequence[str]]]:
    """Every private value with the public words of its record (which it may repeat).

    Read from the validated documents themselves: the schema forbids any key it does
    not know and converts nothing, so they hold exactly the model's strings. Files the
    schema refused count too: whatever they hold may be private.
    """
    for record in c.requests:
        # An "open" request whose publication date is missing is refused by the check: its
        # text is still checked as public text, not looked for as a private value.
        public = record.doc.text_words if record.model.status in ("open", "draft") else ()
        yield from _document_values(record.doc.data, record.body, record.model.id, None, public)
    for binome in c.binomes:
        yield from _document_values(binome.doc.data, binome.body, binome.model.id, BINOME_PUBLIC)
    for doc in c.invalid:  # refused by the schema: their values are private all the same
        yield from _document_values(doc.data, doc.body, str(doc.data.get("id")),
                                    BINOME_PUBLIC if "-B" in str(doc.data.get("id")) else None)
    for member in c.directory.members:
        for path, text in string_leaves(member.model_dump(exclude=set(MEMBER_PUBLIC))):
            yield PrivateValue(text, "annuaire", path), ()
