"""Stage 6: scan every file of a built site for every private value.

Each file is read as text and decoded the ways a value may hide in a web
site: JSON escapes, URL encoding, HTML entities (named and numeric), gzip,
tags between words. File names are scanned too. The matcher then ignores
case, accents and white space (see `privacy.words`).
"""

from __future__ import annotations

import gzip
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from generator.errors import french
from generator.privacy import PrivateIndex, PrivateValue, words

_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_JSON_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg"}


@dataclass(frozen=True)
class AuditHit:
    """One private text found in one file, with every record it belongs to."""

    file: str
    values: tuple[PrivateValue, ...]

    def render(self) -> str:
        origins = ", ".join(value.origin for value in self.values)
        return french(f"{self.file} : valeur privée « {self.values[0].text} » ({origins})")


def _by_text(values: list[PrivateValue]) -> list[tuple[PrivateValue, ...]]:
    groups: dict[tuple[str, ...], list[PrivateValue]] = {}
    for value in values:
        groups.setdefault(tuple(words(value.text)), []).append(value)
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
        text = html.unescape(unquote(_json_unescape(text), errors="replace"))
        if text == before:
            break
    return text


def file_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def scan_text(text: str, suffix: str, index: PrivateIndex) -> list[PrivateValue]:
    """The private values found in one file's text, whatever its encoding."""
    plain = decoded(text)
    found = dict.fromkeys(index.find(plain))
    if suffix in MARKUP_SUFFIXES or "<" in plain:
        found.update(dict.fromkeys(index.find(_TAG.sub(" ", plain))))
    return list(found)


def audit_tree(site_dir: Path, index: PrivateIndex) -> tuple[list[AuditHit], int]:
    """Every private value found in the files (and file names) under `site_dir`."""
    hits: list[AuditHit] = []
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    for path in files:
        name = str(path.relative_to(site_dir))
        shown = f"{site_dir.name}/{name}"
        values = dict.fromkeys(index.find(decoded(name)))
        values.update(dict.fromkeys(scan_text(file_text(path), path.suffix, index)))
        hits.extend(AuditHit(shown, group) for group in _by_text(list(values)))
    return hits, len(files)
