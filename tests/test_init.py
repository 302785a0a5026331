"""`tandem init`: empty the example content for a new programme, safely.

In-process with CliRunner (exact French messages and exit codes), in copies of
the mini programme; the interactive confirmation is also driven for real
through a pseudo-terminal.
"""

from __future__ import annotations

import hashlib
import os
import pty
import select
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT, make_content
from generator import init as init_module
from generator.cli import cli
from generator.errors import TandemError

NBSP, NNBSP = "\u00a0", "\u202f"

PLAN = (f"tandem init va préparer content/ pour un nouveau programme{NBSP}:\n"
        f"  - supprimer 3 demandes (content/requests/*.md){NNBSP};\n"
        f"  - supprimer 1 binôme (content/binomes/*.md){NNBSP};\n"
        f"  - vider l’annuaire (2 adhérents dans content/members.yml){NNBSP};\n"
        "  - garder les réglages, les vocabulaires et les pages du programme.\n")
DONE = (f"tandem init{NBSP}: 3 demandes et 1 binôme supprimés, annuaire vidé (2 adhérents)"
        f"{NNBSP}; tandem check{NBSP}: aucun problème\n")
NEXT = (f"Étapes suivantes{NBSP}: adaptez les pages (content/pages/), les thèmes et les rôles "
        f"(content/programme.yml), puis enregistrez{NBSP}: git add -A content && git commit\n")

COMMENTED_SETTINGS = """\
# Réglages du programme (en-tête conservé).
name: TANDEM            # nom affiché sur le site
network: Réseau d'essai des clusters
site_url: https://tandem.example.org/

coordinator:
  name: Alix Coordination
  email: "tandem@example.org"   # reçoit les formulaires
thresholds:
  stale_after_days: 60
  checkin_every_days: 45
pages:
  - {file: programme.md, title: Le programme}
themes:
  intelligence-economique: Intelligence économique   # vocabulaire gardé
  modele-economique: Modèle économique
  gestion-equipe: Gestion d’équipe
roles:
  direction: Direction
  communication: Communication
"""


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts}


def git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(repository: Path, message: str = "Example content") -> None:
    git(repository, "init", "-q")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", message)


