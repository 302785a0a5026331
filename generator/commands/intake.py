"""`tandem new` and `tandem reply`: a question e-mail becomes a draft request, a volunteer's
e-mail a reply to an open call.

What an e-mail brings (a name, an address, a date, its text) goes only into private fields
(the requester, a reply, `notes`), normalised by `generator.eml`; the public title and text
are the coordinator's to write. Each value comes from its option first, then from the
e-mail, then from a question in French when a person is at the terminal; without one, a
missing value is a usage error naming its option (exit 2). Every edit goes through
`records.save`: checked like `tandem check` first, written whole or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from generator import edit, eml, init
from generator.catalog import Catalog, Record, vocabulary_problem
from generator.commands import records
from generator.errors import TandemError
from generator.fold import words
from generator.french import french, french_date
from generator.models import EMAIL, PHONE, Request

T = TypeVar("T")

FORMATS = ("ponctuel", "accompagnement")
#: A reply's note: the first lines of the message, enough to tell the requester who offers what.
NOTE_CHARS = 300
GREETING = ("bonjour", "bonsoir", "hello", "salut", "madame", "monsieur", "cher", "chere",
            "chers", "cheres")  # folded: compared with `words`
#: The body of a new draft: what the coordinator replaces with the public call (a draft is
#: never published; `records.is_draft_body` lets `publish` refuse it left as it is).
PLACEHOLDER = (records.DRAFT_BODY_MARK + ", anonymisé : ni personne, ni adhérent, ni lieu, ni "
               "détail qui permette de reconnaître le demandeur. Ensuite : tandem publish {id}")


@dataclass(frozen=True)
class NewFields:
    """The options of `tandem new` (None: not given)."""

    title: str | None = None
    themes: tuple[str, ...] = ()
    request_format: str | None = None
    role: str | None = None
    organisation: str | None = None
    name: str | None = None
    email: str | None = None
    confidential: bool | None = None


@dataclass(frozen=True)
class ReplyFields:
    """The options of `tandem reply` (None: not given)."""

    member: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    note: str | None = None


# tandem new ---------------------------------------------------------------------------------

def new(content: Path, today: dt.date, eml_path: Path | None, fields: NewFields) -> list[str]:
    """Create a draft request; return the lines to show (its path first)."""
    catalog = records.checked(content)
    mail = _read(eml_path, catalog, fields.email)
    address = fields.email or (mail.address if mail else "")
    _require([("--title", fields.title), ("--theme", fields.themes or None),
              ("--format", fields.request_format), ("--role", fields.role),
              ("--organisation", fields.organisation or _owner(catalog, address)),
              ("--name", fields.name or (mail.name if mail else None))])
    record_id = records.next_request_id(catalog, today.year)
    data, said = _draft(catalog, record_id, today, mail, fields)
    name = records.file_name(record_id, str(data["title"]))
    relative = Path("requests") / name
    if (content / relative).exists():
        raise TandemError(f"{records.shown(content / relative)} existe déjà")
    body = french(PLACEHOLDER.format(id=record_id)) + "\n"
    text = edit.compose(data, body, records.shown(content / relative))
    [written] = records.save(content, {relative: text})
    return [french(line) for line in (
        f"Brouillon {record_id} créé : {records.shown(written)}", *said,
        f"Ensuite : écrivez le texte public anonymisé sous l’en-tête, puis « tandem publish "
        f"{record_id} ».")]


def _read(eml_path: Path | None, catalog: Catalog, email: str | None) -> eml.Mail | None:
    """The e-mail, the forwarded one when the coordinator forwarded it. With `--email` the
    sender is known: a forward tandem cannot read is not refused, but the coordinator's own
    name is not taken for the sender's."""
    if eml_path is None:
        return None
    coordinator = catalog.settings.coordinator.email
    mail = eml.read(eml_path, () if email else [coordinator])
    if mail.address.casefold() == coordinator.casefold():
        return dataclasses.replace(mail, name=None)
    return mail


