"""`tandem new` and `tandem reply`: e-mails in, a draft request or a reply out.

In-process with CliRunner, in copies of the mini programme: exact French messages and
exit codes, the files written exactly as expected (and accepted by `tandem check`), every
refusal leaving every file byte-identical, and values that YAML 1.1 would misread written
so that PyYAML reads them back as given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, make_content, relative
from generator import eml
from generator import init as init_module
from generator.cli import cli
from generator.commands import intake, records

NBSP, NNBSP = "\u00a0", "\u202f"
REQUEST_1 = "requests/2026-001-veille.md"
USAGE_NEW = ("Utilisation : tandem new [OPTIONS]\nEssayez « tandem new --help » pour l’aide.\n\n"
             .replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»").replace(" :", f"{NBSP}:"))
USAGE_REPLY = USAGE_NEW.replace("tandem new [OPTIONS]", "tandem reply [OPTIONS] ID").replace(
    "tandem new --help", "tandem reply --help")
OPTIONS = ["--title", "Revoir un modèle économique", "--theme", "modele-economique",
           "--format", "accompagnement", "--role", "direction"]


def fr(text: str) -> str:
    """The French spacing tandem prints (no-break spaces before « : », narrow before « ; ? »)."""
    from generator.french import french

    return french(text)


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, prog_name="tandem")
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def front(path: Path) -> dict[str, Any]:
    """The front matter of a content file as PyYAML reads it (between the « --- » lines)."""
    lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "---")
    data: dict[str, Any] = yaml.safe_load("".join(lines[1:end]))
    return data


def write_mail(folder: Path, sender: str = "Marc Durand <marc.durand@brivalon.example.org>",
               text: str = "Bonjour,\n\nNotre modèle économique repose trop sur les subventions.\n"
                           "Qui a diversifié ses ressources ?\n\n-- \nMarc Durand\n06 11 22 33 44\n",
               date: str = "Tue, 10 Mar 2026 09:14:00 +0100",
               subject: str = "Confidentiel : nos finances à Brivalon", name: str = "q.eml") -> Path:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "TANDEM <tandem@example.org>"
    mail["Date"] = date
    mail["Subject"] = subject
    mail.set_content(text)
    path = folder / name
    path.write_bytes(bytes(mail))
    return path


# tandem new --------------------------------------------------------------------------------

DRAFT = """\
---
id: 2026-004
title: Revoir un modèle économique
status: draft
confidential: true
received: 2026-03-10
published: null
closed: null
themes:
  - modele-economique
format: accompagnement
role: direction
requester:
  organisation: Cluster Brivalon
  name: Marc Durand
  email: marc.durand@brivalon.example.org
identifying_terms: []
responses: []
notes: |
  Courriel de Marc Durand <marc.durand@brivalon.example.org>, 10 mars 2026, \
objet « Confidentiel : nos finances à Brivalon » :

  Bonjour,

  Notre modèle économique repose trop sur les subventions.
  Qui a diversifié ses ressources ?