@pytest.fixture
def loose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the mini programme in tmp/content, outside git; tmp is the working folder."""
    folder = make_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def content(loose: Path, tmp_path: Path) -> Path:
    """The same, committed in a git repository at tmp."""
    commit_all(tmp_path)
    return loose


def test_init_yes_empties_the_example_and_keeps_the_rest(content: Path) -> None:
    settings = (content / "programme.yml").read_bytes()
    pages = snapshot(content / "pages")
    assert run("init", "--yes") == (0, DONE + NEXT, "")
    assert sorted(p.name for p in (content / "requests").iterdir()) == [".gitkeep"]
    assert sorted(p.name for p in (content / "binomes").iterdir()) == [".gitkeep"]
    assert (content / "members.yml").read_text(encoding="utf-8") == init_module.EMPTY_DIRECTORY
    assert (content / "programme.yml").read_bytes() == settings
    assert snapshot(content / "pages") == pages
    assert run("check") == (0, f"tandem check{NBSP}: 0 demande, 0 binôme, aucun problème\n", "")


def test_the_empty_directory_keeps_a_commented_example() -> None:
    lines = init_module.EMPTY_DIRECTORY.splitlines()
    assert lines[-1] == "members: []"
    assert all(line.startswith("#") for line in lines[:-1]) and len(lines) > 3


@pytest.mark.slow
def test_the_emptied_programme_builds(content: Path, tmp_path: Path) -> None:
    assert run("init", "--yes")[0] == 0
    code, out, err = run("build", "--site-dir", str(tmp_path / "site"),
                         "--config", str(ROOT / "mkdocs.yml"))
    assert (code, err) == (0, "")
    assert out.startswith(f"tandem build{NBSP}: ") and "dont 0 appel ouvert" in out
    assert (tmp_path / "site" / "appels" / "index.html").is_file()


def test_init_sets_the_settings_and_keeps_comments_and_layout(content: Path,
                                                              tmp_path: Path) -> None:
    (content / "programme.yml").write_text(COMMENTED_SETTINGS, encoding="utf-8")
    commit_all(tmp_path, "Commented settings")
    code, out, err = run("init", "--yes", "--name", "TANDEM Bretagne",
                         "--coordinator-email", "coordination@example.net",
                         "--site-url", "https://mentorat.example.net")
    assert (code, err) == (0, "")
    assert out == (DONE + f"Réglages modifiés dans content/programme.yml{NBSP}: nom, "
                   "coordination (adresse), adresse du site.\n" + NEXT)
    # Only the values change (the edit module): the spaces before each comment stay.
    expected = (COMMENTED_SETTINGS
                .replace("name: TANDEM            #", "name: TANDEM Bretagne            #")
                .replace('email: "tandem@example.org"   #', "email: coordination@example.net   #")
                .replace("site_url: https://tandem.example.org/",
                         "site_url: https://mentorat.example.net/"))
    assert (content / "programme.yml").read_text(encoding="utf-8") == expected


def test_init_adds_missing_settings_sections(content: Path, tmp_path: Path) -> None:
    text = (MINI / "programme.yml").read_text(encoding="utf-8")
    for gone in ("network: Réseau d'essai des clusters\n",
                 "coordinator:\n  name: Alix Coordination\n  email: tandem@example.org\n"):
        assert gone in text
        text = text.replace(gone, "")
    (content / "programme.yml").write_text(text, encoding="utf-8")
    commit_all(tmp_path, "Fewer settings")
    code, _, err = run("init", "-y", "--network", "Réseau : clusters de l'Ouest",
                       "--coordinator-name", "Léa Martin",
                       "--coordinator-email", "lea.martin@example.org")
    assert (code, err) == (0, "")
    assert (content / "programme.yml").read_text(encoding="utf-8") == text + (
        "network: 'Réseau : clusters de l''Ouest'\n"
        "coordinator:\n"
        "  name: Léa Martin\n"
        "  email: lea.martin@example.org\n")


def test_init_without_yes_and_without_terminal_refuses(content: Path) -> None:
    before = snapshot(content)
    assert run("init") == (1, PLAN,
                           f"tandem init{NBSP}: confirmation impossible sans terminal, relancez "
                           f"avec --yes{NNBSP}; rien n’a été modifié\n")
    assert snapshot(content) == before


@pytest.mark.parametrize("answer", ["oui\n", "o\n", "OUI\n"])
def test_init_asks_and_goes_on_when_confirmed(content: Path, monkeypatch: pytest.MonkeyPatch,
                                              answer: str) -> None:
    monkeypatch.setattr(init_module, "interactive", lambda: True)
    code, out, err = run("init", input=answer)
    assert (code, err) == (0, "")
    # CliRunner echoes the answer it types.
    assert out == (PLAN + f"Continuer{NNBSP}? (oui/non) [non]{NBSP}: " + answer
                   + DONE + NEXT)
    assert not list((content / "requests").glob("*.md"))


@pytest.mark.parametrize("answer", ["non\n", "\n", "peut-être\n"])
def test_init_asks_and_stops_unless_confirmed(content: Path, monkeypatch: pytest.MonkeyPatch,
                                              answer: str) -> None:
    monkeypatch.setattr(init_module, "interactive", lambda: True)
    before = snapshot(content)
    code, out, err = run("init", input=answer)
    assert code == 1
    assert out == PLAN + f"Continuer{NNBSP}? (oui/non) [non]{NBSP}: " + answer
    assert err == f"tandem init{NBSP}: abandon{NNBSP}; rien n’a été modifié\n"
    assert snapshot(content) == before


def test_init_refuses_when_git_has_not_recorded_the_content(content: Path) -> None:
    request = content / "requests" / "2026-001-veille.md"
    request.write_text(request.read_text(encoding="utf-8") + "\nUne ligne de plus.\n",
                       encoding="utf-8")
    (content / "requests" / "2026-004-nouvelle.md").write_text("---\n", encoding="utf-8")
    before = snapshot(content)
    assert run("init", "--yes") == (
        1, "", f"tandem init{NBSP}: content/ a des modifications non enregistrées dans git "
               f"(2 fichiers{NBSP}: content/requests/2026-001-veille.md, "
               f"content/requests/2026-004-nouvelle.md){NNBSP}; enregistrez-les (git commit) ou "
               f"annulez-les, puis relancez{NNBSP}; rien n’a été modifié\n")
    assert snapshot(content) == before


def test_init_runs_on_committed_content_and_git_sees_the_removals(content: Path,
                                                                  tmp_path: Path) -> None:
    code, out, err = run("init", "--yes")
    assert (code, out, err) == (0, DONE + NEXT, "")
    status = git(tmp_path, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(status) == [" D content/binomes/2026-B01-equipe.md",
                              " D content/requests/2026-001-veille.md",
                              " D content/requests/2026-002-equipe.md",
                              " D content/requests/2026-003-brouillon.md",
                              " M content/members.yml",
                              "?? content/binomes/.gitkeep",
                              "?? content/requests/.gitkeep"]


def test_init_refuses_settings_that_would_be_invalid(content: Path) -> None:
    before = snapshot(content)
    code, out, err = run("init", "--yes", "--coordinator-email", "pas-une-adresse")
    assert code == 1
    assert out == (f"content/programme.yml:6: «{NBSP}coordinator.email{NBSP}» adresse invalide "
                   f"«{NBSP}pas-une-adresse{NBSP}»{NBSP}: une seule adresse, sans espace, «{NBSP}?{NBSP}», "
                   f"virgule ni paramètre (par exemple tandem@mon-reseau.example.org)\n")
    assert err == (f"tandem init{NBSP}: le résultat serait invalide (1 problème dans 1 fichier)"
                   f"{NNBSP}; rien n’a été modifié\n")
    assert snapshot(content) == before


def test_init_refuses_a_folder_without_settings(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ailleurs").mkdir()
    assert run("init", "--yes", "--content", "ailleurs") == (
        1, "", f"tandem init{NBSP}: ailleurs/programme.yml introuvable{NBSP}: tandem init "
               "prépare le dossier de contenu d’un programme existant (par exemple content/ du "
               f"modèle){NNBSP}; rien n’a été modifié\n")


def test_init_refuses_unreadable_settings(content: Path) -> None:
    (content / "programme.yml").write_text("name: [TANDEM\n", encoding="utf-8")
    before = snapshot(content)
    code, out, err = run("init", "--yes", "--name", "TANDEM")
    assert (code, out) == (1, f"content/programme.yml:1: syntaxe YAML invalide (colonne 7){NBSP}: "
                              f"crochet «{NBSP}[{NBSP}» non fermé\n")
    assert err == (f"tandem init{NBSP}: le contenu actuel est illisible (1 problème dans 1 fichier)"
                   f"{NNBSP}; corrigez-le (tandem check) puis relancez{NNBSP}; rien n’a été modifié\n")
    assert snapshot(content) == before


def test_init_reads_a_hostile_settings_file_without_crashing(content: Path) -> None:
    (content / "programme.yml").write_text("name: " + "[" * 100_000 + "\n", encoding="utf-8")
    before = snapshot(content)
    code, out, _ = run("init", "--yes", "--name", "TANDEM")
    assert code == 1 and "imbriqué trop profondément" in out
    assert snapshot(content) == before


def test_uncommitted_is_none_outside_git(tmp_path: Path) -> None:
    assert init_module.uncommitted(tmp_path) is None


def test_init_confirms_through_a_real_terminal(content: Path, tmp_path: Path) -> None:
    """The prompt is asked when the standard input is a terminal, and `oui` goes on."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUTF8": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "init"], cwd=tmp_path, env=env,
                            stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(follower)
    try:
        assert proc.stdout is not None
        seen, deadline = b"", time.monotonic() + 60
        while b"(oui/non)" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                seen += os.read(proc.stdout.fileno(), 4096)
        assert b"(oui/non)" in seen
        os.write(leader, b"oui\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
    assert (proc.returncode, err.decode()) == (0, "")
    assert (seen + out).decode().endswith(DONE + NEXT)
    assert not list((content / "requests").glob("*.md"))


# --- Nothing is deleted or rewritten that git could not give back -------------------------

VEILLE = "content/requests/2026-001-veille.md"
LOST_TAIL = (f"{NNBSP}; enregistrez-les tels quels (git add -f, git commit{NNBSP}; git "
             "update-index --no-assume-unchanged ou --no-skip-worktree pour un fichier marqué), "
             f"puis relancez{NNBSP}; rien n’a été modifié\n")


def lost(count: str, listed: str) -> str:
    return (f"tandem init{NBSP}: git ne pourrait pas rendre {count} que tandem init "
            f"supprimerait ou réécrirait{NBSP}: {listed}" + LOST_TAIL)


def uncommitted_message(count: str, listed: str) -> str:
    return (f"tandem init{NBSP}: content/ a des modifications non enregistrées dans git "
            f"({count}{NBSP}: {listed}){NNBSP}; enregistrez-les (git commit) ou annulez-les, "
            f"puis relancez{NNBSP}; rien n’a été modifié\n")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def ignore_content(root: Path) -> None:
    (root / ".gitignore").write_text("content/\n", encoding="utf-8")
    commit_all(root, "Ignore the content")


def ignored_request(root: Path) -> None:
    (root / ".gitignore").write_text("*.local.md\n", encoding="utf-8")
    commit_all(root, "Ignore local notes")
    (root / "content" / "requests" / "2026-009-notes.local.md").write_text(
        "Notes privées, jamais enregistrées.\n", encoding="utf-8")


def marked(flag: str, change: bool) -> Callable[[Path], None]:
    def situation(root: Path) -> None:
        commit_all(root)
        git(root, "update-index", flag, VEILLE)
        if change:
            append(root / VEILLE, "Modification que git ne voit pas.\n")
    return situation


def modified(root: Path) -> None:
    commit_all(root)
    append(root / VEILLE, "Une ligne de plus.\n")


def untracked(root: Path) -> None:
    commit_all(root)
    (root / "content" / "binomes" / "2026-B02-nouveau.md").write_text("---\n", encoding="utf-8")


def staged_only(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")  # added, never committed


def members_changed_then_marked(root: Path) -> None:
    commit_all(root)
    git(root, "update-index", "--skip-worktree", "content/members.yml")
    append(root / "content" / "members.yml", "# un adhérent de plus, en cours de saisie\n")


def outside_git(root: Path) -> None:
    assert not (root / ".git").exists()


UNRECORDED: dict[str, tuple[Callable[[Path], None], str]] = {
    "outside git": (outside_git,
                    f"tandem init{NBSP}: content/ n’est pas dans un dépôt git (ou git est "
                    f"introuvable){NBSP}: tandem init ne supprime que des fichiers que git peut "
                    f"rendre{NNBSP}; enregistrez d’abord le contenu (git init, git add -A, git "
                    f"commit), puis relancez{NNBSP}; rien n’a été modifié\n"),
    "content ignored by git": (
        ignore_content,
        lost("5 fichiers", "content/requests/2026-001-veille.md (ignoré par git), "
                           "content/requests/2026-002-equipe.md (ignoré par git), "
                           "content/requests/2026-003-brouillon.md (ignoré par git), …")),
    "untracked but ignored file": (
        ignored_request,
        lost("1 fichier", "content/requests/2026-009-notes.local.md (ignoré par git)")),
    "assume-unchanged, modified": (
        marked("--assume-unchanged", change=True),
        lost("1 fichier", f"{VEILLE} (marqué assume-unchanged)")),
    "assume-unchanged, as committed": (
        marked("--assume-unchanged", change=False),
        lost("1 fichier", f"{VEILLE} (marqué assume-unchanged)")),
    "skip-worktree, modified": (
        marked("--skip-worktree", change=True),
        lost("1 fichier", f"{VEILLE} (marqué skip-worktree)")),
    "skip-worktree, as committed": (
        marked("--skip-worktree", change=False),
        lost("1 fichier", f"{VEILLE} (marqué skip-worktree)")),
    "rewritten directory marked skip-worktree": (
        members_changed_then_marked,
        lost("1 fichier", "content/members.yml (marqué skip-worktree)")),
    "modified file": (modified, uncommitted_message("1 fichier", VEILLE)),
    "untracked file": (untracked, uncommitted_message(
        "1 fichier", "content/binomes/2026-B02-nouveau.md")),
    "added, never committed": (staged_only, uncommitted_message(
        "8 fichiers", "content/binomes/2026-B01-equipe.md, content/members.yml, "
                      "content/pages/index.md, …")),
}


@pytest.mark.parametrize("situation", UNRECORDED)
def test_init_deletes_nothing_git_could_not_give_back(loose: Path, tmp_path: Path,
                                                      situation: str) -> None:
    prepare, message = UNRECORDED[situation]
    prepare(tmp_path)
    before = snapshot(tmp_path)
    assert run("init", "--yes") == (1, "", message)
    assert snapshot(tmp_path) == before


def test_a_settings_file_git_would_not_give_back_is_not_rewritten(content: Path,
                                                                  tmp_path: Path) -> None:
    git(tmp_path, "update-index", "--assume-unchanged", "content/programme.yml")
    before = snapshot(tmp_path)
    assert run("init", "--yes", "--name", "TANDEM Bretagne") == (
        1, "", lost("1 fichier", "content/programme.yml (marqué assume-unchanged)"))
    assert snapshot(tmp_path) == before
    # Without a change to the settings, the file is not rewritten: nothing to refuse.
    assert run("init", "--yes")[0] == 0


def test_apply_checks_again_what_changed_since_the_plan(content: Path, tmp_path: Path) -> None:
    """The confirmation may take a while: a file edited meanwhile is not deleted."""
    todo = init_module.plan(content)
    git(tmp_path, "update-index", "--assume-unchanged", VEILLE)
    append(tmp_path / VEILLE, "Écrit pendant la confirmation.\n")
    before = snapshot(tmp_path)
    with pytest.raises(TandemError) as caught:
        init_module.apply(todo)
    assert str(caught.value).startswith(f"git ne pourrait pas rendre 1 fichier que tandem "
                                        f"init supprimerait ou réécrirait{NBSP}: {VEILLE} "
                                        "(marqué assume-unchanged)")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("tag", "ignored", "committed", "found", "reason"), [
    (None, True, None, None, "ignoré par git"),
    (None, False, None, None, "jamais enregistré dans git"),
    ("h", False, "a1", "a1", "marqué assume-unchanged"),
    ("S", False, "a1", "a1", "marqué skip-worktree"),
    ("s", False, "a1", "a1", "marqué assume-unchanged et skip-worktree"),
    ("M", False, "a1", "a1", "état git « M »"),
    ("H", False, None, "a1", "absent du dernier commit"),
    ("H", False, "a1", None, "nom illisible pour git"),
    ("H", False, "a1", "b2", "différent du dernier commit"),
    ("H", False, "a1", "a1", None),
])
def test_why_git_could_not_give_a_file_back(tag: str | None, ignored: bool, committed: str | None,
                                           found: str | None, reason: str | None) -> None:
    assert init_module._reason(tag, ignored, committed, found) == reason


def test_unrecorded_compares_the_files_with_the_last_commit(content: Path) -> None:
    """Whatever git's index says, each file is compared byte for byte with the commit."""
    request = content / "requests" / "2026-001-veille.md"
    assert init_module.unrecorded(content, [request]) == []
    append(request, "Changé.\n")
    assert init_module.unrecorded(content, [request]) == [(request, "différent du dernier commit")]


def test_uncommitted_paths_are_shown_from_the_working_folder(content: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    append(content / "members.yml", "# en cours\n")
    monkeypatch.chdir(content)
    assert init_module.uncommitted(content) == ["members.yml"]


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o640])
def test_rewritten_files_keep_their_permissions(content: Path, mode: int) -> None:
    for name in ("programme.yml", "members.yml"):
        (content / name).chmod(mode)
    assert run("init", "--yes", "--name", "TANDEM Bretagne")[0] == 0
    for name in ("programme.yml", "members.yml"):
        assert stat.S_IMODE((content / name).stat().st_mode) == mode, name


def test_a_refused_deletion_midway_loses_nothing(content: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file init touches is one git can give back: `git restore` undoes a half run."""
    before = snapshot(content)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name == "2026-B01-equipe.md":
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert run("init", "--yes") == (
        1, "", f"tandem init{NBSP}: accès impossible à content/binomes/2026-B01-equipe.md{NBSP}: "
               f"permission refusée{NNBSP}; rien n’est perdu{NBSP}: «{NBSP}git restore content"
               f"{NBSP}» rend ce qui a déjà été supprimé ou réécrit\n")
    assert snapshot(content) != before
    git(tmp_path, "restore", "content")
    after = snapshot(content)
    assert {k: v for k, v in after.items() if not k.endswith(".gitkeep")} == before
