"""The site folder: only one tandem made is ever replaced, and never for an instant missing.

Nothing is ever deleted that tandem did not create. `tandem build --site-dir DIR`
replaces DIR only when it is absent, empty or a site tandem built (it holds
`SITE_MARKER`, written by every build, or is an older tandem's site beside its
work folder), and never the file system's root, the home folder, the working
folder, the content, the configuration's folder or one that holds them, even
empty (`check_site_dir`). The work folder beside it (`work_dir`) is written into
only when tandem made it (`WORK_MARKER`). The swap leaves a complete old or new
site at every instant (`replace_site`: Linux's atomic exchange, two renames
elsewhere).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path, PurePath

import yaml

from generator.errors import TandemError, display_path
from generator.french import french

#: Written at the root of every site tandem builds: only a folder holding it (or an
#: empty one, or none) is ever replaced by a build.
SITE_MARKER = ".tandem-site"
#: Written in the work folder beside the site when tandem creates it.
WORK_MARKER = ".tandem-work"
_MARKERS = {
    SITE_MARKER: ("tandem site", "Site public construit par « tandem build » : ce dossier est "
                                 "remplacé en entier à chaque construction."),
    WORK_MARKER: ("tandem work", "Dossier de travail de « tandem build » (pages Markdown, site "
                                 "en préparation) : on peut le supprimer à tout moment."),
}
#: MkDocs' own output, found in every site built before the marker existed.
_ENGINE_FILES = ("404.html", "sitemap.xml", "search/search_index.json")
#: Everything a work folder made before the marker existed could hold.
_OLD_WORK_ENTRIES = {"docs", "site", "mkdocs.yml", "audit-cache.json"}  # site.AUDIT_CACHE
_KEEP_AWAY = ("indiquez un dossier à part, vide ou absent (par exemple site/) ; "
              "rien n’a été touché")
_DISK_REASONS = {
    errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule", errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé", errno.ENOENT: "introuvable",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EISDIR: "c’est un dossier", errno.ENOTEMPTY: "dossier non vide",
    errno.ENAMETOOLONG: "nom trop long", errno.ELOOP: "trop de liens symboliques",
    errno.EBUSY: "dossier occupé (point de montage ?)",
    errno.EXDEV: "le site et son dossier de travail sont sur deux disques différents",
}


def work_dir(site_dir: Path) -> Path:
    """Where the docs tree and the staging site live: `.site.tandem` beside `site`."""
    return site_dir.parent / f".{site_dir.name}.tandem"


def shown_folder(path: Path) -> str:
    """A folder as people read it: relative to the working folder when inside it, with a `/`."""
    cwd = Path.cwd().resolve()
    text = os.path.relpath(path, cwd) if path == cwd or cwd in path.parents else str(path)
    return text if text.endswith("/") else text + "/"


def disk_error(err: OSError) -> str:
    """An error of the file system in French, its path shown relative: never a traceback."""
    reason = _DISK_REASONS.get(err.errno or 0, err.strerror or str(err))
    if err.filename is None:
        return french(f"erreur du système de fichiers : {reason}")
    return french(f"accès impossible à {display_path(Path(os.fsdecode(err.filename)))} : {reason}")


def check_site_dir(site_dir: Path, content: Path, config_file: Path) -> Path:
    """The resolved folder to build into, once certain tandem may replace it (and use its
    work folder); raises `TandemError` with nothing touched otherwise."""
    try:
        target = site_dir.resolve()
        _refuse_protected(target, content, config_file)
        _refuse_under_a_file(target)
        shown = shown_folder(target)
        if target.exists() and not target.is_dir():
            raise TandemError(f"{shown[:-1]} est un fichier, pas un dossier ; {_KEEP_AWAY}")
        if not replaceable(target):
            raise TandemError(f"{shown} n’est ni vide ni un site construit par tandem : tandem "
                              f"ne le remplace pas, pour ne rien supprimer qui ne soit à lui ; "
                              f"{_KEEP_AWAY}")
        work = work_dir(target)
        if (work.exists() or work.is_symlink()) and not _tandem_work(work):
            raise TandemError(f"{shown_folder(work)} (le dossier de travail de tandem à côté de "
                              f"{shown}) existe et n’a pas été créé par tandem : renommez-le ou "
                              "choisissez un autre --site-dir ; rien n’a été touché")
    except (OSError, RuntimeError) as err:  # RuntimeError: a loop of symbolic links (3.11)
        raise TandemError(disk_error(err) if isinstance(err, OSError)
                          else f"{site_dir} : boucle de liens symboliques") from err
    return target


def _refuse_protected(target: Path, content: Path, config_file: Path) -> None:
    what = _protected_as(target, content, config_file)
    if what is not None:
        raise TandemError(f"{shown_folder(target)} est {what} : tandem ne le remplacera jamais "
                          f"par le site ; {_KEEP_AWAY}")


def _protected_as(target: Path, content: Path, config_file: Path) -> str | None:
    """What `target` is among the folders never replaced, even empty or marked (each would
    take the user's work with it), or None."""
    if target.parent == target:
        return "la racine du système de fichiers"
    if target == Path(os.path.expanduser("~")).resolve():
        return "votre dossier personnel"
    places = [(Path.cwd().resolve(), "le dossier courant"),
              (content.resolve(), "le dossier du contenu"),
              (config_file.resolve().parent, "le dossier de la configuration du site")]
    for place, name in places:
        if target == place:
            return name
    for place, name in places:
        if target in place.parents:
            return f"un dossier qui contient {name}"
    return None


def _refuse_under_a_file(target: Path) -> None:
    for folder in target.parents:  # nearest first
        if folder.exists():
            if not folder.is_dir():
                raise TandemError(f"{shown_folder(target)} ne peut pas être créé : "
                                  f"{display_path(folder)} est un fichier, pas un dossier ; "
                                  "rien n’a été touché")
            return


def replaceable(folder: Path) -> bool:
    """Whether a build may replace `folder`: absent, empty, or a site tandem built."""
    if not folder.exists():
        return True
    if not folder.is_dir() or folder.is_symlink():
        return False
    with os.scandir(folder) as entries:
        if next(entries, None) is None:
            return True
    return _marked(folder, SITE_MARKER) or _site_before_the_marker(folder)


def _marked(folder: Path, marker: str) -> bool:
    path = folder / marker
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as stream:
        return stream.readline(64).rstrip(b"\r\n") == _MARKERS[marker][0].encode()


def _site_before_the_marker(folder: Path) -> bool:
    """A site built by a tandem older than the marker: MkDocs' own output, beside a work
    folder whose engine configuration tandem wrote. Needs both, so that no folder of the
    user's is taken for one."""
    work = work_dir(folder)
    return (all((folder / name).is_file() for name in _ENGINE_FILES)
            and not (folder / ".git").exists() and _tandem_work(work)
            and _names_its_docs(work))


def _tandem_work(work: Path) -> bool:
    """Whether tandem made `work` (marked, or an older tandem's), or it is empty."""
    if not work.is_dir() or work.is_symlink():
        return False
    names = set(os.listdir(work))
    return (not names or _marked(work, WORK_MARKER)
            or (names <= _OLD_WORK_ENTRIES and _names_its_docs(work)))


def _names_its_docs(work: Path) -> bool:
    """Whether `work` holds the engine configuration tandem writes there (docs in work/docs)."""
    path = work / "mkdocs.yml"
    if path.is_symlink() or not path.is_file():
        return False
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return False
    docs = config.get("docs_dir") if isinstance(config, dict) else None
    return isinstance(docs, str) and PurePath(docs).parts[-2:] == (work.name, "docs")


def prepare_work_dir(target: Path) -> Path:
    """The work folder beside `target` (already checked), created and marked as tandem's."""
    work = work_dir(target)
    work.mkdir(parents=True, exist_ok=True)
    if not _marked(work, WORK_MARKER):
        write_marker(work, WORK_MARKER)
    return work


def write_marker(folder: Path, marker: str) -> None:
    (folder / marker).write_text(french("\n".join(_MARKERS[marker])) + "\n", encoding="utf-8")


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2() -> Callable[..., int] | None:
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # no C library here, or no renameat2 in it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,  # type: ignore[attr-defined]
                         ctypes.c_uint]
    function.restype = ctypes.c_int  # type: ignore[attr-defined]
    return function


