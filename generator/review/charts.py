"""SVG bar charts of the review's breakdowns, drawn with matplotlib.

The bytes depend only on the figures: no date, no random ids (`svg.hashsalt`), text kept
as text (`svg.fonttype: none`) so that no font is embedded and the browser uses its own,
no script, no address of another site. Suppressed cells get no bar, only their mark.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Settings that make the output the same bytes on every run and machine.
RC: dict[str, Any] = {
    "svg.hashsalt": "tandem-review",
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Material's indigo, dark enough for 4.5:1 against white.
BAR_COLOUR = "#3f51b5"
TEXT_COLOUR = "#212121"
DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\n")
#: Short labels under the bars of a vertical chart (its table gives them in full).
SHORT = {"Janvier": "janv.", "Février": "févr.", "Mars": "mars", "Avril": "avr.", "Mai": "mai",
         "Juin": "juin", "Juillet": "juil.", "Août": "août", "Septembre": "sept.",
         "Octobre": "oct.", "Novembre": "nov.", "Décembre": "déc.",
         "Demandes confidentielles": "conf."}
METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Bar:
    label: str
    #: None for a suppressed cell: it is drawn as its mark, never as a bar.
    value: int | None
    text: str


def bar_chart(bars: Sequence[Bar], unit: str, horizontal: bool) -> str:
    """One bar per category, its value written beside it; the SVG text."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        height = max(2.4, 0.45 * len(bars) + 1.0) if horizontal else 3.4
        fig = Figure(figsize=(6.0, height), layout="constrained")
        ax = fig.add_subplot()
        values = [b.value or 0 for b in bars]
        top = max([*values, 1])
        positions = list(range(len(bars)))
        if horizontal:
            ax.barh(positions, values, color=BAR_COLOUR)
            ax.set_yticks(positions, [b.label for b in bars])
            ax.invert_yaxis()
            ax.set_xlim(0, top * 1.25)
            ax.set_xlabel(unit)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.bar(positions, values, color=BAR_COLOUR)
            ax.set_xticks(positions, [SHORT.get(b.label, b.label) for b in bars])
            ax.set_ylim(0, top * 1.25)
            ax.set_ylabel(unit)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        for position, bar in zip(positions, bars, strict=True):
            at = (bar.value or 0) + top * 0.02
            xy = (at, position) if horizontal else (position, at)
            ax.annotate(bar.text, xy, ha="left" if horizontal else "center",
                        va="center" if horizontal else "bottom", color=TEXT_COLOUR)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata=METADATA)
    # The DTD is never fetched by browsers, but its address would be the one remote URL.
    return DOCTYPE.sub("", out.getvalue(), count=1)
