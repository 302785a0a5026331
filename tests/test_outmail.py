"""`tandem forward` and `tandem digest`: the e-mails tandem prepares, read back with the
standard `email` package; the request's diff is exactly the `forwarded:` lines; a refused
action leaves every file byte-identical and writes no e-mail; the digest holds nothing
private.

Refresh the golden e-mails on purpose with `make golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import errno
import os
import shutil
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT, make_content, relative
from generator import outmail
from generator.checks import check
from generator.cli import cli
from generator.commands import outbox_mail
from generator.errors import TandemError
from generator.french import french
from generator.models import Response

EXAMPLE = ROOT / "content"
GOLDEN = ROOT / "tests" / "golden" / "outmail"
UPDATE = os.environ.get("TANDEM_UPDATE_GOLDEN") == "1"
VEILLE = "requests/2026-001-veille.md"
NOTHING = " ; rien n’a été modifié"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(*folders: Path) -> dict[str, bytes]:
    """Every file under `folders` (missing ones hold nothing), by path."""
    return {str(p): p.read_bytes() for folder in folders if folder.exists()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_eml(path: Path) -> EmailMessage:
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def example(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(EXAMPLE, content, ignore=shutil.ignore_patterns(".tandem-cache"))
    return content


def body_of(msg: EmailMessage) -> str:
    """The text as a mail client shows it (the message's CRLF line ends as \\n)."""
    text = msg.get_content()
    assert isinstance(text, str)
    return text.replace("\r\n", "\n")


def emls(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def diff_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two texts, line ends kept."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


# tandem forward ---------------------------------------------------------------------------

def test_forward_writes_the_email_and_marks_the_reply(tmp_path: Path) -> None:
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    before = (content / VEILLE).read_text(encoding="utf-8")
    code, out, err = run("forward", "2026-001", "--content", str(content), "--today",
                         "2026-03-01", "--outbox", str(outbox))
    eml = outbox / "2026-03-01-transmission-2026-001.eml"
    assert (code, err) == (0, "")
    assert out == ("tandem forward : 1 réponse transmise à Jeanne Testard\n"
                   f"courriel prêt à envoyer : {relative(eml)}\n"
                   f"{relative(content / VEILLE)} : 1 réponse marquée "
                   "« forwarded: 2026-03-01 »\n").replace(" :", "\u00a0:").replace(
                       "« ", "«\u00a0").replace(" »", "\u00a0»")
    assert emls(outbox) == [eml]
    msg = read_eml(eml)
    assert msg["From"] == "Alix Coordination <tandem@example.org>"
    assert msg["To"] == "Jeanne Testard <jeanne.testard@example.org>"
    assert msg["Subject"] == "TANDEM – 1 réponse à votre demande 2026-001"
    assert msg["X-Unsent"] == "1"
    assert msg["Date"] == "Sun, 01 Mar 2026 09:00:00 +0000"
    assert msg["Message-ID"] == "<tandem.forward.2026-001.20260301.r1@example.org>"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    body = body_of(msg)
    assert body.startswith("Bonjour Jeanne Testard,\n\nMerci pour votre demande 2026-001 "
                           "«\u00a0Mettre en place une cellule de\nveille\u00a0» au programme "
                           "TANDEM.\n\nUn membre du réseau s’est proposé pour vous aider. "
                           "Voici ses\ncoordonnées\u00a0:\n\n")
    assert "1. Paul Essaimé (Cluster Brivalon)\n   Adresse\u00a0: paul.essaime@example.org\n" \
           "   Réponse reçue le 20 février 2026\n" \
           "   Son message\u00a0: A créé une cellule de veille en 2019.\n" in body
    after = (content / VEILLE).read_text(encoding="utf-8")
    assert diff_lines(before, after) == ([], ["    forwarded: 2026-03-01\n"])
    assert check(content)[1] == []


THREE_REPLIES = """\ufeff---\r
# A coordinator's comment, kept\r
id: 2026-001\r
title: Mettre en place une cellule de veille\r
status: open\r
confidential: false\r
received: 2026-02-10\r
published: 2026-02-14\r
themes: [intelligence-economique]\r
format: ponctuel\r
role: direction\r
requester: {organisation: Pôle Quarzeo, name: Jeanne Testard, email: jeanne.testard@example.org}\r
responses:\r
  - organisation: Cluster Brivalon   # the first one\r
    name: Paul Essaimé\r
    email: paul.essaime@example.org\r
    phone: "+33 6 11 22 33 44"\r
    received: 2026-02-20\r
  - {organisation: Pôle Quarzeo, name: Lise Volontin, received: 2026-02-21, forwarded: 2026-02-22}\r
  - organisation: Cluster Brivalon\r
    name: Zoé Ångström\r
    received: 2026-02-25\r
    note: "Deux lignes :\\nla seconde ici."\r
---\r
Un cluster industriel souhaite structurer sa **veille**.\r
"""


def test_forward_lists_each_reply_not_yet_forwarded_and_marks_only_those(tmp_path: Path) -> None:
    content, outbox = make_content(tmp_path, {VEILLE: None}), tmp_path / "outbox"
    (content / VEILLE).write_bytes(THREE_REPLIES.encode("utf-8"))
    code, out, err = run("forward", "2026-001", "--content", str(content), "--today",
                         "2026-03-02", "--outbox", str(outbox))
    assert (code, err) == (0, ""), out + err
    assert out.startswith("tandem forward : 2 réponses transmises".replace(" :", "\u00a0:"))
    msg = read_eml(outbox / "2026-03-02-transmission-2026-001.eml")
    assert msg["Subject"] == "TANDEM – 2 réponses à votre demande 2026-001"
    assert msg["Message-ID"] == "<tandem.forward.2026-001.20260302.r1-3@example.org>"
    body = body_of(msg)
    assert "2 membres du réseau se sont proposés pour vous aider." in " ".join(body.split())
    assert "1. Paul Essaimé (Cluster Brivalon)\n" in body
    assert "   Téléphone\u00a0: +33 6 11 22 33 44\n" in body
    assert "2. Zoé Ångström (Cluster Brivalon)\n" in body
    assert "   Son message\u00a0: Deux lignes :\n   la seconde ici.\n" in body
    assert "Lise Volontin" not in body  # already forwarded
    after = (content / VEILLE).read_bytes().decode("utf-8")
    removed, added = diff_lines(THREE_REPLIES, after)
    assert (removed, added) == ([], ["    forwarded: 2026-03-02\r\n"] * 2)
    assert after.startswith("\ufeff---\r\n# A coordinator's comment, kept\r\n")
    assert check(content)[1] == []


def test_forward_twice_has_nothing_new_the_second_time(tmp_path: Path) -> None:
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    args = ("forward", "2026-001", "--content", str(content), "--today", "2026-03-01",
            "--outbox", str(outbox))
    assert run(*args)[0] == 0
    before = snapshot(content, outbox)
    code, out, err = run(*args)
    assert (code, out) == (1, "")
    assert err == french("tandem forward : 2026-001 a 1 réponse, déjà transmise : rien de "
                         "nouveau à transmettre (tandem reply 2026-001 enregistre une réponse)"
                         + NOTHING) + "\n"
    assert snapshot(content, outbox) == before


NO_REPLY = (VEILLE, "responses:\n  - organisation: Cluster Brivalon\n    name: Paul Essaimé\n"
                    "    email: paul.essaime@example.org\n    received: 2026-02-20\n"
                    "    note: A créé une cellule de veille en 2019.\n", "responses: []\n")
NO_ADDRESS = (VEILLE, "  email: jeanne.testard@example.org\n", "")
COMMA_ADDRESS = (VEILLE, "  email: jeanne.testard@example.org\n",
                 "  email: jeanne,testard@example.org\n")
BROKEN = (VEILLE, "format: ponctuel", "format: ponctuelle")

#: (files changed: (path, old, new) or None, id, --today, exact stderr without the
#: « ; rien n’a été modifié » ending, stdout).
FORWARD_REFUSED = [
    (None, "2026-999", "2026-03-01",
     "demande inconnue « 2026-999 » (les derniers : 2026-001, 2026-002, 2026-003)", ""),
    (None, "2026-003", "2026-03-01",
     "2026-003 est « brouillon » (draft) : on ne peut transmettre ses réponses que si son état "
     "est « appel ouvert » (open) ou « binôme formé » (matched)", ""),
    (None, "2026-002", "2026-03-01",
     "2026-002 a 1 réponse, déjà transmise : rien de nouveau à transmettre "
     "(tandem reply 2026-002 enregistre une réponse)", ""),
    (NO_REPLY, "2026-001", "2026-03-01",
     "2026-001 n’a reçu aucune réponse : rien de nouveau à transmettre "
     "(tandem reply 2026-001 enregistre une réponse)", ""),
    (NO_ADDRESS, "2026-001", "2026-03-01",
     "le demandeur de 2026-001 n’a pas d’adresse e-mail (requester.email) : ajoutez-la, "
     "puis relancez", ""),
    (COMMA_ADDRESS, "2026-001", "2026-03-01",
     "l’adresse du demandeur « jeanne,testard@example.org » n’est pas une adresse simple "
     "(une seule adresse, sans espace ni virgule) : corrigez-la", ""),
    (BROKEN, "2026-001", "2026-03-01",
     "le contenu a déjà des problèmes, corrigez-les d’abord (tandem check) (1 problème dans "
     "1 fichier)",
     "{content}/requests/2026-001-veille.md:11: « format » : valeur inconnue « ponctuelle » "
     "(vouliez-vous dire « ponctuel » ?) ; valeurs possibles : ponctuel, accompagnement\n"),
    # The e-mail is written first, then the edit is refused by the check: the e-mail goes.
    (None, "2026-001", "2026-02-15",
     "le contenu serait invalide après cette modification (1 problème dans 1 fichier)",
     "{content}/requests/2026-001-veille.md:25: réponse transmise le 15/02/2026, avant "
     "d’avoir été reçue (20/02/2026)\n"),
]


@pytest.mark.parametrize(("change", "request_id", "today", "message", "stdout"), FORWARD_REFUSED,
                         ids=[f"{row[1]}-{i}" for i, row in enumerate(FORWARD_REFUSED)])
def test_a_refused_forward_changes_nothing_and_writes_no_email(
        tmp_path: Path, change: tuple[str, str, str] | None, request_id: str, today: str,
        message: str, stdout: str) -> None:
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    if change is not None:
        path, old, new = change
        text = (content / path).read_text(encoding="utf-8")
        assert old in text
        (content / path).write_text(text.replace(old, new), encoding="utf-8")
    before = snapshot(content)
    code, out, err = run("forward", request_id, "--content", str(content), "--today", today,
                         "--outbox", str(outbox))
    assert code == 1
    assert err == french(f"tandem forward : {message}" + NOTHING) + "\n"
    assert out == french(stdout.replace("{content}", relative(content)))
    assert snapshot(content) == before
    assert emls(outbox) == []


def test_forward_refuses_an_outbox_inside_the_content(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    before = snapshot(content)
    code, out, err = run("forward", "2026-001", "--content", str(content), "--today",
                         "2026-03-01", "--outbox", str(content / "outbox"))
    assert (code, out) == (1, "")
    assert "est dans le dossier du contenu" in err and err.endswith("rien n’a été écrit\n")
    assert snapshot(content) == before


def test_forward_with_an_outbox_that_cannot_be_a_folder(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    before = snapshot(content)
    code, _, err = run("forward", "2026-001", "--content", str(content), "--today",
                       "2026-03-01", "--outbox", str(tmp_path / "file" / "outbox"))
    assert code == 1
    assert err == french(f"tandem forward : {relative(tmp_path / 'file' / 'outbox')}/ ne peut "
                         "pas être créé (Not a directory) ; rien n’a été écrit") + "\n"
    assert snapshot(content) == before


def test_a_failed_save_takes_the_new_email_back(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk full while the request is written: no e-mail left for replies not marked."""
    from generator import edit

    def disk_full(path: Path, text: str | bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    before = snapshot(content)
    monkeypatch.setattr(edit, "write_atomic", disk_full)
    code, _, err = run("forward", "2026-001", "--content", str(content), "--today",
                       "2026-03-01", "--outbox", str(outbox))
    assert code == 1
    assert "écriture impossible (No space left on device)" in err
    assert snapshot(content) == before
    assert emls(outbox) == []


HOSTILE_LINES = ["Jeanne\nBcc: evil@example.net", "Jeanne\r\nBcc: evil@example.net",
                 "Jeanne\rBcc: evil@example.net", "Jeanne\u2028Bcc: evil@example.net",
                 "Jeanne\x85Bcc: evil@example.net", "Jeanne\n\nBody injected"]


@pytest.mark.parametrize("name", HOSTILE_LINES, ids=range(len(HOSTILE_LINES)))
def test_no_header_injection_from_a_name(name: str) -> None:
    """A name or subject with line breaks stays one header; no other recipient appears."""
    settings_ = outmail.Draft(
        sender=outmail.address(name, "tandem@example.org", "de la coordination"),
        recipient=outmail.address(name, "jeanne.testard@example.org", "du demandeur"),
        subject=f"Objet {name}", body="Texte.\n", day=dt.date(2026, 3, 1), key="k")
    msg = message_from_bytes(outmail.message_bytes(settings_), policy=policy.default)
    assert msg["Bcc"] is None and msg["Cc"] is None
    assert [a.addr_spec for a in msg["To"].addresses] == ["jeanne.testard@example.org"]
    assert msg["To"].addresses[0].display_name == " ".join(name.split())
    assert msg["Subject"] == "Objet " + " ".join(name.split())
    assert body_of(msg) == "Texte.\n"


def test_the_email_package_refuses_a_raw_line_break_in_a_header() -> None:
    """The net under `one_line`: should a value reach a header unfolded, it is refused."""
    msg = EmailMessage(policy=policy.SMTP)
    with pytest.raises(ValueError):
        msg["Subject"] = "a\r\nBcc: evil@example.net"


@pytest.mark.parametrize("address", ["jeanne@example.org, evil@example.net",
                                     "jeanne@example.org>\r\nBcc: evil@example.net",
                                     "Jeanne <jeanne@example.org>", "jeanne@example.org?cc=x",
                                     "jeanne.example.org", ""])
def test_a_recipient_is_one_plain_address(address: str) -> None:
    with pytest.raises(TandemError, match="n’est pas une adresse simple"):
        outmail.address("Jeanne", address, "du demandeur")


def test_a_requester_name_with_a_line_break_gives_one_recipient(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    path = content / VEILLE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Jeanne Testard", 'name: "Jeanne\\nBcc: evil@example.net"'), encoding="utf-8")
    if check(content)[1]:  # the check may refuse such a name already: also fine
        pytest.skip("the check refuses a line break in a name")
    code, _, err = run("forward", "2026-001", "--content", str(content), "--today",
                       "2026-03-01", "--outbox", str(tmp_path / "outbox"))
    assert (code, err) == (0, "")
    msg = read_eml(tmp_path / "outbox" / "2026-03-01-transmission-2026-001.eml")
    assert msg["Bcc"] is None
    assert [a.addr_spec for a in msg["To"].addresses] == ["jeanne.testard@example.org"]


def test_forward_golden_email_of_the_example(tmp_path: Path) -> None:
    content, outbox = example(tmp_path), tmp_path / "outbox"
    code, out, err = run("forward", "2026-005", "--content", str(content), "--today",
                         "2026-12-01", "--outbox", str(outbox))
    assert (code, err) == (0, ""), out + err
    golden(outbox / "2026-12-01-transmission-2026-005.eml", "forward-2026-005.eml")


def golden(written: Path, name: str) -> None:
    data = written.read_bytes()
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_bytes(data)
        pytest.skip("golden e-mail rewritten: review it with git diff tests/golden")
    assert data == (GOLDEN / name).read_bytes(), f"{name} differs from its golden file " \
                                                 "(make golden)"


# tandem digest ----------------------------------------------------------------------------

def test_digest_golden_email_of_the_example(tmp_path: Path) -> None:
    content, outbox = example(tmp_path), tmp_path / "outbox"
    code, out, err = run("digest", "--content", str(content), "--today", "2026-12-01",
                         "--since", "2026-01-01", "--outbox", str(outbox))
    eml = outbox / "2026-12-01-appel-a-mentors.eml"
    assert (code, err) == (0, ""), out + err
    assert out == ("tandem digest\u00a0: 4 appels depuis le 1er janvier 2026\n"
                   f"courriel prêt à envoyer\u00a0: {relative(eml)}\n")
    msg = read_eml(eml)
    assert msg["To"] == ("Liste de diffusion du réseau à compléter "
                         "<liste-du-reseau@a-completer.invalid>")
    assert msg["Subject"] == "TANDEM – appel à mentors (4 nouveaux appels)"
    body = body_of(msg)
    listed = [line.split(" – ")[0] for line in body.splitlines() if line[:5] == "2026-"]
    # 2026-001 is past its `expires`, 2026-006 is confidential, 2026-002/003 are matched.
    assert listed == ["2026-008", "2026-007", "2026-005", "2026-004"]
    assert "https://tandem.example.org/appels/2026-005/" in body
    golden(eml, "digest.eml")


def test_digest_to_a_given_list(tmp_path: Path) -> None:
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    code, _, err = run("digest", "--content", str(content), "--today", "2026-03-01",
                       "--to", "membres@reseau.example.org", "--outbox", str(outbox))
    assert (code, err) == (0, "")
    msg = read_eml(outbox / "2026-03-01-appel-a-mentors.eml")
    assert msg["To"] == "Liste de diffusion du réseau <membres@reseau.example.org>"
    body = body_of(msg)
    assert "2026-001 – Mettre en place une cellule de veille\n" \
           "   Thèmes\u00a0: Intelligence économique\n" \
           "   Format\u00a0: Échange ponctuel\n" \
           "   Publié le 14 février 2026, ouvert jusqu’au 30 juin 2099\n" in body
    assert "   Page de l’appel\u00a0: https://tandem.example.org/appels/2026-001/\n" \
        in body


CONFIDENTIAL_OPEN = (VEILLE, "confidential: false", "confidential: true")
EXPIRES_IN_JUNE = (VEILLE, "expires: 2099-06-30", "expires: 2026-06-30")

#: (change, extra arguments, exact stderr without the ending).
DIGEST_REFUSED = [
    (EXPIRES_IN_JUNE, ["--today", "2026-07-01", "--since", "2026-01-01"],  # expired on 30 June
     "aucun appel ouvert publié depuis le 1er janvier 2026 : pas de courriel à préparer "
     "(--since AAAA-MM-JJ pour remonter plus loin)"),
    (None, ["--today", "2026-03-01", "--since", "2026-02-15"],
     "aucun appel ouvert publié depuis le 15 février 2026 : pas de courriel à préparer "
     "(--since AAAA-MM-JJ pour remonter plus loin)"),
    (None, ["--today", "2026-03-01", "--since", "2026-03-02"],
     "--since 2026-03-02 est après le jour même (2026-03-01)"),
    (CONFIDENTIAL_OPEN, ["--today", "2026-03-01"],
     "aucun appel ouvert publié depuis le 30 janvier 2026 : pas de courriel à préparer "
     "(--since AAAA-MM-JJ pour remonter plus loin)"),
    (None, ["--today", "2026-03-01", "--to", "a@example.org, b@example.org"],
     "l’adresse de la liste de diffusion « a@example.org, b@example.org » n’est pas une "
     "adresse simple (une seule adresse, sans espace ni virgule) : corrigez-la"),
    (BROKEN, ["--today", "2026-03-01"],
     "le contenu a déjà des problèmes, corrigez-les d’abord (tandem check) (1 problème dans "
     "1 fichier)"),
]


@pytest.mark.parametrize(("change", "args", "message"), DIGEST_REFUSED,
                         ids=range(len(DIGEST_REFUSED)))
def test_a_refused_digest_writes_nothing(tmp_path: Path, change: tuple[str, str, str] | None,
                                         args: list[str], message: str) -> None:
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    if change is not None:
        path, old, new = change
        text = (content / path).read_text(encoding="utf-8")
        (content / path).write_text(text.replace(old, new), encoding="utf-8")
    before = snapshot(content)
    code, _, err = run("digest", "--content", str(content), "--outbox", str(outbox), *args)
    assert code == 1
    assert err == french(f"tandem digest : {message} ; rien n’a été écrit") + "\n"
    assert snapshot(content) == before
    assert emls(outbox) == []


def test_digest_refuses_an_outbox_inside_the_site(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    code, _, err = run("digest", "--content", str(content), "--today", "2026-03-01",
                       "--outbox", "site/courriels")
    assert code == 1
    assert "est dans le dossier du site" in err
    assert not (ROOT / "site" / "courriels").exists()


def test_the_digest_audit_refuses_a_private_value(tmp_path: Path) -> None:
    """The audit of the message itself: a private value in it stops the digest."""
    catalog, problems = check(make_content(tmp_path))
    assert catalog is not None and not problems
    draft = outmail.Draft(outmail.LIST_PLACEHOLDER, outmail.LIST_PLACEHOLDER,
                          "Appel à mentors", "Une question de Jeanne Testard (Pôle Quarzeo).\n",
                          dt.date(2026, 3, 1), "k")
    with pytest.raises(outbox_mail.DigestLeak) as refused:
        outbox_mail.audited(outmail.message_bytes(draft), catalog.private_index)
    assert str(refused.value) == "audit\u00a0: 2 valeurs privées dans le courriel"
    assert any("Jeanne Testard" in hit for hit in refused.value.hits)
    assert any("Pôle Quarzeo" in hit for hit in refused.value.hits)
    clean = dataclasses.replace(draft, body="Une question.\n")
    outbox_mail.audited(outmail.message_bytes(clean), catalog.private_index)  # not refused


#: Made-up names (« Quazébrû »): no real word of the e-mail's own text can be drawn.
NAME = st.lists(st.sampled_from(["qua", "zé", "xo", "brû", "vel", "dri", "mok", "tia", "ïn"]),
                min_size=3, max_size=4).map("".join).map(str.title)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=st.tuples(NAME, NAME).map(" ".join),
       organisation=st.tuples(NAME, NAME).map("Atelier {0[0]} {0[1]}".format),
       term=NAME, note=st.lists(NAME, min_size=6, max_size=8).map(" ".join))
def test_planted_private_values_never_reach_the_digest(tmp_path_factory: pytest.TempPathFactory,
                                                        person: str, organisation: str,
                                                        term: str, note: str) -> None:
    """Random names planted in every private field of the open call: none is in the e-mail."""
    tmp = tmp_path_factory.mktemp("digest")
    content, outbox = make_content(tmp), tmp / "outbox"
    path = content / VEILLE
    text = path.read_text(encoding="utf-8")
    for old, new in (("Jeanne Testard", person), ("Pôle Quarzeo", organisation),
                     ("Paul Essaimé", person), ("Cluster Brivalon", organisation),
                     ("Vallée du Lignon", term), ("A créé une cellule de veille en 2019.", note),
                     ("Message d'origine reçu par courriel, à anonymiser avant publication.",
                      note)):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    assume(check(content)[1] == [])  # a name too close to a member's is refused, rightly
    code, _, err = run("digest", "--content", str(content), "--today", "2026-03-01",
                       "--outbox", str(outbox))
    assert (code, err) == (0, "")
    data = (outbox / "2026-03-01-appel-a-mentors.eml").read_bytes()
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    shown = " ".join(f"{msg['Subject']} {msg['To']} {msg['From']} {body_of(msg)}".split()).lower()
    raw = data.decode("ascii").lower()
    for planted in (person, person.split()[1], organisation, term, note, "testard", "quarzeo",
                    "jeanne.testard@example.org", "+33 6 12 34 56 78"):
        assert planted.lower() not in shown
        assert planted.lower() not in raw
    assert "2026-001" in shown


def test_response_model_fields_are_all_in_the_forward_email() -> None:
    """A new field in a reply (SPEC §4) must be decided: shown to the requester or not."""
    assert set(Response.model_fields) == {"organisation", "name", "email", "phone",
                                          "received", "note", "forwarded"}


def test_forward_a_late_reply_of_a_matched_request(tmp_path: Path) -> None:
    """A reply that came after the pair was formed is still passed on to the requester."""
    path = "requests/2026-002-equipe.md"
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    text = (content / path).read_text(encoding="utf-8")
    late = ("    forwarded: 2026-01-13\n  - organisation: Cluster Brivalon\n"
            "    name: Noé Tardif\n    received: 2026-02-03\n")
    (content / path).write_text(text.replace("    forwarded: 2026-01-13\n", late),
                                encoding="utf-8")
    before = (content / path).read_text(encoding="utf-8")
    code, _, err = run("forward", "2026-002", "--content", str(content), "--today", "2026-02-04",
                       "--outbox", str(outbox))
    assert (code, err) == (0, "")
    body = body_of(read_eml(outbox / "2026-02-04-transmission-2026-002.eml"))
    assert "1. Noé Tardif (Cluster Brivalon)\n   Réponse reçue le 3 février 2026\n" in body
    assert "Lise Volontin" not in body
    after = (content / path).read_text(encoding="utf-8")
    assert diff_lines(before, after) == ([], ["    forwarded: 2026-02-04\n"])


USAGE = [
    (["forward"], "Argument manquant 'ID'"),
    (["forward", "2026-001", "--today", "2026-02-30"], "n’est pas une date"),
    (["digest", "--since", "hier"], "n’est pas une date"),
    (["digest", "--today", "01/03/2026"], "n’est pas une date"),
]


@pytest.mark.parametrize(("args", "message"), USAGE, ids=range(len(USAGE)))
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, args: list[str],
                                               message: str) -> None:
    content, outbox = make_content(tmp_path), tmp_path / "outbox"
    before = snapshot(content)
    code, _, err = run(*args, "--content", str(content), "--outbox", str(outbox))
    assert code == 2
    assert message in err
    assert snapshot(content) == before
    assert emls(outbox) == []