def _draft(catalog: Catalog, record_id: str, today: dt.date, mail: eml.Mail | None,
           fields: NewFields) -> tuple[dict[str, edit.Value], list[str]]:
    """The draft's fields, and what to tell the coordinator about where they came from."""
    said: list[str] = []
    email = _value(fields.email, "--email", "Adresse e-mail du demandeur (facultative)",
                   _email, mail.address if mail else "", optional=True)
    organisation = _organisation(catalog, fields.organisation, email, "--organisation",
                                 "Organisation du demandeur", said)
    name = _value(fields.name, "--name", "Nom du demandeur", _name, mail.name if mail else None)
    title = _value(fields.title, "--title", "Titre public de l’appel (anonymisé)", _title)
    themes = _themes(catalog, fields.themes)
    request_format = _value(fields.request_format, "--format",
                            f"Format ({' ou '.join(FORMATS)})", _choice(FORMATS, "format"))
    role = _value(fields.role, "--role",
                  f"Fonction du demandeur ({', '.join(catalog.settings.roles)})",
                  _vocabulary(catalog.settings.roles, "fonction", "fonctions"))
    confidential = _confidential(fields.confidential, said)
    received = _received(mail.date if mail else None, today, said)
    requester: dict[str, edit.Value] = {"organisation": organisation, "name": name}
    if email:
        requester["email"] = email
    data: dict[str, edit.Value] = {
        "id": record_id, "title": title, "status": "draft", "confidential": confidential,
        "received": received, "published": None, "closed": None, "themes": list(themes),
        "format": request_format, "role": role, "requester": requester,
        "identifying_terms": [], "responses": []}
    if mail is not None:
        data["notes"] = _notes(mail)
    return data, said


def _confidential(given: bool | None, said: list[str]) -> bool:
    """Confidential unless said otherwise: the mode that can publish nothing by mistake."""
    if given is not None:
        return given
    if init.interactive():
        answer: bool = click.prompt(
            french("Mode confidentiel : la demande ne sera jamais citée, même dans les bilans "
                   "(oui/non)"), default="oui", value_proc=_yes_no, prompt_suffix="\u00a0: ")
        return answer
    said.append("Mode confidentiel par défaut ; --public si le demandeur accepte que sa "
                "demande soit citée dans les bilans.")
    return True


def _received(sent: dt.date | None, today: dt.date, said: list[str]) -> dt.date:
    """The e-mail's date; today without one, or when it says a day still to come."""
    if sent is None:
        return today
    if sent > today:
        said.append(f"Le courriel est daté du {french_date(sent)}, après aujourd’hui : "
                    f"reçu le {french_date(today)}.")
        return today
    return sent


def _notes(mail: eml.Mail) -> str:
    """The original message, kept privately with who sent it and when."""
    sender = f"{mail.name} <{mail.address}>" if mail.name else mail.address
    when = f", {french_date(mail.date)}" if mail.date else ""
    subject = f", objet « {mail.subject} »" if mail.subject else ""
    via = f" (transféré par {mail.forwarded_by})" if mail.forwarded_by else ""
    text = mail.text or "(message sans texte)"
    return french(f"Courriel de {sender}{when}{subject}{via} :") + "\n\n" + text + "\n"


# tandem reply -------------------------------------------------------------------------------

def reply(content: Path, request_id: str, today: dt.date, eml_path: Path | None,
          fields: ReplyFields) -> list[str]:
    """Add a volunteer's reply to an open request; return the lines to show."""
    catalog = records.checked(content)
    record = records.request(catalog, request_id)
    records.require_status(record, ("open",), "enregistrer une réponse")
    mail = _read(eml_path, catalog, fields.email)
    address = fields.email or (mail.address if mail else "")
    _require([("--email", address or None),
              ("--member", fields.member or _owner(catalog, address)),
              ("--name", fields.name or (mail.name if mail else None))])
    said: list[str] = []
    response = _response(catalog, record, today, mail, fields, said)
    editable = edit.load(record.doc.path)
    editable.append(("responses",), response)
    [written] = records.save(content, {record.doc.path.resolve(): editable.text()})
    number = len(record.model.responses) + 1
    return [french(line) for line in (
        f"Réponse n° {number} à {record.model.id} enregistrée ({response['organisation']}, "
        f"{response['name']}) : {records.shown(written)}", *said,
        f"Ensuite : « tandem forward {record.model.id} » pour la transmettre au demandeur.")]


