"""The pre-commit hooks, for real: a temporary git repository, `pre-commit
install`, and real `git commit`s, offline.

Every hook of .pre-commit-config.yaml is `repo: local` / `language: system`:
nothing is cloned or installed, so these tests also prove the hooks need no
network (any HTTP(S) access would go to a closed local port and fail).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINI, ROOT

NBSP, NNBSP = "\u00a0", "\u202f"
BIN = Path(sys.executable).parent
REQUEST = "content/requests/2026-001-veille.md"
MISSPELT_LINE = (f"{REQUEST}:5: clé inconnue «{NBSP}confidental{NBSP}» (vouliez-vous dire "
                 f"«{NBSP}confidential{NBSP}»{NNBSP}?)")


class Repo:
    """A scratch git repository holding a programme and the project's hooks."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=self.root, env=self.env, capture_output=True,
                              text=True, encoding="utf-8", timeout=300, check=False)

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("git", *args)

    def commit(self, message: str) -> subprocess.CompletedProcess[str]:
        assert self.git("add", "-A").returncode == 0
        return self.git("commit", "-m", message)

    def commits(self) -> int:
        done = self.git("rev-list", "--count", "HEAD")
        return int(done.stdout) if done.returncode == 0 else 0


def _env(tmp: Path, path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    closed = "http://127.0.0.1:9"  # discard port: nothing listens, any fetch fails at once
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), PRE_COMMIT_HOME=str(tmp / "pre-commit"),
               PRE_COMMIT_COLOR="never", GIT_CONFIG_NOSYSTEM="1", PYTHONUTF8="1", PATH=path,
               HTTP_PROXY=closed, HTTPS_PROXY=closed, http_proxy=closed, https_proxy=closed,
               ALL_PROXY=closed, NO_PROXY="", no_proxy="", PIP_NO_INDEX="1",
               GIT_ALLOW_PROTOCOL="file")
    return env


def _system_path() -> str:
    """PATH with git and bash but without the virtual environment's bin folder."""
    folders: list[str] = []
    for tool in ("git", "bash"):
        found = shutil.which(tool)
        assert found, f"{tool} is needed by these tests"
        folder = str(Path(found).parent)
        if folder not in folders and Path(folder) != BIN:
            folders.append(folder)
    return os.pathsep.join(folders)


def make_repo(tmp: Path, path: str) -> Repo:
    root = tmp / "programme"
    shutil.copytree(MINI, root / "content")
    shutil.copy(ROOT / ".pre-commit-config.yaml", root)
    shutil.copy(ROOT / "mkdocs.yml", root)
    (root / ".gitignore").write_text("/.venv\n/site/\n", encoding="utf-8")
    repo = Repo(root, _env(tmp, path))
    for args in (("init", "-q", "-b", "main"), ("config", "user.name", "Coordination Test"),
                 ("config", "user.email", "coordination@example.org"),
                 ("config", "commit.gpgsign", "false")):
        assert repo.git(*args).returncode == 0
    done = repo.run(sys.executable, "-m", "pre_commit", "install")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / ".git" / "hooks" / "pre-commit").is_file()
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The hooks find `tandem` on PATH (the test's virtual environment first)."""
    return make_repo(tmp_path, os.pathsep.join([str(BIN), _system_path()]))


def test_every_hook_is_local_and_needs_no_network() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {h["language"] for h in hooks} == {"system"}
    check = next(h for h in hooks if h["id"] == "tandem-check")
    assert check["entry"].endswith(" tandem check")
    assert (check["files"], check["pass_filenames"]) == ("^content/", False)


def test_a_clean_commit_passes(repo: Repo) -> None:
    done = repo.commit("Programme content")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "tandem check (contenu du programme)" in output
    assert all(line.endswith("Passed") for line in output.splitlines() if "...." in line)
    assert repo.commits() == 1


def test_a_misspelt_key_blocks_the_commit_with_the_french_line(repo: Repo) -> None:
    assert repo.commit("Programme content").returncode == 0
    request = repo.root / REQUEST
    text = request.read_text(encoding="utf-8")
    assert "\nconfidential: false\n" in text
    request.write_text(text.replace("\nconfidential: false\n", "\nconfidental: false\n"),
                       encoding="utf-8")
    done = repo.commit("Misspelt key")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert MISSPELT_LINE in output.splitlines()
    assert f"tandem check{NBSP}: 2 problèmes dans 1 fichier" in output
    assert "tandem check (contenu du programme)" in output and "Failed" in output
    assert repo.commits() == 1  # nothing was committed


def test_run_all_files_passes_on_the_valid_tree(repo: Repo) -> None:
    assert repo.git("add", "-A").returncode == 0
    done = repo.run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "YAML lisible (mkdocs.yml)" in done.stdout
    assert "Failed" not in done.stdout


def test_trailing_whitespace_is_fixed_then_the_commit_goes_through(repo: Repo) -> None:
    members = repo.root / "content" / "members.yml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.replace("region: Occitanie\n", "region: Occitanie   \n"),
                       encoding="utf-8")
    page = repo.root / "content" / "pages" / "programme.md"
    page.write_text(page.read_text(encoding="utf-8") + "Saut de ligne Markdown  \nFin.",
                    encoding="utf-8")
    first = repo.commit("Whitespace")
    output = first.stdout + first.stderr
    assert first.returncode != 0
    assert "espaces en fin de ligne (contenu)" in output and "Failed" in output
    assert "Fixing content/members.yml" in output
    assert members.read_text(encoding="utf-8") == text
    # A Markdown hard line break (two spaces) is kept; the missing final newline is added.
    assert page.read_text(encoding="utf-8").endswith("Saut de ligne Markdown  \nFin.\n")
    second = repo.commit("Whitespace, fixed")
    assert second.returncode == 0, second.stdout + second.stderr


def test_a_private_key_is_never_committed(repo: Repo) -> None:
    marker = "OPENSSH " + "PRIVATE KEY"  # split, so that this file does not trip the hook
    (repo.root / "deploy_key").write_text(f"-----BEGIN {marker}-----\nAAAA\n"
                                          f"-----END {marker}-----\n", encoding="utf-8")
    done = repo.commit("Oops")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "aucune clé privée" in output and "Private key found: deploy_key" in output
    assert repo.commits() == 0


def test_the_hook_finds_tandem_in_the_repository_venv(tmp_path: Path) -> None:
    """Committing from a shell (or a git GUI) where the venv is not activated."""
    repo = make_repo(tmp_path, _system_path())
    assert shutil.which("tandem", path=repo.env["PATH"]) is None
    (repo.root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    assert (repo.root / ".venv" / "bin" / "tandem").is_file()
    done = repo.commit("Programme content")
    assert done.returncode == 0, done.stdout + done.stderr
    assert repo.commits() == 1
