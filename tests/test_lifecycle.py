"""`tandem publish`, `withdraw`, `match`, `checkin`, `close`: a request and its pair along
their lives, on the example programme — exact messages and exit codes, every file
byte-identical after a refusal, only the intended lines changed after a success, and the
content still passing `tandem check`."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, ROOT, relative
from generator.checks import check
from generator.cli import cli
from generator.commands import lifecycle, records
from generator.french import french, typographic_problems
from generator.yamlbuild import CONTROL

EXAMPLE = ROOT / "content"
TODAY = "2026-12-02"

#: A text for the example's draft 2026-009 that no other record holds (the example's own
#: text repeats words of a closed request, which are private).
CALL_TEXT = ("Un adhérent veut réunir quelques grandes entreprises de son territoire autour "
             "d’actions collectives qu’elles financeraient ensemble.\n\nComment convaincre les "
             "premières, quelles contreparties proposer, quel cadre fiscal choisir ?\n")


def example(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(EXAMPLE, content, ignore=shutil.ignore_patterns(".tandem-cache"))
    set_body(content / "requests/2026-009-club-mecenes.md", CALL_TEXT)
    return content


def set_body(path: Path, body: str) -> None:
    """Replace the Markdown body of a content file, its front matter kept byte for byte."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(text[:end] + body, encoding="utf-8")


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes()
            for p in sorted(content.rglob("*")) if p.is_file()}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="tandem")
    assert typographic_problems(result.stdout + result.stderr) == []
    return result.exit_code, result.stdout, result.stderr


def assert_valid(content: Path) -> None:
    _, problems = check(content)
    assert problems == []


