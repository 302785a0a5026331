"""The one normalisation of text before private values are looked for (check and audit alike).

A private value must be found however it is written: in capitals, without its
accents, with an invisible character inside (soft hyphen, zero-width space,
word joiner, variation selector, a bidirectional control…), with look-alike
letters from another script (a Cyrillic « а » in « Mаrtin »), in full-width or
other compatibility forms, split by punctuation or spacing. `words` folds all
of these away and returns the text as a sequence of plain lower-case words:
two texts that a reader sees as the same words give the same sequence.

Look-alike letters come from Unicode's confusables data (UTS #39), through the
`confusable_homoglyphs` package: every non-ASCII character that Unicode lists
as confusable with a single ASCII letter or digit is folded to it.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib import resources

_WORD = re.compile(r"[^\W_]+")
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}
#: Letters that draw nothing although Unicode calls them letters or symbols.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
#: ASCII and the letters and signs of French text: nothing in them needs more than taking the
#: accents off (no invisible character, no look-alike, no compatibility form).
_FRENCH = frozenset(map(chr, range(128))) | frozenset(
    "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…\u00a0\u202f°€·•×")
_ACCENTS = re.compile("[\u0300-\u036f]")
#: Categories removed from words: format characters (zero-width space, joiners, soft
#: hyphen, bidirectional controls, tags…) and combining marks (accents once decomposed,
#: variation selectors, the combining grapheme joiner).
_REMOVED_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Mc"})


@functools.lru_cache(maxsize=4096)
def _removed(char: str) -> bool:
    return unicodedata.category(char) in _REMOVED_CATEGORIES


@functools.cache
def _look_alikes() -> dict[str, str]:
    """Each non-ASCII letter or digit that Unicode finds confusable with an ASCII one."""
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json")
                      .read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for char, alikes in data.items():
        # Accented Latin letters are folded by decomposition, not here.
        if len(char) != 1 or char.isascii() or not char.isalnum() or unicodedata.decomposition(char):
            continue
        target = next((a["c"] for a in alikes if len(a["c"]) == 1 and a["c"].isascii()
                       and a["c"].isalnum()), None)
        if target is not None:
            table[char] = target.lower()
    return table


def _replace(text: str, chars: set[str], by: dict[str, str] | str) -> str:
    for char in chars:  # a handful of distinct characters: str.replace beats str.translate
        text = text.replace(char, by if isinstance(by, str) else by[char])
    return text


def fold(text: str) -> str:
    """`text` as the matcher compares it: compatibility forms, invisible characters,
    look-alike letters, accents, ligatures and case folded away."""
    if text.isascii():  # nothing to fold but the case: the common case, several times faster
        return text.lower()
    if _FRENCH.issuperset(text):  # French text: accents and ligatures only
        text = _replace(text, _LIGATURES.keys() & set(text), _LIGATURES)
        return _ACCENTS.sub("", unicodedata.normalize("NFD", text)).casefold()
    return fold_any(text)


def fold_any(text: str) -> str:
    """`fold` for any text (the short paths of `fold` give the same words, faster)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    chars = {char for char in set(text) if not char.isascii()}
    text = _replace(text, {char for char in chars if _removed(char)}, "")
    text = _replace(text, chars & _BLANK_LETTERS, " ")  # drawn as a space: read as one
    look_alikes = _look_alikes()
    text = _replace(text, chars & look_alikes.keys(), look_alikes)
    text = _replace(text, chars & _LIGATURES.keys(), _LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed != text:  # accents: the marks that decomposition set apart go
        text = _replace(decomposed, {char for char in set(decomposed) - chars
                                     if not char.isascii() and _removed(char)}, "")
    return text.casefold()


def words(text: str) -> list[str]:
    """The words of `text`, folded (see `fold`)."""
    return _WORD.findall(fold(text))

