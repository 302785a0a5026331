"""Nothing is ever deleted that tandem did not create; never a traceback at the command edge.

- `tandem build --site-dir DIR` replaces DIR only when it is absent, empty or a site
  tandem built (its marker, or an older tandem's site beside its work folder); any other
  folder is refused with every byte left as it was;
- the work folder beside the site is used only when tandem made it;
- the swap leaves a complete site at every instant (atomic exchange), and the fallback
  of two renames still ends with the new site and nothing of the user's touched;
- a missing configuration, a folder outside a project, a path under a file, a refused
  write: a French message and exit 1.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_content
from generator import sitedir as site_module
from generator.cli import cli
from generator.errors import TandemError
from generator.sitedir import SITE_MARKER, WORK_MARKER, replace_site, work_dir

NBSP, NNBSP = "\u00a0", "\u202f"
KEEP_AWAY = (f"indiquez un dossier à part, vide ou absent (par exemple site/){NNBSP}; "
             "rien n’a été touché")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def hashes(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (and what each file holds), links not followed."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs:
            found[os.path.relpath(os.path.join(top, name), folder)] = "dossier"
        for name in files:
            path = os.path.join(top, name)
            if os.path.islink(path):
                found[os.path.relpath(path, folder)] = "lien vers " + os.readlink(path)
                continue
            with open(path, "rb") as stream:
                found[os.path.relpath(path, folder)] = hashlib.sha256(stream.read()).hexdigest()
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A programme's repository in tmp/projet (content, mkdocs.yml, templates), as working
    folder, with some of the user's files around it and a fake home folder."""
    root = tmp_path / "projet"
    make_content(root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    (root / "README.md").write_text("Le dépôt du programme.\n", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "compte-rendu.md").write_text("Réunion du réseau.\n", encoding="utf-8")
    home = tmp_path / "maison"
    home.mkdir()
    (home / ".profile").write_text("export LANG=fr_FR.UTF-8\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


def build(*site_dir: str) -> tuple[int, str, str]:
    return run("build", *(("--site-dir", *site_dir) if site_dir else ()))


def protected(shown: str, what: str) -> str:
    return (f"tandem build{NBSP}: {shown} est {what}{NBSP}: tandem ne le remplacera jamais par "
            f"le site{NNBSP}; {KEEP_AWAY}\n")


def not_ours(shown: str) -> str:
    return (f"tandem build{NBSP}: {shown} n’est ni vide ni un site construit par tandem{NBSP}: "
            f"tandem ne le remplace pas, pour ne rien supprimer qui ne soit à lui{NNBSP}; "
            f"{KEEP_AWAY}\n")


def work_not_ours(work: str, shown: str) -> str:
    return (f"tandem build{NBSP}: {work} (le dossier de travail de tandem à côté de {shown}) "
            f"existe et n’a pas été créé par tandem{NBSP}: renommez-le ou choisissez un autre "
            f"--site-dir{NNBSP}; rien n’a été touché\n")


def empty_home(tmp: Path) -> str:
    for path in (tmp / "maison").iterdir():
        path.unlink()
    return str(tmp / "maison")


def marker_of_another_kind(tmp: Path) -> str:
    (tmp / "notes" / SITE_MARKER).write_text("pas tandem\n", encoding="utf-8")
    return "../notes"


def link_to_content(tmp: Path) -> str:
    (tmp / "projet" / "lien").symlink_to(tmp / "projet" / "content")
    return "lien"


def site_looking_folder(tmp: Path) -> str:
    """MkDocs' output without the work folder of a tandem build: not taken for tandem's."""
    folder = tmp / "projet" / "autre-site"
    for name in ("404.html", "sitemap.xml", "search/search_index.json", "mes-notes.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("…\n", encoding="utf-8")
    return "autre-site"


def work_folder_of_the_user(tmp: Path) -> str:
    (tmp / "projet" / "sortie").mkdir()
    (tmp / "projet" / ".sortie.tandem" / "docs").mkdir(parents=True)
    (tmp / "projet" / ".sortie.tandem" / "docs" / "brouillon.md").write_text(
        "À moi.\n", encoding="utf-8")
    return "sortie"


def work_folder_is_a_file(tmp: Path) -> str:
    (tmp / "projet" / ".publie.tandem").write_text("un fichier\n", encoding="utf-8")
    return "publie"


def loop_of_links(tmp: Path) -> str:
    (tmp / "projet" / "boucle").symlink_to("boucle")
    return "boucle"


def fixed(site_dir: str) -> Callable[[Path], str]:
    return lambda tmp: site_dir


#: (how to get the --site-dir argument, the exact message from the temporary folder).
REFUSED: dict[str, tuple[Callable[[Path], str], Callable[[Path], str]]] = {
    "the content": (fixed("content"),
                    lambda tmp: protected("content/", "le dossier du contenu")),
    "the content, spelled another way": (fixed("./content/../content/"),
                                         lambda tmp: protected("content/", "le dossier du contenu")),
    "a link to the content": (link_to_content,
                              lambda tmp: protected("content/", "le dossier du contenu")),
    "the project root (working folder)": (fixed("."),
                                          lambda tmp: protected("./", "le dossier courant")),
    "the project root, absolute": (lambda tmp: str(tmp / "projet"),
                                   lambda tmp: protected("./", "le dossier courant")),
    "its parent": (fixed(".."), lambda tmp: protected(
        f"{tmp}/", "un dossier qui contient le dossier courant")),
    "the home folder": (lambda tmp: str(tmp / "maison"), lambda tmp: protected(
        f"{tmp}/maison/", "votre dossier personnel")),
    "the home folder, empty": (empty_home, lambda tmp: protected(
        f"{tmp}/maison/", "votre dossier personnel")),
    "the root of the file system": (fixed("/"), lambda tmp: protected(
        "/", "la racine du système de fichiers")),
    "the templates": (fixed("site_templates"), lambda tmp: not_ours("site_templates/")),
    "an unrelated folder with files": (fixed("../notes"), lambda tmp: not_ours(f"{tmp}/notes/")),
    "a folder with a marker not tandem’s": (marker_of_another_kind,
                                            lambda tmp: not_ours(f"{tmp}/notes/")),
    "a site not built by tandem": (site_looking_folder, lambda tmp: not_ours("autre-site/")),
    "an empty folder beside a work folder of the user’s": (
        work_folder_of_the_user, lambda tmp: work_not_ours(".sortie.tandem/", "sortie/")),
    "a work folder that is a file": (
        work_folder_is_a_file, lambda tmp: work_not_ours(".publie.tandem/", "publie/")),
    "under a regular file": (fixed("README.md/site"), lambda tmp: (
        f"tandem build{NBSP}: README.md/site/ ne peut pas être créé{NBSP}: README.md est un "
        f"fichier, pas un dossier{NNBSP}; rien n’a été touché\n")),
    "a loop of links": (loop_of_links,
                        lambda tmp: f"tandem build{NBSP}: boucle{NBSP}: boucle de liens "
                                    f"symboliques{NNBSP}; rien n’a été publié\n"),
    "a name too long": (fixed("x" * 300), lambda tmp: (
        f"tandem build{NBSP}: accès impossible à {'x' * 300}{NBSP}: nom trop long{NNBSP}; rien n’a "
        "été publié\n")),
    "deep under a regular file": (fixed("README.md/a/b/site"), lambda tmp: (
        f"tandem build{NBSP}: README.md/a/b/site/ ne peut pas être créé{NBSP}: README.md est "
        f"un fichier, pas un dossier{NNBSP}; rien n’a été touché\n")),
}


@pytest.mark.parametrize("case", REFUSED)
def test_build_refuses_a_folder_tandem_did_not_make(project: Path, tmp_path: Path,
                                                   case: str) -> None:
    site_dir, message = REFUSED[case]
    argument = site_dir(tmp_path)
    before = hashes(tmp_path)
    assert build(argument) == (1, "", message(tmp_path))
    assert hashes(tmp_path) == before


def an_empty_folder(root: Path) -> Path:
    (root / "public").mkdir()
    return root / "public"


def an_absent_folder(root: Path) -> Path:
    return root / "nouveau" / "dossier" / "public"


def a_site_built_before(root: Path) -> Path:
    assert build("public")[0] == 0
    (root / "public" / "ancienne-page.html").write_text("<p>ancienne</p>", encoding="utf-8")
    return root / "public"


def a_site_from_before_the_marker(root: Path) -> Path:
    """As an older tandem left it: no marker in the site nor in its work folder."""
    assert build("public")[0] == 0
    (root / "public" / SITE_MARKER).unlink()
    (root / ".public.tandem" / WORK_MARKER).unlink()
    return root / "public"


def an_empty_work_folder(root: Path) -> Path:
    (root / ".public.tandem").mkdir()
    return root / "public"


ACCEPTED = [an_empty_folder, an_absent_folder, a_site_built_before,
            a_site_from_before_the_marker, an_empty_work_folder]


@pytest.mark.slow
@pytest.mark.parametrize("prepare", ACCEPTED, ids=[f.__name__ for f in ACCEPTED])
def test_build_replaces_an_empty_absent_or_tandem_folder(project: Path, tmp_path: Path,
                                                         prepare: Callable[[Path], Path]) -> None:
    site = prepare(project)
    around = {k: v for k, v in hashes(tmp_path).items()
              if not k.startswith(("projet/public", "projet/.public.tandem",
                                   "projet/nouveau"))}
    code, out, err = build(os.path.relpath(site, project))
    assert (code, err) == (0, ""), out + err
    assert (site / "index.html").is_file() and not (site / "ancienne-page.html").exists()
    assert (site / SITE_MARKER).read_text(encoding="utf-8").splitlines()[0] == "tandem site"
    assert (work_dir(site) / WORK_MARKER).is_file()
    assert {k: v for k, v in hashes(tmp_path).items() if k in around} == around
    # The next build recognises its own site.
    assert build(os.path.relpath(site, project))[0] == 0


@pytest.mark.slow
def test_a_previous_folder_of_the_user_beside_the_site_is_never_touched(project: Path) -> None:
    """Older tandems deleted `.site.previous` beside the site; it is the user's now."""
    previous = project / ".site.previous"
    previous.mkdir()
    (previous / "garder.txt").write_text("à garder\n", encoding="utf-8")
    assert build()[0] == 0
    assert build()[0] == 0
    assert (previous / "garder.txt").read_text(encoding="utf-8") == "à garder\n"


# --- The swap ---------------------------------------------------------------------------


def staged(work: Path, text: str) -> Path:
    staging = work / "site"
    (staging / "appels").mkdir(parents=True)
    (staging / "index.html").write_text(text, encoding="utf-8")
    (staging / "appels" / "index.html").write_text(text, encoding="utf-8")
    return staging


def watch(site: Path, stop: threading.Event, misses: list[str]) -> None:
    while not stop.is_set():
        for name in ("index.html", "appels/index.html", SITE_MARKER):
            if not (site / name).is_file():
                misses.append(name)


def swap_many_times(tmp_path: Path, times: int) -> list[str]:
    """Swap new sites in `times` times while a thread looks for a missing page; its misses."""
    site, work = tmp_path / "site", tmp_path / ".site.tandem"
    work.mkdir()
    replace_site(staged(work, "0"), site)
    stop, misses = threading.Event(), list[str]()
    watcher = threading.Thread(target=watch, args=(site, stop, misses))
    watcher.start()
    try:
        for number in range(1, times + 1):
            replace_site(staged(work, str(number)), site)
    finally:
        stop.set()
        watcher.join()
    assert (site / "index.html").read_text(encoding="utf-8") == str(times)
    assert sorted(p.name for p in work.iterdir()) == []  # every old site deleted
    return misses


@pytest.mark.skipif(site_module._RENAMEAT2 is None, reason="no renameat2 on this system")
def test_the_site_is_complete_at_every_instant_of_the_swap(tmp_path: Path) -> None:
    assert swap_many_times(tmp_path, 300) == []


@pytest.mark.skipif(site_module._RENAMEAT2 is None, reason="no renameat2 on this system")
def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "un").touch()
    (second / "deux").touch()
    assert site_module.exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["deux"]
    assert [p.name for p in second.iterdir()] == ["un"]
    with pytest.raises(FileNotFoundError):
        site_module.exchange(first, tmp_path / "absent")


def test_the_fallback_of_two_renames_replaces_the_site(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the exchange is unavailable: the new site in, the old one deleted in the work
    folder only."""
    used: list[Path] = []
    real = site_module._replace_by_renames

    def by_renames(staging: Path, site: Path) -> None:
        used.append(site)
        real(staging, site)

    monkeypatch.setattr(site_module, "exchange", lambda first, second: False)
    monkeypatch.setattr(site_module, "_replace_by_renames", by_renames)
    swap_many_times(tmp_path, 3)
    assert used == [tmp_path / "site"] * 3


def test_the_fallback_puts_the_old_site_back_when_the_new_one_cannot_go_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, work = tmp_path / "site", tmp_path / ".site.tandem"
    work.mkdir()
    replace_site(staged(work, "ancien"), site)
    staging = staged(work, "nouveau")
    real_rename = os.rename

    def rename(source: str | Path, target: str | Path) -> None:
        if Path(source) == staging:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real_rename(source, target)

    monkeypatch.setattr(site_module, "exchange", lambda first, second: False)
    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        replace_site(staging, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "ancien"


def test_the_swap_refuses_a_site_that_stopped_being_tandems(tmp_path: Path) -> None:
    site, work = tmp_path / "site", tmp_path / ".site.tandem"
    work.mkdir()
    replace_site(staged(work, "ancien"), site)
    (site / SITE_MARKER).unlink()
    (site / "mes-notes.txt").write_text("à moi\n", encoding="utf-8")
    before = hashes(site)
    with pytest.raises(TandemError) as caught:
        replace_site(staged(work, "nouveau"), site)
    assert str(caught.value) == (f"{tmp_path}/site/ a changé pendant la construction et n’est "
                                 f"plus un site construit par tandem{NBSP}: il n’a pas été "
                                 "remplacé")
    assert hashes(site) == before


# --- Never a traceback at the command edge ----------------------------------------------

NO_CONFIG = (f"introuvable{NBSP}: lancez tandem depuis le dossier du projet (celui qui contient "
             "mkdocs.yml et site_templates/) ou indiquez la configuration avec --config\n")
NOT_PUBLISHED = f"{NNBSP}; rien n’a été publié\n"


def test_a_missing_configuration_is_a_message(project: Path) -> None:
    message = f"ailleurs/mkdocs.yml {NO_CONFIG}"
    assert run("build", "--config", "ailleurs/mkdocs.yml") == (
        1, "", f"tandem build{NBSP}: {message[:-1]}{NOT_PUBLISHED}")
    # tandem serve prints everything on the standard output, as the server's log.
    assert run("serve", "--config", "ailleurs/mkdocs.yml") == (
        1, f"tandem serve{NBSP}: {message}", "")


def test_build_outside_a_project_is_a_message(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = hashes(tmp_path)
    assert build() == (1, "", f"tandem build{NBSP}: mkdocs.yml {NO_CONFIG[:-1]}{NOT_PUBLISHED}")
    assert run("serve") == (1, f"tandem serve{NBSP}: mkdocs.yml {NO_CONFIG}", "")
    assert hashes(tmp_path) == before


def test_build_without_templates_is_a_message(project: Path) -> None:
    shutil.rmtree(project / "site_templates")
    assert build() == (1, "", f"tandem build{NBSP}: site_templates/pages/ introuvable{NBSP}: "
                              "les gabarits du site sont dans site_templates/pages/ à côté de "
                              f"mkdocs.yml{NOT_PUBLISHED}")


def test_serve_refuses_a_folder_tandem_did_not_make(project: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.serve.SERVE_DIR", Path("site_templates"))
    before = hashes(project)
    assert run("serve", "--port", "1") == (1, not_ours("site_templates/").replace(
        "tandem build", "tandem serve"), "")
    assert hashes(project) == before


def refuse_mkdir(monkeypatch: pytest.MonkeyPatch) -> None:
    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setattr(Path, "mkdir", mkdir)


def refuse_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(source: str, target: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))
    monkeypatch.setattr(os, "rename", rename)


@pytest.mark.slow
@pytest.mark.parametrize(("refuse", "shown"), [(refuse_mkdir, ".site.tandem"),
                                               (refuse_rename, "site")])
def test_a_refused_write_is_a_message(project: Path, monkeypatch: pytest.MonkeyPatch,
                                      refuse: Callable[[pytest.MonkeyPatch], None],
                                      shown: str) -> None:
    refuse(monkeypatch)
    assert build() == (1, "", f"tandem build{NBSP}: accès impossible à {shown}{NBSP}: "
                              f"permission refusée{NNBSP}; rien n’a été publié\n")
    assert not (project / "site" / "index.html").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_a_folder_without_write_permission_is_a_message(project: Path) -> None:
    locked = project / "verrouille"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert build("verrouille/site") == (
            1, "", f"tandem build{NBSP}: accès impossible à verrouille/.site.tandem{NBSP}: "
                   f"permission refusée{NNBSP}; rien n’a été publié\n")
    finally:
        locked.chmod(0o755)


def test_a_refused_write_during_serve_keeps_the_previous_site(project: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.serve import rebuild

    refuse_mkdir(monkeypatch)
    result = rebuild(project / "content", Path(".tandem-serve") / "site", Path("mkdocs.yml"))
    assert not result.ok
    assert result.messages == (f"tandem serve{NBSP}: accès impossible à .tandem-serve/.site.tandem"
                               f"{NBSP}: permission refusée{NNBSP}; le site précédent reste servi",)
