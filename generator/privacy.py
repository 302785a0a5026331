"""Private values and how to find them in any text, however it was encoded.

A text is compared as a sequence of folded words (see `generator.fold`): case,
accents, punctuation, white space, invisible characters and look-alike letters
do not matter. `check` uses the same matcher on public text as `audit` uses on
the built site, so what one accepts the other accepts too.

Besides each whole value, parts of values betray their owner too (see
`PARTS`): a person's surname alone, an organisation's name without its
generic words, the domain of an e-mail address, and any six consecutive words
of private prose (notes, texts of requests that are not open…).
"""

from __future__ import annotations

import functools
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from generator.fold import words

#: Fields whose values are prose: a leak shows as a run of words, not a single word.
PROSE_FIELDS = frozenset({"notes", "note", "goals", "cadence", "duration", "gained", "body",
                          "title"})
#: A run of this many consecutive words of private prose is a leak.
PROSE_MIN_WORDS = 6
#: A title of a request that is not open, shorter than a run, is looked for whole from
#: this many words on (a two-word title is too common to mean anything).
TITLE_MIN_WORDS = 3
#: A value shorter than this (in letters and digits) would match everywhere.
MIN_CHARS = 3
#: Words that say what kind of organisation a name is, not which one.
GENERIC_ORGANISATION_WORDS = frozenset(words(
    "cluster clusters pôle pôles pole association associations réseau réseaux groupement "
    "grappe grappes fédération syndicat club collectif agence union chambre technopole "
    "plateforme filière interprofession france le la les l de du des d et en au aux pour sur"))
#: Domains that name no organisation: shared mail providers and the documentation domains
#: reserved by RFC 2606 (their subdomains still count).
SHARED_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr",
    "live.com", "live.fr", "msn.com", "yahoo.com", "yahoo.fr", "icloud.com", "me.com",
    "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr",
    "proton.me", "protonmail.com", "gmx.fr", "gmx.com", "aol.com",
    "example.org", "example.com", "example.net"})

#: What part of a value was found, for people (empty: the whole value).
SURNAME = "nom de famille"
CORE_NAME = "nom sans ses mots génériques"
DOMAIN = "domaine de l’adresse"
RUN = "mots à la suite d’un texte privé"
#: Kinds of values whose words, glued together, still name someone.
GLUED_KINDS = frozenset({"person", "organisation", "term"})
#: Kinds of values made of sentences: a leak shows as a run of words.
PROSE_KINDS = frozenset({"prose", "title"})
PARTS = (SURNAME, CORE_NAME, DOMAIN, RUN)
#: Parts that are single common words (« Thomas », « Azur »): `tandem check` refuses them in
#: the texts the content publishes, but the audit of the built site does not look for them,
#: as the theme's own files hold such words by the thousand (a dictionary in its search
#: script, English and French labels) that no content put there.
WORD_PARTS = frozenset({SURNAME, CORE_NAME})


class PrivateValue(NamedTuple):
    """A private value as written, and where it comes from (`2026-007 requester.name`).

    When only a part of the value was found, `part` says which part and `found` holds
    the words found. A named tuple: a history holds tens of thousands of them.
    """

    text: str
    record: str
    field: str
    part: str = ""
    found: str = ""

    @property
    def shown(self) -> str:
        """What was found: the value as written, or the words of its part."""
        return self.found or self.text

    @property
    def whole(self) -> PrivateValue:
        return self._replace(part="", found="")

    @property
    def origin(self) -> str:
        return f"{self.record} {self.field}".strip()

    @property
    def kind(self) -> str:
        """What the value is: person, organisation, email, phone, prose, title or term."""
        return _kind(self.record, self.field)


@functools.lru_cache(maxsize=256)
def _kind(record: str, path: str) -> str:
    leaf = path.rpartition(".")[2]
    if record == "annuaire":
        return "organisation" if leaf == "name" else "term"
    if leaf == "title":
        return "title"
    if leaf in PROSE_FIELDS:
        return "prose"
    return {"organisation": "organisation", "name": "person", "email": "email",
            "phone": "phone"}.get(leaf, "term")


