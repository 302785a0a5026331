"""`tandem forward` and `tandem digest`: the e-mails the coordinator sends, ready in outbox/.

`forward` changes a request (its replies marked forwarded) and writes an e-mail: both or
neither. The e-mail is written first (a new file, never one that was there: see
`generator.outbox`), then the request is saved through the edit module, which checks the
whole content first; if the save is refused or fails (and so leaves the request as it
was), the new e-mail is deleted. The other order could leave replies marked forwarded
with no e-mail to send them in, and `forward` would then have nothing left to forward.
An interruption (Ctrl-C, the machine stopped) keeps the e-mail: at worst an extra draft,
whose replies, if still unmarked, the next `forward` writes again.

`digest` is built from the public view of the site (`views.project`, the same projection
the pages come from) and its text goes through the site's audit before it is written.
"""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from generator import edit, outbox, outmail
from generator.audit import AuditHit, scan_text
from generator.catalog import Catalog, Record
from generator.commands import records
from generator.errors import AuditError, TandemError, display_path
from generator.fold import words
from generator.french import french, french_date, plural
from generator.models import Request, Response
from generator.privacy import PrivateIndex, PrivateValue, without_covered_parts
from generator.views import Call, Site, project

#: The digest's default period: the calls published in the last 30 days.
DIGEST_DAYS = 30
FORWARDABLE = ("open", "matched")


# tandem forward ---------------------------------------------------------------------------

def forward(content: Path, request_id: str, today: dt.date, folder: Path) -> list[str]:
    """Write the e-mail of the replies not yet forwarded and mark them forwarded `today`."""
    catalog = records.checked(content)
    record = records.request(catalog, request_id)
    records.require_status(record, FORWARDABLE, "transmettre ses réponses")
    pending = _pending(record)
    draft = outmail.forward_draft(catalog.settings, record.model, pending, today)
    edited = edit.load(record.doc.path)
    for index, _ in pending:
        edited.set(("responses", index, "forwarded"), today)
    name = f"{today.isoformat()}-transmission-{record.model.id}.eml"
    written = outbox.write_file(folder, name, outmail.message_bytes(draft), content)
    try:
        records.save(content, {record.doc.path.absolute(): edited.text()})
    except (TandemError, OSError):  # refused, or put back as it was: the request is unchanged
        written.unlink(missing_ok=True)  # a new file of ours: nothing else is lost
        raise
    count = len(pending)
    done = plural(count, "réponse transmise", "réponses transmises")
    return [french(f"tandem forward : {done} à {outmail.one_line(record.model.requester.name)}"),
            french(f"courriel prêt à envoyer : {display_path(written)}"),
            french(f"{record.doc.shown} : {plural(count, 'réponse marquée', 'réponses marquées')} "
                   f"« forwarded: {today.isoformat()} »")]


def _pending(record: Record[Request]) -> list[tuple[int, Response]]:
    """The replies not forwarded yet, with their index; refused when there is none."""
    replies = record.model.responses
    pending = [(i, reply) for i, reply in enumerate(replies) if reply.forwarded is None]
    if not pending:
        why = ("n’a reçu aucune réponse" if not replies else
               f"a {plural(len(replies), 'réponse')}, déjà "
               f"{'transmise' if len(replies) == 1 else 'toutes transmises'}")
        raise TandemError(f"{record.model.id} {why} : rien de nouveau à transmettre "
                          f"(tandem reply {record.model.id} enregistre une réponse)")
    return pending


# tandem digest ----------------------------------------------------------------------------

def digest(content: Path, since: dt.date | None, today: dt.date, folder: Path,
           to: str | None) -> list[str]:
    """Write the « appel à mentors » of the open calls published since `since`."""
    catalog = records.checked(content)
    since = since if since is not None else today - dt.timedelta(days=DIGEST_DAYS)
    if since > today:
        raise TandemError(f"--since {since.isoformat()} est après le jour même "
                          f"({today.isoformat()})")
    site = project(catalog, today)  # the calls open on that day, as the site shows them
    calls = listed_calls(catalog, site, since, today)
    recipient = (outmail.address("Liste de diffusion du réseau", to, "de la liste de diffusion")
                 if to else outmail.LIST_PLACEHOLDER)
    draft = outmail.digest_draft(site, catalog.settings, calls, since, today, recipient)
    data = outmail.message_bytes(draft)
    audited(data, catalog.private_index)
    written = outbox.write_file(folder, f"{today.isoformat()}-appel-a-mentors.eml", data, content)
    return [french(f"tandem digest : {plural(len(calls), 'appel')} depuis le "
                   f"{french_date(since)}"),
            french(f"courriel prêt à envoyer : {display_path(written)}")]


def listed_calls(catalog: Catalog, site: Site, since: dt.date, today: dt.date) -> list[Call]:
    """The public calls published from `since` to `today` and still open `today`.

    A confidential request is public only as its own call page (SPEC §5): it is never
    listed in what goes to the network's mailing list.
    """
    confidential = {r.model.id for r in catalog.requests if r.model.confidential}
    calls = [call for call in site.calls
             if since <= call.published <= today and call.id not in confidential]
    if not calls:
        raise TandemError(f"aucun appel ouvert publié depuis le {french_date(since)} : "
                          "pas de courriel à préparer (--since AAAA-MM-JJ pour remonter plus "
                          "loin)")
    return calls


class DigestLeak(AuditError):
    """The digest would carry a private value: it is not written."""

    def __init__(self, hits: list[str]) -> None:
        TandemError.__init__(self, f"audit : {plural(len(hits), 'valeur privée', 'valeurs privées')} "
                                   "dans le courriel")
        self.hits = hits


def audited(data: bytes, index: PrivateIndex) -> None:
    """Refuse a message whose subject or text, as a mail client shows them, holds a private
    value: the same matcher as the audit of the built site, on the message read back."""
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)  # policy.default reads EmailMessage
    text = f"{msg['Subject']}\n{msg.get_content()}"
    found = without_covered_parts(scan_text(text, ".txt", index))
    by_text: dict[tuple[str, ...], list[PrivateValue]] = {}
    for value in found:  # one hit per text found, with every record it belongs to
        by_text.setdefault(tuple(words(value.shown)), []).append(value)
    if by_text:
        raise DigestLeak([AuditHit("courriel", tuple(group)).render()
                          for group in by_text.values()])
