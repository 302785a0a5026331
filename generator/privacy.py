"""Private values and how to find them in any text, however it was encoded.

A text is compared as a sequence of words: case, accents, punctuation, white
space and invisible characters do not matter. `check` uses the same matcher
on public text as `audit` uses on the built site, so what one accepts the
other accepts too.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

_MARKS = re.compile(r"[\u0300-\u036f\u00ad\u200b-\u200f\u2060\ufeff]")
_WORD = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n")

#: Fields whose values are prose: a leak shows as a whole sentence, not a word.
PROSE_FIELDS = frozenset({"notes", "note", "goals", "cadence", "duration", "gained", "body"})
#: A prose sentence shorter than this is too common to mean anything.
PROSE_MIN_WORDS = 6
#: A value shorter than this (in letters and digits) would match everywhere.
MIN_CHARS = 3


def words(text: str) -> list[str]:
    """The words of `text`, folded for case, accents and ligatures."""
    if text.isascii():  # nothing to fold but the case: the same words, several times faster
        return _WORD.findall(text.lower())
    for ligature in _LIGATURES:  # str.replace is much faster than str.translate
        if chr(ligature) in text:
            text = text.replace(chr(ligature), _LIGATURES[ligature])
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return _WORD.findall(text.casefold())


class PrivateValue(NamedTuple):
    """A private value as written, and where it comes from (`2026-007 requester.name`).

    A named tuple: a history holds tens of thousands of them, built in a blink.
    """

    text: str
    record: str
    field: str

    @property
    def origin(self) -> str:
        return f"{self.record} {self.field}".strip()


def phone_variants(phone: str) -> Iterator[tuple[str, ...]]:
    """The ways a phone number is commonly written, as word sequences."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    national = "0" + digits[2:] if phone.strip().startswith("+33") else digits
    yield (digits,)
    yield (national,)
    if len(national) % 2 == 0:
        yield tuple(national[i : i + 2] for i in range(0, len(national), 2))


def value_sequences(value: PrivateValue) -> tuple[tuple[str, ...], ...]:
    """The word sequences that betray `value` (the same text is worked out once)."""
    return _sequences(value.text, value.field.rpartition(".")[2])


@functools.lru_cache(maxsize=65536)
def _sequences(text: str, leaf: str) -> tuple[tuple[str, ...], ...]:
    # Names and organisations recur across records: half the values of a history.
    return tuple(_each_sequence(text, leaf))


def _each_sequence(text: str, leaf: str) -> Iterator[tuple[str, ...]]:
    if leaf in PROSE_FIELDS:
        for sentence in _SENTENCE.split(text):
            seq = tuple(words(sentence))
            if len(seq) >= PROSE_MIN_WORDS:
                yield seq
        return
    seq = tuple(words(text))
    if len("".join(seq)) >= MIN_CHARS:
        yield seq
    if leaf == "phone":
        yield from phone_variants(text)


#: first word -> length -> word sequence -> [(insertion order, value)]
_Table = dict[str, dict[int, dict[tuple[str, ...], list[tuple[int, PrivateValue]]]]]


@dataclass
class PrivateIndex:
    """Every private value, indexed by its first word and length for a one-pass scan.

    At each word of a text, only one dictionary look-up per distinct length of
    the sequences starting with that word is needed, however many values share
    the word: scanning stays linear in the text, whatever the history's size.
    """

    by_first: _Table = field(default_factory=dict)
    entries: int = 0
    #: Values of one word, and the first two words of the others: a text that has none of
    #: them holds no value, which two set operations tell without a loop over its words.
    singles: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)

    def add(self, value: PrivateValue, public_words: tuple[str, ...] = ()) -> None:
        leaf = value.field.rpartition(".")[2]
        prose = public_words and leaf in PROSE_FIELDS
        by_first = self.by_first
        for seq in _sequences(value.text, leaf):
            if prose and _contains(public_words, seq):
                continue  # a sentence of the e-mail the coordinator chose to publish
            first, length = seq[0], len(seq)
            if first not in by_first:
                by_first[first] = {}
            by_length = by_first[first]
            if length not in by_length:
                by_length[length] = {}
            table = by_length[length]
            if seq in table:
                table[seq].append((self.entries, value))
            else:
                table[seq] = [(self.entries, value)]
            self.entries += 1
            if length == 1:
                self.singles.add(first)
            else:
                self.pairs.add((first, seq[1]))

    def find(self, text: str) -> list[PrivateValue]:
        """The private values whose words appear, in order, in `text`."""
        return self.find_words(words(text))

    def find_words(self, toks: Sequence[str]) -> list[PrivateValue]:
        """The private values whose words appear, in order, in the words `toks`."""
        if self.singles.isdisjoint(toks) and self.pairs.isdisjoint(pairwise(toks)):
            return []
        found: dict[PrivateValue, None] = {}
        by_first = self.by_first
        for i, tok in enumerate(toks):
            if tok in by_first:
                hits = [hit for length, table in by_first[tok].items()
                        for hit in table.get(tuple(toks[i : i + length]), ())]
                for _, value in sorted(hits, key=lambda hit: hit[0]) if len(hits) > 1 else hits:
                    found[value] = None
        return list(found)

    def __len__(self) -> int:
        return self.entries

    def digest(self) -> str:
        """A fingerprint of the word sequences looked for: equal digests, equal verdicts."""
        sequences = sorted("\x1f".join(seq) for tables in self.by_first.values()
                           for table in tables.values() for seq in table)
        return hashlib.sha256("\x1e".join(sequences).encode()).hexdigest()


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n, start = len(needle), 0
    while True:  # jump from one occurrence of the first word to the next
        try:
            start = haystack.index(needle[0], start)
        except ValueError:
            return False
        if haystack[start : start + n] == needle:
            return True
        start += 1


def string_leaves(data: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every string inside nested dicts and lists."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, item in data.items():
            yield from string_leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for item in data:
            yield from string_leaves(item, path)


def build_index(values: Iterable[tuple[PrivateValue, tuple[str, ...]]]) -> PrivateIndex:
    index = PrivateIndex()
    for value, public_words in values:
        index.add(value, public_words)
    return index
