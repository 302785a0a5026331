"""The one schema of the content files (SPEC §4), shared by `check` and `build`.

Types are strict: a value YAML turned into a number, a boolean or a date where
text is expected is a problem, never silently converted. The custom validators
below raise French messages; `{raw}` in them is replaced by what was written
in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

# [0-9], not \d: Python's \d also matches Arabic-Indic or fullwidth digits (« ٢٠٢٦-٠٠١ »),
# which would make ids, file names and URLs that look alike but differ.
REQUEST_ID = re.compile(r"[0-9]{4}-[0-9]{3}")
BINOME_ID = re.compile(r"[0-9]{4}-B[0-9]{2}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"\+?[0-9][0-9 .()-]{5,}[0-9]")
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")

RequestStatus = Literal["draft", "open", "matched", "withdrawn", "expired"]
BinomeStatus = Literal["active", "completed", "stopped"]
Format = Literal["ponctuel", "accompagnement"]


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("tandem", message)


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        raise _fail("doit être du texte : YAML a lu « {raw} » comme un booléen ; "
                    "mettez la valeur entre guillemets")
    if isinstance(value, int | float):
        raise _fail("doit être du texte : YAML a lu « {raw} » comme un nombre ; "
                    "mettez la valeur entre guillemets")
    if isinstance(value, dt.date):
        raise _fail("doit être du texte : YAML a lu « {raw} » comme une date ; "
                    "mettez la valeur entre guillemets")
    if isinstance(value, str) and not value.strip():
        raise _fail("ne doit pas être vide")
    return value


def _day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise _fail("doit être une date seule au format AAAA-MM-JJ, sans heure")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_TEXT.fullmatch(value.strip()):
        raise _fail("date impossible « {raw} »")
    raise _fail("doit être une date au format AAAA-MM-JJ, reçu « {raw} »")


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    raise _fail("doit valoir true ou false, reçu « {raw} »")


def _rating(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise _fail("doit être une note entière de 1 à 5, reçu « {raw} »")


def _pattern(regex: re.Pattern[str], example: str) -> Any:
    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise _fail(f"format invalide « {{raw}} » (attendu par exemple « {example} »)")
        return value
    return AfterValidator(check)


def _email(value: str) -> str:
    if not EMAIL.fullmatch(value.strip()):
        raise _fail("adresse e-mail invalide « {raw} »")
    return value


def _phone(value: str) -> str:
    if not PHONE.fullmatch(value.strip()):
        raise _fail("numéro de téléphone invalide « {raw} »")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Day = Annotated[dt.date, BeforeValidator(_day)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Email = Annotated[Text, AfterValidator(_email)]
Phone = Annotated[Text, AfterValidator(_phone)]
Slug = Annotated[Text, _pattern(SLUG, "intelligence-economique")]
Rating = Annotated[int, BeforeValidator(_rating)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Contact(Schema):
    organisation: Text
    name: Text
    email: Email | None = None
    phone: Phone | None = None


class Response(Contact):
    received: Day
    note: Text | None = None
    forwarded: Day | None = None


class Request(Schema):
    id: Annotated[Text, _pattern(REQUEST_ID, "2026-007")]
    title: Text
    status: RequestStatus
    confidential: Flag
    received: Day
    published: Day | None = None
    closed: Day | None = None
    expires: Day | None = None
    # Checked against the programme's vocabularies (checks.check_request_vocabulary), which
    # can say which theme was meant when a label or an accented spelling was written.
    themes: Annotated[list[Text], Field(min_length=1)]
    format: Format
    role: Text
    requester: Contact
    identifying_terms: list[Text] = []
    responses: list[Response] = []
    notes: Text | None = None


class Agreement(Schema):
    goals: Text | None = None
    cadence: Text | None = None
    duration: Text | None = None


class Checkin(Schema):
    date: Day
    note: Text
    next: Day | None = None


class SideFeedback(Schema):
    rating: Rating | None = None
    gained: Text | None = None


class Feedback(Schema):
    mentor: SideFeedback | None = None
    mentee: SideFeedback | None = None


class Binome(Schema):
    id: Annotated[Text, _pattern(BINOME_ID, "2026-B03")]
    request: Annotated[Text, _pattern(REQUEST_ID, "2026-007")]
    status: BinomeStatus
    formed: Day
    ended: Day | None = None
    mentor: Contact
    mentee: Contact
    agreement: Agreement | None = None
    checkins: list[Checkin] = []
    feedback: Feedback | None = None
    public_consent: Flag = False


#: One plain address, nothing a mail client could read as a second recipient or a header.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
                           r"[A-Za-z]{2,}", re.ASCII)
#: The public site's address: https (http only on this machine), no user, query or fragment.
SITE_URL = re.compile(r"(?:https://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9-]+"
                      r"|http://(?:localhost|127\.0\.0\.1|\[::1\]))(?::[0-9]{1,5})?"
                      r"(?:/[A-Za-z0-9._~-]+)*/", re.ASCII)


def _plain_address(value: str) -> str:
    if not PLAIN_ADDRESS.fullmatch(value):
        raise _fail("adresse invalide « {raw} » : une seule adresse, sans espace, « ? », virgule "
                    "ni paramètre (par exemple tandem@mon-reseau.example.org)")
    return value


def _site_url(value: str) -> str:
    if not SITE_URL.fullmatch(value):
        raise _fail("adresse invalide « {raw} » : une adresse https:// terminée par « / », sans "
                    "espace, identifiant, « ? » ni « # » (par exemple https://tandem.example.org/ ; "
                    "http:// seulement pour localhost)")
    return value


class Coordinator(Schema):
    name: Text
    email: Annotated[Text, AfterValidator(_plain_address)]


class Thresholds(Schema):
    stale_after_days: Annotated[int, Field(ge=1)] = 60
    checkin_every_days: Annotated[int, Field(ge=1)] = 45


class Page(Schema):
    file: Annotated[Text, _pattern(re.compile(r"[a-z0-9-]+\.md"), "programme.md")]
    title: Text


class Settings(Schema):
    name: Text
    network: Text
    site_url: Annotated[Text, AfterValidator(_site_url)]
    coordinator: Coordinator
    thresholds: Thresholds = Thresholds()
    pages: list[Page] = []
    themes: Annotated[dict[Slug, Text], Field(min_length=1)]
    roles: Annotated[dict[Slug, Text], Field(min_length=1)]
    #: The coordinator's stock phrases, reused from call to call: never private.
    public_phrases: list[Text] = []
    #: Full years a closed record keeps its personal data (`tandem purge`); None: the default.
    retention_years: Annotated[int, Field(ge=1)] | None = None


class Member(Schema):
    name: Text
    aliases: list[Text] = []
    domains: list[Text] = []
    region: Text | None = None
    themes: list[Text] = []  # checked against the vocabulary, as a request's


class Directory(Schema):
    members: list[Member] = []
