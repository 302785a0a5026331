"""A cache of what the reader made of each content file, for the next `check`.

At ten years of history, reading thousands of YAML front matters is most of a
`tandem check`, while a commit touches a handful of files. Like ruff's and
mypy's caches, this one keeps, per file, the reader's result under the file's
size, modification time, inode and change time (which no tool can set back, unlike
the modification time that `touch -d`, `cp -p` or `rsync -t` restore), in
`.tandem-cache/` in the working folder
(a folder that tells git to ignore it). Validation and every rule still run on
every file: only the parse is saved.

Safety:
- the whole cache is dropped when the reader's code (or its problems'), PyYAML, Python or the
  working folder (which the shown paths depend on) change;
- a file modified or changed less than `RACY_SECONDS` before it was read is never cached
  (its timestamp could hide a second edit within the clock's granularity: the
  "racily clean" case of git);
- a cache that cannot be read, or that another user owns, is ignored; writing
  it is atomic and a failure to write costs only speed.
The cache holds the private content: it lives beside that content, on the
coordinator's machine, and is never part of the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import yaml

from generator import errors, markup, overlay, privacy, reader, yamlbuild
from generator.errors import Problem
from generator.privacy import PrivateIndex
from generator.reader import Document

CACHE_DIR = ".tandem-cache"
#: A file changed this recently is read again next time, whatever its timestamp says.
RACY_SECONDS = 2.0
#: Set to anything but "" or "0" to read every file again (the benchmark's cold runs).
DISABLE_ENV = "TANDEM_NO_CACHE"

Key = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns
Entry = tuple[Key, Document | None, list[Problem]]


def _fingerprint() -> str:
    """What the reader's result depends on, besides the file itself."""
    source = b"".join(Path(module.__file__).read_bytes()
                      for module in (reader, yamlbuild, errors, sys.modules[__name__])
                      if module.__file__)
    parts = [hashlib.sha256(source).hexdigest(), yaml.__version__, sys.version, os.getcwd()]
    return "\x1f".join(parts)


def _words_fingerprint() -> str:
    """What the folded words of a text depend on: the folding's code and Unicode's data."""
    from generator import fold

    source = b"".join(Path(m.__file__).read_bytes() for m in (fold, privacy) if m.__file__)
    parts = [hashlib.sha256(source).hexdigest(), unicodedata.unidata_version, sys.version,
             importlib.metadata.version("confusable-homoglyphs")]
    return "\x1f".join(parts)


class ReadCache:
    """Reader results by absolute path for one content folder; `save()` writes them back."""

    def __init__(self, folder: Path | None, content: Path = Path()) -> None:
        self.folder = folder
        root = str(content.absolute()).encode()
        self.file = f"read-{hashlib.sha256(root).hexdigest()[:16]}.pickle"
        self.words_file = f"words-{hashlib.sha256(root).hexdigest()[:16]}.pickle"
        self.index_file = f"index-{hashlib.sha256(root).hexdigest()[:16]}.pickle"
        self.words_fingerprint = self.render_fingerprint = ""
        self.renders = 0
        self.fingerprint = _fingerprint() if folder else ""
        self.entries: dict[str, Entry] = self._load() if folder else {}
        self.fresh: dict[str, Entry] = {}
        self.changed = False
        self.started = time.time_ns()

    @classmethod
    def default(cls, content: Path) -> ReadCache:
        """The working folder's cache for `content`, or none when `TANDEM_NO_CACHE` is set."""
        if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
            return cls(None)
        return cls(Path.cwd() / CACHE_DIR, content)

    def _load(self) -> dict[str, Entry]:
        assert self.folder is not None
        path = self.folder / self.file
        try:
            with path.open("rb") as stream:
                if os.fstat(stream.fileno()).st_uid != os.getuid():
                    return {}
                fingerprint, entries = pickle.load(stream)
        except Exception:  # missing, truncated, from another version: start afresh
            return {}
        return entries if fingerprint == self.fingerprint else {}

    def read_markdown(self, path: Path) -> tuple[Document | None, list[Problem]]:
        """`reader.read_markdown(path)`, from the cache when the file has not changed."""
        if self.folder is None or overlay.edited(path):  # an edit checked before it is written
            return reader.read_markdown(path)
        name = str(path.absolute())
        try:
            stat = os.stat(name)
        except OSError:
            return reader.read_markdown(path)
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            self.fresh[name] = entry
            if entry[1] is not None:
                entry[1].path = path  # as this run names it
            return entry[1], list(entry[2])
        doc, problems = reader.read_markdown(path)
        if self.started - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_SECONDS * 1e9:
            self.fresh[name] = (key, doc, list(problems))
            self.changed = True
        return doc, problems

    def save(self) -> None:
        """Keep the files read this time (a deleted file's entry goes), atomically."""
        if self.folder is None or not (self.changed or self.fresh.keys() != self.entries.keys()):
            return
        self._write(self.file, (self.fingerprint, self.fresh))

    def load_memos(self) -> None:
        """Give the matcher the words of the private texts it folded last time (see
        `privacy.WORDS`: at ten years of history, folding them is most of the index), and
        the check the HTML of the public texts it rendered (`markup.RENDERED`)."""
        if self.folder is None:
            return
        self.words_fingerprint = _words_fingerprint()
        self.render_fingerprint = hashlib.sha256(markup.config_fingerprint()).hexdigest()
        try:
            with (self.folder / self.words_file).open("rb") as stream:
                if os.fstat(stream.fileno()).st_uid != os.getuid():
                    return
                words_fingerprint, words, render_fingerprint, rendered = pickle.load(stream)
        except Exception:  # missing, truncated, from another version: fold and render afresh
            return
        if words_fingerprint == self.words_fingerprint and isinstance(words, dict):
            privacy.remember_words(words)
        if render_fingerprint == self.render_fingerprint and isinstance(rendered, dict):
            self.renders = len(rendered)
            markup.RENDERED.update(rendered)

    def save_memos(self) -> None:
        """Keep the words and the renderings used this time, if any had to be made."""
        if self.folder is not None and (privacy.WORDS.folded or len(markup.RENDERED) != self.renders):
            rendered = {key: markup.RENDERED[key] for key in markup.RENDERED_USED
                        if key in markup.RENDERED}
            self._write(self.words_file, (self.words_fingerprint, privacy.WORDS.used(),
                                          self.render_fingerprint, rendered))

    def restricted_index(self, key: str) -> PrivateIndex | None:
        """The restricted index kept under `key` (see `Catalog.index_key`), if any."""
        if self.folder is None:
            return None
        try:
            with (self.folder / self.index_file).open("rb") as stream:
                if os.fstat(stream.fileno()).st_uid != os.getuid():
                    return None
                fingerprint, kept_key, index = pickle.load(stream)
        except Exception:  # missing, truncated, from another version: build it again
            return None
        ok = fingerprint == self.words_fingerprint and kept_key == key
        return index if ok and isinstance(index, PrivateIndex) else None

    def keep_restricted_index(self, key: str, index: PrivateIndex) -> None:
        if self.folder is not None:
            self._write(self.index_file, (self.words_fingerprint, key, index))

    def _write(self, name: str, payload: object) -> None:
        assert self.folder is not None
        with contextlib.suppress(OSError):
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Cache local de tandem : jamais dans git.\n*\n", encoding="utf-8")
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, delete=False) as stream:
                temporary = stream.name
                try:
                    pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # a value pickle cannot keep: no cache, nothing else lost
                    stream.close()
                    os.unlink(temporary)
                    return
            try:
                os.replace(temporary, self.folder / name)
            except OSError:
                os.unlink(temporary)
