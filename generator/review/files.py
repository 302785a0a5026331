"""The coordinator's commentary files of the yearly reviews: `content/reviews/<year>.md`.

A light module (no statistics, no charts): `tandem check` reads these files as public
text at every commit.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import ContentError, Problem, TandemError, display_path

REVIEWS_DIR = "reviews"
YEAR_FILE = re.compile(r"(2\d{3})\.md")
#: The start of the guidance `tandem review` writes: while it is there, nothing is published.
PLACEHOLDER_MARK = "À écrire par la coordination avant de publier le bilan"


def commentary_files(root: Path) -> tuple[dict[int, str], list[Problem]]:
    """The coordinator's commentary of each year, from `content/reviews/<year>.md`, and the
    problems of that folder (`tandem check` reports them; the build refuses them).

    A file still holding the guidance `tandem review` wrote is not a commentary yet.
    """
    folder = root / REVIEWS_DIR
    if not folder.is_dir():
        return {}, []
    try:
        paths = sorted(folder.iterdir())
    except OSError as err:
        return {}, [Problem(display_path(folder), 1, "dossier des bilans illisible "
                                                     f"({err.strerror or err})")]
    found, problems = {}, []
    for path in paths:
        if path.name.startswith("."):
            continue  # .gitkeep, an editor's or a system's hidden file
        match = YEAR_FILE.fullmatch(path.name)
        if match is None or not path.is_file():
            problems.append(Problem(display_path(path), 1, f"fichier inattendu dans {REVIEWS_DIR}/ : "
                                    "le commentaire d’un bilan s’appelle AAAA.md, par exemple 2025.md"))
            continue
        try:
            text = read_commentary(path)
        except TandemError as err:
            problems.append(Problem(display_path(path), 1, str(err).split(": ", 1)[-1]))
            continue
        if PLACEHOLDER_MARK not in text:
            found[int(match[1])] = text
    return found, problems


def commentaries(root: Path) -> dict[int, str]:
    """The commentaries of `commentary_files`; a problem in their folder is refused."""
    found, problems = commentary_files(root)
    if problems:
        raise ContentError(problems)
    return found


def read_commentary(path: Path) -> str:
    """The text of one commentary file, or a French error (never a traceback)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise TandemError(f"{display_path(path)}:1: commentaire de bilan illisible : "
                          f"le fichier n’est pas en UTF-8") from err
    except OSError as err:
        raise TandemError(f"{display_path(path)}:1: commentaire de bilan illisible "
                          f"({err.strerror or err})") from err