_RENAMEAT2 = _load_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system cannot.

    Linux's renameat2(RENAME_EXCHANGE) (glibc 2.28, Linux 3.15): at no instant is
    either name missing. False without that call, or on a file system that refuses it.
    """
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                  _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def replace_site(staging: Path, site_dir: Path) -> None:
    """Swap the staged site in: at every instant `site_dir` is the complete old or new site.

    Where the system has it (Linux), one atomic exchange of the two folders; elsewhere,
    or on a file system that refuses it, two renames (the old site out, the new one in)
    with a window of one system call where `site_dir` is missing. The old site ends in
    the work folder, where it is deleted: only a folder `check_site_dir` accepted, and
    checked again here, is ever deleted.
    """
    write_marker(staging, SITE_MARKER)
    if not replaceable(site_dir):
        raise TandemError(f"{shown_folder(site_dir)} a changé pendant la construction et n’est "
                          "plus un site construit par tandem : il n’a pas été remplacé")
    if not site_dir.exists():
        os.rename(staging, site_dir)
    elif exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
    else:
        _replace_by_renames(staging, site_dir)


def _replace_by_renames(staging: Path, site_dir: Path) -> None:
    previous = staging.with_name("previous")  # in the work folder, tandem's own
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(site_dir, previous)
    try:
        os.rename(staging, site_dir)
    except OSError:
        os.rename(previous, site_dir)
        raise
    shutil.rmtree(previous, ignore_errors=True)
