"""Shared helpers: copies of the mini programme with files replaced or added."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

from generator.french import typographic_problems

if TYPE_CHECKING:
    from browser_support import Contexts, Tab

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


# The read cache is off for the whole session, session fixtures and subprocesses included
# (each test's content folder would leave its own cache file in the repository's
# .tandem-cache/): tests/test_cache.py turns it on where it tests it.
os.environ["TANDEM_NO_CACHE"] = "1"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands find mkdocs.yml and site_templates/ from the repository root."""
    monkeypatch.chdir(ROOT)


def make_content(tmp: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A copy of the mini programme in `tmp/content`, with `files` written (None deletes)."""
    content = tmp / "content"
    shutil.copytree(MINI, content)
    for name, text in (files or {}).items():
        path = content / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


def relative(path: Path) -> str:
    """How tandem prints a path: relative to the working folder when it can."""
    return os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)


@pytest.fixture(autouse=True)
def _french_cli_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every message a command prints in any test is French typography (no-break spaces,
    typographic apostrophes): `CliRunner.invoke` checks its output as it returns it."""
    invoke = CliRunner.invoke

    def checked(self: CliRunner, *args: Any, **kwargs: Any) -> Result:
        result = invoke(self, *args, **kwargs)
        for stream in (result.stdout, result.stderr):
            problems = typographic_problems(stream)
            assert not problems, f"typographie : {problems}"
        return result

    monkeypatch.setattr(CliRunner, "invoke", checked)


# --------------------------------------------------------------------------- the browser
# One Chromium per test process, shared by every browser test module (Playwright's sync
# API cannot run twice at once in a process). Imported lazily: most tests need no browser.


@pytest.fixture(scope="session")
def chromium() -> Path:
    from browser_support import CHROMIUM, chromium_or_stop

    chromium_or_stop()
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    from browser_support import CHROMIUM_ARGS, TIMEOUT_MS

    expect.set_options(timeout=TIMEOUT_MS)  # assertions wait as long as actions do
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                     args=CHROMIUM_ARGS, timeout=20_000)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def contexts(browser: Any) -> Iterator[Contexts]:
    from browser_support import Contexts

    shared = Contexts(browser)
    yield shared
    shared.close()


@pytest.fixture
def open_tab(contexts: Contexts) -> Iterator[Callable[..., Tab]]:
    """open_tab(base, kind="desktop") in a shared context; with fresh=True or context
    options, in a new context of its own (search state, no JavaScript…)."""
    from browser_support import DESKTOP, Tab

    tabs: list[Tab] = []
    own: list[Any] = []

    def factory(base: str, kind: str = "desktop", fresh: bool = False, **options: Any) -> Tab:
        if fresh or options:
            context, traffic = contexts.new(base, **{**DESKTOP, **options})
            own.append(context)
        else:
            context, traffic = contexts.get(base, kind)
        tab = Tab(context, traffic, base)
        tabs.append(tab)
        return tab

    yield factory
    for tab in tabs:
        tab.page.close()
    for context in own:
        context.close()
