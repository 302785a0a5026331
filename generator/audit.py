"""Stage 6: scan every file of a built site for every private value.

Each file is read as text and decoded the ways a value may hide in a web
site: JSON escapes, URL encoding, HTML entities (named and numeric), gzip,
tags between words. File names are scanned too. The matcher then ignores
case, accents and white space (see `privacy.words`).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import unquote

from generator.errors import TandemError
from generator.fold import words
from generator.french import french
from generator.markup import INLINE
from generator.privacy import NarrowIndex, PrivateIndex, PrivateValue, without_covered_parts

_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_JSON_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)[^<>]*>")
MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg"}


@dataclass(frozen=True)
class AuditHit:
    """One private text found in one file, with every record it belongs to."""

    file: str
    values: tuple[PrivateValue, ...]

    def render(self) -> str:
        origins = ", ".join(value.origin for value in self.values)
        part = f" ({self.values[0].part})" if self.values[0].part else ""
        return french(f"{self.file} : valeur privée « {self.values[0].shown} »{part} ({origins})")


def _by_text(values: list[PrivateValue]) -> list[tuple[PrivateValue, ...]]:
    groups: dict[tuple[str, ...], list[PrivateValue]] = {}
    for value in values:
        groups.setdefault(tuple(words(value.shown)), []).append(value)
    return [tuple(group) for group in groups.values()]


def _json_unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("u"):
            return chr(int(code[1:], 16))
        return _JSON_SIMPLE.get(code, code)

    return _JSON_ESCAPE.sub(one, text)


def decoded(text: str, rounds: int = 3) -> str:
    """`text` with JSON escapes, URL encoding and HTML entities undone, even nested."""
    for _ in range(rounds):
        before = text
        text = _json_unescape(text)
        if _PERCENT.search(text):  # unquote is slow on long texts, even with nothing to do
            text = unquote(text, errors="replace")
        text = html.unescape(text)
        if text == before:
            break
    return text


def _text(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


class _Finder:
    """`index.find`, with the words of each line worked out once per distinct line.

    The pages of a site share most of their lines (header, navigation, footer,
    scripts), and no word spans a line break, so the words of a text are the
    words of its lines put end to end: a repeated line costs a look-up only.
    Only lines seen twice are kept, so memory follows the template, not the site.
    """

    def __init__(self, index: PrivateIndex) -> None:
        self.index = index
        self.seen: set[int] = set()
        self.lines: dict[str, tuple[str, ...]] = {}

    def _words_of(self, line: str) -> tuple[str, ...]:
        toks = tuple(words(line))
        key = hash(line)
        if key in self.seen:
            self.lines[line] = toks
        else:
            self.seen.add(key)
        return toks

    def find(self, text: str) -> list[PrivateValue]:
        lines = text.split("\n")
        known: list[tuple[str, ...] | None] = list(map(self.lines.get, lines))
        missing = known.count(None)
        start = 0
        for _ in range(missing):  # the lines not seen twice yet
            start = known.index(None, start)
            known[start] = self._words_of(lines[start])
        return self.index.find_words(list(chain.from_iterable(known)))  # type: ignore[arg-type]


def _as_shown(tag: re.Match[str]) -> str:
    """A tag as the browser shows it: nothing inside a line (`Jean<em>ne</em>` reads
    « Jeanne »), a break between blocks."""
    return "" if tag.group(1).lower() in INLINE else " "


def scanned_variants(text: str, suffix: str) -> list[str]:
    """The readings of one file's text that are looked at: decoded (JSON escapes, URL
    encoding, entities), then, if it has tags, as a browser shows it."""
    plain = decoded(text)
    if suffix in MARKUP_SUFFIXES or "<" in plain:
        stripped, tags = _TAG.subn(_as_shown, plain)
        if tags:  # without a tag, the text was just scanned
            return [plain, stripped]
    return [plain]


def scan_text(text: str, suffix: str, index: PrivateIndex | NarrowIndex | _Finder
              ) -> list[PrivateValue]:
    """The private values found in one file's text, whatever its encoding."""
    found: dict[PrivateValue, None] = {}
    for variant in scanned_variants(text, suffix):
        found.update(dict.fromkeys(index.find(variant)))
    return list(found)


