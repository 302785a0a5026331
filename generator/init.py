"""`tandem init`: empty the example content so that a new programme starts from it.

The requests, the pairs and the member directory of the example go; the
programme settings, the vocabularies and the programme pages stay (they are
the new programme's starting point), with the name, network, coordinator and
site address optionally set in `programme.yml` by a round-trip edit that keeps
its comments and layout.

Safety: `plan` refuses (raising `TandemError`, nothing touched) when the
content folder has changes git has not recorded, because the files it removes
could then not be recovered; it also checks the would-be result in a scratch
copy first, so that `apply` never leaves an invalid programme behind.
"""

from __future__ import annotations

import io
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
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from generator.catalog import DIRECTORY_FILE, SETTINGS_FILE
from generator.checks import check
from generator.errors import ContentError, Problem, TandemError, display_path, french, plural

RECORD_DIRS = ("requests", "binomes")
KEEP_FILE = ".gitkeep"

EMPTY_DIRECTORY = """\
# Annuaire des adhérents (facultatif) : une entrée par organisation du réseau.
# Les noms, sigles (aliases) et domaines web sont des valeurs PRIVÉES : tandem
# check et l'audit refusent tout texte public qui en contient une. Les thèmes
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
    in_git: bool = True

    def describe(self) -> list[str]:
        """The plan for people, in French, one line each."""
        shown = display_path(self.content)
        lines = [f"tandem init va préparer {shown}/ pour un nouveau programme :",
                 f"  - supprimer {plural(len(self.requests), 'demande')} ({shown}/requests/*.md) ;",
                 f"  - supprimer {plural(len(self.binomes), 'binôme')} ({shown}/binomes/*.md) ;",
                 f"  - vider l'annuaire ({plural(self.members, 'adhérent')} dans "
                 f"{shown}/{DIRECTORY_FILE}) ;"]
        if self.changed:
            lines.append(f"  - modifier dans {shown}/{SETTINGS_FILE} : {', '.join(self.changed)} ;")
        lines.append("  - garder les réglages, les vocabulaires et les pages du programme.")
        if not self.in_git:
            lines.append(f"Attention : {shown}/ n'est pas suivi par git, "
                         "la suppression sera définitive.")
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


def _git(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C"}
    return subprocess.run(["git", *args], cwd=content, capture_output=True, encoding="utf-8",
                          errors="replace", env=env, check=False)


def uncommitted(content: Path) -> list[str] | None:
    """Paths under `content` that differ from git's last commit; None outside git."""
    try:
        inside = _git(content, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        return None
    if inside.returncode != 0:
        if "not a git repository" in inside.stderr:
            return None
        raise TandemError(f"git a échoué dans {display_path(content)} : {inside.stderr.strip()}")
    status = _git(content, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    if status.returncode != 0:
        raise TandemError(f"git a échoué dans {display_path(content)} : {status.stderr.strip()}")
    paths, fields = [], iter(status.stdout.split("\0"))
    for entry in fields:
        if not entry:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            next(fields, None)  # the original path of a rename or copy
    return paths


def _round_trip() -> YAML:
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def edit_settings(path: Path, values: dict[str, str]) -> str:
    """The text of `programme.yml` with `values` set, comments and layout kept."""
    shown = display_path(path)
    rt = _round_trip()
    try:
        data = rt.load(path.read_text(encoding="utf-8-sig"))
    except (OSError, YAMLError) as err:
        raise TandemError(f"{shown} est illisible ({type(err).__name__}) ; "
                          "corrigez-le (tandem check) puis relancez") from err
    if not isinstance(data, CommentedMap):
        raise TandemError(f"{shown} doit être un ensemble de champs « clé: valeur »")
    for option in (o for o in SETTINGS if o in values):
        *parents, key = SETTINGS[option]
        target = data
        for parent in parents:
            if parent not in target:
                target[parent] = CommentedMap()
            target = target[parent]
            if not isinstance(target, CommentedMap):
                raise TandemError(f"{shown} : « {parent} » doit être un ensemble de champs "
                                  "« clé: valeur »")
        target[key] = values[option]
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


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
        _write_atomic(root / SETTINGS_FILE, todo.settings_text)
    _write_atomic(root / DIRECTORY_FILE, EMPTY_DIRECTORY)
    for folder in RECORD_DIRS:
        (root / folder).mkdir(exist_ok=True)
        (root / folder / KEEP_FILE).touch()


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def plan(content: Path, **values: str | None) -> Plan:
    """Check that `tandem init` may run on `content` and what it would do.

    `values` are the settings to set (keys of `SETTINGS`); None leaves one as is.
    Raises `TandemError` (or `ContentError` with the problems of the would-be
    result) and touches nothing when the action is refused.
    """
    shown = display_path(content)
    if not (content / SETTINGS_FILE).is_file():
        raise TandemError(f"{shown}/{SETTINGS_FILE} introuvable : tandem init prépare le dossier "
                          "de contenu d'un programme existant (par exemple content/ du modèle)")
    changes = uncommitted(content)
    if changes:
        listed = ", ".join(changes[:3]) + (", …" if len(changes) > 3 else "")
        raise TandemError(f"{shown}/ a des modifications non enregistrées dans git "
                          f"({plural(len(changes), 'fichier')} : {listed}) ; enregistrez-les "
                          "(git commit) ou annulez-les, puis relancez")
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
                changed=[labels[k] for k in SETTINGS if k in wanted],
                in_git=changes is not None)
    _validate(todo)
    return todo


def apply(todo: Plan) -> list[Problem]:
    """Do what `plan` validated; the problems `tandem check` then finds (none expected)."""
    _write_result(todo.content, todo)
    for path in todo.requests + todo.binomes:
        path.unlink(missing_ok=True)
    _, problems = check(todo.content)
    return problems