---
À remplacer par le texte public de l’appel, anonymisé : ni personne, ni adhérent, ni lieu, ni \
détail qui permette de reconnaître le demandeur. Ensuite : tandem publish 2026-004
"""


def test_new_from_an_email(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    mail = write_mail(tmp_path)
    code, out, err = run("new", "--content", str(content), "--today", "2026-03-12",
                         "--from-eml", str(mail), *OPTIONS)
    path = content / "requests" / "2026-004-revoir-un-modele-economique.md"
    assert (code, err) == (0, "")
    assert out == fr(
        f"Brouillon 2026-004 créé : {relative(path)}\n"
        "Organisation trouvée dans l’annuaire par l’adresse : Cluster Brivalon.\n"
        "Mode confidentiel par défaut ; --public si le demandeur accepte que sa demande soit "
        "citée dans les bilans.\n"
        "Ensuite : écrivez le texte public anonymisé sous l’en-tête, puis « tandem publish "
        "2026-004 ».\n")
    assert path.read_text(encoding="utf-8") == DRAFT  # the e-mail's own text as it was
    assert run("check", "--content", str(content))[0] == 0
    assert "finances" not in front(path)["title"]  # the subject is private: never the public title
    assert records.is_draft_body(path.read_text(encoding="utf-8").split("---\n", 2)[2])
    assert not records.is_draft_body((MINI / "requests" / "2026-003-brouillon.md")
                                     .read_text(encoding="utf-8").split("---\n", 2)[2])


@pytest.mark.parametrize(("today", "extra", "expected"), [
    ("2026-03-12", [], {"id": "2026-004", "confidential": True}),
    ("2027-01-05", ["--public"], {"id": "2027-001", "confidential": False,
                                  "received": "2026-03-10"}),
    ("2026-03-01", ["--confidential"], {"id": "2026-004", "received": "2026-03-01"}),  # mail later
    ("2026-03-12", ["--organisation", "CBV", "--name", "M. D.", "--email", "md@Autre.Example.org"],
     {"requester": {"organisation": "Cluster Brivalon", "name": "M. D.",
                    "email": "md@autre.example.org"}}),
], ids=["next-id", "new-year-public", "mail-dated-after-today", "options-win"])
def test_new_fields(tmp_path: Path, today: str, extra: list[str], expected: dict[str, object]) -> None:
    content = make_content(tmp_path)
    mail = write_mail(tmp_path)
    code, out, err = run("new", "--content", str(content), "--today", today, "--from-eml",
                         str(mail), *OPTIONS, *extra)
    assert (code, err) == (0, ""), out + err
    [path] = (content / "requests").glob(f"{expected.get('id', '2026-004')}-*.md")
    data = front(path)
    for key, value in expected.items():
        assert (str(data[key]) if key == "received" else data[key]) == value
    assert run("check", "--content", str(content))[0] == 0


def test_new_from_a_forward_names_the_original_sender(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    mail = write_mail(tmp_path, sender="Alix Coordination <tandem@example.org>",
                      text="À voir\n\n-------- Message transféré --------\nSujet : Question\n"
                           "Date : Tue, 3 Mar 2026 10:00:00 +0100\n"
                           "De : Lise Volontin <lise@quarzeo.example.org>\n\nNotre question.\n")
    code, out, _ = run("new", "--content", str(content), "--today", "2026-03-12", "--from-eml",
                       str(mail), *OPTIONS)
    assert code == 0, out
    data = front(next((content / "requests").glob("2026-004-*.md")))
    assert data["requester"] == {"organisation": "Pôle Quarzeo", "name": "Lise Volontin",
                                  "email": "lise@quarzeo.example.org"}
    assert str(data["received"]) == "2026-03-03"
    assert data["notes"].endswith("(transféré par tandem@example.org) :\n\nNotre question.\n"
                                   .replace(" :", f"{NBSP}:"))


def test_new_from_the_coordinators_mail_with_email_given_needs_the_name(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    mail = write_mail(tmp_path, sender="Alix Coordination <tandem@example.org>",
                      text="Appel de Lise ce matin : une question sur la veille.\n")
    args = ["new", "--content", str(content), "--today", "2026-03-12", "--from-eml", str(mail),
            *OPTIONS, "--email", "lise@quarzeo.example.org"]
    code, _, err = run(*args)
    assert (code, err) == (2, USAGE_NEW + fr("Erreur : il manque --name ; donnez la valeur en "
                                             "option, ou lancez la commande dans un terminal pour "
                                             "répondre aux questions\n"))
    assert run(*args, "--name", "Lise Volontin")[0] == 0
    data = front(next((content / "requests").glob("2026-004-*.md")))
    assert data["requester"] == {"organisation": "Pôle Quarzeo", "name": "Lise Volontin",
                                 "email": "lise@quarzeo.example.org"}


def test_new_keeps_any_email_text_in_notes_as_written(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    text = ("Bonjour,\n---\n...\n  indenté\n# pas un commentaire\nkey: value\n'guillemet\n"
            "NO\n10:30\n|\n")  # lines starting with « > » are quoted history: left out
    mail = write_mail(tmp_path, text=text)
    code, out, err = run("new", "--content", str(content), "--today", "2026-03-12", "--from-eml",
                         str(mail), *OPTIONS)
    assert (code, err) == (0, ""), out
    data = front(next((content / "requests").glob("2026-004-*.md")))
    assert data["notes"].split("\n\n", 1)[1] == text
    assert run("check", "--content", str(content))[0] == 0


def test_reply_asks_for_the_member_at_a_terminal(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_module, "interactive", lambda: True)
    content = make_content(tmp_path)
    mail = write_mail(tmp_path, sender="Eve Volontaire <eve@ailleurs.example.org>",
                      text="Je peux aider.\n")
    code, out, err = run("reply", "2026-001", "--content", str(content), "--today", "2026-03-12",
                         "--from-eml", str(mail), input="CBV\n")
    assert (code, err) == (0, ""), out
    assert out.startswith(fr("Adhérent du volontaire : CBV\nRéponse n° 2 à 2026-001 enregistrée "
                             "(Cluster Brivalon, Eve Volontaire)"))
    reply = front(content / REQUEST_1)["responses"][-1]
    assert reply == {"organisation": "Cluster Brivalon", "name": "Eve Volontaire",
                     "email": "eve@ailleurs.example.org", "received": dt.date(2026, 3, 10),
                     "note": "Je peux aider."}


def test_new_asks_in_french_at_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_module, "interactive", lambda: True)
    content = make_content(tmp_path)
    answers = "\nCBV\nMarc Durand\nUn titre anonyme\nveile\nmodele-economique, gestion-equipe\n" \
              "ponctuel\ncommunication\npeut-être\nnon\n"
    code, out, err = run("new", "--content", str(content), "--today", "2026-03-12", input=answers)
    assert code == 0, out + err
    assert fr("Thèmes, séparés par des virgules (intelligence-economique, modele-economique, "
              "gestion-equipe) :") in out
    assert fr("Erreur : thème inconnu « veile »") in out
    assert fr("Erreur : répondez oui ou non, pas « peut-être »") in out
    data = front(next((content / "requests").glob("2026-004-*.md")))
    assert {k: data[k] for k in ("title", "themes", "format", "role", "confidential",
                                  "requester")} == {
        "title": "Un titre anonyme", "themes": ["modele-economique", "gestion-equipe"],
        "format": "ponctuel", "role": "communication", "confidential": False,
        "requester": {"organisation": "Cluster Brivalon", "name": "Marc Durand"}}
    assert "notes" not in data


MISSING_ALL = ("il manque --title, --theme, --format, --role, --organisation et --name ; donnez "
               "les valeurs en option, ou lancez la commande dans un terminal pour répondre aux "
               "questions")


@pytest.mark.parametrize(("args", "code", "message"), [
    ([], 2, USAGE_NEW + fr(f"Erreur : {MISSING_ALL}")),
    (["--from-eml", "{mail}", "--title", "T"], 2, USAGE_NEW + fr(
        "Erreur : il manque --theme, --format et --role ; donnez les valeurs en option, ou "
        "lancez la commande dans un terminal pour répondre aux questions")),
    (["--from-eml", "{stranger}", *OPTIONS], 2, USAGE_NEW + fr(
        "Erreur : il manque --organisation ; donnez la valeur en option, ou lancez la commande "
        "dans un terminal pour répondre aux questions")),
    (["--from-eml", "{mail}", *OPTIONS[:2], "--theme", "veile", *OPTIONS[4:]], 2, USAGE_NEW + fr(
        "Erreur : --theme : thème inconnu « veile » ; thèmes possibles : intelligence-economique, "
        "modele-economique, gestion-equipe")),
    (["--from-eml", "{mail}", *OPTIONS[:4], "--format", "long", *OPTIONS[6:]], 2, USAGE_NEW + fr(
        "Erreur : --format : format inconnu « long » ; possibles : ponctuel, accompagnement")),
    (["--from-eml", "{mail}", *OPTIONS, "--email", "marc@", "--organisation", "X"], 2,
     USAGE_NEW + fr("Erreur : --email : adresse e-mail invalide « marc@ »")),
    (["--from-eml", "{mail}", *OPTIONS[:6], "--role", "Direction générale"], 2, USAGE_NEW + fr(
        "Erreur : --role : fonction inconnue « Direction générale » (vouliez-vous dire "
        "« direction » ?) ; fonctions possibles : direction, communication")),
    (["--from-eml", "{mail}", *OPTIONS[:2], "--title", " \t ", *OPTIONS[2:]], 2,
     USAGE_NEW + fr("Erreur : --title : titre vide")),
    (["--from-eml", "{absent}", *OPTIONS], 1, fr(
        "tandem new : {absent} : fichier introuvable ; rien n’a été modifié")),
    (["--from-eml", "{binary}", *OPTIONS], 1, fr(
        "tandem new : {binary} : ce n’est pas un courriel (fichier binaire) ; enregistrez le "
        "message au format .eml depuis votre messagerie ; rien n’a été modifié")),
    (["--from-eml", "{own}", *OPTIONS], 1, fr(
        "tandem new : {own} : ce courriel vient de l’adresse de la coordination "
        "(tandem@example.org) et ne contient pas de message transféré dont l’expéditeur soit "
        "lisible ; enregistrez le message d’origine, ou donnez --name et --email ; rien n’a été "
        "modifié")),
], ids=["nothing", "missing-some", "unknown-domain", "unknown-theme", "unknown-format",
        "bad-email", "unknown-role", "blank-title", "missing-file", "binary-file",
        "coordinator-without-forward"])
def test_new_refusals_write_nothing(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    content = make_content(tmp_path)
    files = {"mail": write_mail(tmp_path), "absent": tmp_path / "absent.eml",
             "stranger": write_mail(tmp_path, sender="Eve <eve@ailleurs.example.org>", name="s.eml"),
             "own": write_mail(tmp_path, sender="TANDEM <tandem@example.org>", name="o.eml"),
             "binary": tmp_path / "b.eml"}
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    shown = {key: relative(path) for key, path in files.items()}
    before = snapshot(content)
    result = run("new", "--content", str(content), "--today", "2026-03-12",
                 *(arg.format(**shown) for arg in args))
    assert (result[0], result[2]) == (code, message.format(**shown) + "\n")
    assert snapshot(content) == before


def test_new_refuses_content_with_problems(tmp_path: Path) -> None:
    content = make_content(tmp_path, {REQUEST_1: (MINI / REQUEST_1).read_text(encoding="utf-8")
                                      .replace("format: ponctuel", "format: court")})
    before = snapshot(content)
    code, out, err = run("new", "--content", str(content), "--today", "2026-03-12", *OPTIONS,
                         "--organisation", "Cluster Brivalon", "--name", "Marc")
    assert code == 1
    assert out.startswith(f"{relative(content / REQUEST_1)}:")
    assert err == fr("tandem new : le contenu a déjà des problèmes, corrigez-les d’abord (tandem "
                     "check) (1 problème dans 1 fichier) ; rien n’a été modifié\n")
    assert snapshot(content) == before


# tandem reply ------------------------------------------------------------------------------

REPLY_LINES = """\
  - organisation: Cluster Brivalon
    name: Léa Morel
    email: lea.morel@brivalon.example.org
    received: 2026-03-10
    note: Nous avons créé une cellule de veille en 2021, avec deux outils gratuits. Je peux en \
