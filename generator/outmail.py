"""The e-mails tandem prepares for the coordinator to send: composed, never sent.

Each is a complete `.eml` written with the standard `email` package (RFC 5322, CRLF
line ends, UTF-8, RFC 2047 encoded headers, quoted-printable body) and marked
`X-Unsent: 1`, so that Outlook and Thunderbird open it as a draft ready to send.
Everything here is pure: the bytes of a message from the records, nothing written.

Header values come from content files and so from e-mails: a header never carries a
line break (white space is folded to single spaces first, and the `email` package
refuses any CR or LF left), and a recipient's address must be one plain address.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from generator import routes
from generator.errors import TandemError
from generator.french import french, french_date, plural
from generator.models import PLAIN_ADDRESS, Request, Response, Settings
from generator.views import Call, Site

#: CRLF line ends and headers folded at 78 characters (RFC 5322), as mail clients expect.
POLICY = policy.SMTP
#: Body lines are wrapped here (the quoted-printable encoding keeps them intact anyway).
WIDTH = 72
INDENT = "   "
#: Where the digest goes when no `--to` is given: the coordinator types the list's
#: address in the draft. `.invalid` can never be delivered (RFC 2606) if it is forgotten.
LIST_PLACEHOLDER = Address("Liste de diffusion du réseau à compléter",
                           addr_spec="liste-du-reseau@a-completer.invalid")


def one_line(text: str) -> str:
    """A header value on one line: every run of white space, line breaks included, one space."""
    return " ".join(text.split())


def address(name: str, email: str, whose: str) -> Address:
    """A recipient or sender: `name <email>`, refused unless `email` is one plain address;
    `whose` says whose for people (« du demandeur »)."""
    email = email.strip()
    if not PLAIN_ADDRESS.fullmatch(email):
        raise TandemError(f"l’adresse {whose} « {one_line(email)} » n’est pas une adresse "
                          "simple (une seule adresse, sans espace ni virgule) : corrigez-la")
    try:
        return Address(one_line(name), addr_spec=email)
    except ValueError:  # the email package's own refusal, should a name still hold a break
        raise TandemError(f"le nom {whose} « {one_line(name)} » contient un caractère qu’un "
                          "en-tête de courriel ne peut pas porter : corrigez-le") from None


@dataclass(frozen=True)
class Draft:
    """What a message says; `message_bytes` turns it into an `.eml`."""

    sender: Address
    recipient: Address
    subject: str
    body: str
    day: dt.date
    #: The left part of the Message-ID: the same draft gets the same id.
    key: str


def message_bytes(draft: Draft) -> bytes:
    """The `.eml` of a draft: UTF-8, quoted-printable, CRLF, dated `draft.day` at 09:00 UTC."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = draft.sender
    msg["To"] = draft.recipient
    msg["Subject"] = one_line(draft.subject)
    when = dt.datetime.combine(draft.day, dt.time(9, 0), tzinfo=dt.UTC)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{draft.key}@{draft.sender.domain}>"
    msg["X-Unsent"] = "1"
    msg.set_content(draft.body, charset="utf-8", cte="quoted-printable")
    return msg.as_bytes()


def sender(settings: Settings) -> Address:
    return address(settings.coordinator.name, settings.coordinator.email, "de la coordination")


