"""The read cache: a second `check` parses only what changed, and says exactly the same."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT
from generator import cache as cache_module
from generator import privacy, reader
from generator.cache import CACHE_DIR, DISABLE_ENV, ReadCache
from generator.catalog import Catalog
from generator.checks import check
from generator.cli import cli
from generator.errors import Problem
from generator.privacy import PrivateIndex, Vocabulary
from generator.reader import Document

EVERY_ERROR = ROOT / "tests" / "fixtures" / "every_error"
LONG_AGO = time.time() - 3600
#: The cache's clock runs this far ahead, so that the files a test just copied (whose
#: change time is now: no tool can set it back) are old enough to be kept.
AHEAD_NS = 10 * 10**9


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The working folder where the cache lives (turned on, unlike in other tests)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("TANDEM_NO_CACHE")
    monkeypatch.setattr(cache_module, "time", SimpleNamespace(
        time_ns=lambda: time.time_ns() + AHEAD_NS))
    return work


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The Markdown files actually parsed, in order."""
    seen: list[Path] = []
    real = reader.read_markdown

    def counting(path: Path) -> tuple[Document | None, list[Problem]]:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(reader, "read_markdown", counting)
    return seen


def _copy(source: Path, to: Path, mtime: float = LONG_AGO) -> Path:
    shutil.copytree(source, to)
    for path in to.rglob("*"):
        os.utime(path, (mtime, mtime))
    return to


def _records(content: Path) -> list[Path]:
    return sorted([*(content / "requests").glob("*.md"), *(content / "binomes").glob("*.md")])


def _run(content: Path) -> tuple[list[str], list[tuple[str, dict[str, object], str]]]:
    catalog, problems = check(content, ReadCache.default(content))
    assert catalog is not None
    records = [r.doc for r in catalog.requests] + [b.doc for b in catalog.binomes]
    docs = [(doc.shown, doc.data, doc.body) for doc in records]
    return [p.render() for p in problems], docs


@pytest.mark.parametrize("source", [MINI, EVERY_ERROR, ROOT / "content"],
                         ids=["mini", "every_error", "example"])
def test_second_check_parses_nothing_and_says_the_same(
        cached: Path, parses: list[Path], source: Path) -> None:
    content = _copy(source, cached / "content")
    first = _run(content)
    assert sorted(parses) == _records(content)
    parses.clear()
    second = _run(content)
    assert parses == []
    assert second == first
    # Lines are worked out again on demand from what was kept.
    assert second[0] == [p.render() for p in check(content)[1]]


def test_an_edit_is_read_again_even_at_the_same_size(cached: Path, parses: list[Path]) -> None:
    content = _copy(MINI, cached / "content")
    _run(content)
    path = content / "requests" / "2026-001-veille.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("confidential: false", "confidental: false")
    assert len(edited) == len(text) - 1
    path.write_text(edited + " ", encoding="utf-8")  # same size as before
    os.utime(path, (LONG_AGO + 1, LONG_AGO + 1))
    parses.clear()
    problems, _ = _run(content)
    assert parses == [path]
    assert any("confidental" in p for p in problems), problems


def test_a_file_just_written_is_not_kept(cached: Path, parses: list[Path]) -> None:
    """Its timestamp could hide a second edit within the clock's granularity."""
    content = _copy(MINI, cached / "content")
    fresh = content / "requests" / "2026-001-veille.md"
    now = time.time_ns() + AHEAD_NS  # as the cache's clock tells it
    os.utime(fresh, ns=(now, now))
    _run(content)
    parses.clear()
    _run(content)
    assert parses == [fresh]


def test_an_edit_behind_a_restored_modification_time_is_read_again(
        cached: Path, parses: list[Path]) -> None:
    """`touch -d`, `cp -p`, `rsync -t` set the modification time back; not the change time."""
    content = _copy(MINI, cached / "content")
    _run(content)
    path = content / "requests" / "2026-001-veille.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("confidential: false", "confidental: falsee"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == \
        (before.st_size, before.st_mtime_ns, before.st_ino)
    parses.clear()
    problems, _ = _run(content)
    assert parses == [path]
    assert any("confidental" in p for p in problems), problems


def test_a_deleted_file_leaves_the_cache(cached: Path) -> None:
    content = _copy(MINI, cached / "content")
    gone = content / "binomes" / next(p.name for p in (content / "binomes").glob("*.md"))
    _run(content)
    gone.unlink()
    _run(content)
    assert str(gone.absolute()) not in ReadCache.default(content).entries


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(b"not a pickle"),
    lambda p: p.write_bytes(p.read_bytes()[:100]),
    lambda p: p.write_bytes(b""),
], ids=["garbage", "truncated", "empty"])
def test_a_damaged_cache_is_ignored_and_rewritten(
        cached: Path, parses: list[Path], damage: Callable[[Path], object]) -> None:
    content = _copy(MINI, cached / "content")
    expected = _run(content)
    (pickle_file,) = (cached / CACHE_DIR).glob("read-*.pickle")
    damage(pickle_file)
    parses.clear()
    assert _run(content) == expected
    assert sorted(parses) == _records(content)
    parses.clear()
    _run(content)
    assert parses == []


