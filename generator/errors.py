"""Problems found in content files, and the errors the library raises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NBSP = "\u00a0"
NNBSP = "\u202f"

_BEFORE_COLON = re.compile(r" :(?=\s|$)")
_BEFORE_TIGHT = re.compile(r" ([;!?])")


def french(text: str) -> str:
    """Apply French typography: no-break spaces before : ; ! ? and inside « »."""
    text = text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    return _BEFORE_TIGHT.sub(NNBSP + r"\1", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file, at one line (1-based)."""

    path: str
    line: int
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}: {french(self.message)}"


class TandemError(Exception):
    """An action refused, with a French message for people."""

    def __init__(self, message: str) -> None:
        super().__init__(french(message))


class ContentError(TandemError):
    """The content has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(count_line(self.problems))


class AuditError(TandemError):
    """The built site contains private values; it was not published."""

    def __init__(self, hits: list[str]) -> None:
        self.hits = hits
        n = len(hits)
        super().__init__(f"audit : {n} valeur{'s' if n > 1 else ''} privée{'s' if n > 1 else ''} "
                         "trouvée" + ("s" if n > 1 else "") + " dans le site construit")


def count_line(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    n = len(problems)
    return (f"{n} problème{'s' if n > 1 else ''} dans {files} fichier{'s' if files > 1 else ''}"
            if n else "aucun problème")


def display_path(path: Path) -> str:
    """A path as people expect to read it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