def _wrapped(text: str, indent: str = INDENT) -> list[str]:
    """Prose as indented lines of at most WIDTH characters; its own line breaks kept."""
    lines = []
    for paragraph in text.strip().splitlines():
        lines += textwrap.wrap(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent,
                               break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def _label(label: str, value: str) -> list[str]:
    """'   Téléphone : +33 6…' (the label with French typography, the value as written)."""
    return _wrapped(french(f"{label} : ") + value)


# Forwarding the replies to the requester ------------------------------------------------

def forward_draft(settings: Settings, request: Request,
                  replies: Sequence[tuple[int, Response]], day: dt.date) -> Draft:
    """The e-mail telling the requester who volunteered: `replies` are (index, reply)."""
    requester = request.requester
    if requester.email is None:
        raise TandemError(f"le demandeur de {request.id} n’a pas d’adresse e-mail "
                          "(requester.email) : ajoutez-la, puis relancez")
    recipient = address(requester.name, requester.email, "du demandeur")
    count = plural(len(replies), "réponse")
    numbers = "-".join(str(index + 1) for index, _ in replies)
    return Draft(sender(settings), recipient,
                 french(f"{settings.name} – {count} à votre demande {request.id}"),
                 _forward_body(settings, request, replies), day,
                 f"tandem.forward.{request.id}.{day:%Y%m%d}.r{numbers}")


def _forward_body(settings: Settings, request: Request,
                  replies: Sequence[tuple[int, Response]]) -> str:
    one = len(replies) == 1
    intro = ("Un membre du réseau s’est proposé pour vous aider. Voici ses coordonnées :" if one
             else f"{len(replies)} membres du réseau se sont proposés pour vous aider. "
                  "Voici leurs coordonnées :")
    lines = [f"Bonjour {one_line(request.requester.name)},", ""]
    lines += [line.strip() for line in _wrapped(
        french(f"Merci pour votre demande {request.id} « ") + one_line(request.title)
        + french(" » au programme ") + settings.name + ".", "")]
    lines += ["", *_wrapped(french(intro), ""), ""]
    for number, (_, reply) in enumerate(replies, 1):
        lines += [*_reply_lines(number, reply), ""]
    outro = ("Nous vous laissons prendre contact directement. Dites-nous avec qui vous "
             "souhaitez former un binôme : nous préparerons la suite avec vous.")
    lines += [*_wrapped(french(outro), ""), "", "Bien cordialement,", "",
              *_signature(settings)]
    return "\n".join(lines) + "\n"


def _reply_lines(number: int, reply: Response) -> list[str]:
    lines = [f"{number}. {one_line(reply.name)} ({one_line(reply.organisation)})"]
    if reply.email:
        lines += _label("Adresse", reply.email.strip())
    if reply.phone:
        lines += _label("Téléphone", reply.phone.strip())
    lines += _wrapped(f"Réponse reçue le {french_date(reply.received)}")
    if reply.note:
        lines += _label("Son message", reply.note.strip())
    return lines


def _signature(settings: Settings) -> list[str]:
    return [settings.coordinator.name,
            french(f"Coordination du programme {settings.name} – {settings.coordinator.email}")]


# The call for mentors to the network's mailing list -------------------------------------

def digest_draft(site: Site, settings: Settings, calls: Sequence[Call], since: dt.date,
                 day: dt.date, recipient: Address = LIST_PLACEHOLDER) -> Draft:
    """« Appel à mentors »: the public calls listed, built from the public view `site` only."""
    count = plural(len(calls), "nouvel appel", "nouveaux appels")
    # No « : » here: header folding turns its no-break space into a plain one.
    subject = f"{site.name} – appel à mentors ({count})"
    return Draft(sender(settings), recipient, subject, _digest_body(site, calls, since), day,
                 f"tandem.digest.{day:%Y%m%d}.{since:%Y%m%d}")


def _digest_body(site: Site, calls: Sequence[Call], since: dt.date) -> str:
    intro = (f"Des adhérents du réseau cherchent un pair pour les aider. Voici les appels "
             f"publiés depuis le {french_date(since)} sur le site du programme {site.name} :")
    lines = ["Bonjour,", "", *_wrapped(french(intro), ""), ""]
    for call in calls:
        lines += [*_call_lines(site, call), ""]
    outro = ("Vous pouvez aider ? Ouvrez la page de l’appel : le bouton « Je peux aider » "
             "prépare un courriel à la coordination. Tous les appels ouverts :")
    lines += [*_wrapped(french(outro), ""), routes.calls_url(site.site_url), "",
              "Bien cordialement,", "", site.coordinator_name,
              french(f"Coordination du programme {site.name} – {site.coordinator_email}")]
    return "\n".join(lines) + "\n"


def _call_lines(site: Site, call: Call) -> list[str]:
    dates = french(f"publié le {call.published_label}")
    if call.expires_label:
        dates += f", ouvert jusqu’au {call.expires_label}"
    lines = [f"{call.id} – {one_line(call.title)}"]
    lines += _label("Thèmes", ", ".join(theme.label for theme in call.themes))
    lines += _label("Format", call.format_label)
    lines += _wrapped(dates[0].upper() + dates[1:])
    lines += _wrapped(call.excerpt)
    lines += _label("Page de l’appel", routes.call_url(site.site_url, call.id))
    return lines
