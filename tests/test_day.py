"""The README's « Une journée de coordination », replayed as written.

Every command of the walkthrough runs on a copy of the example programme, on the day
its block names, and prints exactly what the README shows; the one edit by hand (the
call's public text) is made as the README shows it; `tandem check` passes after every
step. The complete file the README shows under « Le format des fichiers » is the real one.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DAY = README.split("## Une journée de coordination", 1)[1].split("\n### ", 1)[0]
BLOCK = re.compile(r"<!-- (today|corps|fichier): (\S+) -->\n```\w+\n(.*?)```\n", re.S)


def steps(text: str) -> list[tuple[str, str, str]]:
    return [(kind, value, body) for kind, value, body in BLOCK.findall(text)]


def commands(block: str) -> list[tuple[str, str]]:
    """The `$ tandem …` lines of a console block, each with the output shown after it."""
    found: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            found[-1][1].append(line)
    return [(command, "\n".join(output) + "\n") for command, output in found]


def invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, prog_name="tandem")
    # The README shows no-break spaces as spaces (they look the same on the page).
    return result.exit_code, result.output.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content",
                    ignore=shutil.ignore_patterns(".tandem-cache"))
    shutil.copytree(ROOT / "docs" / "exemples", tmp_path / "docs" / "exemples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_walkthrough_has_every_step() -> None:
    run = [shlex.split(command)[1] for kind, _, body in steps(DAY) if kind == "today"
           for command, _ in commands(body)]
    assert run == ["status", "new", "publish", "digest", "reply", "forward", "match", "checkin",
                   "close", "check"]


def test_a_day_of_coordination_runs_as_the_readme_shows(project: Path) -> None:
    for kind, value, body in steps(DAY):
        if kind == "corps":  # the one edit by hand: the call's public text under the header
            path = project / value
            front, _, _ = path.read_text(encoding="utf-8").rpartition("---\n")
            path.write_text(front + "---\n" + body, encoding="utf-8")
            continue
        for command, shown in commands(body):
            args = shlex.split(command)[1:]
            if args[0] != "check":
                args += ["--today", value]
            assert invoke(args) == (0, shown), command
            code, out = invoke(["check"])
            assert code == 0, (command, out)
    assert sorted(p.name for p in (project / "outbox").iterdir()) == [
        "2026-12-01-appel-a-mentors.eml", "2026-12-03-transmission-2026-011.eml"]


def test_the_complete_file_shown_is_the_real_one() -> None:
    shown = [(value, body) for kind, value, body in steps(README) if kind == "fichier"]
    assert shown, "the README shows no complete content file"
    for path, body in shown:
        assert (ROOT / path).read_text(encoding="utf-8") == body, path


def test_the_files_the_readme_names_exist() -> None:
    for path in re.findall(r"`(content/[a-z0-9/_.-]+\.(?:md|yml))`", README):
        assert (ROOT / path).exists(), path
