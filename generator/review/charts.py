"""SVG bar charts of the review's breakdowns, drawn with matplotlib.

The bytes depend only on the figures: no date, no random ids (`svg.hashsalt`), text kept
as text (`svg.fonttype: none`) so that no font is embedded and the browser uses its own,
no script, no address of another site. Suppressed cells get no bar, only their mark.
Bars lie down, one per line, so that a phone can show twelve months without shrinking
their names to nothing.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from dataclasses import dataclass
from typing import Any

#: Settings that make the output the same bytes on every run and machine.
RC: dict[str, Any] = {
    "svg.hashsalt": "tandem-review",
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Material's indigo, dark enough for 4.5:1 against white.
BAR_COLOUR = "#3f51b5"
TEXT_COLOUR = "#212121"
#: Long category labels go on two lines.
WRAP = 22
#: Sizes in inches: the figure's width, one bar's line, the margins below (axis and its
#: label) and above, one character of a label at 12 points (DejaVu Sans, generously).
WIDTH, LINE, BELOW, ABOVE, CHAR = 5.0, 0.5, 0.75, 0.3, 0.105
DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\n")
METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Bar:
    label: str
    #: None for a suppressed cell: it is drawn as its mark, never as a bar.
    value: int | None
    text: str


@functools.lru_cache(maxsize=256)
def bar_chart(bars: tuple[Bar, ...], unit: str) -> str:
    """One lying bar per category, its value (or its mark) written at its end; the SVG text.

    Kept in memory: `tandem serve` rebuilds on every change, and past years never change.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [textwrap.fill(b.label, WRAP) for b in bars]
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        # Narrow figures: on a phone the SVG is shrunk to the screen's width, its text too.
        # Margins are set from the labels' length: an automatic layout costs twice the drawing.
        height = max(2.0, LINE * len(bars) + BELOW + ABOVE)
        fig = Figure(figsize=(WIDTH, height))
        longest = max((len(line) for label in labels for line in label.splitlines()), default=1)
        fig.subplots_adjust(left=min(0.6, (CHAR * longest + 0.2) / WIDTH), right=0.97,
                            bottom=BELOW / height, top=1 - ABOVE / height)
        ax = fig.add_subplot()
        values = [b.value or 0 for b in bars]
        top = max([*values, 1])
        positions = list(range(len(bars)))
        # A suppressed cell gets no bar at all: its length would give its count away.
        drawn = [(p, b.value) for p, b in zip(positions, bars, strict=True) if b.value is not None]
        ax.barh([p for p, _ in drawn], [v for _, v in drawn], color=BAR_COLOUR)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.3)
        ax.set_xlabel(unit)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for position, bar in zip(positions, bars, strict=True):
            ax.annotate(bar.text, ((bar.value or 0) + top * 0.02, position), ha="left",
                        va="center", color=TEXT_COLOUR)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata=METADATA)
    # The DTD is never fetched by browsers, but its address would be the one remote URL.
    return DOCTYPE.sub("", out.getvalue(), count=1)