def diff(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added (line endings included)."""
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def fr(*lines: str) -> str:
    """Lines as tandem prints them: French typography, one per line."""
    return "".join(french(line) + "\n" for line in lines)


# --- successes: what changed, and the next command ------------------------------------


def test_publish_opens_a_draft(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "requests/2026-009-club-mecenes.md"
    before = path.read_bytes()

    code, out, err = run("publish", "2026-009", "--content", str(content), "--today", TODAY,
                         "--expires", "2027-03-31")

    assert (code, err) == (0, "")
    assert out == fr("tandem publish : 2026-009 est un appel ouvert, publié le 2 décembre 2026, "
                     "jusqu’au 31 mars 2027",
                     f"modifié : {relative(path)}",
                     "Pour le mettre en ligne : tandem build ; les réponses s’enregistrent "
                     "ensuite avec tandem reply 2026-009")
    assert diff(before, path.read_bytes()) == (
        ["status: draft\n"],
        ["status: open\n", "published: 2026-12-02\n", "expires: 2027-03-31\n"])
    assert_valid(content)


@pytest.mark.parametrize(("flag", "status", "word"), [
    ([], "withdrawn", "retirée"),
    (["--expired"], "expired", "expirée"),
])
def test_withdraw_closes_an_open_call(tmp_path: Path, flag: list[str], status: str,
                                      word: str) -> None:
    content = example(tmp_path)
    path = content / "requests/2026-004-outils-suivi-entreprises.md"
    before = path.read_bytes()

    code, out, err = run("withdraw", "2026-004", *flag, "--content", str(content),
                         "--today", TODAY)

    assert (code, err) == (0, "")
    assert out == fr(f"tandem withdraw : la demande 2026-004 est « {word} » ({status}), close "
                     "le 2 décembre 2026",
                     f"modifié : {relative(path)}",
                     "Pour retirer l’appel du site : tandem build (sa page ne dira plus que "
                     "« cet appel est clos »)")
    assert diff(before, path.read_bytes()) == (["status: open\n", "closed: null\n"],
                                               [f"status: {status}\n", "closed: 2026-12-02\n"])
    assert_valid(content)


BINOME_2026_B04 = """\
---
id: 2026-B04
request: 2026-006
status: active
formed: 2026-12-02
ended: null
mentor:
  organisation: Cluster Lumivalor
  name: Théo Blanchard
  email: theo.blanchard@lumivalor.example.org
  phone: +33 4 77 31 60 42
mentee:
  organisation: Pôle Agrivalis
  name: Céline Dufresne
  email: celine.dufresne@agrivalis.example.org
  phone: +33 3 29 64 51 27
agreement:
  goals: null
  cadence: null
  duration: null
checkins: []
public_consent: false
---
"""


def test_match_forms_the_pair_and_closes_the_request(tmp_path: Path) -> None:
    content = example(tmp_path)
    request = content / "requests/2026-006-fiscalite-cotisations.md"
    before = request.read_bytes()

    code, out, err = run("match", "2026-006", "--reply", "1", "--content", str(content),
                         "--today", TODAY)

    binome = content / "binomes/2026-B04-cotisations-prestations-et-tva-securiser-le.md"
    assert (code, err) == (0, "")
    assert out == fr("tandem match : binôme 2026-B04 formé le 2 décembre 2026 : mentor "
                     "Théo Blanchard (Cluster Lumivalor), mentoré Céline Dufresne (Pôle Agrivalis)",
                     f"écrit : {relative(binome)}",
                     f"modifié : {relative(request)} (binôme formé, demande close)",
                     f"Ensuite : remplissez « agreement » (objectifs, rythme, durée) dans "
                     f"{relative(binome)}, puis tandem build pour retirer l’appel du site ; à "
                     "chaque point d’étape : tandem checkin 2026-B04 --note \"…\"")
    assert binome.read_text(encoding="utf-8") == BINOME_2026_B04
    assert diff(before, request.read_bytes()) == (["status: open\n", "closed: null\n"],
                                                  ["status: matched\n", "closed: 2026-12-02\n"])
    assert_valid(content)


def test_match_warns_when_the_reply_was_never_forwarded(tmp_path: Path) -> None:
    """SPEC §2: the requester contacts the volunteers the coordinator passed on; a reply
    never forwarded may have been given by telephone: a warning, not a refusal."""
    content = example(tmp_path)

    code, out, err = run("match", "2026-005", "--reply", "1", "--content", str(content),
                         "--today", TODAY)

    assert (code, err) == (0, "")
    assert out.splitlines()[0] == french(
        "attention : la réponse 1 (Maëlle Kerjean) n’a jamais été transmise au demandeur (pas "
        "de date « forwarded ») ; si ses coordonnées ne lui ont pas été données autrement, "
        "envoyez-les avec tandem forward 2026-005")
    assert out.splitlines()[1].startswith(french("tandem match : binôme 2026-B04 formé"))
    assert_valid(content)


def test_checkin_appends_to_the_pair(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    before = path.read_bytes()

    code, out, err = run("checkin", "2026-B03", "--note", "Relancée : NO, 10:30", "--next",
                         "2027-01-15", "--content", str(content), "--today", TODAY)

    assert (code, err) == (0, "")
    assert out == fr("tandem checkin : point d’étape du 2 décembre 2026 ajouté à 2026-B03",
                     f"modifié : {relative(path)}",
                     "Prochain point le 15 janvier 2027 : tandem checkin 2026-B03 --note \"…\" "
                     "; à la fin : tandem close 2026-B03 --status completed")
    assert diff(before, path.read_bytes()) == ([], [
        "  - date: 2026-12-02\n", "    note: 'Relancée : NO, 10:30'\n",
        "    next: 2027-01-15\n"])
    assert_valid(content)


def test_checkin_without_next_says_when_status_will_remind(tmp_path: Path) -> None:
    content = example(tmp_path)

    code, out, err = run("checkin", "2026-B03", "--note", "  Appel rapide.\r\n", "--content",
                         str(content), "--today", TODAY)

    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == french(
        "Sans --next, tandem status le rappellera dans 45 jours (le 16 janvier 2027) ; à la "
        "fin : tandem close 2026-B03 --status completed")
    data = front_matter(content / "binomes/2026-B03-rapprochement.md")
    assert data["checkins"][-1] == {"date": dt.date(2026, 12, 2), "note": "Appel rapide."}


def test_close_ends_the_pair_with_feedback(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    before = path.read_bytes()

    code, out, err = run("close", "2026-B03", "--status", "completed", "--mentor-rating", "4",
                         "--mentor-gained", "yes", "--mentee-rating", "5", "--mentee-gained",
                         "Un calendrier tenu.", "--content", str(content), "--today", TODAY)

    assert (code, err) == (0, "")
    assert out == fr("tandem close : binôme 2026-B03 « terminé » (completed) le 2 décembre 2026",
                     f"modifié : {relative(path)}",
                     "Notes des retours : mentor 4/5, mentoré 5/5",
                     "Il comptera dans le bilan 2026, l’année où il a été formé : tandem "
                     "review 2026")
    assert diff(before, path.read_bytes()) == (["status: active\n"], [
        "status: completed\n", "ended: 2026-12-02\n", "feedback:\n", "  mentor:\n",
        "    rating: 4\n", "    gained: 'yes'\n", "  mentee:\n", "    rating: 5\n",
        "    gained: Un calendrier tenu.\n"])
    assert_valid(content)


def test_close_without_feedback_says_where_it_goes(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    before = path.read_bytes()

    code, out, err = run("close", "2026-B03", "--status", "stopped", "--content", str(content),
                         "--today", TODAY)

    assert (code, err) == (0, "")
    assert out.splitlines()[2] == french(
        "Notes des retours : aucune ; elles s’ajoutent plus tard sous « feedback » dans le "
        "fichier (rating de 1 à 5, gained)")
    assert diff(before, path.read_bytes()) == (["status: active\n"],
                                               ["status: stopped\n", "ended: 2026-12-02\n"])
    assert_valid(content)


def test_close_keeps_the_feedback_written_by_hand(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    text = path.read_text(encoding="utf-8").replace(
        "public_consent: false\n",
        "feedback:\n  mentee:\n    rating: 3  # au téléphone\npublic_consent: false\n")
    path.write_text(text, encoding="utf-8")

    code, _, err = run("close", "2026-B03", "--status", "completed", "--mentor-rating", "5",
                       "--mentee-gained", "Du temps gagné.", "--content", str(content),
                       "--today", TODAY)

    assert (code, err) == (0, ""), err
    assert front_matter(path)["feedback"] == {"mentor": {"rating": 5},
                                              "mentee": {"rating": 3, "gained": "Du temps gagné."}}
    assert_valid(content)


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    data = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert isinstance(data, dict)
    return data


# --- refusals: exact messages, exit codes, nothing written ---------------------------

NOTHING = " ; rien n’a été modifié"
CONTENT_PROBLEM = "le contenu serait invalide après cette modification"

#: (arguments after the command, exit code, stdout, stderr); "{c}" is the content folder.
REFUSALS: list[tuple[list[str], int, str, str]] = [
    # publish
    (["publish", "2026-999"], 1, "",
     "tandem publish : demande inconnue « 2026-999 » (les derniers : 2026-008, 2026-009, "
     "2026-010)" + NOTHING),
    (["publish", "2026-004"], 1, "",
     "tandem publish : 2026-004 est « appel ouvert » (open) : on ne peut publier que si son "
     "état est « brouillon » (draft)" + NOTHING),
    (["publish", "2026-001-effet-reseau"], 1, "",
     "tandem publish : demande inconnue « 2026-001-effet-reseau » (les derniers : 2026-008, "
     "2026-009, 2026-010)" + NOTHING),
    (["publish", "2026-009", "--expires", "2026-12-02"], 1, "",
     "tandem publish : --expires 2026-12-02 : la date d’expiration doit être après "
     "aujourd’hui (2 décembre 2026)" + NOTHING),
    (["publish", "2026-009", "--expires", "2026-02-30"], 2, "",
     "Utilisation : tandem publish [OPTIONS] ID\nEssayez « tandem publish --help » pour l’aide.\n\n"
     "Erreur : Valeur invalide pour '--expires' : « 2026-02-30 » n’est pas une date au format "
     "AAAA-MM-JJ (par exemple 2026-03-01)"),
    (["publish", "2026-009", "--today", "2026-11-01"], 1,
     "{c}/requests/2026-009-club-mecenes.md:23: « published » (01/11/2026) est antérieure à "
     "« received » (20/11/2026)",
     f"tandem publish : {CONTENT_PROBLEM} (1 problème dans 1 fichier)" + NOTHING),
    # withdraw
    (["withdraw", "2026-009"], 1, "",
     "tandem withdraw : 2026-009 est « brouillon » (draft) : on ne peut retirer l’appel que si "
     "son état est « appel ouvert » (open)" + NOTHING),
    (["withdraw", "2025-001", "--expired"], 1, "",
     "tandem withdraw : 2025-001 est « binôme formé » (matched) : on ne peut retirer l’appel "
     "que si son état est « appel ouvert » (open)" + NOTHING),
    (["withdraw", "2026-004", "--today", "2026-09-01"], 1,
     "{c}/requests/2026-004-outils-suivi-entreprises.md:8: « closed » (01/09/2026) est "
     "antérieure à « published » (15/09/2026)",
     f"tandem withdraw : {CONTENT_PROBLEM} (1 problème dans 1 fichier)" + NOTHING),
    # match
    (["match", "2026-009", "--reply", "1"], 1, "",
     "tandem match : 2026-009 est « brouillon » (draft) : on ne peut former un binôme que si "
     "son état est « appel ouvert » (open)" + NOTHING),
    (["match", "2026-001", "--reply", "1"], 1, "",
     "tandem match : 2026-001 n’a encore aucune réponse : enregistrez d’abord celle du "
     "volontaire avec tandem reply 2026-001" + NOTHING),
    (["match", "2026-004", "--reply", "4"], 1, "",
     "tandem match : la réponse 4 n’existe pas : 2026-004 a 3 réponses (--reply 1 à 3)"
     + NOTHING),
    (["match", "2026-005", "--reply", "0"], 1, "",
     "tandem match : la réponse 0 n’existe pas : 2026-005 a 1 réponse (--reply 1)" + NOTHING),
    (["match", "2026-005", "--reply", "-1"], 1, "",
     "tandem match : la réponse -1 n’existe pas : 2026-005 a 1 réponse (--reply 1)" + NOTHING),
    (["match", "2026-005", "--reply", "un"], 2, "",
     "Utilisation : tandem match [OPTIONS] ID\nEssayez « tandem match --help » pour l’aide.\n\n"
     "Erreur : Valeur invalide pour '--reply' : « un » n’est pas un nombre valide."),
    (["match", "2026-005"], 2, "",
     "Utilisation : tandem match [OPTIONS] ID\nEssayez « tandem match --help » pour l’aide.\n\n"
     "Erreur : Option manquante '--reply'."),
    (["match", "2026-005", "--reply", "1", "--today", "2026-10-01"], 1,
     "{c}/binomes/2026-B04-se-lancer-dans-un-premier-projet.md:5: binôme formé le 01/10/2026, "
     "avant la publication de la demande (06/10/2026)\n"
     "{c}/requests/2026-005-premier-projet-europeen.md:8: « closed » (01/10/2026) est "
     "antérieure à « published » (06/10/2026)",
     f"tandem match : {CONTENT_PROBLEM} (2 problèmes dans 2 fichiers)" + NOTHING),
    # checkin
    (["checkin", "2026-B09", "--note", "Appel."], 1, "",
     "tandem checkin : binôme inconnu « 2026-B09 » (les derniers : 2026-B01, 2026-B02, "
     "2026-B03)" + NOTHING),
    (["checkin", "2025-B01", "--note", "Appel."], 1, "",
     "tandem checkin : 2025-B01 est « terminé » (completed) : on ne peut noter un point "
     "d’étape que si son état est « en cours » (active)" + NOTHING),
    (["checkin", "2026-B03", "--note", " \n "], 1, "",
     "tandem checkin : --note est vide : écrivez ce que le point d’étape a appris" + NOTHING),
    (["checkin", "2026-B03", "--note", "Appel.", "--next", "2026-12-02"], 1, "",
     "tandem checkin : --next 2026-12-02 : le prochain point doit être après aujourd’hui "
     "(2 décembre 2026)" + NOTHING),
    (["checkin", "2026-B03", "--note", "Appel.", "--next", "2026-11-30"], 1, "",
     "tandem checkin : --next 2026-11-30 : le prochain point doit être après aujourd’hui "
     "(2 décembre 2026)" + NOTHING),
    (["checkin", "2026-B03", "--note", "Appel.", "--next", "2026-13-01"], 2, "",
     "Utilisation : tandem checkin [OPTIONS] BID\nEssayez « tandem checkin --help » pour "
     "l’aide.\n\nErreur : Valeur invalide pour '--next' : « 2026-13-01 » n’est pas une date "
     "au format AAAA-MM-JJ (par exemple 2026-03-01)"),
    (["checkin", "2026-B03", "--note", "Appel\x1b[31m rouge"], 1, "",
     "tandem checkin : {c}/binomes/2026-B03-rapprochement.md : « checkins » : caractère de "
     "contrôle invisible (U+001B, échappement) : retirez-le" + NOTHING),
    (["checkin", "2026-B03", "--note", "Appel.", "--today", "2026-05-01"], 1,
     "{c}/binomes/2026-B03-rapprochement.md:27: point d’étape du 01/05/2026 en dehors de la "
     "vie du binôme (04/05/2026 – en cours)",
     f"tandem checkin : {CONTENT_PROBLEM} (1 problème dans 1 fichier)" + NOTHING),
    (["checkin", "2026-B03"], 2, "",
     "Utilisation : tandem checkin [OPTIONS] BID\nEssayez « tandem checkin --help » pour "
     "l’aide.\n\nErreur : Option manquante '--note'."),
    # close
    (["close", "2026-B03", "--status", "done"], 2, "",
     "Utilisation : tandem close [OPTIONS] BID\nEssayez « tandem close --help » pour l’aide.\n\n"
     "Erreur : Valeur invalide pour '--status' : « done » n’est pas parmi 'completed', "
     "'stopped'."),
    (["close", "2026-B03", "--status", "completed", "--mentor-rating", "6"], 2, "",
     "Utilisation : tandem close [OPTIONS] BID\nEssayez « tandem close --help » pour l’aide.\n\n"
     "Erreur : Valeur invalide pour '--mentor-rating' : « 6 » n’est pas une note : un nombre "
     "entier de 1 à 5"),
    (["close", "2026-B03", "--status", "completed", "--mentee-rating", "4,5"], 2, "",
     "Utilisation : tandem close [OPTIONS] BID\nEssayez « tandem close --help » pour l’aide.\n\n"
     "Erreur : Valeur invalide pour '--mentee-rating' : « 4,5 » n’est pas une note : un "
     "nombre entier de 1 à 5"),
    (["close", "2026-B03", "--status", "completed", "--mentee-rating", "0"], 2, "",
     "Utilisation : tandem close [OPTIONS] BID\nEssayez « tandem close --help » pour l’aide.\n\n"
     "Erreur : Valeur invalide pour '--mentee-rating' : « 0 » n’est pas une note : un "
     "nombre entier de 1 à 5"),
    (["close", "2025-B03", "--status", "completed"], 1, "",
     "tandem close : 2025-B03 est « arrêté » (stopped) : on ne peut clore le binôme que si son "
     "état est « en cours » (active)" + NOTHING),
    (["close", "2026-B03", "--status", "completed", "--mentor-gained", ""], 1, "",
     "tandem close : --mentor-gained est vide : écrivez ce que ce côté a retiré du binôme"
     + NOTHING),
    (["close", "2026-B03", "--status", "completed", "--today", "2026-09-01"], 1,
     "{c}/binomes/2026-B03-rapprochement.md:24: point d’étape du 08/09/2026 en dehors de la "
     "vie du binôme (04/05/2026 – 01/09/2026)",
     f"tandem close : {CONTENT_PROBLEM} (1 problème dans 1 fichier)" + NOTHING),
]


@pytest.mark.parametrize(("args", "code", "out", "err"), REFUSALS,
                         ids=[" ".join(case[0]) for case in REFUSALS])
def test_refused_action_changes_nothing(tmp_path: Path, args: list[str], code: int, out: str,
                                        err: str) -> None:
    content = example(tmp_path)
    before = snapshot(content)
    options = ["--content", str(content)]
    if "--today" not in args:
        options += ["--today", TODAY]

    got_code, got_out, got_err = run(*args, *options)

    shown = relative(content)
    expected_out = "".join(french(line) + "\n" for line in out.format(c=shown).splitlines())
    assert (got_code, got_out, got_err) == (code, expected_out, french(err.format(c=shown)) + "\n")
    assert snapshot(content) == before


#: The body `tandem new` writes (`intake.PLACEHOLDER`, with French typography).
DRAFT_BODY = french(f"{records.DRAFT_BODY_MARK}, anonymisé : ni personne, ni adhérent, ni lieu, "
                    "ni détail qui permette de reconnaître le demandeur. Ensuite : tandem "
                    "publish 2026-009\n")

PLACEHOLDERS = [
    ("", "le texte public de l’appel est vide : écrivez sous l’en-tête la question anonymisée, "
         "telle que les adhérents la liront"),
    ("\n  \n", "le texte public de l’appel est vide : écrivez sous l’en-tête la question "
               "anonymisée, telle que les adhérents la liront"),
    (DRAFT_BODY, "le texte public de l’appel est encore celui du brouillon "
                         f"(« {records.DRAFT_BODY_MARK}… ») : remplacez-le par la question "
                         "anonymisée, telle que les adhérents la liront"),
    (CALL_TEXT + "\n" + DRAFT_BODY, "le texte public de l’appel est encore celui du "
                                            f"brouillon (« {records.DRAFT_BODY_MARK}… ») : "
                                            "remplacez-le par la question anonymisée, telle "
                                            "que les adhérents la liront"),
]


@pytest.mark.parametrize(("body", "message"), PLACEHOLDERS)
def test_publish_refuses_a_draft_without_its_call_text(tmp_path: Path, body: str,
                                                       message: str) -> None:
    content = example(tmp_path)
    path = content / "requests/2026-009-club-mecenes.md"
    set_body(path, body)
    before = snapshot(content)

    code, out, err = run("publish", "2026-009", "--content", str(content), "--today", TODAY)

    assert (code, out, err) == (1, french(f"{relative(path)}:24: {message}") + "\n",
                                french("tandem publish : 2026-009 ne peut pas être publiée "
                                       "(1 problème dans 1 fichier)" + NOTHING) + "\n")
    assert snapshot(content) == before


#: Public text the checks refuse once the call is open (a draft is never public): the
#: body, a message of the problem, how many problems.
UNPUBLISHABLE = [
    ("Écrivez à antoine.delorme@vinalto.example.org pour en savoir plus.\n",
     "le texte de l’appel contient une adresse e-mail « antoine.delorme@vinalto.example.org »",
     4),
    ("Un cluster, pour ses Vendanges Solidaires, cherche des mécènes.\n",
     "le texte de l’appel contient « Vendanges Solidaires », valeur privée de cette demande "
     "(identifying_terms)", 1),
    ("Appelez le 05 57 20 63 81.\n",
     "le texte de l’appel contient un numéro de téléphone « 05 57 20 63 81 »", 2),
    ("Un appel <script>alert(1)</script> piégé.\n",
     "le texte de l’appel contient un script (<script>) : le site public n’exécute rien venu "
     "du texte", 2),
]


@pytest.mark.parametrize(("body", "message", "count"), UNPUBLISHABLE)
def test_publish_refuses_a_call_text_the_checks_refuse(tmp_path: Path, body: str,
                                                       message: str, count: int) -> None:
    content = example(tmp_path)
    path = content / "requests/2026-009-club-mecenes.md"
    set_body(path, body)
    assert_valid(content)  # a draft's text is not public: the content is valid as it is
    before = snapshot(content)

    code, out, err = run("publish", "2026-009", "--content", str(content), "--today", TODAY)

    assert code == 1
    problems = "1 problème" if count == 1 else f"{count} problèmes"
    assert err == french(f"tandem publish : {CONTENT_PROBLEM} ({problems} dans 1 fichier)"
                         + NOTHING) + "\n"
    # At the line of the text in the file as it is (not as it would be, a line longer).
    assert [line.split(":")[:2] for line in out.splitlines()] == [[relative(path), "24"]] * count
    assert f"{relative(path)}:24: {french(message)}" in out.splitlines()
    assert snapshot(content) == before


def test_an_edit_starts_only_from_valid_content(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B01-gestion-equipe.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active",
                                                             "status: actif"), encoding="utf-8")
    before = snapshot(content)

    code, out, err = run("checkin", "2026-B03", "--note", "Appel.", "--content", str(content),
                         "--today", TODAY)

    assert code == 1
    assert out.startswith(f"{relative(path)}:4: ")
    assert err == french("tandem checkin : le contenu a déjà des problèmes, corrigez-les "
                         "d’abord (tandem check) (1 problème dans 1 fichier)" + NOTHING) + "\n"
    assert snapshot(content) == before


def test_checkin_run_twice_by_mistake_is_refused(tmp_path: Path) -> None:
    content = example(tmp_path)
    args = ["checkin", "2026-B03", "--note", "Appel.", "--content", str(content),
            "--today", TODAY]
    assert run(*args)[0] == 0
    before = snapshot(content)

    assert run(*args) == (1, "", french("tandem checkin : 2026-B03 a déjà ce point d’étape le "
                                        "2 décembre 2026 (la commande a-t-elle été lancée deux "
                                        "fois ?)" + NOTHING) + "\n")
    assert snapshot(content) == before


def test_match_never_overwrites_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid content holds no file under a new id's name; one appearing meanwhile (another
    command, a synchronised folder) is never replaced."""
    content = example(tmp_path)
    stray = content / "binomes/2026-B03-rapprochement.md"
    monkeypatch.setattr(records, "file_name", lambda *_: stray.name)
    before = snapshot(content)

    code, out, err = run("match", "2026-006", "--reply", "1", "--content", str(content),
                         "--today", TODAY)

    assert (code, out) == (1, "")
    assert err == french(f"tandem match : {relative(stray)} existe déjà : renommez-le ou "
                         "supprimez-le, puis relancez" + NOTHING) + "\n"
    assert snapshot(content) == before


def test_match_makes_the_pairs_folder_of_a_new_programme(tmp_path: Path) -> None:
    content = example(tmp_path)
    for path in (content / "binomes").iterdir():
        path.unlink()
    (content / "binomes").rmdir()
    for path in (content / "requests").iterdir():  # no pair, so no matched request either
        if "status: matched" in path.read_text(encoding="utf-8"):
            path.unlink()
    assert_valid(content)

    code, _, err = run("match", "2026-006", "--reply", "1", "--content", str(content),
                       "--today", TODAY)

    assert (code, err) == (0, "")
    assert [p.name for p in (content / "binomes").iterdir()] == [
        "2026-B01-cotisations-prestations-et-tva-securiser-le.md"]
    assert_valid(content)


def test_a_refused_match_leaves_no_new_folder(tmp_path: Path) -> None:
    content = example(tmp_path)
    shutil.rmtree(content / "binomes")
    for path in (content / "requests").iterdir():
        if "status: matched" in path.read_text(encoding="utf-8"):
            path.unlink()
    before = snapshot(content)

    code, _, _ = run("match", "2026-006", "--reply", "1", "--content", str(content),
                     "--today", "2026-10-01")

    assert code == 1
    assert not (content / "binomes").exists()
    assert snapshot(content) == before


def test_close_refuses_to_add_to_feedback_written_between_braces(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    text = path.read_text(encoding="utf-8").replace(
        "public_consent: false\n", "feedback:\n  mentee: {rating: 3}\npublic_consent: false\n")
    path.write_text(text, encoding="utf-8")
    before = snapshot(content)

    code, out, err = run("close", "2026-B03", "--status", "completed", "--mentee-gained",
                         "Du temps gagné.", "--content", str(content), "--today", TODAY)

    assert (code, out) == (1, "")
    assert err == french(f"tandem close : {relative(path)}:28: « feedback.mentee » est écrit "
                         "entre accolades : écrivez un champ par ligne pour y ajouter « gained »"
                         + NOTHING) + "\n"
    assert snapshot(content) == before


# --- round trip: a file written by hand goes through every step ---------------------

#: A draft written by hand in a hurry: comments, every kind of quoting, a blank line, a
#: `~`, a flow list, a block scalar holding a « # », a reply already in (it came before
#: the call was even published: by telephone). CRLF line endings and a BOM added below.
HAND_REQUEST = """\
---
# Demande reçue par téléphone, à relire
id: "2026-011"   # l’identifiant
title: 'Animer un réseau d''ambassadeurs parmi les adhérents'
status: draft   # brouillon
confidential: false

received: 2026-11-28
closed: ~
themes: [gestion-equipe]   # un seul thème
format: "ponctuel"
role: direction
requester:
  organisation: "Cluster Vinalto"
  name: 'Antoine Delorme'
  email: antoine.delorme@vinalto.example.org
  phone: "+33 5 57 20 63 81"
responses:   # reçues par courriel
  - organisation: Pôle Hydrovéa
    name: "Maëlle Kerjean"
    email: maelle.kerjean@hydrovea.example.org
    received: 2026-12-03   # le lendemain
    note: 'Oui : "10:30" convient'
    forwarded: 2026-12-03
notes: |
  Appel du 28 novembre.
  # pas un commentaire
---
Un adhérent voudrait s’appuyer sur quelques ambassadeurs bénévoles : comment les choisir, \
les former et les garder motivés ?

Un échange d’une heure suffirait.
"""

#: A pair written by hand: flow mappings, comments in a list, an empty `ended:`.
HAND_BINOME = """\
---
id: 2026-B03   # binôme
request: 2026-003
status: 'active'
formed: 2026-05-04
ended:
mentor: {organisation: Cluster Logistéo, name: Olivier Texier, email: olivier.texier@logisteo.example.org}
mentee:
  organisation: "Cluster Bâtinéa"
  name: Isabelle Morvan-Lenoir   # la directrice
agreement: {goals: "Fusion : calendrier", cadence: mensuelle}
checkins:   # les points d’étape

  - date: 2026-06-10
    note: "Trois échanges déjà."   # au téléphone
    next: 2026-08-31
public_consent: false   # pas d’accord écrit
---
Notes privées.
"""


def crlf_bom(text: str) -> bytes:
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")


def test_a_hand_written_request_goes_through_publish_and_match(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "requests/2026-011-ambassadeurs.md"
    path.write_bytes(crlf_bom(HAND_REQUEST))
    assert_valid(content)
    steps = [
        (["publish", "2026-011", "--today", TODAY],
         (["status: draft   # brouillon\r\n"],
          ["status: open   # brouillon\r\n", "published: 2026-12-02\r\n"])),
        (["match", "2026-011", "--reply", "1", "--today", "2026-12-04"],
         (["status: open   # brouillon\r\n", "closed: ~\r\n"],
          ["status: matched   # brouillon\r\n", "closed: 2026-12-04\r\n"])),
    ]
    for args, expected in steps:
        before = path.read_bytes()
        code, out, err = run(*args, "--content", str(content))
        assert (code, err) == (0, ""), out
        assert diff(before, path.read_bytes()) == expected
        assert path.read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
        assert_valid(content)
    binome = content / "binomes/2026-B04-animer-un-reseau-d-ambassadeurs-parmi.md"
    assert front_matter(binome)["mentor"] == {
        "organisation": "Pôle Hydrovéa", "name": "Maëlle Kerjean",
        "email": "maelle.kerjean@hydrovea.example.org"}


def test_a_hand_written_pair_goes_through_checkins_and_close(tmp_path: Path) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    path.write_bytes(crlf_bom(HAND_BINOME))
    assert_valid(content)
    steps = [
        (["checkin", "2026-B03", "--note", "on", "--next", "2027-01-15", "--today", TODAY],
         ([], ["  - date: 2026-12-02\r\n", "    note: 'on'\r\n", "    next: 2027-01-15\r\n"])),
        (["checkin", "2026-B03", "--note", "Ligne 1\nLigne 2 : # suite", "--today",
          "2026-12-03"],
         ([], ["  - date: 2026-12-03\r\n", "    note: |-\r\n", "      Ligne 1\r\n",
               "      Ligne 2 : # suite\r\n"])),
        (["close", "2026-B03", "--status", "stopped", "--mentee-rating", "2",
          "--mentor-gained", "~", "--today", "2026-12-04"],
         (["status: 'active'\r\n", "ended:\r\n"],
          ["status: stopped\r\n", "ended: 2026-12-04\r\n", "feedback:\r\n", "  mentor:\r\n",
           "    gained: '~'\r\n", "  mentee:\r\n", "    rating: 2\r\n"])),
    ]
    for args, expected in steps:
        before = path.read_bytes()
        code, out, err = run(*args, "--content", str(content))
        assert (code, err) == (0, ""), out
        assert diff(before, path.read_bytes()) == expected
        assert_valid(content)
    data = front_matter(path)
    assert [c["note"] for c in data["checkins"]] == [
        "Trois échanges déjà.", "on", "Ligne 1\nLigne 2 : # suite"]
    assert data["feedback"] == {"mentor": {"gained": "~"}, "mentee": {"rating": 2}}


def test_the_pair_match_writes_goes_through_checkin_and_close(tmp_path: Path) -> None:
    content = example(tmp_path)
    assert run("match", "2026-006", "--reply", "1", "--content", str(content),
               "--today", TODAY)[0] == 0
    path = content / "binomes/2026-B04-cotisations-prestations-et-tva-securiser-le.md"
    for args in (["checkin", "2026-B04", "--note", "Premier appel.", "--today", "2026-12-10"],
                 ["checkin", "2026-B04", "--note", "Second appel.", "--today", "2027-01-10"],
                 ["close", "2026-B04", "--status", "completed", "--mentor-rating", "5",
                  "--today", "2027-02-01"]):
        code, out, _ = run(*args, "--content", str(content))
        assert code == 0
        assert_valid(content)
    assert out.splitlines()[-1] == french("Il comptera dans le bilan 2026, l’année où il a été "
                                          "formé : tandem review 2026")
    assert path.read_text(encoding="utf-8") == BINOME_2026_B04.replace(
        "status: active", "status: completed").replace(
        "ended: null", "ended: 2027-02-01").replace(
        "checkins: []\n", "checkins:\n  - date: 2026-12-10\n    note: Premier appel.\n"
                          "  - date: 2027-01-10\n    note: Second appel.\n").replace(
        "public_consent: false\n", "public_consent: false\nfeedback:\n  mentor:\n"
                                   "    rating: 5\n")


# --- any text, read back as given ---------------------------------------------------

#: Texts YAML 1.1 reads as something else when written bare.
TRAPS = ["NO", "no", "yes", "Yes", "on", "OFF", "y", "n", "~", "null", "Null", "true",
         "10:30", "1:02:03", "0612345670", "0o17", "0x1F", "+33 6 12 34 56 78", "1e3", ".5",
         "2026-13-01", "2026-02-30", "2026-12-02", "'quoted'", '"quoted"', "- item",
         "# pas un commentaire", "a # b", "a: b", "key: value", "[1, 2]", "{a: 1}", "&anchor",
         "*alias", "!tag", "|", ">", "%", "@", "`", "? x", "<<", "=", "--- x", "...", "é\u00a0:",
         "'ouvert", "\"ouvert", "l’été"]


def readable(text: str) -> bool:
    """What a person can give on the command line and the schema keeps as it is: no
    control character (the reader refuses them), no blank around it, not empty."""
    return bool(text.strip()) and text == text.strip() and not CONTROL.search(text) \
        and "\r" not in text


TEXTS = st.one_of(
    st.sampled_from(TRAPS),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(TRAPS), st.sampled_from(TRAPS)),
    st.builds(lambda a, b: f"{a}\n{b}", st.sampled_from(TRAPS), st.sampled_from(TRAPS)),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
).filter(readable)


@pytest.fixture(scope="module")
def mini_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    content = tmp_path_factory.mktemp("property") / "content"
    shutil.copytree(MINI, content)
    path = content / "binomes/2026-B01-equipe.md"
    return content, path, path.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(note=TEXTS, gained=TEXTS, other=TEXTS)
def test_any_note_or_feedback_is_read_back_as_given(mini_pair: tuple[Path, Path, bytes],
                                                    note: str, gained: str, other: str) -> None:
    content, path, original = mini_pair
    path.write_bytes(original)
    today = dt.date(2026, 12, 2)
    try:
        lifecycle.checkin(content, "2026-B01", note, today, dt.date(2027, 1, 15))
        lifecycle.close(content, "2026-B01", "completed", today,
                        {"mentor": lifecycle.SideFeedback(4, gained),
                         "mentee": lifecycle.SideFeedback(None, other)})
        data = front_matter(path)
        assert data["checkins"][-1] == {"date": today, "note": note,
                                        "next": dt.date(2027, 1, 15)}
        assert data["feedback"] == {"mentor": {"rating": 4, "gained": gained},
                                    "mentee": {"gained": other}}
        assert diff(original, path.read_bytes())[0] == ["status: active\n", "ended: null\n"]
    finally:
        path.write_bytes(original)


#: The ways a valid pair has no check-in yet (`checkins:` alone is null, which the
#: schema refuses), and what the edit makes of them.
EMPTY_CHECKINS = [
    ("checkins: []\n", ["checkins:\n", "  - date: 2026-12-02\n", "    note: Appel.\n"]),
    ("", ["checkins:\n", "  - date: 2026-12-02\n", "    note: Appel.\n"]),
]


@pytest.mark.parametrize(("written", "expected"), EMPTY_CHECKINS)
def test_checkin_on_a_pair_with_no_checkin_yet(tmp_path: Path, written: str,
                                               expected: list[str]) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("checkins:\n"), text.index("public_consent:")
    path.write_text(text[:start] + written + text[end:], encoding="utf-8")
    assert_valid(content)
    before = path.read_bytes()

    code, out, err = run("checkin", "2026-B03", "--note", "Appel.", "--content", str(content),
                         "--today", TODAY)

    assert (code, err) == (0, ""), out
    removed, added = diff(before, path.read_bytes())
    assert (removed, added) == ([written] if written else [], expected)
    assert_valid(content)


EMPTY_FEEDBACK = ["feedback:\n", "feedback: null\n", "feedback: {}\n", "feedback:\n  mentor: {}\n",
                  "feedback:\n  mentor:\n  mentee: {rating: 2}\n"]


@pytest.mark.parametrize("written", EMPTY_FEEDBACK)
def test_close_fills_an_empty_feedback(tmp_path: Path, written: str) -> None:
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "public_consent: false\n", written + "public_consent: false\n"), encoding="utf-8")
    assert_valid(content)

    code, out, err = run("close", "2026-B03", "--status", "completed", "--mentor-rating", "4",
                         "--mentor-gained", "NO", "--content", str(content), "--today", TODAY)

    assert (code, err) == (0, ""), out
    mentee = {"mentee": {"rating": 2}} if "rating: 2" in written else {}
    assert front_matter(path)["feedback"] == {"mentor": {"rating": 4, "gained": "NO"}, **mentee}
    assert_valid(content)


def test_checkin_refuses_an_empty_list_followed_by_a_comment(tmp_path: Path) -> None:
    """The list's items would go under its comment: the edit module refuses, the
    coordinator moves the comment (nothing written meanwhile)."""
    content = example(tmp_path)
    path = content / "binomes/2026-B03-rapprochement.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("checkins:\n"), text.index("public_consent:")
    path.write_text(text[:start] + "checkins: []   # aucun\n" + text[end:], encoding="utf-8")
    before = snapshot(content)

    code, out, err = run("checkin", "2026-B03", "--note", "Appel.", "--content", str(content),
                         "--today", TODAY)

    assert (code, out) == (1, "")
    assert err == french(f"tandem checkin : {relative(path)}:20: « checkins » est suivi d’un "
                         "commentaire : retirez-le pour y ajouter des éléments" + NOTHING) + "\n"
    assert snapshot(content) == before
