"""The code's own hygiene: mypy (strict) and ruff pass on the package, the tests and the benchmarks."""

from __future__ import annotations

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