def _response(catalog: Catalog, record: Record[Request], today: dt.date, mail: eml.Mail | None,
              fields: ReplyFields, said: list[str]) -> dict[str, edit.Value]:
    email = _value(fields.email, "--email", "Adresse e-mail du volontaire", _required_email,
                   mail.address if mail else None)
    _refuse_known_address(record, email)
    organisation = _organisation(catalog, fields.member, email, "--member",
                                 "Adhérent du volontaire", said)
    _refuse_own_organisation(record, organisation)
    name = _value(fields.name, "--name", "Nom du volontaire", _name, mail.name if mail else None)
    response: dict[str, edit.Value] = {"organisation": organisation, "name": name, "email": email}
    if fields.phone is not None:
        response["phone"] = _given(fields.phone, "--phone", _phone)
    response["received"] = _received(mail.date if mail else None, today, said)
    note = _given(fields.note, "--note", _note) if fields.note is not None \
        else excerpt(mail.text) if mail else ""
    if note:
        response["note"] = note
    return response


def _refuse_known_address(record: Record[Request], email: str) -> None:
    requester = record.model.requester
    if requester.email and requester.email.casefold() == email.casefold():
        raise TandemError(f"{email} est l’adresse du demandeur de {record.model.id} : il ne "
                          "peut pas répondre à sa propre demande")
    for number, response in enumerate(record.model.responses, start=1):
        if response.email and response.email.casefold() == email.casefold():
            raise TandemError(f"{email} a déjà répondu à {record.model.id} (réponse n° {number}, "
                              f"{response.name}, {response.organisation})")


def _refuse_own_organisation(record: Record[Request], organisation: str) -> None:
    own = record.model.requester.organisation
    if words(own) == words(organisation):
        raise TandemError(f"{organisation} est l’organisation qui pose la question "
                          f"{record.model.id} : elle ne peut pas y répondre")


def excerpt(text: str, limit: int = NOTE_CHARS) -> str:
    """The first lines of a message, greeting left out, on one line, at most `limit` characters."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and len(lines[0]) < 60 and words(lines[0])[:1] and words(lines[0])[0] in GREETING:
        lines = lines[1:]
    one_line = " ".join(" ".join(lines).split())
    if len(one_line) <= limit:
        return one_line
    cut = one_line.rfind(" ", 0, limit - 1)
    return one_line[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


# Values: option, e-mail, question ----------------------------------------------------------

def _require(values: list[tuple[str, object]]) -> None:
    """Without a terminal to ask at, refuse at once, naming every option missing."""
    missing = [option for option, value in values if value is None or value == ""]
    if missing and not init.interactive():
        _missing(missing)


def _missing(missing: list[str]) -> NoReturn:
    listed = ", ".join(missing[:-1]) + " et " + missing[-1] if len(missing) > 1 else missing[0]
    raise click.UsageError(french(f"il manque {listed} ; donnez {'les' if len(missing) > 1 else 'la'}"
                                  f" valeur{'s' if len(missing) > 1 else ''} en option, ou lancez "
                                  "la commande dans un terminal pour répondre aux questions"))


def _owner(catalog: Catalog, address: str) -> str | None:
    member = records.member_of(catalog, address) if address else None
    return member.name if member else None


def _value(given: str | None, option: str, question: str, convert: Callable[[str], T],
           found: str | None = None, optional: bool = False) -> T:
    """`given` (the option), else `found` (the e-mail), else asked at the terminal; a value
    that cannot be had is a usage error naming `option`."""
    if given is not None:
        return _given(given, option, convert)
    if found:
        return _given(found, option, convert)
    if init.interactive():
        return _ask(question, convert, optional)
    if optional:
        return convert("")
    _missing([option])


def _given(value: str, option: str, convert: Callable[[str], T]) -> T:
    try:
        return convert(value)
    except click.BadParameter as err:
        raise click.UsageError(french(f"{option} : {err.message}")) from None


def _ask(question: str, convert: Callable[[str], T], optional: bool) -> T:
    answer: T = click.prompt(french(question), default="" if optional else None,
                             show_default=False, value_proc=convert, prompt_suffix="\u00a0: ")
    return answer


def _organisation(catalog: Catalog, given: str | None, email: str, option: str, question: str,
                  said: list[str]) -> str:
    """The option, resolved to the directory's spelling; else the member owning the address."""
    if given is None and email:
        member = records.member_of(catalog, email)
        if member is not None:
            said.append(f"Organisation trouvée dans l’annuaire par l’adresse : {member.name}.")
            return member.name
    return _value(given, option, question, lambda text: _member_name(catalog, text))