parler une heure.
"""


def test_reply_from_an_email_appends_exactly_its_lines(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    mail = write_mail(tmp_path, sender="Léa Morel <lea.morel@brivalon.example.org>",
                      text="Bonjour Alix,\n\nNous avons créé une cellule de veille en 2021,\navec "
                           "deux outils gratuits.\nJe peux en parler une heure.\n\nLe 14 févr. "
                           "2026, TANDEM a écrit :\n> L’appel\n")
    before = (content / REQUEST_1).read_text(encoding="utf-8")
    code, out, err = run("reply", "2026-001", "--content", str(content), "--today", "2026-03-12",
                         "--from-eml", str(mail))
    assert (code, err) == (0, "")
    assert out == fr(f"Réponse n° 2 à 2026-001 enregistrée (Cluster Brivalon, Léa Morel) : "
                     f"{relative(content / REQUEST_1)}\n"
                     "Organisation trouvée dans l’annuaire par l’adresse : Cluster Brivalon.\n"
                     "Ensuite : « tandem forward 2026-001 » pour la transmettre au demandeur.\n")
    at = before.index("notes:")
    assert (content / REQUEST_1).read_text(encoding="utf-8") == before[:at] + REPLY_LINES + before[at:]
    assert run("check", "--content", str(content))[0] == 0


ODD = ("\ufeff---\r\n"
       "# Demande reçue par téléphone, puis par courriel.\r\n"
       "id: '2026-001'   # entre guillemets\r\n"
       "title: \"Mettre en place une cellule de veille\"\r\n"
       "status: open\r\n"
       "confidential: false\r\n"
       "received: 2026-02-10\r\n"
       "published: 2026-02-14\r\n"
       "closed: null\r\n"
       "expires: 2026-06-30\r\n"
       "themes: [intelligence-economique]\r\n"
       "format: ponctuel\r\n"
       "role: direction\r\n"
       "requester:\r\n"
       "    organisation: Pôle Quarzeo\r\n"
       "    name: Jeanne Testard\r\n"
       "responses:\r\n"
       "    # le premier volontaire\r\n"
       "    -   organisation: Cluster Brivalon\r\n"
       "        name: Paul Essaimé\r\n"
       "        received: 2026-02-20\r\n"
       "\r\n"
       "# notes privées\r\n"
       "notes: |\r\n"
       "  Message d'origine.\r\n"
       "---\r\n"
       "Un cluster industriel souhaite structurer sa **veille**.\r\n")


def test_reply_round_trip_keeps_comments_crlf_and_bom(tmp_path: Path) -> None:
    content = make_content(tmp_path, {REQUEST_1: ODD.encode("utf-8")})
    assert run("check", "--content", str(content))[0] == 0
    code, out, err = run("reply", "2026-001", "--content", str(content), "--today", "2026-03-12",
                         "--member", "CBV", "--name", "NO", "--email", "no@brivalon.example.org",
                         "--phone", "0612345670", "--note", "10:30")
    assert (code, err) == (0, ""), out
    added = ("    - organisation: Cluster Brivalon\r\n"  # the dash where the list has it
             "      name: 'NO'\r\n"
             "      email: no@brivalon.example.org\r\n"
             "      phone: '0612345670'\r\n"
             "      received: 2026-03-12\r\n"
             "      note: '10:30'\r\n")
    at = ODD.index("        received: 2026-02-20\r\n") + len("        received: 2026-02-20\r\n")
    assert (content / REQUEST_1).read_bytes() == (ODD[:at] + added + ODD[at:]).encode("utf-8")


REPLY_OPTIONS = ["--member", "Cluster Brivalon", "--name", "Léa Morel", "--email",
                 "lea@brivalon.example.org"]


@pytest.mark.parametrize(("request_id", "args", "code", "message"), [
    ("2026-099", REPLY_OPTIONS, 1, "tandem reply : demande inconnue « 2026-099 » (les derniers : "
     "2026-001, 2026-002, 2026-003) ; rien n’a été modifié"),
    ("2026-002", REPLY_OPTIONS, 1, "tandem reply : 2026-002 est « binôme formé » (matched) : on ne "
     "peut enregistrer une réponse que si son état est « appel ouvert » (open) ; rien n’a été "
     "modifié"),
    ("2026-003", REPLY_OPTIONS, 1, "tandem reply : 2026-003 est « brouillon » (draft) : on ne peut "
     "enregistrer une réponse que si son état est « appel ouvert » (open) ; rien n’a été modifié"),
    ("2026-001", [*REPLY_OPTIONS[:4], "--email", "Paul.Essaime@example.org"], 1,
     "tandem reply : Paul.Essaime@example.org a déjà répondu à 2026-001 (réponse n° 1, Paul "
     "Essaimé, Cluster Brivalon) ; rien n’a été modifié"),
    ("2026-001", ["--member", "pôle quarzeo", *REPLY_OPTIONS[2:]], 1,
     "tandem reply : Pôle Quarzeo est l’organisation qui pose la question 2026-001 : elle ne peut "
     "pas y répondre ; rien n’a été modifié"),
    ("2026-001", ["--name", "Lise", "--email", "lise@quarzeo.example.org"], 1,
     "tandem reply : Pôle Quarzeo est l’organisation qui pose la question 2026-001 : elle ne peut "
     "pas y répondre ; rien n’a été modifié"),
    ("2026-001", [*REPLY_OPTIONS[:4], "--email", "jeanne.testard@example.org"], 1,
     "tandem reply : jeanne.testard@example.org est l’adresse du demandeur de 2026-001 : il ne "
     "peut pas répondre à sa propre demande ; rien n’a été modifié"),
    ("2026-001", ["--email", "eve@ailleurs.example.org"], 2, USAGE_REPLY + "Erreur : il manque "
     "--member et --name ; donnez les valeurs en option, ou lancez la commande dans un terminal "
     "pour répondre aux questions"),
    ("2026-001", REPLY_OPTIONS[:4], 2, USAGE_REPLY + "Erreur : il manque --email ; donnez la "
     "valeur en option, ou lancez la commande dans un terminal pour répondre aux questions"),
    ("2026-001", [*REPLY_OPTIONS, "--phone", "le matin"], 2,
     USAGE_REPLY + "Erreur : --phone : numéro de téléphone invalide « le matin »"),
    ("2026-001", ["--from-eml", "{empty}"], 1, "tandem reply : {empty} : le fichier est vide ; "
     "rien n’a été modifié"),
], ids=["unknown-id", "matched", "draft", "duplicate-address", "own-organisation",
        "own-organisation-by-domain", "own-address", "missing-member-and-name", "missing-email",
        "bad-phone", "empty-email-file"])
def test_reply_refusals_write_nothing(tmp_path: Path, request_id: str, args: list[str], code: int,
                                      message: str) -> None:
    content = make_content(tmp_path)
    empty = tmp_path / "vide.eml"
    empty.write_bytes(b"")
    before = snapshot(content)
    result = run("reply", request_id, "--content", str(content), "--today", "2026-03-12",
                 *(arg.format(empty=relative(empty)) for arg in args))
    assert (result[0], result[2]) == (code, fr(message.format(empty=relative(empty))) + "\n")
    assert snapshot(content) == before


def test_reply_that_would_make_the_content_invalid_lists_the_problem(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    before = snapshot(content)
    code, out, err = run("reply", "2026-001", "--content", str(content), "--today", "2026-02-01",
                         *REPLY_OPTIONS)
    assert code == 1
    assert out == fr(f"{relative(content / REQUEST_1)}:28: réponse reçue le 01/02/2026, avant la "
                     "publication de l’appel (14/02/2026)\n")
    assert err == fr("tandem reply : le contenu serait invalide après cette modification "
                     "(1 problème dans 1 fichier) ; rien n’a été modifié\n")
    assert snapshot(content) == before


@pytest.mark.parametrize(("text", "expected"), [
    ("Bonjour Alix,\n\nJe peux aider.\nÀ bientôt", "Je peux aider. À bientôt"),
    ("Je peux aider.", "Je peux aider."),
    ("Chère Alix,\nOui.", "Oui."),
    ("Bonjour, nous avons fait exactement cela en 2019 et je peux en parler.",
     "Bonjour, nous avons fait exactement cela en 2019 et je peux en parler."),
    ("mot " * 200, ("mot " * 74).strip() + "…"),
    ("", ""),
], ids=["greeting", "plain", "dear", "long-greeting-line-kept", "bounded", "empty"])
def test_reply_note_is_a_short_excerpt(text: str, expected: str) -> None:
    assert intake.excerpt(text) == expected


# Values YAML 1.1 would misread ---------------------------------------------------------------

TRAPS = ["NO", "no", "yes", "Yes", "on", "off", "~", "null", "10:30", "0612345670", "0o17", "1e3",
         "2026-13-01", "2026-02-10", "'quoted", "\"quoted", "- dash", "# hash", "key: value", "@at",
         "`tick", "!tag", "&anchor", "*alias", "%pct", "[list]", "{map}", "|", ">", "?", "  x  ",
         "x\ny", "Noël ✨", "\u00e9\u0301", "a\n---\nb", "a\n...\nb", "---", "...", "a\n\n\nb",
         "\ufeffBOM", "x\u2028y", "tab\there"]
VALUES = st.one_of(st.sampled_from(TRAPS), st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=VALUES, note=VALUES)
def test_reply_writes_any_value_so_pyyaml_reads_it_back(name: str, note: str) -> None:
    expected_name, expected_note = eml.clean_line(name), eml.bounded(eml.clean_text(note), 2_000)
    with tempfile.TemporaryDirectory() as tmp:
        content = make_content(Path(tmp))
        before = snapshot(content)
        code, out, err = run("reply", "2026-001", "--content", str(content), "--today",
                             "2026-03-12", "--member", "Cluster Brivalon", f"--name={name}",
                             "--email", "lea@brivalon.example.org", f"--note={note}")
        if not expected_name:
            assert code == 2 and err.endswith(fr("Erreur : --name : nom vide\n"))
            assert snapshot(content) == before
            return
        if code == 1:  # the value is a word of the public call: check refuses it, rightly
            assert "valeur privée" in out, out + err
            assert snapshot(content) == before
            return
        assert (code, err) == (0, ""), out
        reply = front(content / REQUEST_1)["responses"][-1]
        assert reply["name"] == expected_name
        assert reply.get("note", "") == expected_note


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=VALUES, name=VALUES, organisation=VALUES)
def test_new_writes_any_value_so_pyyaml_reads_it_back(title: str, name: str,
                                                      organisation: str) -> None:
    expected = {"title": eml.clean_line(title), "name": eml.clean_line(name),
                "organisation": eml.clean_line(organisation)}
    with tempfile.TemporaryDirectory() as tmp:
        content = make_content(Path(tmp))
        before = snapshot(content)
        code, out, err = run("new", "--content", str(content), "--today", "2026-03-12",
                             f"--title={title}", f"--name={name}",
                             f"--organisation={organisation}", *OPTIONS[2:])
        if not all(expected.values()):
            assert code == 2 and err.endswith(" vide\n"), err
            assert snapshot(content) == before
            return
        if code == 1:  # an organisation written almost like a member's: check says which
            assert "écrite autrement que dans l’annuaire" in out, out + err
            assert snapshot(content) == before
            return
        assert (code, err) == (0, ""), out
        data = front(next((content / "requests").glob("2026-004*.md")))  # « --- » has no word
        known = {"cbv": "Cluster Brivalon"}  # an alias is written as the member's name
        assert (data["title"], data["requester"]["name"]) == (expected["title"], expected["name"])
        assert data["requester"]["organisation"] in (expected["organisation"],
                                                     known.get(expected["organisation"].lower()),
                                                     "Cluster Brivalon", "Pôle Quarzeo")
