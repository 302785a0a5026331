"""Whatever sits in the content folder, tandem reads all of it or says why, in French, with
a line: links, FIFOs, sockets, folders named like files, files it cannot read, wrong
extensions, YAML built to exhaust it. Never a hang, a crash or a traceback.

One row per hostile situation: a setup that damages a copy of the mini programme, and the
exact problems `check` must report (paths relative to the content folder).
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from conftest import MINI, make_content
from generator.checks import check
from generator.errors import Problem

R = "requests/2026-001-veille.md"
NEW = "requests/2026-009-x.md"
Setup = Callable[[Path, pytest.MonkeyPatch], None]
Expected = list[tuple[str, int, str]]

NOT_READ_MD = "fichier non lu : tandem ne lit que les fichiers « .md » (renommez-le « {} »)"
UNREADABLE = "lecture refusée : vous n’avez pas le droit de lire ce fichier (vérifiez ses droits)"
FOLDER_UNREADABLE = ("lecture du dossier refusée : vous n’avez pas le droit de le lire "
                     "(vérifiez ses droits)")
OUTSIDE = ("lien symbolique vers un fichier hors du dossier de contenu : refusé (copiez le "
           "fichier dans le dossier)")
DANGLING = "lien symbolique cassé : le fichier qu’il désigne n’existe pas"
LOOP = "lien symbolique en boucle : il mène à lui-même"
DIRECTORY = "c’est un dossier, pas un fichier : renommez-le ou déplacez-le"
FIFO = "c’est un tube nommé (FIFO), pas un fichier : supprimez-le"
SOCKET = "c’est une socket, pas un fichier : supprimez-la"
TOO_DEEP = "le YAML est imbriqué trop profondément (plus de 100 niveaux) : simplifiez la structure"
ALIASES = ("YAML refusé (colonne 4) : ses alias (« * ») multiplient les valeurs au-delà du "
           "raisonnable : écrivez les valeurs en entier, sans ancres ni alias")
KEY = "une clé est un nom de champ (mettez-la entre guillemets si ce nom est voulu)"
CONTROL = "caractère de contrôle invisible ({}) : supprimez-le (il vient souvent d’un copier-coller)"

#: "Billion laughs": nine levels of ten aliases each, 10⁹ values once expanded.
LAUGHS = ("---\nid: 2026-009\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
          + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
                    for p, n in zip("abcdefgh", "bcdefghi", strict=True)) + "---\n")
DEEP_FLOW = "---\nid: 2026-009\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n"
DEEP_BLOCK = "---\nid: 2026-009\nx:\n" + "".join(" " * i + "-\n" for i in range(1, 300)) + "---\n"
DEEP_COMPACT = "---\nid: 2026-009\nx:\n  " + "- " * 100_000 + "a\n---\n"


def _write(name: str, text: str | bytes) -> Setup:
    def setup(content: Path, _: pytest.MonkeyPatch) -> None:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return setup


def _edit(name: str, old: str, new: str) -> Setup:
    def setup(content: Path, _: pytest.MonkeyPatch) -> None:
        path = content / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def _link(name: str, target: str | Callable[[Path], str]) -> Setup:
    def setup(content: Path, _: pytest.MonkeyPatch) -> None:
        (content / name).symlink_to(target(content) if callable(target) else target)
    return setup


def _move(name: str, to: str) -> Setup:
    def setup(content: Path, _: pytest.MonkeyPatch) -> None:
        (content / to).parent.mkdir(parents=True, exist_ok=True)
        (content / name).rename(content / to)
    return setup


def _make(name: str, kind: str) -> Setup:
    def setup(content: Path, _: pytest.MonkeyPatch) -> None:
        path = content / name
        path.unlink(missing_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dir":
            path.mkdir()
        else:
            listener = socket.socket(socket.AF_UNIX)
            listener.bind(str(path))
            listener.close()
    return setup


def _refused(name: str) -> Setup:
    """Reading `name` is refused, as it is for a file of another user: simulated, so that the
    test also runs as root (who reads everything)."""
    def setup(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        target = str(content / name)
        real_open, real_scandir = os.open, os.scandir

        def fake_open(path: str, *args: int, **kwargs: int | None) -> int:
            if str(path) == target:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        def fake_scandir(path: str | Path) -> Iterator[os.DirEntry[str]]:
            if str(path) == target:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "open", fake_open)  # as the reader and the catalog call them
        monkeypatch.setattr(os, "scandir", fake_scandir)
    return setup


def _both(*setups: Setup) -> Setup:
    def setup(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        for one in setups:
            one(content, monkeypatch)
    return setup


def _outside_file(content: Path) -> str:
    outside = content.parent / "ailleurs.md"
    outside.write_text((MINI / R).read_text(encoding="utf-8").replace("2026-001", "2026-009"),
                       encoding="utf-8")
    return str(outside)


HOSTILE: list[tuple[str, Setup, Expected]] = [
    # -- symbolic links -----------------------------------------------------------------------
    ("link-inside-is-read", _both(_write("archive/2026-009-x.md", (MINI / R).read_text(
        encoding="utf-8").replace("2026-001", "2026-009").replace("confidential: false",
                                                                  "confidential: oui")),
        _link(NEW, "../archive/2026-009-x.md")),
     [(NEW, 5, "« confidential » doit valoir true ou false, reçu « oui »")]),
    ("link-outside", _link(NEW, _outside_file), [(NEW, 1, OUTSIDE)]),
    ("link-outside-absolute", _link(NEW, "/etc/hostname"), [(NEW, 1, OUTSIDE)]),
    ("link-dangling", _link(NEW, "2026-404-absent.md"), [(NEW, 1, DANGLING)]),
    ("link-dangling-outside", _link(NEW, "/nonexistent/x.md"), [(NEW, 1, OUTSIDE)]),
    ("link-to-itself", _link(NEW, "2026-009-x.md"), [(NEW, 1, LOOP)]),
    ("links-in-a-loop", _both(_link(NEW, "2026-010-y.md"),
                              _link("requests/2026-010-y.md", "2026-009-x.md")),
     [(NEW, 1, LOOP), ("requests/2026-010-y.md", 1, LOOP)]),
    ("settings-link-outside", _both(_move("programme.yml", "../programme.yml"),
                                    _link("programme.yml", "../programme.yml")),
     [("programme.yml", 1, OUTSIDE)]),
    ("page-link-outside", _both(_move("pages/programme.md", "../programme.md"),
                                _link("pages/programme.md", "../../programme.md")),
     [("pages/programme.md", 1, OUTSIDE)]),
    ("requests-folder-link-outside", _both(_move("requests", "../elsewhere"),
                                           _link("requests", "../elsewhere")),
     [("binomes/2026-B01-equipe.md", 3, "la demande 2026-002 n’existe pas"),
      ("requests", 1, OUTSIDE.replace("fichier", "dossier"))]),
    ("pages-folder-link-outside", _both(_move("pages", "../pages"), _link("pages", "../pages")),
     [("pages/index.md", 1, OUTSIDE), ("pages/programme.md", 1, OUTSIDE)]),
    ("requests-folder-link-inside", _both(_move("requests", "archive/requests"),
                                          _link("requests", "archive/requests")), []),
    # -- things that are not files ---------------------------------------------------------------
    ("fifo-request", _make(NEW, "fifo"), [(NEW, 1, FIFO)]),
    ("fifo-binome", _make("binomes/2026-B09-x.md", "fifo"), [("binomes/2026-B09-x.md", 1, FIFO)]),
    ("fifo-settings", _make("programme.yml", "fifo"), [("programme.yml", 1, FIFO)]),
    ("fifo-page", _make("pages/programme.md", "fifo"), [("pages/programme.md", 1, FIFO)]),
    ("fifo-directory", _make("members.yml", "fifo"), [("members.yml", 1, FIFO)]),
    ("socket-request", _make(NEW, "socket"), [(NEW, 1, SOCKET)]),
    ("directory-named-like-a-request", _make(NEW, "dir"), [(NEW, 1, DIRECTORY)]),
    ("directory-named-like-settings", _make("programme.yml", "dir"),
     [("programme.yml", 1, DIRECTORY)]),
    ("directory-named-like-a-page", _make("pages/programme.md", "dir"),
     [("pages/programme.md", 1, DIRECTORY)]),
    ("requests-is-a-file", _both(_write("requests.tmp", "x"), _move("requests", "old-requests"),
                                 _move("requests.tmp", "requests")),
     [("binomes/2026-B01-equipe.md", 3, "la demande 2026-002 n’existe pas"),
      ("requests", 1, "devrait être un dossier, c’est un fichier")]),
    # -- what cannot be read -------------------------------------------------------------------------
    ("unreadable-request", _refused(R), [(R, 1, UNREADABLE)]),
    ("unreadable-settings", _refused("programme.yml"), [("programme.yml", 1, UNREADABLE)]),
    ("unreadable-directory", _refused("members.yml"), [("members.yml", 1, UNREADABLE)]),
    ("unreadable-page", _refused("pages/programme.md"), [("pages/programme.md", 1, UNREADABLE)]),
    ("unreadable-requests-folder", _refused("requests"),
     [("binomes/2026-B01-equipe.md", 3, "la demande 2026-002 n’existe pas"),
      ("requests", 1, FOLDER_UNREADABLE)]),
    ("unreadable-content-folder", _refused(""), [("", 1, FOLDER_UNREADABLE)]),
    ("page-not-utf8", _write("pages/programme.md", b"Caf\xe9 et croissants\n"),
     [("pages/programme.md", 1, "le fichier n’est pas encodé en UTF-8 (enregistrez-le en UTF-8 "
                                "depuis votre éditeur)")]),
    ("page-binary", _write("pages/programme.md", b"\x89PNG\r\n\x1a\n\x00\x00"),
     [("pages/programme.md", 1, "le fichier n’est pas encodé en UTF-8 (enregistrez-le en UTF-8 "
                                "depuis votre éditeur)")]),
    ("page-with-control-characters", _write("pages/programme.md", b"# Le programme\n\nA\x00\x1a\n"),
     [("pages/programme.md", 3, CONTROL.format("U+0000, caractère nul"))]),
    ("home-page-empty-is-fine", _write("pages/index.md", ""), []),
    # -- names tandem does not read -------------------------------------------------------------------
    ("upper-case-extension", _move(R, "requests/2026-001-veille.MD"),
     [("requests/2026-001-veille.MD", 1, NOT_READ_MD.format("2026-001-veille.md"))]),
    ("markdown-extension", _move(R, "requests/2026-001-veille.markdown"),
     [("requests/2026-001-veille.markdown", 1, NOT_READ_MD.format("2026-001-veille.md"))]),
    ("txt-request", _move(R, "requests/2026-001-veille.txt"),
     [("requests/2026-001-veille.txt", 1, NOT_READ_MD.format("2026-001-veille.md"))]),
    ("yml-binome", _move("binomes/2026-B01-equipe.md", "binomes/2026-B01-equipe.yml"),
     [("binomes/2026-B01-equipe.yml", 1, NOT_READ_MD.format("2026-B01-equipe.md")),
      ("requests/2026-002-equipe.md", 4, "la demande est « matched » mais aucun binôme ne la cite "
                                         "(créez-le avec : tandem match 2026-002 --reply N)")]),
    ("no-extension", _move(R, "requests/2026-001-veille"),
     [("requests/2026-001-veille", 1, NOT_READ_MD.format("2026-001-veille.md"))]),
    ("other-file", _write("requests/scan.pdf", b"%PDF-1.4"),
     [("requests/scan.pdf", 1, "fichier non lu : le dossier requests/ ne contient que des "
                               "fichiers « .md » (déplacez celui-ci hors du dossier de contenu)")]),
    ("sub-folder", _write("requests/2025/2025-001-x.md", "---\n"),
     [("requests/2025", 1, "dossier non lu : tandem ne lit pas les sous-dossiers de requests/ "
                           "(déplacez ses fichiers dans le dossier lui-même)")]),
    ("editor-leftovers-are-ignored",
     _both(*(_write(f"requests/{name}", "x") for name in (
         ".#2026-001-veille.md", "2026-001-veille.md~", ".2026-001-veille.md.swp",
         "#2026-001-veille.md#", ".DS_Store", ".gitkeep", ".~lock.2026-001-veille.md#",
         "Thumbs.db", "._2026-001-veille.md"))), []),
    ("settings-as-yaml", _move("programme.yml", "programme.yaml"),
     [("programme.yaml", 1, "fichier non lu : renommez-le « programme.yml », le seul nom que "
                            "tandem lit"),
      ("programme.yml", 1, "fichier de réglages du programme introuvable")]),
    ("directory-as-yaml", _move("members.yml", "members.yaml"),
     [("members.yaml", 1, "fichier non lu : renommez-le « members.yml », le seul nom que "
                          "tandem lit")]),
    ("folder-with-a-capital", _both(_write("Binomes/.gitkeep", ""),),
     [("Binomes", 1, "dossier non lu : renommez-le « binomes », le seul nom que tandem lit")]),
    ("folder-with-an-accent", _write("binômes/.gitkeep", ""),
     [("binômes", 1, "dossier non lu : renommez-le « binomes », le seul nom que tandem lit")]),
    ("request-among-binomes", _move(R, "binomes/2026-001-veille.md"),
     [("binomes/2026-001-veille.md", 2, "2026-001 est une demande : déplacez ce fichier dans le "
                                        "dossier requests/")]),
    # -- YAML built to exhaust the reader --------------------------------------------------------------
    ("billion-laughs", _write(NEW, LAUGHS), [(NEW, 3, ALIASES)]),
    ("nesting-100000-flow", _write(NEW, DEEP_FLOW), [(NEW, 3, TOO_DEEP)]),
    ("nesting-300-indented", _write(NEW, DEEP_BLOCK), [(NEW, 103, TOO_DEEP)]),
    ("nesting-100000-compact", _write(NEW, DEEP_COMPACT), [(NEW, 4, TOO_DEEP)]),
    ("scalar-50-mb", _write(NEW, "---\nid: 2026-009\ntitle: " + "a" * 50_000_000 + "\n---\n"),
     [(NEW, 1, "fichier trop gros (50,0 Mo) : un fichier de contenu fait au plus 1 Mo")]),
    ("settings-1-mb-and-more", _edit("programme.yml", "name: TANDEM", "name: " + "T" * 1_000_000),
     [("programme.yml", 1, "fichier trop gros (1,0 Mo) : un fichier de contenu fait au plus 1 Mo")]),
    # -- characters and keys ---------------------------------------------------------------------------
    ("vertical-tab-from-word", _edit(R, "title: Mettre en", "title: Mettre\ven"),
     [(R, 3, CONTROL.format("U+000B, tabulation verticale"))]),
    ("nul-in-body", _edit(R, "Un échange", "Un\x00 échange"), [(R, 31, CONTROL.format(
        "U+0000, caractère nul"))]),
    ("c1-control-in-title", _edit(R, "title: Mettre en", "title: Mettre\x9den"),
     [(R, 3, CONTROL.format("U+009D"))]),
    ("escape-in-settings", _edit("programme.yml", "name: TANDEM", 'name: "TAN\\aDEM"'),
     [("programme.yml", 1, "valeur YAML impossible (colonne 7) : caractère de contrôle invisible "
                           "(U+0007) écrit par un échappement « \\ » entre guillemets : retirez-le")]),
    ("number-key", _edit(R, "format: ponctuel\n", "format: ponctuel\n2026: x\n"),
     [(R, 12, f"clé YAML impossible (colonne 1) : YAML lit la clé « 2026 » comme un nombre : {KEY}")]),
    ("date-key-in-directory", _edit("members.yml", "members:", "2026-01-01: x\nmembers:"),
     [("members.yml", 1, "clé YAML impossible (colonne 1) : YAML lit la clé « 2026-01-01 » comme "
                         f"une date : {KEY}")]),
    ("arabic-indic-id", _edit(R, "id: 2026-001", "id: ٢٠٢٦-٠٠١"),
     [(R, 2, "« id » format invalide « ٢٠٢٦-٠٠١ » (attendu par exemple « 2026-007 »)")]),
    ("fullwidth-request-of-binome", _edit("binomes/2026-B01-equipe.md", "request: 2026-002",
                                          "request: ２０２６-００２"),
     [("binomes/2026-B01-equipe.md", 3, "« request » format invalide « ２０２６-００２ » (attendu "
                                        "par exemple « 2026-007 »)"),
      ("requests/2026-002-equipe.md", 4, "la demande est « matched » mais aucun binôme ne la cite "
                                         "(créez-le avec : tandem match 2026-002 --reply N)")]),
]


class _Hung(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hung


@pytest.mark.parametrize(("setup", "expected"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup: Setup,
                         expected: Expected) -> None:
    content = make_content(tmp_path)
    setup(content, monkeypatch)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)  # a FIFO opened for reading would block forever
    try:
        _, problems = check(content)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    found = [(os.path.relpath(p.path, content) if p.path != str(content) else "", p.line,
              p.message) for p in problems]
    assert found == sorted(expected)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its permissions "
                                              "(the simulated rows above cover it)")
def test_a_file_really_unreadable(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / R).chmod(0)
    _, problems = check(content)
    assert [(p.line, p.message) for p in problems] == [(1, UNREADABLE)]


# --------------------------------------------------------------------------- whole processes
# A crash of libyaml (a segfault) would kill pytest itself: these run `tandem check` as a
# process, which must end with its French problem, exit code 1, and little memory.

MAX_RSS_MB = 400


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param(DEEP_FLOW, 3, TOO_DEEP, id="nesting-100000-flow"),
    pytest.param("---\nid: 2026-009\nx: " + "{a: " * 100_000 + "}" * 100_000 + "\n---\n", 3,
                 TOO_DEEP, id="nesting-100000-mappings"),
    pytest.param(DEEP_BLOCK, 103, TOO_DEEP, id="nesting-300-indented"),
    pytest.param(DEEP_COMPACT, 4, TOO_DEEP, id="nesting-100000-compact"),
    pytest.param(LAUGHS, 3, ALIASES, id="billion-laughs"),
    pytest.param("---\nid: 2026-009\nx: [" + "a," * 499_900 + "]\n---\n", 0, "", id="widest-1-mb"),
])
def test_check_survives_within_bounded_memory(tmp_path: Path, text: str, line: int,
                                              message: str) -> None:
    content = make_content(tmp_path, {NEW: text})
    proc = subprocess.Popen([sys.executable, "-m", "generator", "check", "--content", str(content)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak memory
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 1, output[-2000:]  # not a crash (-11), not a traceback
    assert "Traceback" not in output
    if message:
        assert output.splitlines()[0] == Problem(str(content / NEW), line, message).render()
    assert usage.ru_maxrss / 1024 < MAX_RSS_MB  # KB on Linux
