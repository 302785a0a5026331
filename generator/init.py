"""`tandem init`: empty the example content so that a new programme starts from it.

The requests, the pairs and the member directory of the example go; the
programme settings, the vocabularies and the programme pages stay (they are
the new programme's starting point), with the name, network, coordinator and
site address optionally set in `programme.yml` by a round-trip edit that keeps
its comments and layout.

Safety: tandem init deletes or rewrites only what git can give back. `plan`
refuses (raising `TandemError`, nothing touched) outside a git repository,
when the content folder has changes git has not recorded, and when a file it
would delete or rewrite is not in the last commit exactly as it is on disk
(ignored by git, never added, marked assume-unchanged or skip-worktree, so
that git would not even see it go); `apply` checks that again before touching
anything. `plan` also checks the would-be result in a scratch copy first, so
that `apply` never leaves an invalid programme behind. Rewritten files keep
their permissions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import edit
from generator.catalog import DIRECTORY_FILE, SETTINGS_FILE
from generator.checks import check
from generator.errors import ContentError, Problem, TandemError, display_path
from generator.french import french, plural
from generator.reader import read_yaml

RECORD_DIRS = ("requests", "binomes")
KEEP_FILE = ".gitkeep"

EMPTY_DIRECTORY = """\
# Annuaire des adhérents (facultatif) : une entrée par organisation du réseau.
# Les noms, sigles (aliases) et domaines web sont des valeurs PRIVÉES : tandem
# check et l’audit refusent tout texte public qui en contient une. Les thèmes
# (identifiants du vocabulaire de programme.yml) servent à tandem suggest.
# Exemple :
#   - name: Cluster Exemple
#     aliases: [CEX]
#     domains: [exemple.example.org]
#     region: Bretagne
#     themes: [intelligence-economique]
members: []
"""

# Settings that `tandem init` can set: (option name, path in programme.yml).
SETTINGS = {
    "name": ("name",),
    "network": ("network",),
    "coordinator_name": ("coordinator", "name"),
    "coordinator_email": ("coordinator", "email"),
    "site_url": ("site_url",),
}


@dataclass
class Plan:
    """What `apply` will do; computed and validated without touching anything."""

    content: Path
    requests: list[Path]
    binomes: list[Path]
    members: int
    settings_text: str | None
    changed: list[str] = field(default_factory=list)

    def targets(self) -> list[Path]:
        """Every file `apply` deletes or rewrites: each must be one git can give back."""
        rewritten = [self.content / DIRECTORY_FILE]
        if self.settings_text is not None:
            rewritten.append(self.content / SETTINGS_FILE)
        return [*self.requests, *self.binomes, *(p for p in rewritten if p.exists())]

    def describe(self) -> list[str]:
        """The plan for people, in French, one line each."""
        shown = display_path(self.content)
        lines = [f"tandem init va préparer {shown}/ pour un nouveau programme :",
                 f"  - supprimer {plural(len(self.requests), 'demande')} ({shown}/requests/*.md) ;",
                 f"  - supprimer {plural(len(self.binomes), 'binôme')} ({shown}/binomes/*.md) ;",
                 f"  - vider l’annuaire ({plural(self.members, 'adhérent')} dans "
                 f"{shown}/{DIRECTORY_FILE}) ;"]
        if self.changed:
            lines.append(f"  - modifier dans {shown}/{SETTINGS_FILE} : {', '.join(self.changed)} ;")
        lines.append("  - garder les réglages, les vocabulaires et les pages du programme.")
        return [french(line) for line in lines]

    def summary(self) -> list[str]:
        """What was done, for people, in French."""
        shown = display_path(self.content)
        lines = [french(f"tandem init : {plural(len(self.requests), 'demande')} et "
                        f"{plural(len(self.binomes), 'binôme')} supprimés, annuaire vidé "
                        f"({plural(self.members, 'adhérent')}) ; tandem check : aucun problème")]
        if self.changed:
            lines.append(french(f"Réglages modifiés dans {shown}/{SETTINGS_FILE} : "
                                f"{', '.join(self.changed)}."))
        lines.append(french(f"Étapes suivantes : adaptez les pages ({shown}/pages/), les thèmes "
                            f"et les rôles ({shown}/{SETTINGS_FILE}), puis enregistrez : "
                            f"git add -A {shown} && git commit"))
        return lines


def interactive() -> bool:
    """Whether a person can answer a question on the standard input."""
    return sys.stdin is not None and sys.stdin.isatty()


def confirmed(answer: str) -> bool:
    return answer.strip().lower() in ("o", "oui", "y", "yes")


def _git(content: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C"}
    return subprocess.run(["git", *args], cwd=content, capture_output=True, encoding="utf-8",
                          errors="surrogateescape", env=env, check=False, input=stdin)


def _git_out(content: Path, *args: str, stdin: str | None = None, ok: tuple[int, ...] = (0,)) -> str:
    done = _git(content, *args, stdin=stdin)
    if done.returncode not in ok:
        raise TandemError(f"git a échoué dans {display_path(content)} : {done.stderr.strip()}")
    return done.stdout


def uncommitted(content: Path) -> list[str] | None:
    """Paths under `content` that differ from git's last commit; None outside git."""
    try:
        inside = _git(content, "rev-parse", "--is-inside-work-tree", "--show-toplevel")
    except FileNotFoundError:
        return None
    if inside.returncode != 0:
        if "not a git repository" in inside.stderr:
            return None
        raise TandemError(f"git a échoué dans {display_path(content)} : {inside.stderr.strip()}")
    top = Path(inside.stdout.splitlines()[-1])
    status = _git_out(content, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    paths, fields = [], iter(status.split("\0"))
    for entry in fields:
        if not entry:
            continue
        paths.append(display_path(top / entry[3:]))  # porcelain paths are the repository's
        if entry[0] in "RC":
            next(fields, None)  # the original path of a rename or copy
    return paths


#: Where every file tandem init deletes or rewrites lies, for git's path filters.
_SCOPE = (*RECORD_DIRS, DIRECTORY_FILE, SETTINGS_FILE)
_MARKS = {"h": "marqué assume-unchanged", "s": "marqué assume-unchanged et skip-worktree",
          "S": "marqué skip-worktree"}


def unrecorded(content: Path, paths: list[Path]) -> list[tuple[Path, str]]:
    """Each of `paths` (files under `content`) that git could not give back exactly as it
    is now, with why: not in the last commit, ignored, marked so that git does not look
    at it, or different from the commit."""
    names = {path: os.path.relpath(path, content) for path in paths}
    tags = dict((e[2:], e[0]) for e in _git_out(content, "ls-files", "-v", "-z", "--",
                                                 *_SCOPE).split("\0") if e)
    committed = dict((e.split("\t", 1)[1], e.split()[2]) for e in _git_out(
        content, "ls-tree", "-r", "-z", "HEAD", "--", *_SCOPE, ok=(0, 128)).split("\0") if e)
    untracked = [name for name in names.values() if name not in tags]
    ignored = set(_git_out(content, "check-ignore", "-z", "--stdin", ok=(0, 1),
                           stdin="\0".join(untracked) + "\0").split("\0")) if untracked else set()
    clean = [path for path, name in names.items()
             if tags.get(name) == "H" and name in committed and "\n" not in name]
    hashes = _git_out(content, "hash-object", "--stdin-paths",
                      stdin="".join(f"{p.resolve()}\n" for p in clean)).split() if clean else []
    found = dict(zip(clean, hashes, strict=True))
    problems = []
    for path, name in names.items():
        why = _reason(tags.get(name), name in ignored, committed.get(name), found.get(path))
        if why:
            problems.append((path, why))
    return problems


def _reason(tag: str | None, ignored: bool, committed: str | None,
            found: str | None) -> str | None:
    """Why git could not give a file back (its ls-files tag, its blobs committed and on
    disk), or None when it can."""
    if tag is None:
        return "ignoré par git" if ignored else "jamais enregistré dans git"
    if tag != "H":
        return _MARKS.get(tag, f"état git « {tag} »")
    if committed is None:
        return "absent du dernier commit"
    if found is None:
        return "nom illisible pour git"
    return "différent du dernier commit" if found != committed else None


def _ensure_recoverable(todo: Plan) -> None:
    """Refuse unless git can give back every file `apply` would delete or rewrite."""
    shown = display_path(todo.content)
    changes = uncommitted(todo.content)
    if changes is None:
        raise TandemError(f"{shown}/ n’est pas dans un dépôt git (ou git est introuvable) : "
                          "tandem init ne supprime que des fichiers que git peut rendre ; "
                          "enregistrez d’abord le contenu (git init, git add -A, git commit), "
                          "puis relancez")
    if changes:
        listed = ", ".join(changes[:3]) + (", …" if len(changes) > 3 else "")
        raise TandemError(f"{shown}/ a des modifications non enregistrées dans git "
                          f"({plural(len(changes), 'fichier')} : {listed}) ; enregistrez-les "
                          "(git commit) ou annulez-les, puis relancez")
    lost = unrecorded(todo.content, todo.targets())
    if lost:
        listed = ", ".join(f"{display_path(p)} ({why})" for p, why in lost[:3])
        raise TandemError(f"git ne pourrait pas rendre {plural(len(lost), 'fichier')} que "
                          f"tandem init supprimerait ou réécrirait : {listed}"
                          f"{', …' if len(lost) > 3 else ''} ; enregistrez-les tels quels "
                          "(git add -f, git commit ; git update-index --no-assume-unchanged "
                          "ou --no-skip-worktree pour un fichier marqué), puis relancez")


def edit_settings(path: Path, values: dict[str, str]) -> str:
    """The text of `programme.yml` with `values` set: only those lines change (the edit
    module keeps comments, layout and every other byte)."""
    edited = edit.load(path)
    missing: dict[str, dict[str, edit.Value]] = {}  # sections to add whole (`coordinator:`)
    for option in (o for o in SETTINGS if o in values):
        *parents, key = SETTINGS[option]
        if parents and not _has(edited, tuple(parents)):
            missing.setdefault(parents[0], {})[key] = values[option]
        else:
            edited.set(SETTINGS[option], values[option])
    for section, fields in missing.items():
        edited.set((section,), fields)
    return edited.text()


def _has(edited: edit.EditableFile, where: tuple[str, ...]) -> bool:
    try:
        edited.get(where)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _count_members(path: Path) -> int:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0
    members = data.get("members") if isinstance(data, dict) else None
    return len(members) if isinstance(members, list) else 0


def _records(content: Path, folder: str) -> list[Path]:
    return sorted((content / folder).glob("*.md")) if (content / folder).is_dir() else []


def _skip_records(content: Path) -> Callable[[str, list[str]], set[str]]:
    record_dirs = {(content / d).resolve() for d in RECORD_DIRS}

    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder).resolve() in record_dirs:
            return {n for n in names if n.endswith(".md")}
        return set()
    return ignore


