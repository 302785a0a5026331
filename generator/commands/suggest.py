"""`tandem suggest ID`: the members of the directory who could answer a call, best first.

A member is suggested when it declared at least one of the call's themes in
members.yml; more themes in common come first, then the members of the requester's
region. Never the requester's own organisation, nor a member already replying.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.catalog import Catalog
from generator.commands import records
from generator.commands.status import load
from generator.french import french, plural
from generator.models import Contact, Member
from generator.review.stats import plain

#: A call can get suggestions while it is prepared or open.
SUGGESTABLE = ("draft", "open")


@dataclass(frozen=True)
class Suggestion:
    member: Member
    #: The call's themes the member declared, in the call's order.
    common: tuple[str, ...]
    same_region: bool


def member_of_contact(catalog: Catalog, contact: Contact) -> Member | None:
    """The directory member behind a contact: its organisation's name or alias, or the
    domain of its address."""
    for member in catalog.directory.members:
        if plain(contact.organisation) in {plain(name) for name in (member.name, *member.aliases)}:
            return member
    return records.member_of(catalog, contact.email) if contact.email else None


def suggestions(catalog: Catalog, request_id: str) -> tuple[list[Suggestion], Member | None]:
    """The suggestions for a call, best first, and the requester's member (if known)."""
    record = records.request(catalog, request_id)
    records.require_status(record, SUGGESTABLE, "chercher des adhérents pour une demande")
    r = record.model
    own = member_of_contact(catalog, r.requester)
    replying = {id(m) for m in (member_of_contact(catalog, reply) for reply in r.responses)
                if m is not None}
    region = own.region if own is not None else None
    found = []
    for member in catalog.directory.members:
        if member is own or id(member) in replying:
            continue
        common = tuple(theme for theme in r.themes if theme in member.themes)
        if common:
            found.append(Suggestion(member, common, region is not None
                                    and member.region == region))
    found.sort(key=lambda s: (-len(s.common), not s.same_region, plain(s.member.name)))
    return found, own


def _why(s: Suggestion, labels: dict[str, str]) -> str:
    themes = ", ".join(labels.get(theme, theme) for theme in s.common)
    why = f"{plural(len(s.common), 'thème')} en commun ({themes})"
    if s.member.region:
        why += f" ; {'même région' if s.same_region else 'région'} : {s.member.region}"
    return why


def suggest(content: Path, request_id: str) -> list[str]:
    """The command: the suggestions, one line each, with why."""
    catalog = load(content)
    found, _ = suggestions(catalog, request_id)
    r = catalog.requests_by_id[request_id.strip()].model
    labels = catalog.settings.themes
    themes = ", ".join(labels.get(theme, theme) for theme in r.themes)
    if not found:
        return [french(f"tandem suggest : aucun adhérent de l’annuaire (members.yml) ne déclare "
                       f"l’un des thèmes de {r.id} ({themes}), en dehors de l’organisation qui "
                       "demande et de celles qui ont déjà répondu")]
    lines = [french(f"tandem suggest : {plural(len(found), 'adhérent')} pour {r.id} « {r.title} » "
                    f"({themes}), du plus proche au moins proche")]
    width = len(str(len(found)))
    for rank, s in enumerate(found, 1):
        lines.append(french(f"  {str(rank).rjust(width)}. {s.member.name} : {_why(s, labels)}"))
    return lines