def _member_name(catalog: Catalog, text: str) -> str:
    """The directory's name for a member written as its name or one of its aliases."""
    written = words(_line(text, "organisation"))
    for member in catalog.directory.members:
        if any(words(known) == written for known in (member.name, *member.aliases)):
            return member.name
    return _line(text, "organisation")


def _themes(catalog: Catalog, given: Iterable[str]) -> list[str]:
    vocabulary = catalog.settings.themes
    convert = _vocabulary(vocabulary, "thème", "thèmes")
    given = [theme for item in given for theme in item.replace(",", " ").split()]
    if given:
        return list(dict.fromkeys(_given(theme, "--theme", convert) for theme in given))
    question = f"Thèmes, séparés par des virgules ({', '.join(vocabulary)})"
    if not init.interactive():
        _missing(["--theme"])
    answer: list[str] = click.prompt(
        french(question), prompt_suffix="\u00a0: ",
        value_proc=lambda text: list(dict.fromkeys(convert(theme) for theme in
                                                   text.replace(",", " ").split()) or [convert("")]))
    return answer


def _vocabulary(vocabulary: dict[str, str], word: str, many: str) -> Callable[[str], str]:
    def convert(text: str) -> str:
        value = text.strip()
        if value not in vocabulary:
            raise click.BadParameter(french(vocabulary_problem(value, vocabulary, word, many)))
        return value
    return convert


def _choice(choices: tuple[str, ...], word: str) -> Callable[[str], str]:
    def convert(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise click.BadParameter(french(f"{word} inconnu « {text.strip()} » ; possibles : "
                                            f"{', '.join(choices)}"))
        return value
    return convert


def _line(text: str, what: str) -> str:
    value = eml.clean_line(text)
    if not value:
        raise click.BadParameter(french(f"{what} vide"))
    return value


def _title(text: str) -> str:
    return _line(text, "titre")


def _name(text: str) -> str:
    return _line(text, "nom")


def _email(text: str) -> str:
    value = eml.clean_line(text)
    if not value:
        return ""
    local, _, domain = value.rpartition("@")
    if not EMAIL.fullmatch(value) or any(c in value for c in "<>,;\"'"):
        raise click.BadParameter(french(f"adresse e-mail invalide « {value} »"))
    return f"{local}@{domain.lower()}"


def _yes_no(text: str) -> bool:
    answer = text.strip().lower()
    if answer in ("o", "oui", "y", "yes"):
        return True
    if answer in ("n", "non", "no"):
        return False
    raise click.BadParameter(french(f"répondez oui ou non, pas « {text.strip()} »"))


def _required_email(text: str) -> str:
    value = _email(text)
    if not value:
        raise click.BadParameter(french("adresse e-mail vide"))
    return value


def _phone(text: str) -> str:
    value = eml.clean_line(text)
    if not PHONE.fullmatch(value):
        raise click.BadParameter(french(f"numéro de téléphone invalide « {value} »"))
    return value


def _note(text: str) -> str:
    return eml.bounded(eml.clean_text(text), 2_000)
