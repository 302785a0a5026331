"""Disclosure control of the review's figures, in the spirit of official statistical secrecy.

- A cell counting 1 or 2 units is a *primary* secret, shown as « < 3 ».
- Whenever the total and the other cells would let a reader recompute a secret cell,
  more cells are hidden (*secondary* secret, shown as « masqué »). A reader knows that
  a primary cell holds 1 or 2 and a secondary cell at least 3; the hidden cells are
  protected when, from their sum, every primary cell could still be 1 as well as 2.
- Rare categories of a foldable breakdown are folded into « Autres » first, when that
  makes a cell of at least 3 (without saying which: that would tell that each holds 1 or 2).
- A breakdown whose total is below 3, or that cannot be protected, is not shown at all.
- Zero is shown: an empty category reveals nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.review.stats import UNLISTED, Count, Tally

#: Cells every reader can compute from other public facts: the requests never itemised
#: are the requests received minus the titles the review lists. Shown « < 3 » when small,
#: like any cell, but never counted on to hide another one.
KNOWN = frozenset({UNLISTED})

THRESHOLD = 3
SMALL_TEXT = "< 3"
MASKED_TEXT = "masqué"
OTHERS = "Autres"
PRIMARY = "primaire"
SECONDARY = "secondaire"


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    #: None when shown, else PRIMARY or SECONDARY.
    secret: str | None = None
    #: The categories folded into this cell (« Autres »): private version only.
    folded: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """What the public page shows."""
        if self.secret == PRIMARY:
            return SMALL_TEXT
        return MASKED_TEXT if self.secret == SECONDARY else str(self.count)

    @property
    def shown(self) -> int | None:
        return None if self.secret else self.count


@dataclass(frozen=True)
class Table:
    """A breakdown after disclosure control."""

    key: str
    title: str
    dimension: str
    unit: str
    cells: tuple[Cell, ...]
    total: int
    #: False when the breakdown cannot be shown at all (total below 3 or not protectable).
    published: bool

    def cell(self, label: str) -> Cell | None:
        return next((c for c in self.cells if c.label == label), None)


def small(count: int) -> bool:
    """1 or 2 units: a cell that could point at one or two members."""
    return 0 < count < THRESHOLD


def count_text(count: int) -> str:
    """A lone count (a total, a number of members) as the public page shows it."""
    return SMALL_TEXT if small(count) else str(count)


def fold(counts: tuple[Count, ...], keep: frozenset[str] = frozenset()) -> list[Cell]:
    """Rare categories folded into one « Autres » cell, put before the categories in `keep`.

    Only when « Autres » reaches 3 (a reader who knows it holds at least two categories
    could tell a small « Autres » is exactly 2) and at least one category stays named (a
    table of « Autres » alone tells nothing).
    """
    rare = [c for c in counts if small(c.count) and c.label not in keep]
    named = [c for c in counts if not small(c.count) and c.label not in keep and c.count]
    if sum(c.count for c in rare) < THRESHOLD or not named:
        return [Cell(c.label, c.count) for c in counts]
    cells = [Cell(c.label, c.count) for c in named]
    cells.append(Cell(OTHERS, sum(c.count for c in rare), folded=tuple(c.label for c in rare)))
    return cells + [Cell(c.label, c.count) for c in counts if c.label in keep]


def protected(cells: list[Cell], known: frozenset[str] = KNOWN) -> bool:
    """No hidden primary cell can be recomputed from the total and the cells shown.

    With `p` primary cells (each 1 or 2) and `s` secondary ones (each 3 or more) adding up
    to `hidden`, a primary cell can be 2 when hidden ≥ p + 1 + 3s, and it can be 1 when some
    secondary cell could take the rest, or, without any, when hidden ≤ 2p − 1.
    """
    cells = [c for c in cells if c.label not in known]
    primary = [c for c in cells if c.secret == PRIMARY]
    if not primary:
        return True
    p, s = len(primary), sum(c.secret == SECONDARY for c in cells)
    hidden = sum(c.count for c in cells if c.secret)
    can_be_two = hidden >= p + 1 + 3 * s
    can_be_one = s > 0 or hidden <= 2 * p - 1
    return can_be_two and can_be_one


def protect(tally: Tally, known: frozenset[str] = KNOWN) -> Table:
    """The breakdown as it may be published (`known`: cells a reader can compute anyway)."""
    cells = (fold(tally.counts, known) if tally.foldable
             else [Cell(c.label, c.count) for c in tally.counts])
    cells = [Cell(c.label, c.count, PRIMARY if small(c.count) else None, c.folded) for c in cells]
    total = sum(c.count for c in cells)
    ok = total >= THRESHOLD
    while ok and not protected(cells, known):
        shown = [(c.count, i) for i, c in enumerate(cells)
                 if c.secret is None and c.count > 0 and c.label not in known]
        if not shown:
            ok = False
            break
        # The smallest cell shown hides the least information.
        i = min(shown)[1]
        cells[i] = Cell(cells[i].label, cells[i].count, SECONDARY, cells[i].folded)
    if not ok:
        cells = [Cell(c.label, c.count, PRIMARY if small(c.count) else SECONDARY if c.count else None,
                      c.folded) for c in cells]
    return Table(tally.key, tally.title, tally.dimension, tally.unit, tuple(cells), total, ok)


def share(table: Table, label: str, among: tuple[str, ...]) -> float | None:
    """The share of `label` among the cells `among`, when every cell of the table is shown."""
    if not table.published or any(c.secret for c in table.cells):
        return None
    cells = [c for c in table.cells if c.label in among]
    whole = sum(c.count for c in cells)
    part = sum(c.count for c in cells if c.label == label)
    return part / whole if whole else None
