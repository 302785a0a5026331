"""The code's own hygiene: mypy (strict) and ruff pass on the package, the tests and the benchmarks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", [
    [str(BIN / "mypy")],
    [str(BIN / "ruff"), "check", "generator", "tests", "benchmarks"],
], ids=["mypy", "ruff"])
def test_tool_passes(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_merge_conflict_marker_is_committed() -> None:
    found = subprocess.run(["git", "grep", "-n", "-I", "-E", "^(<<<<<<<|>>>>>>>) ", "--", "."],
                           capture_output=True, text=True, check=False)
    assert found.stdout == "", found.stdout


def readme_commands() -> set[str]:
    """The commands named in the first column of the README's command table."""
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = text.split("## Les commandes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `tandem ([a-z-]+)", table, flags=re.M))


def test_every_command_is_in_the_readme_table() -> None:
    from generator.cli import cli

    assert set(cli.commands) == readme_commands()


def test_every_command_takes_content_and_date_dependent_ones_take_today() -> None:
    from generator.cli import cli

    for name, command in cli.commands.items():
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        assert "--content" in options, name
        if name in DATED:
            assert "--today" in options, name


#: The commands whose result depends on the date (SPEC §7).
DATED = {"review", "purge", "new", "publish", "withdraw", "reply", "forward", "match", "checkin",
         "close", "status", "digest", "agenda"}
