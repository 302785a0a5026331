"""Reading saved e-mails (`generator.eml`): every mail client's shape, every encoding, and
every file that is not an e-mail refused in French, never a traceback.

The fixtures are written with the standard `email` package (or as raw bytes where a
client writes something the package would not), in the styles of Thunderbird, Outlook
and Gmail.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import replace
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import eml
from generator.errors import TandemError
from generator.yamlbuild import CONTROL

NBSP = "\u00a0"
COORDINATOR = "tandem@example.org"


def message(sender: str = "Jeanne Martin <jeanne.martin@lumi.example.org>",
            date: str | None = "Tue, 10 Feb 2026 09:14:00 +0100", subject: str = "Une question",
            text: str | None = "Bonjour,\n\nComment structurer une veille ?\n") -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = f"TANDEM <{COORDINATOR}>"
    if date is not None:
        mail["Date"] = date
    mail["Subject"] = subject
    if text is not None:
        mail.set_content(text)
    return mail


def parse(data: bytes | EmailMessage, own: tuple[str, ...] = ()) -> eml.Mail:
    return eml.parse(bytes(data) if isinstance(data, EmailMessage) else data, "m.eml", own)


# Mail clients -------------------------------------------------------------------------------

THUNDERBIRD = (
    "Message-ID: <1@lumi.example.org>\r\n"
    "Date: Tue, 10 Feb 2026 09:14:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "User-Agent: Mozilla Thunderbird\r\n"
    "Content-Language: fr\r\n"
    "To: tandem@example.org\r\n"
    "From: =?UTF-8?Q?J=C3=A9r=C3=B4me_B=C3=A9rard?= <jerome.berard@lumi.example.org>\r\n"
    "Subject: =?UTF-8?Q?Question_sur_la_veille_=C3=A9conomique?=\r\n"
    "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Bonjour,\r\n"
    "\r\n"
    "Nous aimerions mettre en place une cellule de veille et nous cherchons \r\n"
    "un cluster qui l’a déjà fait.\r\n"
    "\r\n"
    "-- \r\n"
    "Jérôme Bérard\r\n"
    "06 12 34 56 78\r\n").encode()


def outlook() -> bytes:
    """multipart/alternative, Windows-1252 in quoted-printable, and the reply history Outlook
    writes under a rule (« De : … Envoyé : … »)."""
    mail = MIMEMultipart("alternative")
    mail["From"] = formataddr(("Dupré, Hélène", "helene.dupre@azur.example.org"), "windows-1252")
    mail["To"] = COORDINATOR
    mail["Date"] = "Mon, 2 Mar 2026 17:45:12 +0000"
    mail["Subject"] = "RE: Appel 2026-007"
    plain = ("Bonjour,\r\nJe peux aider : nous l’avons fait en 2019.\r\nCordialement\r\n\r\n"
             "De : TANDEM <tandem@example.org>\r\nEnvoyé : lundi 2 mars 2026 10:00\r\n"
             "À : Hélène Dupré\r\nObjet : Appel 2026-007\r\n\r\nL’appel d’origine\r\n")
    part = MIMEText(plain, "plain", "windows-1252")
    mail.attach(part)
    mail.attach(MIMEText("<p>Bonjour,</p><p>Je peux aider</p>", "html", "windows-1252"))
    return mail.as_bytes()


def gmail() -> EmailMessage:
    """multipart/alternative in UTF-8, the quoted history under « Le … a écrit : » on two lines."""
    mail = message(sender="Paul Durand <paul.durand@azur.example.org>",
                   date="Thu, 19 Feb 2026 08:03:27 +0100",
                   text=("Bonjour,\n\nNous avons créé une cellule de veille en 2019.\n\n"
                         "Le mar. 10 févr. 2026 à 09:14, TANDEM <\ntandem@example.org> a écrit :\n\n"
                         "> Un cluster souhaite structurer sa veille.\n"))
    mail.add_alternative("<div dir=\"ltr\">Bonjour,<div><br></div><div>Nous avons créé une cellule "
                         "de veille en 2019.</div></div><div class=\"gmail_quote\">…</div>",
                         subtype="html")
    return mail


def html_only() -> EmailMessage:
    mail = message(text=None)
    mail.set_content(
        "<html><head><title>Titre caché</title><style>p { color: red }</style>"
        "<script>alert('x')</script></head><body>"
        "<div style=\"display: none; max-height: 0\">Aperçu caché</div><p>Bonjour&nbsp;!</p>"
        "<p>Nous cherchons&nbsp;<b>un pair</b> pour&nbsp;:</p><ul><li>la veille</li>"
        "<li>les &eacute;quipes</li></ul><div>Ligne 1<br>Ligne 2</div>"
        "<table><tr><td>Nom</td><td>Rôle</td></tr></table></body></html>", subtype="html")
    return mail


@pytest.mark.parametrize(("data", "expected"), [
    (THUNDERBIRD, eml.Mail("Jérôme Bérard", "jerome.berard@lumi.example.org", dt.date(2026, 2, 10),
                           "Question sur la veille économique",
                           "Bonjour,\n\nNous aimerions mettre en place une cellule de veille et "
                           "nous cherchons un cluster qui l’a déjà fait.")),
    (outlook(), eml.Mail("Dupré, Hélène", "helene.dupre@azur.example.org", dt.date(2026, 3, 2),
                         "RE: Appel 2026-007",
                         "Bonjour,\nJe peux aider : nous l’avons fait en 2019.\nCordialement")),
    (bytes(gmail()), eml.Mail("Paul Durand", "paul.durand@azur.example.org", dt.date(2026, 2, 19),
                              "Une question",
                              "Bonjour,\n\nNous avons créé une cellule de veille en 2019.")),
    (bytes(html_only()), eml.Mail("Jeanne Martin", "jeanne.martin@lumi.example.org",
                                  dt.date(2026, 2, 10), "Une question",
                                  f"Bonjour{NBSP}!\n\nNous cherchons{NBSP}un pair pour{NBSP}:\n\n"
                                  "- la veille\n- les équipes\n\nLigne 1\nLigne 2\n\nNom Rôle")),
], ids=["thunderbird-flowed", "outlook-cp1252-qp", "gmail-alternative", "html-only"])
def test_mail_clients(data: bytes, expected: eml.Mail) -> None:
    assert parse(data) == expected


# Encodings --------------------------------------------------------------------------------

def raw(body: bytes, content_type: str, encoding: str = "8bit",
        sender: bytes = b"Jeanne Martin <jeanne@lumi.example.org>",
        date: bytes = b"Tue, 10 Feb 2026 09:14:00 +0100") -> bytes:
    return (b"From: " + sender + b"\r\nDate: " + date + b"\r\n"
            b"Subject: Question\r\nMIME-Version: 1.0\r\nContent-Type: " + content_type.encode()
            + b"\r\nContent-Transfer-Encoding: " + encoding.encode() + b"\r\n\r\n" + body)


@pytest.mark.parametrize(("data", "text"), [
    (raw("L’été, ça coûte 5 €".encode("cp1252"), "text/plain; charset=windows-1252"),
     "L’été, ça coûte 5 €"),
    (raw("L’été, ça coûte 5 €".encode("cp1252"), "text/plain; charset=iso-8859-1"),
     "L’été, ça coûte 5 €"),
    (raw("Déjà vu".encode("latin-1"), "text/plain; charset=ISO-8859-1"), "Déjà vu"),
    (raw("Déjà vu".encode(), "text/plain; charset=utf-8"), "Déjà vu"),
    (raw("Déjà vu".encode(), "text/plain; charset=iso-8859-1"), "Déjà vu"),  # mislabelled UTF-8
    (raw("Déjà vu".encode("cp1252"), "text/plain; charset=utf-8"), "Déjà vu"),  # mislabelled 1252
    (raw("Déjà vu".encode(), "text/plain; charset=x-inconnu"), "Déjà vu"),
    (raw("Déjà vu".encode("cp1252"), "text/plain; charset=x-inconnu"), "Déjà vu"),
    (raw("Déjà vu".encode(), "text/plain"), "Déjà vu"),
    (raw("Привет".encode("koi8-r"), "text/plain; charset=koi8-r"), "Привет"),
    (raw(b"D=C3=A9j=C3=A0 vu =\r\nsuite", "text/plain; charset=utf-8", "quoted-printable"),
     "Déjà vu suite"),
    (raw(base64.b64encode("Déjà vu".encode()) + b"\r\n", "text/plain; charset=utf-8", "base64"),
     "Déjà vu"),
    (raw(base64.b64encode("Déjà vu!".encode()).rstrip(b"="), "text/plain; charset=utf-8",
         "base64"), "Déjà vu!"),  # padding lost
    (raw(b"!!!", "text/plain; charset=utf-8", "base64"), ""),  # not base64 at all
    (raw(b"<p>D&eacute;j&agrave; <i>vu</i></p>", "text/html; charset=utf-8"), "Déjà vu"),
    (raw("Ligne\x0bavec\x00des\x1bcontrôles\u202eà\u2028l’envers".encode(),
         "text/plain; charset=utf-8"), "Ligne\navecdescontrôlesà\nl’envers"),
    (raw(b"a\r\n\r\n\r\n\r\nb  \r\n\tc", "text/plain"), "a\n\nb\n    c"),
], ids=["cp1252", "latin1-label-on-cp1252", "latin1", "utf8", "utf8-labelled-latin1",
        "cp1252-labelled-utf8", "unknown-charset-utf8", "unknown-charset-cp1252", "no-charset",
        "koi8-r", "quoted-printable", "base64", "base64-no-padding", "base64-garbage",
        "html-entities", "control-characters", "blank-lines-and-tabs"])
def test_encodings(data: bytes, text: str) -> None:
    assert parse(data).text == text


@pytest.mark.parametrize(("sender", "name", "address"), [
    ("=?utf-8?q?Ren=C3=A9e_L=C3=A9ger?= <renee@x.example.org>", "Renée Léger", "renee@x.example.org"),
    ("=?iso-8859-1?b?UmVu6WUgTOln?= <renee@x.example.org>", "Renée Lég", "renee@x.example.org"),
    ("=?windows-1252?q?Fran=E7ois_=93Fanfan=94?= <f@x.example.org>", "François “Fanfan”",
     "f@x.example.org"),
    ("=?x-inconnu?q?Ren=E9e?= <renee@x.example.org>", "Renée", "renee@x.example.org"),
    ("=?utf-8?b?IkR1cHLDqSwgSMOpbMOobmUiIDxoZWxlbmUuZHVwcmVAYXp1ci5leGFtcGxl?=\r\n"
     " =?utf-8?b?Lm9yZz4=?=", "Dupré, Hélène", "helene.dupre@azur.example.org"),
    ('"Martin, Jeanne" <Jeanne.Martin@LUMI.Example.ORG>', "Martin, Jeanne",
     "Jeanne.Martin@lumi.example.org"),
    ("jeanne@lumi.example.org", None, "jeanne@lumi.example.org"),
    ("<jeanne@lumi.example.org>", None, "jeanne@lumi.example.org"),
    ("jeanne@lumi.example.org <jeanne@lumi.example.org>", None, "jeanne@lumi.example.org"),
    ("=?utf-8?q?Jeanne=0B=00=E2=80=AEMartin?= <j@x.example.org>", "Jeanne Martin", "j@x.example.org"),
    ("=?utf-8?q?" + "A" * 300 + "?= <j@x.example.org>", "A" * 199 + "…", "j@x.example.org"),
], ids=["rfc2047-utf8-q", "rfc2047-latin1-b", "rfc2047-cp1252", "unknown-charset-word",
        "whole-header-encoded", "quoted-comma", "bare-address", "angle-address", "address-as-name",
        "controls-in-name", "long-name"])
def test_senders(sender: str, name: str | None, address: str) -> None:
    data = raw(b"Bonjour", "text/plain", sender=sender.encode())
    mail = parse(data)
    assert (mail.name, mail.address) == (name, address)


@pytest.mark.parametrize(("date", "expected"), [
    ("Tue, 10 Feb 2026 23:30:00 -0800", dt.date(2026, 2, 10)),  # the sender's day, not UTC's
    ("Wed, 11 Feb 2026 00:30:00 +0100", dt.date(2026, 2, 11)),
    ("10 Feb 2026 09:14 +0100", dt.date(2026, 2, 10)),
    ("n'importe quoi", None),
    ("Thu, 01 Jan 1970 00:00:00 +0000", None),  # a broken client's clock
    ("Tue, 31 Feb 2026 09:14:00 +0100", None),
    (None, None),
], ids=["west-late", "east-early", "no-weekday", "garbage", "epoch", "impossible",
        "missing"])
def test_dates(date: str | None, expected: dt.date | None) -> None:
    assert parse(message(date=date)).date == expected


@pytest.mark.parametrize(("date", "expected"), [
    ("mar. 10 févr. 2026 09:14", dt.date(2026, 2, 10)),
    ("Tue, Feb 10, 2026 at 9:14 AM", dt.date(2026, 2, 10)),
    ("10/02/2026 09:14", dt.date(2026, 2, 10)),
    ("31 févr. 2026", None),
], ids=["french", "gmail-english", "numeric", "impossible"])
def test_dates_clients_write_by_hand(date: str, expected: dt.date | None) -> None:
    assert parse(raw(b"x", "text/plain", date=date.encode())).date == expected


def test_signature_mobile_footer_and_quotes_are_trimmed() -> None:
    text = ("Bonjour,\n> cité\nMa réponse.\n\nEnvoyé de mon iPhone\n\nLe 3 févr. 2026, X a écrit :\n"
            "> vieux\n")
    assert parse(message(text=text)).text == "Bonjour,\nMa réponse."


def test_long_text_is_bounded_at_a_line() -> None:
    text = "\n".join(f"Ligne {i} " + "mot " * 10 for i in range(1000))
    found = parse(message(text=text)).text
    assert len(found) <= eml.MAX_TEXT
    assert found.endswith("\n[…]")
    assert found.startswith("Ligne 0 mot")


def test_no_text_part_gives_empty_text() -> None:
    mail = message(text=None)
    mail.set_content(b"%PDF-1.4", maintype="application", subtype="pdf", filename="note.pdf")
    assert parse(mail).text == ""


# Forwarded messages -----------------------------------------------------------------------

GMAIL_FORWARD = ("Voici la question reçue hier.\n\n"
                 "---------- Forwarded message ---------\n"
                 "De : Jeanne Martin <jeanne.martin@lumi.example.org>\n"
                 "Date: mar. 3 févr. 2026 à 09:14\n"
                 "Subject: Une question sur la veille\n"
                 "To: <tandem@example.org>\n\n"
                 "Bonjour,\nComment structurer une veille ?\n\n-- \nJeanne\n")
THUNDERBIRD_FORWARD = ("\n\n-------- Message transféré --------\n"
                       "Sujet : \tUne question sur la veille\n"
                       "Date : \tTue, 3 Feb 2026 09:14:00 +0100\n"
                       "De : \tJeanne Martin <jeanne.martin@lumi.example.org>\n"
                       "Pour : \ttandem@example.org\n\n"
                       "Bonjour,\nComment structurer une veille ?\n")
OUTLOOK_FORWARD = ("\n________________________________\n"
                   "De : Jeanne Martin [mailto:jeanne.martin@lumi.example.org]\n"
                   "Envoyé : mardi 3 février 2026 09:14\n"
                   "À : TANDEM\nObjet : Une question sur la veille\n\n"
                   "Bonjour,\nComment structurer une veille ?\n")
ENGLISH_FORWARD = ("---------- Forwarded message ---------\n"
                   "From: **Jeanne Martin** <jeanne.martin@lumi.example.org>\n"
                   "Date: Tue, Feb 3, 2026 at 9:14 AM\n"
                   "Subject: Une question sur la veille\n"
                   "To: <tandem@example.org>\n\n"
                   "Bonjour,\nComment structurer une veille ?\n")
FORWARDED = eml.Mail("Jeanne Martin", "jeanne.martin@lumi.example.org", dt.date(2026, 2, 3),
                     "Une question sur la veille", "Bonjour,\nComment structurer une veille ?",
                     forwarded_by=COORDINATOR)


@pytest.mark.parametrize("text", [GMAIL_FORWARD, THUNDERBIRD_FORWARD, OUTLOOK_FORWARD,
                                  ENGLISH_FORWARD],
                         ids=["gmail-fr", "thunderbird-fr", "outlook-fr", "gmail-en"])
def test_forwarded_by_the_coordinator_gives_the_original_sender(text: str) -> None:
    forward = message(sender=f"Anne-Sophie Ravel <{COORDINATOR.upper()}>", subject="TR: question",
                      text=text)
    assert parse(forward, (COORDINATOR,)) == replace(FORWARDED, forwarded_by="TANDEM@example.org")


def test_forwarded_as_an_attached_message() -> None:
    original = message(date="Tue, 3 Feb 2026 09:14:00 +0100", subject="Une question sur la veille",
                       text="Bonjour,\nComment structurer une veille ?\n")
    original.replace_header("From", "Jeanne Martin <jeanne.martin@lumi.example.org>")
    forward = message(sender=f"TANDEM <{COORDINATOR}>", subject="Fwd: question", text="Pour toi\n")
    forward.add_attachment(original)
    assert parse(forward, (COORDINATOR,)) == FORWARDED


def test_a_forward_by_someone_else_keeps_its_sender() -> None:
    found = parse(message(text=GMAIL_FORWARD), (COORDINATOR,))
    assert (found.address, found.forwarded_by) == ("jeanne.martin@lumi.example.org", None)
    assert "Forwarded message" in found.text


def test_the_coordinators_own_mail_without_a_forward_is_refused() -> None:
    with pytest.raises(TandemError) as err:
        parse(message(sender=f"TANDEM <{COORDINATOR}>", text="Rappel : réunion jeudi\n"),
              (COORDINATOR,))
    assert str(err.value) == (
        f"m.eml{NBSP}: ce courriel vient de l’adresse de la coordination (tandem@example.org) et "
        "ne contient pas de message transféré dont l’expéditeur soit lisible\u202f; enregistrez le "
        "message d’origine, ou donnez --name et --email")


# Files that are not e-mails -----------------------------------------------------------------

NOT_AN_EMAIL = (f"m.eml{NBSP}: ce n’est pas un courriel (aucun en-tête «{NBSP}De{NBSP}:{NBSP}» "
                f"ni «{NBSP}Objet{NBSP}:{NBSP}»)\u202f; enregistrez le message au format .eml "
                "depuis votre messagerie")


@pytest.mark.parametrize(("data", "expected"), [
    (b"", f"m.eml{NBSP}: le fichier est vide"),
    (b"\r\n \n", f"m.eml{NBSP}: le fichier est vide"),
    (b"Bonjour, ceci est une note.\nSans en-tete.\n", NOT_AN_EMAIL),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", f"m.eml{NBSP}: ce n’est pas un courriel (fichier "
     "binaire)\u202f; enregistrez le message au format .eml depuis votre messagerie"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
     f"m.eml{NBSP}: c’est un message au format .msg d’Outlook, que tandem ne lit pas\u202f; "
     "enregistrez-le au format .eml (ou transférez-le-vous et enregistrez le transfert)"),
    (b"Subject: Bonjour\n\nSans expediteur\n", f"m.eml{NBSP}: aucune adresse d’expéditeur lisible "
     f"dans l’en-tête «{NBSP}De{NBSP}:{NBSP}» (From)"),
    (b"From: Jeanne Martin\nSubject: x\n\nbody", f"m.eml{NBSP}: aucune adresse d’expéditeur "
     f"lisible dans l’en-tête «{NBSP}De{NBSP}:{NBSP}» (From) («{NBSP}Jeanne Martin{NBSP}»)"),
    (b"From: <<<@@@>>>\nSubject: x\n\nbody", f"m.eml{NBSP}: aucune adresse d’expéditeur lisible "
     f"dans l’en-tête «{NBSP}De{NBSP}:{NBSP}» (From) («{NBSP}<<<@@@>>>{NBSP}»)"),
    (b"From: =?utf-8?q?Jeanne=00?=\nSubject: x\n\nbody", f"m.eml{NBSP}: aucune adresse "
     f"d’expéditeur lisible dans l’en-tête «{NBSP}De{NBSP}:{NBSP}» (From) («{NBSP}Jeanne{NBSP}»)"),
    (b"From: jeanne@localhost\nSubject: x\n\nbody",
     f"m.eml{NBSP}: adresse d’expéditeur invalide «{NBSP}jeanne@localhost{NBSP}»"),
    (b"a" * (eml.MAX_BYTES + 1), f"m.eml{NBSP}: fichier trop gros pour un courriel (au plus 10 Mo)"),
], ids=["empty", "blank", "plain-text", "binary", "outlook-msg", "no-from", "from-without-address",
        "from-garbage", "encoded-nul", "address-without-domain", "too-big"])
def test_files_that_are_not_emails_are_refused(data: bytes, expected: str) -> None:
    with pytest.raises(TandemError) as err:
        parse(data)
    assert str(err.value) == expected


def test_html_nested_beyond_any_mail_client_is_refused() -> None:
    """lexbor checks the open elements at each block: deep nesting made it take minutes."""
    mail = message(text=None)
    mail.set_content("<div>" * (eml.MAX_HTML_DEPTH + 1) + "<p>x</p>" * 1000, subtype="html")
    with pytest.raises(TandemError) as err:
        parse(mail)
    assert str(err.value) == (f"m.eml{NBSP}: courriel illisible{NBSP}: son HTML est imbriqué sur "
                              f"plus de {eml.MAX_HTML_DEPTH} niveaux, ce qu’aucune messagerie "
                              "n’écrit")
    mail.set_content("<div>" * 50 + "<p>x</p>" + "</div>" * 50 + "<br>" * 1000 + "<p>y</p>",
                     subtype="html")
    assert parse(mail).text == "x\n\ny"  # well-nested HTML is read; blank lines collapse


def test_read_refuses_missing_files_folders_and_big_files(tmp_path: Path) -> None:
    big = tmp_path / "gros.eml"
    big.write_bytes(b"From: a@b.example.org\n\n" + b"x" * (eml.MAX_BYTES + 10))
    cases = {tmp_path / "absent.eml": "absent.eml : fichier introuvable",
             tmp_path: "est un dossier, pas un courriel enregistré (.eml)",
             big: "gros.eml : fichier trop gros pour un courriel (10 Mo, au plus 10 Mo) ; "
                  "enregistrez le message sans ses pièces jointes"}
    for path, expected in cases.items():
        with pytest.raises(TandemError) as err:
            eml.read(path)
        assert str(err.value).replace(NBSP, " ").replace("\u202f", " ").endswith(expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=600),
    st.builds(lambda head, body: head + b"\r\n\r\n" + body,
              st.lists(st.sampled_from([
                  b"From: =?utf-8?b?" , b"From: a@b.example.org", b"From: \"x\" <", b"Date: ",
                  b"Date: Tue, 99 Foo 2026", b"Content-Type: multipart/mixed; boundary=\"b\"",
                  b"Content-Type: text/html; charset=\"\xff\"", b"Content-Type: message/rfc822",
                  b"Content-Transfer-Encoding: base64", b"Content-Transfer-Encoding: quoted-printable",
                  b"Subject: =?x?q?=FF?=", b"\x00", b"--b", b"=?utf-8?q?=E2=80=AE?=", b" folded"]),
                  max_size=8).map(b"\r\n".join),
              st.binary(max_size=300))))
def test_any_bytes_give_a_mail_or_a_french_refusal(data: bytes) -> None:
    """Hostile input: a `Mail` with clean texts, or a `TandemError`, never another error."""
    try:
        mail = parse(data, (COORDINATOR,))
    except TandemError:
        return
    for text in (mail.name or "", mail.address, mail.subject, mail.text):
        assert not CONTROL.search(text)
        assert not re.search("[\u202a-\u202e\u2066-\u2069\ufeff]", text)
    assert len(mail.text) <= eml.MAX_TEXT
    assert "\r" not in mail.text
    (mail.text + mail.subject + (mail.name or "")).encode("utf-8")  # writable as UTF-8