def phone_variants(phone: str) -> Iterator[tuple[str, ...]]:
    """The ways a phone number is commonly written, as word sequences."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    national = "0" + digits[2:] if phone.strip().startswith("+33") else digits
    yield (digits,)
    yield (national,)
    if len(national) % 2 == 0:
        yield tuple(national[i : i + 2] for i in range(0, len(national), 2))


Words = tuple[str, ...]


class _WordsMemo:
    """The folded words of each private text, by text: names, organisations and notes recur,
    and the read cache keeps them from one run to the next (`cache.ReadCache.load_words`)."""

    def __init__(self) -> None:
        self.memo: dict[str, Words] = {}
        self.seen: set[str] = set()
        self.folded = 0

    def __call__(self, text: str) -> Words:
        self.seen.add(text)
        found = self.memo.get(text)
        if found is None:
            found = self.memo[text] = tuple(words(text))
            self.folded += 1
        return found

    def used(self) -> dict[str, Words]:
        return {text: self.memo[text] for text in self.seen if text in self.memo}


WORDS = _WordsMemo()


def remember_words(memo: dict[str, Words]) -> None:
    """Words folded by an earlier run (same folding code, same Unicode data)."""
    WORDS.memo.update(memo)


@functools.lru_cache(maxsize=65536)
def sequences(text: str, kind: str, public_domains: frozenset[str] = frozenset()
              ) -> tuple[tuple[Words, str], ...]:
    """The word sequences that betray a value of `kind`, each with the part it is.

    Names and organisations recur across records (half the values of a history):
    the same text is worked out once.
    """
    if kind in PROSE_KINDS:
        return tuple(_prose_sequences(WORDS(text), kind))
    return tuple((seq, part) for seq, part in _each_sequence(text, kind, public_domains)
                 if len("".join(seq)) >= MIN_CHARS)


def _prose_sequences(whole: Words, kind: str) -> Iterator[tuple[Words, str]]:
    if kind == "title" and TITLE_MIN_WORDS <= len(whole) < PROSE_MIN_WORDS:
        yield whole, ""
    yield from ((run, RUN) for run in _runs(whole))


def _each_sequence(text: str, kind: str, public_domains: frozenset[str]
                   ) -> Iterator[tuple[Words, str]]:
    whole = WORDS(text)
    if len("".join(whole)) >= MIN_CHARS:
        yield whole, ""
    if len(whole) > 1 and kind in GLUED_KINDS:  # « JeanneTestard », glued by a word joiner
        yield ("".join(whole),), ""
    if kind == "phone":
        yield from ((variant, "") for variant in phone_variants(text))
    elif kind == "person" and len(text.split()) > 1:
        yield from _part(tuple(words(text.split(None, 1)[1])), whole, SURNAME)
    elif kind == "organisation":
        core = tuple(w for w in whole if w not in GENERIC_ORGANISATION_WORDS)
        yield from _part(core, whole, CORE_NAME)
    elif kind == "email" and "@" in text:
        domain = text.rpartition("@")[2].strip().lower()
        if domain not in SHARED_MAIL_DOMAINS and domain not in public_domains:
            yield from _part(tuple(words(domain)), whole, DOMAIN)


def _part(seq: Words, whole: Words, part: str) -> Iterator[tuple[Words, str]]:
    if seq and seq != whole and len("".join(seq)) >= MIN_CHARS:
        yield seq, part


@dataclass(frozen=True)
class Vocabulary:
    """The words and runs of words of some texts: an index restricted to them finds in those
    texts exactly what the whole index finds (every sequence found starts with one of the
    words, every run found is one of the runs), at a fraction of the cost of building it."""

    words: frozenset[str]
    runs: frozenset[Words]

    @classmethod
    def of(cls, texts: Iterable[Sequence[str]]) -> Vocabulary:
        toks = [tuple(text) for text in texts]
        return cls(frozenset(w for text in toks for w in text),
                   frozenset(run for text in toks for run in _runs(text)))

    def covers(self, toks: Sequence[str]) -> bool:
        return self.words.issuperset(toks) and all(run in self.runs for run in _runs(tuple(toks)))


class NarrowIndex:
    """The private index restricted to the vocabulary of the public texts `check` reads;
    a text outside that vocabulary is looked up in the whole index, built then."""

    def __init__(self, narrow: PrivateIndex, whole: Callable[[], PrivateIndex]) -> None:
        assert narrow.keep is not None
        self.narrow, self.vocabulary, self.whole = narrow, narrow.keep, whole

    def find(self, text: str) -> list[PrivateValue]:
        return self.find_words(words(text))

    def find_words(self, toks: Sequence[str]) -> list[PrivateValue]:
        index = self.narrow if self.vocabulary.covers(toks) else self.whole()
        return index.find_words(toks)


#: first word -> length -> word sequence -> [(insertion order, value, part)]
_Table = dict[str, dict[int, dict[Words, list[tuple[int, PrivateValue, str]]]]]


@dataclass
class PrivateIndex:
    """Every private value, indexed for a one-pass scan of any text.

    Whole values and their short parts are indexed by their first word and length:
    at each word of a text, one dictionary look-up per distinct length of the
    sequences starting with that word is needed, however many values share the
    word, so scanning stays linear in the text whatever the history's size.
    Runs of private prose (every six consecutive words of every note) are far too
    many to keep as tuples: only their hashes are kept, and the value a run comes
    from is looked for again on a hit only.
    """

    public_domains: frozenset[str] = frozenset()
    #: Runs of the coordinator's stock phrases (`public_phrases` of programme.yml): public
    #: whatever private text repeats them.
    public_runs: frozenset[Words] = frozenset()
    #: Parts of values not looked for (see `WORD_PARTS`).
    skip_parts: frozenset[str] = frozenset()
    by_first: _Table = field(default_factory=dict)
    entries: int = 0
    #: Values of one word, and the first two words of the others: a text that has none of
    #: them holds no value, which two set operations tell without a loop over its words.
    singles: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    #: The hash of each run of private prose, and the prose value it comes from first (its
    #: place in `prose`, which keeps the public runs of the value's record too).
    runs: dict[int, int] = field(default_factory=dict)
    prose: list[tuple[PrivateValue, frozenset[Words]]] = field(default_factory=list)
    _public: tuple[Sequence[str], frozenset[Words]] = ((), frozenset())
    #: Only what could be found in these words (see `Vocabulary`); None: everything.
    keep: Vocabulary | None = None

    def add(self, value: PrivateValue, public_words: Sequence[str] = ()) -> None:
        """Index `value`; runs of prose that `public_words` (the public text of the value's
        own record, which the coordinator chose to publish) repeat are not private."""
        kind, keep = value.kind, self.keep
        if kind not in PROSE_KINDS:
            for seq, part in sequences(value.text, kind, self.public_domains):
                if (keep is None or seq[0] in keep.words) and part not in self.skip_parts:
                    self._add_sequence(seq, value, part)
            return
        # Thousands of notes make hundreds of thousands of runs: their hashes are kept, not
        # the runs, and they are not cached (see `sequences`). Any value holding a run may
        # own it: `_owner` makes sure on a hit.
        public = self._public_runs(public_words)
        toks = WORDS(value.text)
        if kind == "title" and TITLE_MIN_WORDS <= len(toks) < PROSE_MIN_WORDS \
                and (keep is None or toks[0] in keep.words):
            self._add_sequence(toks, value, "")
        runs = _runs(toks) if keep is None else [run for run in _runs(toks) if run in keep.runs]
        if public or self.public_runs:
            runs = [run for run in runs if run not in public and run not in self.public_runs]
        if runs:
            self.prose.append((value, public))
            self.runs.update(dict.fromkeys(map(hash, runs), len(self.prose) - 1))

    def _public_runs(self, public_words: Sequence[str]) -> frozenset[Words]:
        if public_words is not self._public[0]:  # the values of one record share their words
            self._public = (public_words, frozenset(_runs(tuple(public_words))))
        return self._public[1]

    def _add_sequence(self, seq: Words, value: PrivateValue, part: str) -> None:
        first, length = seq[0], len(seq)
        by_length = self.by_first.get(first)  # not setdefault: no dict built for nothing
        if by_length is None:
            by_length = self.by_first[first] = {}
        table = by_length.get(length)
        if table is None:
            table = by_length[length] = {}
        hits = table.get(seq)
        if hits is None:
            table[seq] = [(self.entries, value, part)]
        else:
            hits.append((self.entries, value, part))
        self.entries += 1
        if length == 1:
            self.singles.add(first)
        else:
            self.pairs.add((first, seq[1]))

    def find(self, text: str) -> list[PrivateValue]:
        """The private values whose words appear, in order, in `text`."""
        return self.find_words(words(text))

    def find_words(self, toks: Sequence[str]) -> list[PrivateValue]:
        """The private values (or parts of values) whose words appear, in order, in `toks`.

        A part is returned as its value with `text` set to the words found and `part`
        saying which part they are.
        """
        found: dict[PrivateValue, None] = {}
        if not (self.singles.isdisjoint(toks) and self.pairs.isdisjoint(pairwise(toks))):
            wholes: dict[PrivateValue, list[range]] = {}
            parts: list[tuple[range, PrivateValue, str]] = []
            by_first = self.by_first
            for i, tok in enumerate(toks):
                if tok in by_first:
                    for length, table in by_first[tok].items():
                        for _, value, part in table.get(tuple(toks[i : i + length]), ()):
                            if part:
                                parts.append((range(i, i + length), value, part))
                            else:
                                wholes.setdefault(value, []).append(range(i, i + length))
            found.update(dict.fromkeys(wholes))
            for span, value, part in parts:  # a part inside its whole value is that value
                if not any(span.start >= whole.start and span.stop <= whole.stop
                           for whole in wholes.get(value, ())):
                    found[value._replace(found=" ".join(toks[span.start:span.stop]), part=part)] = None
        if self.runs and len(toks) >= PROSE_MIN_WORDS:
            found.update(dict.fromkeys(self._find_runs(tuple(toks))))
        return list(found)

    def _find_runs(self, toks: Words) -> Iterator[PrivateValue]:
        """Each stretch of consecutive runs of one private text, as one value."""
        runs, width = self.runs, PROSE_MIN_WORDS
        stretch: tuple[PrivateValue, int, int] | None = None  # owner, first and last start
        for start in range(len(toks) - width + 1):
            run = toks[start:start + width]
            place = runs.get(hash(run))
            owner = self._owner(run, place) if place is not None else None
            if stretch and (owner != stretch[0] or start != stretch[2] + 1):
                yield stretch[0]._replace(found=" ".join(toks[stretch[1]:stretch[2] + width]),
                                          part=RUN)
                stretch = None
            if owner is not None:  # None: not a run, or another run with the same hash
                stretch = (owner, stretch[1] if stretch else start, start)
        if stretch:
            yield stretch[0]._replace(found=" ".join(toks[stretch[1]:stretch[2] + width]), part=RUN)

    def _owner(self, run: Words, place: int) -> PrivateValue | None:
        """The value that `run` comes from, or None when it only shares its hash with one."""
        candidates = [self.prose[place]]
        candidates += self.prose  # two runs with one hash: almost never, so look everywhere
        for value, public in candidates:
            if run not in public and run not in self.public_runs \
                    and run in _runs(tuple(words(value.text))):
                return value
        return None

    def __len__(self) -> int:
        return self.entries + len(self.runs)

    def __getstate__(self) -> dict[str, object]:
        """A restricted index only (`keep`): its runs are kept as runs, not as hashes,
        which change from one process to the next."""
        if self.keep is None:
            raise TypeError("only a restricted index can be kept")
        state = dict(self.__dict__)
        runs = self.runs
        state["runs"] = {run: runs[hash(run)] for run in self.keep.runs if hash(run) in runs}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["runs"] = {hash(run): place for run, place in state["runs"].items()}
        self.__dict__.update(state)

    def digest(self) -> str:
        """A fingerprint of the word sequences looked for: equal digests, equal verdicts."""
        sequences_ = sorted("\x1f".join(seq) for tables in self.by_first.values()
                            for table in tables.values() for seq in table)
        sequences_ += sorted(f"{value.kind}\x1d{value.text}\x1d{len(public)}"
                             for value, public in self.prose)
        return hashlib.sha256("\x1e".join(sequences_).encode()).hexdigest()


def without_covered_parts(values: Iterable[PrivateValue]) -> list[PrivateValue]:
    """`values` less the parts of a value that was found whole in the same text."""
    unique = list(dict.fromkeys(values))
    wholes = {value for value in unique if not value.part}
    return [value for value in unique if not value.part or value.whole not in wholes]


def _runs(toks: Words) -> list[Words]:
    return [toks[start:start + PROSE_MIN_WORDS] for start in range(len(toks) - PROSE_MIN_WORDS + 1)]


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


def build_index(values: Iterable[tuple[PrivateValue, Sequence[str]]],
                public_domains: frozenset[str] = frozenset(),
                public_phrases: Iterable[str] = (), keep: Vocabulary | None = None,
                skip_parts: frozenset[str] = frozenset()) -> PrivateIndex:
    index = PrivateIndex(public_domains=frozenset(d.lower() for d in public_domains),
                         public_runs=frozenset(run for phrase in public_phrases
                                               for run in _runs(tuple(words(phrase)))),
                         keep=keep, skip_parts=skip_parts)
    # Hundreds of thousands of tuples and no cycle: the collector would only walk them again
    # and again (a third of the index's time at ten years of history).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for value, public_words in values:
            index.add(value, public_words)
    finally:
        if collecting:
            gc.enable()
    return index