def site_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(name relative to `site_dir`, path) of every file of a built site, sorted by name.

    One walk of the folder and a sort of plain strings: thousands of pages make
    `Path.rglob` and the comparison of `Path` objects a noticeable part of an audit.
    """
    found = []

    def refuse(err: OSError) -> None:
        """A folder the audit cannot list could still be published: stop, naming it."""
        folder = os.path.relpath(err.filename, site_dir) if err.filename else "."
        shown = site_dir.name if folder == "." else f"{site_dir.name}/{folder}"
        raise TandemError(f"{shown} illisible ({_reason(err)}) : l’audit ne peut pas le vérifier")

    for top, _dirs, names in os.walk(site_dir, onerror=refuse):
        relative = os.path.relpath(top, site_dir)
        for file_name in names:
            path = os.path.join(top, file_name)
            if os.path.isfile(path):
                found.append((file_name if relative == "." else os.path.join(relative, file_name),
                              path))
    return [(name, Path(path)) for name, path in sorted(found)]


def _reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission refusée"
    if isinstance(err, FileNotFoundError):
        return "disparu pendant l’audit"
    return err.strerror or type(err).__name__


def read_site_file(site_dir: Path, name: str, path: Path) -> bytes:
    """The bytes of one file of a built site; an unreadable one stops the audit, named."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise TandemError(f"{site_dir.name}/{name} illisible ({_reason(err)}) : l’audit ne peut "
                          f"pas le vérifier") from err


def audit_tree(site_dir: Path, index: PrivateIndex,
               cache: Path | None = None) -> tuple[list[AuditHit], int]:
    """Every private value found in the files (and file names) under `site_dir`.

    With `cache`, a file found clean by a previous audit with the same private
    values (and the same audit code) is not scanned again if its name and bytes
    are unchanged: the theme's assets and the pages an edit did not touch.
    """
    hits: list[AuditHit] = []
    files = site_files(site_dir)
    finder = _Finder(index)
    fingerprint = _fingerprint(index) if cache else ""
    known_clean = _load_clean(cache, fingerprint) if cache else set()
    clean: list[str] = []
    for name, path in files:
        shown = f"{site_dir.name}/{name}"
        data = read_site_file(site_dir, name, path)
        key = _file_key(name, data) if cache else ""
        if key in known_clean:
            clean.append(key)
            continue
        values = dict.fromkeys(index.find(decoded(name)))
        # Pages share their lines, scripts and data files do not: whole texts scan faster.
        by_line = finder if path.suffix in MARKUP_SUFFIXES else index
        values.update(dict.fromkeys(scan_text(_text(data), path.suffix, by_line)))
        if not values:
            clean.append(key)
        hits.extend(AuditHit(shown, group) for group in _by_text(without_covered_parts(values)))
    if cache:
        _save_clean(cache, fingerprint, clean)
    return hits, len(files)


_AUDIT_CODE = (Path(__file__), Path(__file__).with_name("privacy.py"))


def _fingerprint(index: PrivateIndex) -> str:
    """What a clean verdict depends on besides the file: the values and the audit's code."""
    digest = hashlib.sha256(index.digest().encode())
    for source in _AUDIT_CODE:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _file_key(name: str, data: bytes) -> str:
    digest = hashlib.blake2b(name.encode(), digest_size=20)
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def _load_clean(cache: Path, fingerprint: str) -> set[str]:
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(saved, dict) or saved.get("fingerprint") != fingerprint:
        return set()
    clean = saved.get("clean")
    return {key for key in clean if isinstance(key, str)} if isinstance(clean, list) else set()


def _save_clean(cache: Path, fingerprint: str, clean: list[str]) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(cache.name + ".partial")
    partial.write_text(json.dumps({"fingerprint": fingerprint, "clean": clean}), encoding="utf-8")
    partial.replace(cache)
