"""Problems found in content files, and the errors the library raises."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from generator.french import french, plural


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

    def __init__(self, problems: list[Problem], why: str | None = None) -> None:
        self.problems = sorted(problems)
        #: What the problems stop, for people: « le contenu serait invalide après… ».
        self.why = why
        count = count_line(self.problems)
        super().__init__(f"{why} ({count})" if why else count)


class AuditError(TandemError):
    """The built site contains private values or loads from another site; it was not published."""

    def __init__(self, private: list[str], outbound: list[str] | None = None) -> None:
        outbound = outbound or []
        self.hits = private + outbound
        super().__init__(f"audit : {audit_findings(len(private), len(outbound))} dans le site construit")


def audit_findings(private: int, outbound: int) -> str:
    """'2 valeurs privées trouvées et 1 adresse d'un autre site'."""
    parts = []
    if private or not outbound:
        found = "trouvées" if private > 1 else "trouvée"
        parts.append(f"{plural(private, 'valeur privée', 'valeurs privées')} {found}")
    if outbound:
        parts.append(plural(outbound, "adresse d’un autre site", "adresses d’autres sites"))
    return " et ".join(parts)


def count_line(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    if not problems:
        return "aucun problème"
    return f"{plural(len(problems), 'problème')} dans {plural(files, 'fichier')}"


def display_path(path: Path) -> str:
    """A path as people expect to read it: relative to the working folder when possible.

    The folder is resolved once for all the files it holds (one system call per
    folder, not per file: thousands of requests share two folders).
    """
    folder = _shown_folder(str(path.parent), os.getcwd())
    return str(path) if folder is None else os.path.join(folder, path.name) if folder else path.name


@functools.lru_cache(maxsize=64)
def _shown_folder(folder: str, cwd: str) -> str | None:
    try:
        relative = str(Path(folder).resolve().relative_to(_resolved(cwd)))
    except ValueError:
        return None
    return "" if relative == "." else relative


@functools.lru_cache(maxsize=4)
def _resolved(folder: str) -> Path:
    """The working folder resolved once, not once per file read."""
    return Path(folder).resolve()