def test_other_code_or_folder_drops_the_cache(
        cached: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    content = _copy(MINI, cached / "content")
    _run(content)
    monkeypatch.setattr(cache_module, "_fingerprint", lambda: "another reader")
    parses.clear()
    _run(content)
    assert sorted(parses) == _records(content)


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another user")
def test_a_cache_owned_by_someone_else_is_not_read(cached: Path, parses: list[Path]) -> None:
    content = _copy(MINI, cached / "content")
    _run(content)
    (pickle_file,) = (cached / CACHE_DIR).glob("read-*.pickle")
    os.chown(pickle_file, 4242, -1)
    parses.clear()
    _run(content)
    assert sorted(parses) == _records(content)


def test_turned_off_by_the_environment(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _copy(MINI, cached / "content")
    monkeypatch.setenv("TANDEM_NO_CACHE", "1")
    _run(content)
    assert not (cached / CACHE_DIR).exists()


def test_the_cli_uses_it_and_git_ignores_it(cached: Path, parses: list[Path]) -> None:
    """The cache holds private content: a programme repository never commits it."""
    _copy(MINI, cached / "content")
    runner = CliRunner()
    first = runner.invoke(cli, ["check", "--content", "content"])
    parses.clear()
    second = runner.invoke(cli, ["check", "--content", "content"])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert second.output == first.output
    assert parses == []
    subprocess.run(["git", "init", "-q"], cwd=cached, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=cached,
                            check=True, capture_output=True, text=True).stdout
    assert status and CACHE_DIR not in status
    assert {line[3:].split("/")[0] for line in status.splitlines()} == {"content"}


def test_a_cache_that_cannot_be_written_costs_only_speed(
        cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _copy(MINI, cached / "content")
    expected = _run(content)

    def refuse(*_: object, **__: object) -> None:
        raise TypeError("cannot pickle")

    monkeypatch.setattr(pickle, "dump", refuse)
    shutil.rmtree(cached / CACHE_DIR)
    assert _run(content) == expected
    assert [p.name for p in (cached / CACHE_DIR).iterdir()] == [".gitignore"]


def test_words_of_private_texts_are_kept_for_the_next_run(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The folded words of every private text are kept: the next check folds none again,
    and finds the same problems; another folding code starts afresh."""
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    content = _copy(MINI, tmp_path / "content")
    results, memos = [], []
    for _ in range(2):
        memo = privacy._WordsMemo()
        monkeypatch.setattr(privacy, "WORDS", memo)
        privacy.sequences.cache_clear()
        results.append(_run(content))
        memos.append(memo)
    assert memos[0].folded > 0 and memos[1].folded == 0
    assert results[0] == results[1]
    assert len(list((tmp_path / CACHE_DIR).glob("words-*.pickle"))) == 1
    monkeypatch.setattr(cache_module, "_words_fingerprint", lambda: "another folding")
    memo = privacy._WordsMemo()
    monkeypatch.setattr(privacy, "WORDS", memo)
    privacy.sequences.cache_clear()
    _run(content)
    assert memo.folded == memos[0].folded


def test_the_restricted_index_is_kept_and_changes_with_the_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index restricted to the public texts' words is kept: the next check builds none
    and finds the same problems; a changed private value builds it again."""
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    request = "requests/2026-001-veille.md"
    content = _copy(MINI, tmp_path / "content")
    leak = (content / request).read_text(encoding="utf-8").replace(
        "Un échange d'une heure", "Comme Marc Demandier, un échange")
    (content / request).write_text(leak, encoding="utf-8")
    os.utime(content / request, (LONG_AGO, LONG_AGO))
    first = _run(content)
    assert any("Marc Demandier" in line for line in first[0])
    assert len(list((tmp_path / CACHE_DIR).glob("index-*.pickle"))) == 1
    built: list[object] = []
    real = Catalog.index_for

    def counting(self: Catalog, keep: Vocabulary | None = None) -> PrivateIndex:
        if keep is not None:  # the whole index serves to place a problem on its line
            built.append(keep)
        return real(self, keep)

    monkeypatch.setattr(Catalog, "index_for", counting)
    assert _run(content) == first and built == []
    other = (content / "requests/2026-002-equipe.md")
    other.write_text(other.read_text(encoding="utf-8").replace("Marc Demandier", "Marc Autrenom"),
                     encoding="utf-8")
    os.utime(other, (LONG_AGO + 5, LONG_AGO + 5))
    _run(content)
    assert len(built) == 1  # a private value changed: the kept index no longer serves
