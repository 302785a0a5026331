"""`tandem status`: golden output on the example programme, and each reminder on small
hand-made programmes, shown exactly when it should be, with its command.

Refresh the golden files on purpose with `make golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_content
from generator import edit
from generator.cli import cli
from generator.commands.status import read_duration

GOLDEN = ROOT / "tests" / "golden" / "status"
UPDATE = os.environ.get("TANDEM_UPDATE_GOLDEN") == "1"
NBSP, NNBSP = "\u00a0", "\u202f"
TODAY = dt.date(2026, 6, 1)
KEYS = ["kind", "group", "id", "title", "date", "message", "command"]


def run(*args: str, color: bool = False) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), color=color)
    return result.exit_code, result.stdout, result.stderr


# --- golden output of the example programme -------------------------------------------


@pytest.mark.parametrize("today", ["2026-12-01", "2027-01-20"])
@pytest.mark.parametrize("suffix", ["txt", "json"])
def test_status_of_the_example_matches_its_golden_file(today: str, suffix: str) -> None:
    args = ["status", "--content", str(ROOT / "content"), "--today", today]
    code, out, err = run(*args, *(["--json"] if suffix == "json" else []))
    assert (code, err) == (0, "")
    golden = GOLDEN / f"{today}.{suffix}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
        pytest.skip("golden files rewritten: review them with git diff tests/golden")
    assert out == golden.read_text(encoding="utf-8"), f"{golden.name} (make golden)"


def test_the_json_says_what_the_screen_says_in_the_same_order() -> None:
    content = str(ROOT / "content")
    _, text, _ = run("status", "--content", content, "--today", "2027-01-20")
    _, raw, _ = run("status", "--content", content, "--today", "2027-01-20", "--json")
    data = json.loads(raw)
    assert list(data) == ["today", "count", "reminders"]
    assert data["today"] == "2027-01-20" and data["count"] == len(data["reminders"]) == 14
    rows = [line for line in text.splitlines() if line.startswith("  ")]
    assert len(rows) == data["count"]
    for row, item in zip(rows, data["reminders"], strict=True):
        assert list(item) == KEYS
        assert row.split()[0] == item["id"]
        assert row.endswith(f"→ {item['command']}") and item["message"] in row
        dt.date.fromisoformat(item["date"])
    assert [r["kind"] for r in data["reminders"]] == (
        ["draft"] * 2 + ["forward"] * 2 + ["expired"] * 4 + ["stale"] * 2 + ["checkin"] * 3
        + ["agreement"])


def test_headings_are_bold_in_a_terminal_and_plain_when_piped() -> None:
    args = ["status", "--content", str(ROOT / "content"), "--today", "2026-12-01"]
    _, plain, _ = run(*args)
    _, styled, _ = run(*args, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1mBrouillons à publier (2)\x1b[0m" in styled
    assert "\x1b[36m→ tandem publish 2026-009\x1b[0m" in styled


# --- hand-made programmes ---------------------------------------------------------------

REQUESTER = {"organisation": "Pôle Quarzeo", "name": "Jeanne Testard",
             "email": "jeanne.testard@quarzeo.example.org"}
MENTOR = {"organisation": "Cluster Brivalon", "name": "Paul Essaimé",
          "email": "paul.essaime@brivalon.example.org"}


def reply(received: dt.date, forwarded: dt.date | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {**MENTOR, "received": received}
    if forwarded:
        found["forwarded"] = forwarded
    return found


def request(number: int, status: str = "open", **fields: Any) -> tuple[str, str]:
    """A request file of year 2026 (or `received`'s year) with what `fields` change."""
    received = fields.pop("received", dt.date(2026, 1, 5))
    data: dict[str, Any] = {
        "id": f"{received.year}-{number:03d}", "title": f"Demande numéro {number}",
        "status": status, "confidential": False, "received": received}
    if status != "draft":
        data["published"] = fields.pop("published", received + dt.timedelta(days=2))
    if status in ("matched", "withdrawn", "expired"):
        data["closed"] = fields.pop("closed", received + dt.timedelta(days=20))
    data |= {"themes": ["intelligence-economique"], "format": "ponctuel", "role": "direction",
             "requester": REQUESTER, **fields}
    # Each its own words: the text of a request that is not an open call is private.
    return (f"requests/{data['id']}-demande.md",
            edit.compose(data, f"Question numéro {number} d’un adhérent.\n"))


def binome(number: int, request_id: str, status: str = "active",
           **fields: Any) -> tuple[str, str]:
    formed = fields.pop("formed", dt.date(2026, 3, 1))
    data: dict[str, Any] = {"id": f"{formed.year}-B{number:02d}", "request": request_id,
                            "status": status, "formed": formed}
    if status != "active":
        data["ended"] = fields.pop("ended", formed + dt.timedelta(days=90))
    data |= {"mentor": MENTOR, "mentee": REQUESTER, **fields}
    return f"binomes/{data['id']}-binome.md", edit.compose(data, "")


def pair(number: int, **fields: Any) -> list[tuple[str, str]]:
    """A matched request, received a month before `formed`, and its binôme."""
    formed = fields.get("formed", dt.date(2026, 3, 1))
    received = formed - dt.timedelta(days=30)
    return [request(number, "matched", received=received, closed=formed,
                    responses=[reply(received + dt.timedelta(days=5),
                                     received + dt.timedelta(days=6))]),
            binome(number, f"{received.year}-{number:03d}", **fields)]


def programme(tmp: Path, *files: tuple[str, str]) -> Path:
    """The mini programme with only `files` as requests and binômes."""
    emptied: dict[str, str | bytes | None] = {
        "requests/2026-001-veille.md": None, "requests/2026-002-equipe.md": None,
        "requests/2026-003-brouillon.md": None, "binomes/2026-B01-equipe.md": None}
    return make_content(tmp, {**emptied, **dict(files)})


def days_before(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def checkin(day: dt.date, next_day: dt.date | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"date": day, "note": "Échange régulier entre les deux."}
    if next_day:
        found["next"] = next_day
    return found


CASES: list[tuple[str, list[tuple[str, str]], list[tuple[str, str, str]]]] = [
    ("a draft waits to be published",
     [request(1, "draft", received=days_before(3))],
     [("draft", "2026-001", "tandem publish 2026-001")]),
    ("a reply not forwarded",
     [request(1, published=days_before(10), responses=[reply(days_before(5))])],
     [("forward", "2026-001", "tandem forward 2026-001")]),
    ("replies already forwarded: nothing",
     [request(1, published=days_before(100),
              responses=[reply(days_before(90), days_before(89))])],
     []),
    ("a reply not forwarded on a matched request: nothing (the call is over)",
     [*pair(1, checkins=[checkin(days_before(2))]),
      request(2, "withdrawn", received=dt.date(2026, 1, 6), responses=[reply(dt.date(2026, 1, 9))])],
     []),
    ("an open call with no reply for 59 days: not yet",
     [request(1, published=days_before(59))], []),
    ("an open call with no reply for 60 days (the threshold)",
     [request(1, published=days_before(60))],
     [("stale", "2026-001", "tandem suggest 2026-001")]),
    ("an open call whose expires is today: still open",
     [request(1, published=days_before(10), expires=TODAY)], []),
    ("an open call past its expires",
     [request(1, published=days_before(10), expires=days_before(1))],
     [("expired", "2026-001", "tandem withdraw 2026-001 --expired")]),
    ("past expires and no reply for long: said once, as expired",
     [request(1, published=days_before(100), expires=days_before(1))],
     [("expired", "2026-001", "tandem withdraw 2026-001 --expired")]),
    ("past expires with a reply to forward: both",
     [request(1, published=days_before(100), expires=days_before(1),
              responses=[reply(days_before(3))])],
     [("forward", "2026-001", "tandem forward 2026-001"),
      ("expired", "2026-001", "tandem withdraw 2026-001 --expired")]),
    ("a withdrawn or expired call: nothing",
     [request(1, "withdrawn", received=dt.date(2026, 3, 1)),
      request(2, "expired", received=dt.date(2026, 3, 2))], []),
    ("a pair formed 44 days ago without check-in: not yet",
     pair(1, formed=days_before(44)), []),
    ("a pair formed 45 days ago without check-in",
     pair(1, formed=days_before(45)),
     [("checkin", "2026-B01", "tandem checkin 2026-B01 --note \"…\"")]),
    ("the last check-in 45 days ago",
     pair(1, formed=days_before(100), checkins=[checkin(days_before(80)), checkin(days_before(45))]),
     [("checkin", "2026-B01", "tandem checkin 2026-B01 --note \"…\"")]),
    ("the planned check-in was yesterday",
     pair(1, checkins=[checkin(days_before(10), days_before(1))]),
     [("checkin", "2026-B01", "tandem checkin 2026-B01 --note \"…\"")]),
    ("the planned check-in is today: not yet",
     pair(1, checkins=[checkin(days_before(10), TODAY)]), []),
    ("only the latest check-in's plan counts",
     pair(1, checkins=[checkin(days_before(10), dt.date(2026, 7, 1)),
                       checkin(days_before(30), days_before(20))]), []),
    ("a completed pair is not followed",
     pair(1, status="completed", formed=dt.date(2026, 2, 10), ended=dt.date(2026, 4, 1)), []),
    ("a pair past its agreement of « trois mois »",
     pair(1, formed=dt.date(2026, 2, 28), agreement={"duration": "Trois mois environ."},
          checkins=[checkin(days_before(2))]),
     [("agreement", "2026-B01", "tandem close 2026-B01 --status completed")]),
    ("an agreement ending today: not yet",
     pair(1, formed=dt.date(2026, 3, 1), agreement={"duration": "3 mois"},
          checkins=[checkin(days_before(2))]), []),
    ("an agreement tandem cannot read: nothing said",
     pair(1, formed=dt.date(2025, 6, 1), agreement={"duration": "Jusqu’à l’été."},
          checkins=[checkin(days_before(2))]),
     [("review", "2025", "tandem review 2025")]),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_reminder_appears_exactly_when_it_should(
        tmp_path: Path, files: list[tuple[str, str]], expected: list[tuple[str, str, str]]) -> None:
    content = programme(tmp_path, *files)
    code, raw, err = run("status", "--content", str(content), "--today", TODAY.isoformat(),
                         "--json")
    assert (code, err) == (0, ""), raw
    found = [(r["kind"], r["id"], r["command"]) for r in json.loads(raw)["reminders"]]
    assert found == expected
    code, text, _ = run("status", "--content", str(content), "--today", TODAY.isoformat())
    for _, record, command in expected:
        assert any(line.split()[:1] == [record] and line.endswith(f"→ {command}")
                   for line in text.splitlines()), text


def test_nothing_to_do_says_so(tmp_path: Path) -> None:
    content = programme(tmp_path, request(1, published=days_before(3)))
    assert run("status", "--content", str(content), "--today", "2026-06-01") == (
        0, f"tandem status{NBSP}: rien à signaler au 1er juin 2026, tout est à jour\n", "")
    _, raw, _ = run("status", "--content", str(content), "--today", "2026-06-01", "--json")
    assert json.loads(raw) == {"today": "2026-06-01", "count": 0, "reminders": []}


def test_the_exact_lines_and_their_order(tmp_path: Path) -> None:
    content = programme(
        tmp_path,
        request(1, "draft", received=dt.date(2026, 5, 20)),
        request(2, "draft", received=dt.date(2026, 5, 2)),
        request(3, published=dt.date(2026, 4, 1),
                responses=[reply(dt.date(2026, 5, 3)), reply(dt.date(2026, 4, 2))]),
        request(4, published=dt.date(2026, 3, 1)),
        *pair(5, formed=dt.date(2026, 2, 1), agreement={"duration": "deux mois"},
              checkins=[checkin(dt.date(2026, 4, 1), dt.date(2026, 5, 1))]),
    )
    code, out, err = run("status", "--content", str(content), "--today", "2026-06-01")
    assert code == 0, out + err
    lines = out.replace(NBSP, " ").replace(NNBSP, " ").splitlines()
    rows = [line for line in lines if line.startswith("  ")]
    assert len({row.index("→") for row in rows}) == 1  # one column of commands
    assert [re.sub(r" {2,}→", "  →", line) for line in lines] == [
        "tandem status : 6 points à traiter au 1er juin 2026, du plus urgent au moins urgent",
        "",
        "Brouillons à publier (2)",
        "  2026-002  brouillon, demande reçue le 2 mai 2026 (il y a 30 jours)  "
        "→ tandem publish 2026-002",
        "  2026-001  brouillon, demande reçue le 20 mai 2026 (il y a 12 jours)  "
        "→ tandem publish 2026-001",
        "",
        "Réponses à transmettre (1)",
        "  2026-003  2 réponses à transmettre, la première reçue le 2 avril 2026 (il y a 60 jours)  "
        "→ tandem forward 2026-003",
        "",
        "Appels sans réponse depuis 60 jours ou plus (1)",
        "  2026-004  aucune réponse depuis la publication le 1er mars 2026 (il y a 92 jours)  "
        "→ tandem suggest 2026-004",
        "",
        "Binômes à relancer, dernier point d’étape il y a 45 jours ou plus ou point prévu passé (1)",
        "  2026-B05  dernier point le 1er avril 2026 (il y a 61 jours), prévu le 1er mai 2026  "
        "→ tandem checkin 2026-B05 --note \"…\"",
        "",
        "Binômes actifs au-delà de la durée convenue (1)",
        "  2026-B05  formé le 1er février 2026 pour « deux mois », terminé depuis le 1er avril 2026  "
        "→ tandem close 2026-B05 --status completed",
    ]


@pytest.mark.parametrize(("received", "words"), [
    (dt.date(2026, 6, 1), "aujourd’hui"), (dt.date(2026, 5, 31), "hier"),
    (dt.date(2026, 5, 30), "il y a 2 jours"), (dt.date(2026, 6, 2), "demain"),
    (dt.date(2026, 6, 5), "dans 4 jours"),
])
def test_how_long_ago(tmp_path: Path, received: dt.date, words: str) -> None:
    content = programme(tmp_path, request(1, "draft", received=received))
    _, raw, _ = run("status", "--content", str(content), "--today", "2026-06-01", "--json")
    assert json.loads(raw)["reminders"][0]["message"].endswith(f"({words})")


def test_the_review_of_last_year_until_its_commentary_is_written(tmp_path: Path) -> None:
    content = programme(tmp_path, request(1, "withdrawn", received=dt.date(2025, 10, 1)))
    args = ["status", "--content", str(content), "--today", "2026-01-10"]
    code, out, _ = run(*args)
    assert code == 0 and out.splitlines()[-2:] == [
        "Bilans annuels à écrire (1)",
        "  2025  bilan 2025 pas encore préparé  → tandem review 2025"]
    assert run("review", "2025", "--content", str(content), "--today", "2026-01-10",
               "--private-out", str(tmp_path / "private"))[0] == 0
    out = run(*args)[1]
    assert out.splitlines()[-1] == "  2025  commentaire à écrire dans reviews/2025.md  " \
                                   "→ tandem review 2025"
    (content / "reviews" / "2025.md").write_text("Une année calme.\n", encoding="utf-8")
    assert run(*args)[1] == (f"tandem status{NBSP}: rien à signaler au 10 janvier 2026, "
                             "tout est à jour\n")
    assert run("status", "--content", str(content), "--today", "2025-12-31")[1].startswith(
        f"tandem status{NBSP}: rien à signaler")  # the year is not over


def test_records_due_for_purge_until_they_are_anonymised(tmp_path: Path) -> None:
    content = programme(tmp_path, request(1, "withdrawn", received=dt.date(2022, 3, 1)),
                        request(2, "expired", received=dt.date(2022, 4, 1)),
                        request(3, "draft", received=dt.date(2022, 5, 1)))
    (content / "reviews").mkdir()
    (content / "reviews" / "2022.md").write_text("Bilan écrit.\n", encoding="utf-8")
    args = ["status", "--content", str(content), "--today", "2026-02-01"]
    out = run(*args)[1].replace(NBSP, " ")
    assert out.splitlines()[-2:] == [
        "Données personnelles à anonymiser (1)",
        "  —         2 demandes ou binômes fermés avant le 1er janvier 2023 (2022-001, 2022-002)"
        "  → tandem purge --yes"]
    assert run("purge", "--content", str(content), "--today", "2026-02-01", "--yes")[0] == 0
    assert "anonymiser" not in run(*args)[1]
    assert "2021" not in run("status", "--content", str(content), "--today", "2025-12-01")[1]


def test_refused_on_content_with_problems(tmp_path: Path) -> None:
    path, text = request(1, "draft")
    content = programme(tmp_path, (path, text.replace("status: draft", "status: brouillon")))
    code, out, err = run("status", "--content", str(content), "--today", "2026-06-01")
    assert code == 1
    assert out.startswith(str(content / path) + ":")
    assert err == (f"tandem status{NBSP}: le contenu a des problèmes, corrigez-les d’abord "
                   f"(tandem check) (1 problème dans 1 fichier)\n")


@pytest.mark.parametrize("today", ["2026-13-01", "hier", "01/06/2026"])
def test_a_date_that_is_not_one_is_a_usage_error(today: str) -> None:
    assert run("status", "--content", str(ROOT / "content"), "--today", today)[0] == 2


@pytest.mark.parametrize(("text", "months", "days", "words"), [
    ("Six mois.", 6, 0, "Six mois"),
    ("Six mois environ.", 6, 0, "Six mois"),
    ("3 mois", 3, 0, "3 mois"),
    ("un an", 12, 0, "un an"),
    ("Une année, renouvelable.", 12, 0, "Une année"),
    ("deux ans", 24, 0, "deux ans"),
    ("Quatre à six mois.", 6, 0, "Quatre à six mois"),
    ("3-4 mois", 4, 0, "3-4 mois"),
    ("dix-huit mois", 18, 0, "dix-huit mois"),
    ("1 an et demi", 18, 0, "1 an et demi"),
    ("Deux mois et demi", 2, 15, "Deux mois et demi"),
    ("six semaines", 0, 42, "six semaines"),
    ("un semestre", 6, 0, "un semestre"),
    ("DOUZE MOIS", 12, 0, "DOUZE MOIS"),
    ("Un accompagnement de six mois", 6, 0, "six mois"),
])
def test_agreement_durations_in_french(text: str, months: int, days: int, words: str) -> None:
    found = read_duration(text)
    assert found is not None
    assert (found.months, found.days, found.words) == (months, days, words)


@pytest.mark.parametrize("text", [
    None, "", "Jusqu’à l’été 2025.", "Jusqu’à l’audit de certification, prévu début 2027.",
    "quelques mois", "0 mois", "six mois, prolongeable de trois mois", "2025 mois",
    "sixmois", "Ｓix mois", "mois",
])
def test_durations_tandem_cannot_read_are_ignored(text: str | None) -> None:
    assert read_duration(text) is None


@pytest.mark.parametrize(("formed", "text", "end"), [
    (dt.date(2026, 1, 31), "un mois", dt.date(2026, 2, 28)),
    (dt.date(2026, 8, 31), "six mois", dt.date(2027, 2, 28)),
    (dt.date(2026, 3, 15), "un an", dt.date(2027, 3, 15)),
    (dt.date(2026, 3, 15), "2 semaines", dt.date(2026, 3, 29)),
])
def test_agreement_end_dates(formed: dt.date, text: str, end: dt.date) -> None:
    found = read_duration(text)
    assert found is not None and found.end(formed) == end


def _plan_ids(content: Path, year: int) -> list[str]:
    from generator import purge
    from generator.commands.status import load

    changes = purge.plan(load(content), year).changes
    return sorted(re.match(r"[0-9]{4}-(?:B[0-9]{2}|[0-9]{3})", c.edited.path.name)[0]  # type: ignore[index]
                  for c in changes)


def _due_ids(content: Path, year: int) -> list[str]:
    from generator.commands.status import load, purge_due

    return sorted(r.model.id for r in purge_due(load(content), year))


def test_the_records_due_for_purge_are_those_purge_would_change(tmp_path: Path) -> None:
    """status reads the purge's rules from the models (fast); `purge.plan` prepares the
    edits (slow): both name the same records before, between and after purges."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    steps = [(2026, "2027-03-01"), (2027, "2030-01-01")]
    for year, today in steps:
        expected = _plan_ids(content, year)
        assert expected and _due_ids(content, year) == expected
        code, _, err = run("purge", "--content", str(content), "--before", str(year),
                           "--today", today, "--yes")
        assert (code, err) == (0, "")
        assert _plan_ids(content, year) == _due_ids(content, year) == []
    # 2026 still has open calls: its organisations were kept; once every record of 2026 is
    # closed, a later purge replaces them, and both see it.
    for path in (content / "requests").glob("2026-*.md"):
        text = path.read_text(encoding="utf-8")
        if "status: open" in text or "status: draft" in text:
            path.unlink()
    for path in (content / "binomes").glob("2026-*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("status: active", "status: completed\nended: 2026-12-20"),
                        encoding="utf-8")
    expected = _plan_ids(content, 2028)
    assert expected and _due_ids(content, 2028) == expected