def _write_result(root: Path, todo: Plan) -> None:
    if todo.settings_text is not None:
        edit.write_atomic(root / SETTINGS_FILE, todo.settings_text)
    edit.write_atomic(root / DIRECTORY_FILE, EMPTY_DIRECTORY)
    for folder in RECORD_DIRS:
        (root / folder).mkdir(exist_ok=True)
        (root / folder / KEEP_FILE).touch()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _validate(todo: Plan) -> None:
    """Run `tandem check` on the would-be result, in a scratch copy."""
    with tempfile.TemporaryDirectory(prefix="tandem-init-") as scratch:
        staged = Path(scratch) / "content"
        shutil.copytree(todo.content, staged, ignore=_skip_records(todo.content))
        _write_result(staged, todo)
        _, problems = check(staged)
        if problems:
            prefix, real = display_path(staged), display_path(todo.content)
            raise ContentError([Problem(real + p.path[len(prefix):]
                                        if p.path.startswith(prefix) else p.path,
                                        p.line, p.message) for p in problems])


class UnreadableContent(ContentError):
    """The content as it is cannot be read: fix it first (nothing to do with the result)."""


def plan(content: Path, **values: str | None) -> Plan:
    """Check that `tandem init` may run on `content` and what it would do.

    `values` are the settings to set (keys of `SETTINGS`); None leaves one as is.
    Raises `TandemError` (or `ContentError` with the problems of the would-be
    result) and touches nothing when the action is refused.
    """
    shown = display_path(content)
    if not (content / SETTINGS_FILE).is_file():
        raise TandemError(f"{shown}/{SETTINGS_FILE} introuvable : tandem init prépare le dossier "
                          "de contenu d’un programme existant (par exemple content/ du modèle)")
    # Read through tandem's own reader first: its bounds (size, nesting, aliases) protect the
    # round-trip editor and the count below from a hostile file.
    for name in (SETTINGS_FILE, DIRECTORY_FILE):
        if (content / name).exists():
            _, problems = read_yaml(content / name)
            if problems:
                raise UnreadableContent(problems)
    wanted = {k: v.strip() for k, v in values.items() if v is not None}
    if wanted.get("site_url") and not wanted["site_url"].endswith("/"):
        wanted["site_url"] += "/"
    labels = {"name": "nom", "network": "réseau", "coordinator_name": "coordination (nom)",
              "coordinator_email": "coordination (adresse)", "site_url": "adresse du site"}
    todo = Plan(content=content,
                requests=_records(content, "requests"),
                binomes=_records(content, "binomes"),
                members=_count_members(content / DIRECTORY_FILE),
                settings_text=edit_settings(content / SETTINGS_FILE, wanted) if wanted else None,
                changed=[labels[k] for k in SETTINGS if k in wanted])
    _ensure_recoverable(todo)
    _validate(todo)
    return todo


def apply(todo: Plan) -> list[Problem]:
    """Do what `plan` validated; the problems `tandem check` then finds (none expected).

    Raises `TandemError`, nothing touched, when a file changed since `plan` so that git
    could no longer give it back (the confirmation may have taken a while).
    """
    _ensure_recoverable(todo)
    _write_result(todo.content, todo)
    for path in todo.requests + todo.binomes:
        path.unlink(missing_ok=True)
    _, problems = check(todo.content)
    return problems
