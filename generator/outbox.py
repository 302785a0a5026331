"""Where tandem puts what the coordinator sends: `.eml` e-mails, `.ics` agendas, exports.

They hold private data (names, addresses, notes): never written inside the site folder,
its work folder or the content (they would be published or committed); by default
`outbox/` in the working folder, which git ignores. A file is never overwritten: a second
one of the same name gets « -2 », « -3 »…
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.edit import write_atomic
from generator.errors import TandemError, display_path
from generator.site import work_dir

DEFAULT = Path("outbox")


def public_folder(folder: Path, content: Path, site_dir: Path = Path("site")
                  ) -> tuple[Path, str] | None:
    """The public folder `folder` stands in (the site, its work folder, the content) and
    how to name it, or None: a private file is never written where the site or its
    sources are built from."""
    target = Path(os.path.realpath(folder))
    for public, what in ((site_dir, "du site"), (work_dir(site_dir), "de travail du site"),
                         (content, "du contenu")):
        if target.is_relative_to(Path(os.path.realpath(public))):
            return public, what
    return None


def refuse_public_folder(folder: Path, content: Path, site_dir: Path = Path("site")) -> None:
    found = public_folder(folder, content, site_dir)
    if found is not None:
        public, what = found
        raise TandemError(f"{display_path(folder)}/ est dans le dossier {what} "
                          f"({display_path(public)}/) : ce fichier contient des données "
                          "privées, choisissez un autre dossier (--outbox) ; rien n’a été "
                          "écrit")


def write_file(folder: Path, name: str, data: bytes, content: Path,
               site_dir: Path = Path("site")) -> Path:
    """Write `data` as `folder/name` (or `name-2`… if taken) and return the path written."""
    refuse_public_folder(folder, content, site_dir)
    if "/" in name or name.startswith(".") or not name:
        raise TypeError(f"not a plain file name: {name!r}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise TandemError(f"{display_path(folder)}/ ne peut pas être créé "
                          f"({os.strerror(err.errno or 0)}) ; rien n’a été écrit") from None
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    path, number = folder / name, 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{dot}{suffix}"
    write_atomic(path, data)
    return path
