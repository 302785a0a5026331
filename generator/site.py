"""Stage 5: write the docs tree, run the site engine, audit, then publish.

The site is built into a staging folder beside the target and replaces the
previous site only once the engine and the audit have both passed.

Which folder may be replaced, and the swap itself, are `generator.sitedir`'s:
nothing is ever deleted that tandem did not create.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from generator.audit import audit_tree
from generator.checks import check
from generator.errors import AuditError, ContentError, TandemError, display_path
from generator.escape import html_text
from generator.outbound import outbound_tree, theme_option_problems
from generator.render import navigation, render_docs
from generator.sitedir import check_site_dir, prepare_work_dir, replace_site, shown_folder
from generator.sitedir import work_dir as work_dir  # where it always was, for its callers
from generator.views import Site, project

if TYPE_CHECKING:
    from generator.cache import ReadCache

TEMPLATES = Path("site_templates") / "pages"
#: The audit's memory of the files it found clean (hashes only), in the work folder.
AUDIT_CACHE = "audit-cache.json"


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    calls: int
    files_audited: int
    seconds: float


def check_project(config_file: Path) -> None:
    """Refuse to build outside a project: the configuration and the page templates are needed."""
    if not config_file.is_file():
        raise TandemError(f"{display_path(config_file)} introuvable : lancez tandem depuis le "
                          "dossier du projet (celui qui contient mkdocs.yml et site_templates/) "
                          "ou indiquez la configuration avec --config")
    templates = config_file.parent / TEMPLATES
    if not templates.is_dir():
        raise TandemError(f"{shown_folder(templates.absolute())} introuvable : les gabarits du "
                          f"site sont dans site_templates/pages/ à côté de "
                          f"{display_path(config_file)}")


def write_tree(folder: Path, files: dict[str, str], written_names: list[str] | None = None) -> int:
    """Make `folder` hold exactly `files`, rewriting only what changed; count of writes.

    The names of the files rewritten are added to `written_names` when it is given.
    Names are relative POSIX paths; one that could leave `folder` is refused before
    anything is written. No path is resolved: thousands of pages, one folder walk.
    """
    for name in files:
        parts = PurePosixPath(name).parts
        if not parts or PurePosixPath(name).is_absolute() or ".." in parts or "\\" in name:
            raise TandemError(f"chemin refusé hors du dossier du site : {name}")
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    made: set[str] = set()
    for name, text in files.items():
        path = os.path.join(folder, name)
        data = text.encode("utf-8")
        try:
            with open(path, "rb") as stream:
                if stream.read() == data:
                    continue
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            parent = os.path.dirname(path)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
        with open(path, "wb") as stream:
            stream.write(data)
        written += 1
        if written_names is not None:
            written_names.append(name)
    wanted = {os.path.normpath(name) for name in files}
    for top, _dirs, names in os.walk(folder, topdown=False):
        relative = os.path.relpath(top, folder)
        for name in names:
            if os.path.normpath(os.path.join(relative, name)) not in wanted:
                os.unlink(os.path.join(top, name))
        if top != str(folder) and not os.listdir(top):
            os.rmdir(top)
    return written


def engine_config(config_file: Path, docs_dir: Path, site_dir: Path, site: Site) -> dict[str, Any]:
    """The site's mkdocs.yml completed with what tandem knows (paths, navigation, URL)."""
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise TandemError(f"{display_path(config_file)} illisible : {err}") from err
    root = config_file.parent.resolve()
    theme = dict(config.get("theme") or {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str(root / theme["custom_dir"])
    extra = {**(config.get("extra") or {}), "tandem_stylesheets": theme_stylesheets()}
    return {**config, "site_name": html_text(site.name), "site_url": site.site_url, "theme": theme,
            "docs_dir": str(docs_dir.resolve()), "site_dir": str(site_dir.resolve()),
            "nav": navigation(site), "extra": extra}


def theme_stylesheets() -> list[str]:
    """The site's own stylesheets (Material's, named by their hash), for the tombstones:
    they look like the site without rendering its whole page (thousands of them)."""
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return [f"assets/stylesheets/{path.name}" for name in ("main", "palette")
            for path in sorted(folder.glob(f"{name}.*.min.css"))]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_engine(config_file: Path) -> None:
    """Material for MkDocs, strict: any warning of the engine fails the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger, collect = logging.getLogger("mkdocs"), _Collect()
    logger.addHandler(collect)
    try:
        build(load_config(str(config_file)))
    except MkDocsException as err:
        details = "\n".join(f"  {m}" for m in collect.messages) or f"  {err}"
        raise TandemError(f"le moteur du site a échoué :\n{details}") from err
    finally:
        logger.removeHandler(collect)


def build_site(content: Path, site_dir: Path, config_file: Path,
               written: list[str] | None = None, audit_cache: bool = False,
               cache: ReadCache | None = None, today: dt.date | None = None) -> BuildResult:
    """Check, render, build with the engine, audit, and only then publish to `site_dir`.

    The site shows the programme on `today` (default: the real date): a call past its
    `expires` date is not an open call any more.
    The pages of the docs tree that had to be rewritten are added to `written`.
    `tandem build` audits every file every time; `tandem serve`, which only serves
    on this machine, lets the audit skip the files it found clean before
    (`audit_cache`). With `cache`, content files that did not change are not parsed again.
    """
    start = time.perf_counter()
    check_project(config_file)
    target = check_site_dir(site_dir, content, config_file)
    catalog, problems = check(content, cache)
    if problems or catalog is None:
        raise ContentError(problems)
    site = project(catalog, today)
    docs = render_docs(site, config_file.parent / TEMPLATES)
    work = prepare_work_dir(target)
    write_tree(work / "docs", docs, written)
    staging = work / "site"
    shutil.rmtree(staging, ignore_errors=True)
    generated = work / "mkdocs.yml"
    config = engine_config(config_file, work / "docs", staging, site)
    if third_party := theme_option_problems(config):
        raise TandemError("\n".join(third_party))
    generated.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    run_engine(generated)
    clean_files = work / AUDIT_CACHE if audit_cache else None
    hits, audited = audit_tree(staging, catalog.private_index, cache=clean_files)
    outbound = outbound_tree(staging, site.site_url)
    if hits or outbound:
        shutil.rmtree(staging, ignore_errors=True)
        raise AuditError([hit.render() for hit in hits], [hit.render() for hit in outbound])
    replace_site(staging, target)
    pages = sum(name.endswith(".md") for name in docs)
    return BuildResult(site_dir, pages, len(site.calls), audited, time.perf_counter() - start)
