"""Helpers for the browser tests: build a site, serve it, drive Debian's Chromium.

Nothing here downloads a browser: Playwright only drives `/usr/bin/chromium`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import axe_playwright_python
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

# Headless, no sandbox (we run as root in a container), and nothing that makes
# Chromium itself talk to Google: the only traffic left is the pages' own.
# Playwright's `launch()` always gives Chromium a fresh, empty, temporary
# --user-data-dir of its own (and refuses one in `args`).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Generous: two test workers and Chromium share two cores (a passing test never waits it out).
TIMEOUT_MS = 10_000
#: Network idle means 500 ms without a request, which a loaded machine takes longer to see.
IDLE_TIMEOUT_MS = 20_000

# axe-core as shipped by axe-playwright-python (pinned in pyproject.toml).
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# Material strings that show when a page falls back to English.
ENGLISH_UI = [
    "Not found", "Skip to content", "Back to top", "Table of contents", "Initializing search",
    "Type to start searching", "No matching documents", "Copy to clipboard", "Previous",
    "Next", "Search", "Share", "Clear", "Made with", "Last update", "Go to repository",
]


def chromium_missing_message() -> str:
    return (f"Chromium est introuvable ({CHROMIUM}) : les tests navigateur ne peuvent pas "
            "tourner. Installez-le avec « apt-get install -y chromium ».")


_shared: dict[str, Any] = {}


def build(content: Path, site_dir: Path) -> Path:
    """`tandem build --content CONTENT --site-dir SITE_DIR`, run from the repo root."""
    from click.testing import CliRunner

    from generator.cli import cli

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["build", "--content", str(content),
                                          "--site-dir", str(site_dir)])
    finally:
        os.chdir(previous)
    if result.exit_code != 0:
        raise AssertionError(f"tandem build --content {content} a échoué "
                             f"(code {result.exit_code}) :\n{result.output}\n{result.exception!r}")
    return site_dir


def pages_of(site_dir: Path) -> list[str]:
    """Every page URL path of a built site (directory URLs), home first, plus /404.html."""
    paths = sorted("/" + str(p.parent.relative_to(site_dir)).replace(os.sep, "/") + "/"
                   for p in site_dir.rglob("index.html"))
    paths = ["/" if p == "/./" else p for p in paths]
    paths.sort(key=lambda p: (p != "/", p))
    if (site_dir / "404.html").exists():
        paths.append("/404.html")
    return paths


def without_twin_tombstones(site_dir: Path, paths: list[str]) -> list[str]:
    """PATHS with only the first tombstone: the others are the same page but for the id."""
    kept, seen_tombstone = [], False
    for path in paths:
        file = site_dir / path.lstrip("/") / "index.html" if path.endswith("/") else None
        if file and "Cet appel est clos" in file.read_text(encoding="utf-8"):
            if seen_tombstone:
                continue
            seen_tombstone = True
        kept.append(path)
    return kept


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Keep-alive and cacheable assets, so that page after page loads fast; no log."""

    protocol_version = "HTTP/1.1"

    def end_headers(self) -> None:
        if "/assets/" in self.path:
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a connection early is not an error worth printing."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve DIRECTORY on 127.0.0.1 (ephemeral port) in a daemon thread; yield the base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Traffic:
    """Every request a browser context made; the ones leaving the site are aborted."""

    origin: str
    seen: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        if url.startswith(("data:", "blob:")):
            return True
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_request(self, request: Any) -> None:
        self.seen.append(request.url)
        if not self.is_local(request.url) and request.url not in self.outside:
            self.outside.append(request.url)

    def route(self, route: Any) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            if url not in self.outside:
                self.outside.append(url)
            route.abort("blockedbyclient")

    def attach(self, context: Any) -> None:
        context.route("**/*", self.route)
        context.on("request", self.on_request)


@dataclass
class Console:
    """Console errors and uncaught exceptions of one page."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self.on_console)
        page.on("pageerror", self.on_pageerror)

    def on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text} "
                               f"({message.location.get('url', '')})")

    def on_pageerror(self, error: Any) -> None:
        self.errors.append(f"exception: {error}")


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{url} : {len(violations)} règle(s) WCAG 2.1 AA en échec"]
    for v in violations:
        lines.append(f"  - {v['id']} ({v.get('impact')}) : {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(map(str, node.get("target", [])))
            lines.append(f"      {target}")
            lines.append(f"        {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)


def english_words(page: Any) -> list[str]:
    """Material's English fallback strings visible (text, labels, titles, placeholders)."""
    texts: list[str] = page.evaluate(
        """() => {
            const out = [document.body.innerText, document.title];
            for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
                for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
                    const v = el.getAttribute(a);
                    if (v) out.push(v);
                }
            }
            return out;
        }"""
    )
    found = []
    for phrase in ENGLISH_UI:
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        if any(pattern.search(t) for t in texts):
            found.append(phrase)
    return found


def chromium_or_stop() -> None:
    """Chromium is there, or the test stops: skipped, but failed on CI (CI=true)."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(chromium_missing_message(), pytrace=False)
    pytest.skip(chromium_missing_message())


PHONE_WIDTH = 375
PHONE: dict[str, Any] = {"viewport": {"width": PHONE_WIDTH, "height": 667}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
# axe measures colours: no transition may be caught half-way (Material honours reduced motion).
KINDS: dict[str, dict[str, Any]] = {"desktop": DESKTOP, "phone": PHONE,
                                    "axe": {**DESKTOP, "reduced_motion": "reduce"}}


class Contexts:
    """Browser contexts shared by the tests (warm cache), one per site and kind.

    Every context aborts and records requests that leave the site; the "axe"
    kind also has axe-core injected in every document.
    """

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.shared: dict[tuple[str, str], tuple[Any, Traffic]] = {}

    def new(self, base: str, **options: Any) -> tuple[Any, Traffic]:
        context = self.browser.new_context(locale="fr-FR", **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        traffic = Traffic(origin=base)
        traffic.attach(context)
        return context, traffic

    def get(self, base: str, kind: str) -> tuple[Any, Traffic]:
        if (base, kind) not in self.shared:
            context, traffic = self.new(base, **KINDS[kind])
            if kind == "axe":
                context.add_init_script(path=str(AXE_SCRIPT))
            self.shared[base, kind] = context, traffic
        return self.shared[base, kind]

    def close(self) -> None:
        for context, _ in self.shared.values():
            context.close()


class Tab:
    """A new page, its console errors, and the requests leaving the site since it opened."""

    def __init__(self, context: Any, traffic: Traffic, base: str) -> None:
        self.base = base
        self.traffic = traffic
        self.start = len(traffic.outside)
        self.page = context.new_page()
        self.console = Console()
        self.console.attach(self.page)

    def goto(self, path: str, wait_until: str = "load") -> Any:
        return self.page.goto(self.base + path, wait_until=wait_until)

    @property
    def outside(self) -> list[str]:
        return self.traffic.outside[self.start:]
