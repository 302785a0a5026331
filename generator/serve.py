"""`tandem serve`: build the public site, serve it locally, rebuild it on every change.

Each rebuild is `tandem build`'s own pipeline (check, render, engine, audit),
so the coordinator only ever sees a site that passed the check and the
audit: on a problem, the French messages are printed and the previous site
stays served. The docs tree is rewritten only where pages changed, and the
audit rescans only the files that changed (see `audit.audit_tree`); the
engine rebuilds the whole site, as its incremental mode would leave the
search index incomplete. The server and the live reload are MkDocs' own
(`mkdocs.livereload`): browsers reload once a rebuild is over.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import AuditError, ContentError, TandemError
from generator.french import french, plural, seconds

#: Where `tandem serve` builds (ignored by git, apart from the public `site/`).
SERVE_DIR = Path(".tandem-serve") / "site"
TEMPLATES_DIR = "site_templates"
#: How often the content is polled for changes, in seconds.
POLL_SECONDS = 0.2
KEPT = " ; le site précédent reste servi"


@dataclass(frozen=True)
class Rebuild:
    """The outcome of one rebuild: what to print, and the pages re-rendered."""

    ok: bool
    messages: tuple[str, ...]
    written: tuple[str, ...]
    seconds: float


def rebuild(content: Path, site_dir: Path, config_file: Path,
            today: dt.date | None = None) -> Rebuild:
    """Build the site into `site_dir` as `tandem build` does; never raises on bad content.
    `today` None: the real date of each rebuild (a server left running follows the days)."""
    from generator.cache import ReadCache
    from generator.site import build_site
    from generator.sitedir import disk_error

    start = time.perf_counter()
    written: list[str] = []
    try:
        result = build_site(content, site_dir, config_file, written=written, audit_cache=True,
                            cache=ReadCache.default(content), today=today)
    except ContentError as err:
        lines = [problem.render() for problem in err.problems]
        return Rebuild(False, (*lines, french(f"tandem serve : {err}{KEPT}")), tuple(written),
                       time.perf_counter() - start)
    except AuditError as err:
        return Rebuild(False, (*err.hits, french(f"tandem serve : {err}{KEPT}")), tuple(written),
                       time.perf_counter() - start)
    except TandemError as err:
        return Rebuild(False, (french(f"tandem serve : {err}{KEPT}"),), tuple(written),
                       time.perf_counter() - start)
    except OSError as err:
        return Rebuild(False, (french(f"tandem serve : {disk_error(err)}{KEPT}"),), tuple(written),
                       time.perf_counter() - start)
    pages = plural(len(written), "page régénérée", "pages régénérées")
    return Rebuild(True, (french(f"tandem serve : {pages}, site reconstruit en "
                                 f"{seconds(result.seconds)}"),), tuple(written), result.seconds)


def watched_paths(content: Path, config_file: Path) -> list[Path]:
    """What a change to triggers a rebuild: the content, the templates, the configuration."""
    paths = [content, config_file]
    templates = config_file.parent / TEMPLATES_DIR
    if templates.is_dir():
        paths.append(templates)
    return paths


def startable(content: Path, config_file: Path, site_dir: Path) -> str | None:
    """Why `tandem serve` cannot start here (no project, a folder not tandem's), or None."""
    from generator.site import check_project
    from generator.sitedir import check_site_dir

    try:
        check_project(config_file)
        check_site_dir(site_dir, content, config_file)
    except TandemError as err:
        return french(f"tandem serve : {err}")
    return None


def serve(content: Path, config_file: Path, host: str, port: int,
          echo: Callable[[str], None], site_dir: Path | None = None,
          today: dt.date | None = None) -> int:
    """Build once, then serve `site_dir` on host:port until interrupted; the exit code."""
    from mkdocs.livereload import LiveReloadServer

    site_dir = site_dir or SERVE_DIR  # read at each call, so that tests can move it
    refusal = startable(content, config_file, site_dir)
    if refusal:
        echo(refusal)
        return 1

    # The server's own log is in English (a line per missing page): tandem speaks for it.
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
    first = rebuild(content, site_dir, config_file, today)
    for line in first.messages:
        echo(line)
    if not first.ok:
        return 1

    def builder() -> None:
        for line in rebuild(content, site_dir, config_file, today).messages:
            echo(line)

    class Server(LiveReloadServer):
        def server_activate(self) -> None:
            super().server_activate()
            echo(french(f"tandem serve : site servi sur http://{host}:{port}/ — chaque "
                        "modification du contenu le reconstruit (Ctrl+C pour arrêter)"))

    server = Server(builder=builder, host=host, port=port, root=str(site_dir),
                    polling_interval=POLL_SECONDS)

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    for path in watched_paths(content, config_file):
        server.watch(str(path))
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        echo(french("tandem serve : arrêté"))
    except OSError as err:
        if server.serve_thread.is_alive():
            raise
        reason = {errno.EADDRINUSE: "port déjà utilisé", errno.EACCES: "accès refusé",
                  errno.EADDRNOTAVAIL: "adresse inconnue sur cette machine"}.get(
                      err.errno or 0, err.strerror or str(err))
        echo(french(f"tandem serve : impossible d’écouter sur {host}:{port} ({reason}) ; "
                    "essayez un autre port avec --port"))
        return 1
    finally:
        server.shutdown()
    return 0
