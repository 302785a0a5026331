"""Content files as they would be after an edit, seen by the reader without being written.

`tandem` refuses an edit that would leave the content invalid, and checks it before
writing anything. Copying thousands of files to check one change would cost more than
the check itself, so the reader asks this module first: within `overlaid(...)`, a path
given a new text reads as that text, a path given None reads as deleted, and the
listing of a records folder gains the new files and loses the deleted ones.

The overlay lives in a context variable: a check in another thread (the preview
server) or after the `with` block sees the disk. Each answer is recorded, so that a
caller can tell whether the reader and the catalog consulted it at all (see
`Overlay.seen_all`) before trusting a check made through it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem


@dataclass
class Overlay:
    """New texts (None: deleted) by absolute path, and which of them were consulted."""

    texts: dict[Path, str | None]
    seen: set[Path] = field(default_factory=set)

    def seen_all(self) -> bool:
        """Whether every edited path was read (new texts) or left out of a listing
        (deleted files): only then did the check see the content as edited."""
        return self.seen >= set(self.texts)


_CURRENT: ContextVar[Overlay | None] = ContextVar("tandem_overlay", default=None)


def _key(path: Path | str) -> Path:
    return Path(os.path.abspath(path))


@contextlib.contextmanager
def overlaid(texts: Mapping[Path, str | None]) -> Iterator[Overlay]:
    """Within the block, the reader sees `texts` in place of the files on disk."""
    current = Overlay({_key(path): text for path, text in texts.items()})
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)


def edited(path: Path) -> bool:
    """Whether `path` is one of the edited files (the read cache must not answer for it)."""
    current = _CURRENT.get()
    return current is not None and _key(path) in current.texts


def read(path: Path, shown: str) -> bytes | Problem | None:
    """For `reader.read_bytes`: the new bytes of an edited file, why a deleted one cannot
    be read, or None when the disk is to be read."""
    current = _CURRENT.get()
    if current is None:
        return None
    key = _key(path)
    if key not in current.texts:
        return None
    text = current.texts[key]
    if text is None:
        return Problem(shown, 1, "fichier introuvable")
    current.seen.add(key)
    return text.encode("utf-8")


def listed(folder: Path, paths: Iterable[Path]) -> list[Path]:
    """For the catalog's listing of `folder`: `paths` without the deleted files, with
    the new ones, in name order."""
    current = _CURRENT.get()
    found = list(paths)
    if current is None:
        return found
    kept = []
    for path in found:
        if current.texts.get(_key(path), "") is None:
            current.seen.add(_key(path))
        else:
            kept.append(path)
    known = {_key(path) for path in kept}
    where = _key(folder)
    new = [path for path, text in current.texts.items()
           if text is not None and path.parent == where and path.suffix == ".md"
           and path not in known]
    return sorted(kept + new, key=lambda path: path.name)
