"""mailto links (RFC 6068) for the public forms."""

from __future__ import annotations

from urllib.parse import quote

from generator.french import french

CALL_BODY_FIELDS = ("Adhérent", "Contact (nom, fonction)", "Expérience sur le sujet",
                    "Disponibilités")
PROPOSE_BODY_FIELDS = ("Adhérent", "Contact (nom, fonction)", "Ma question",
                       "Mode confidentiel souhaité (oui / non)")


def _clean_header(value: str) -> str:
    """One line: a header value can never carry a line break (no header injection)."""
    return " ".join(value.split())


def address_mailto(address: str) -> str:
    """A mailto URI to `address` alone (RFC 6068: everything but the @ percent-encoded)."""
    return f"mailto:{quote(address, safe='@')}"


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto URI with UTF-8, percent-encoded subject and body, CRLF line breaks."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (f"{address_mailto(address)}"
            f"?subject={quote(_clean_header(subject), safe='')}"
            f"&body={quote(body, safe='')}")


def _form_body(intro: str, fields: tuple[str, ...]) -> str:
    return french(intro + "\n\n" + "\n".join(f"{name} :" for name in fields)) + "\n"


def call_subject(programme: str, call_id: str) -> str:
    return f"{programme} – je peux aider sur l’appel {call_id}"


def call_mailto(address: str, programme: str, call_id: str, title: str) -> str:
    intro = f"Bonjour,\n\nJe peux aider sur l’appel {call_id} « {_clean_header(title)} »."
    return mailto(address, call_subject(programme, call_id), _form_body(intro, CALL_BODY_FIELDS))


def propose_mailto(address: str, programme: str) -> str:
    intro = "Bonjour,\n\nJe souhaite proposer une question au programme."
    return mailto(address, f"{programme} – proposer une question",
                  _form_body(intro, PROPOSE_BODY_FIELDS))
