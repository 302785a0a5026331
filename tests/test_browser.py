"""Real-browser tests of the built public site (SPEC §5, §6).

Debian's Chromium (/usr/bin/chromium), driven headless by Playwright's sync API,
visits the site built by `tandem build` and served over HTTP on 127.0.0.1.
Without Chromium these tests are skipped, except on CI (CI=true) where they fail.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from browser_support import (
    AXE_OPTIONS,
    IDLE_TIMEOUT_MS,
    PHONE_WIDTH,
    ROOT,
    Tab,
    build,
    chromium_or_stop,
    english_words,
    format_violations,
    pages_of,
    serve,
    without_twin_tombstones,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MINI = ROOT / "tests" / "fixtures" / "mini"
EXAMPLE = ROOT / "content"
COORDINATOR = "tandem@example.org"

MINI_PAGES = [
    "/",
    "/appels/",
    "/appels/2026-001/",
    "/appels/2026-002/",
    "/proposer/",
    "/contact/",
    "/programme/",
    "/404.html",
]

# What the tombstone of 2026-002 (matched, confidential) must not carry.
TOMBSTONE_FORBIDDEN = [
    "Animer une équipe en télétravail",  # its title
    "télétravail",
    "cinq personnes",  # its text
    "Gestion d’équipe",  # its theme
    "Cluster Brivalon",  # requester
    "Marc Demandier",
    "Demandier",
    "marc.demandier@example.org",
    "Pôle Quarzeo",  # responder / mentor
    "Lise Volontin",
    "Volontin",
    "lise.volontin@example.org",
]

# Private values of the mini programme (and the tombstone's title) that search must not find.
PRIVATE_SEARCHES = ["Testard", "Demandier", "Quarzeo", "télétravail"]


# --------------------------------------------------------------------------- fixtures
# chromium, browser, contexts and open_tab are in conftest.py: one browser for every module.


def test_chromium_is_installed() -> None:
    """Fails (rather than skips) on CI when Chromium is missing."""
    chromium_or_stop()


@pytest.fixture(scope="session")
def mini_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(MINI, tmp_path_factory.mktemp("mini") / "site")


@pytest.fixture(scope="session")
def example_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(EXAMPLE, tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="session")
def mini_url(mini_site: Path) -> Iterator[str]:
    with serve(mini_site) as url:
        yield url


@pytest.fixture(scope="session")
def example_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@dataclass
class Site:
    name: str
    dir: Path
    url: str
    # Pages already tested one by one (the mini programme's, parametrized below).
    tested_alone: list[str]

    def other_pages(self) -> list[str]:
        return [p for p in pages_of(self.dir) if p not in self.tested_alone]


@pytest.fixture(params=["mini", "example"])
def site(request: pytest.FixtureRequest) -> Site:
    """Each built site: the mini programme and the example programme of content/."""
    name = request.param
    return Site(name, request.getfixturevalue(f"{name}_site"),
                request.getfixturevalue(f"{name}_url"), MINI_PAGES if name == "mini" else [])


# --------------------------------------------------------------------------- checks


def _render_problems(tab: Tab, path: str, response: Any) -> list[str]:
    page = tab.page
    problems = []
    status = response.status if response is not None else None
    expected = 200
    if status != expected:
        problems.append(f"HTTP {status} au lieu de {expected}")
    lang = page.get_attribute("html", "lang")
    if lang != "fr":
        problems.append(f'<html lang="{lang}"> au lieu de lang="fr"')
    h1 = page.locator("article h1, main h1, h1")
    if h1.count() == 0:
        problems.append("aucun <h1>")
    elif not h1.first.inner_text().strip():
        problems.append("<h1> vide")
    problems += tab.console.errors
    english = english_words(page)
    if english:
        problems.append(f"texte anglais visible : {english}")
    return [f"{path} : {p}" for p in problems]


SETTLE_JS = """async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    await frame(); await frame();
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}"""


def _axe(page: Any) -> list[dict[str, Any]]:
    """axe-core (injected by the "axe" context) on the whole document.

    Colours are measured once scrolling has been handled and every CSS transition
    has ended: a header title caught while fading in has a contrast of 1.3.
    """
    page.evaluate(SETTLE_JS)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return list(result["violations"])


def _phone_overflow(page: Any, path: str) -> str | None:
    """Why PATH scrolls sideways on the phone, or None.

    A mobile browser shrinks a too-wide page to fit, which widens innerWidth too:
    compare with the screen's 375 px, not only with innerWidth.
    """
    scroll_width, inner_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll_width <= inner_width == PHONE_WIDTH:
        return None
    wide = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1)
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120))""", PHONE_WIDTH)
    return (f"{path} : défilement horizontal sur un écran de {PHONE_WIDTH}px "
            f"(scrollWidth {scroll_width}px, innerWidth {inner_width}px) ; trop larges : {wide}")


def _normalised(text: str) -> str:
    return html.unescape(text).replace("\u2019", "'").casefold()


# --------------------------------------------------------------------------- 1. pages render


@pytest.mark.parametrize("path", MINI_PAGES)
def test_page_renders(open_tab: Callable[..., Tab], mini_url: str, path: str) -> None:
    tab = open_tab(mini_url)
    response = tab.goto(path)
    problems = _render_problems(tab, path, response)
    assert not problems, "\n".join(problems)
    assert not tab.outside, f"requêtes hors du site : {tab.outside}"


# --------------------------------------------------------------------------- 2. tombstone, draft


def test_tombstone_says_closed_and_nothing_else(open_tab: Callable[..., Tab],
                                                mini_url: str) -> None:
    tab = open_tab(mini_url)
    response = tab.goto("/appels/2026-002/")
    assert response.status == 200
    page = tab.page
    assert "Cet appel est clos" in page.locator("h1").first.inner_text()
    # Everything the browser got: raw HTML (head, meta, title…) and the visible text.
    raw = _normalised(response.text())
    visible = _normalised(page.locator("body").inner_text() + " " + page.title())
    leaks = [v for v in TOMBSTONE_FORBIDDEN if _normalised(v) in raw or _normalised(v) in visible]
    assert not leaks, f"la pierre tombale de 2026-002 publie : {leaks}"
    # It links to the open calls.
    hrefs = page.locator("main a").evaluate_all("els => els.map(a => a.href)")
    assert f"{mini_url}/appels/" in hrefs, hrefs


def test_draft_has_no_page(open_tab: Callable[..., Tab], mini_url: str) -> None:
    tab = open_tab(mini_url)
    response = tab.goto("/appels/2026-003/")
    assert response.status == 404
    index = tab.page.request.get(f"{mini_url}/search/search_index.json")
    assert index.status == 200
    assert "2026-003" not in index.text()
    assert "Revoir notre modèle économique" not in index.text()


# --------------------------------------------------------------------------- 3. mailto

UNRESERVED = re.compile(r"[A-Za-z0-9\-._~!$'()*,;:@/?=&%]*")


def _decode_strict(value: str) -> str:
    assert re.fullmatch(r"(?:[^%]|%[0-9A-Fa-f]{2})*", value), f"encodage % invalide : {value!r}"
    try:
        return unquote(value, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as err:
        raise AssertionError(f"pas de l’UTF-8 encodé en % : {value!r} ({err})") from None


def _check_mailto(href: str, call_id: str) -> dict[str, str]:
    assert href.startswith("mailto:"), href
    assert "\n" not in href and "\r" not in href, f"saut de ligne brut dans le lien : {href!r}"
    assert UNRESERVED.fullmatch(href), (
        f"caractère non encodé (espace, non-ASCII, +, #…) dans le lien : {href!r}")
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert not parts.fragment
    assert _decode_strict(parts.path) == COORDINATOR, parts.path
    params: dict[str, str] = {}
    for pair in parts.query.split("&"):
        key, sep, value = pair.partition("=")
        assert sep, f"paramètre sans valeur : {pair!r}"
        key = _decode_strict(key).lower()
        assert key not in params, f"paramètre {key!r} répété : {href!r}"
        params[key] = _decode_strict(value)
    assert set(params) == {"subject", "body"}, f"paramètres : {sorted(params)} (injection ?)"
    subject, body = params["subject"], params["body"]
    assert call_id in subject, subject
    assert "\r" not in subject and "\n" not in subject, f"en-tête injecté : {subject!r}"
    assert "%0D%0A" in parts.query.upper(), "les sauts de ligne du corps doivent être %0D%0A"
    assert "\r\n" in body
    assert "\n" not in body.replace("\r\n", ""), "saut de ligne sans CR dans le corps"
    assert "\r" not in body.replace("\r\n", ""), "CR isolé dans le corps"
    assert len(body.strip()) > 20, f"corps non prérempli : {body!r}"
    assert call_id in body, body
    return params


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_i_can_help_mailto(open_tab: Callable[..., Tab], mini_url: str, javascript: bool) -> None:
    tab = open_tab(mini_url, java_script_enabled=javascript)
    tab.goto("/appels/2026-001/")
    link = tab.page.locator("a.tandem-mailto")
    assert link.count() == 1
    if not javascript:  # with it, the form replaces the link: tests/test_browser_forms.py
        link.wait_for(state="visible")
    href = link.get_attribute("href")
    assert href is not None
    params = _check_mailto(href, "2026-001")
    # Readable French in UTF-8 once decoded.
    assert "é" in params["body"] or "É" in params["body"], params["body"]


# --------------------------------------------------------------------------- 4. search


def _search(page: Any, term: str) -> None:
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label.md-header__button[for="__search"]').click()
    box.click()
    box.fill("")
    box.press_sequentially(term, delay=10)


def test_search_finds_open_call(open_tab: Callable[..., Tab], mini_url: str) -> None:
    from playwright.sync_api import expect

    tab = open_tab(mini_url, fresh=True)
    tab.goto("/")
    _search(tab.page, "veille")
    results = tab.page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("els => els.map(a => a.href)")
    assert any("/appels/2026-001/" in h for h in hrefs), hrefs
    assert not tab.console.errors, tab.console.errors


def test_search_finds_no_private_value(open_tab: Callable[..., Tab], mini_url: str) -> None:
    from playwright.sync_api import expect

    tab = open_tab(mini_url, fresh=True)
    tab.goto("/")
    page = tab.page
    meta = page.locator(".md-search-result__meta")
    items = page.locator(".md-search-result__item")
    found = {}
    for term in PRIVATE_SEARCHES:
        # A word that exists first: the index is loaded and the results are not stale.
        _search(page, "veille")
        expect(items.first).to_be_visible()
        _search(page, term)
        try:
            expect(meta).to_have_text("Aucun document trouvé")
        except AssertionError:
            found[term] = [meta.inner_text(), *items.all_inner_texts()]
    assert not found, f"la recherche trouve des valeurs privées : {found}"


# --------------------------------------------------------------------------- 5. no third party


def _search_and_settle(page: Any) -> None:
    _search(page, "appel")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT_MS)


def test_no_request_leaves_the_site(open_tab: Callable[..., Tab], mini_site: Path,
                                    mini_url: str) -> None:
    """Every page loaded and scrolled, then a search: nothing but 127.0.0.1 (and data:/blob:).

    The example programme gets the same check in test_site_pages_desktop.
    """
    tab = open_tab(mini_url, fresh=True)
    for path in pages_of(mini_site):
        tab.goto(path)
        tab.page.mouse.wheel(0, 3000)
    tab.goto("/")
    _search_and_settle(tab.page)
    # The recorder sees the search worker's own fetch, so it sees everything.
    assert any(u.endswith("/search/search_index.json") for u in tab.traffic.seen), (
        tab.traffic.seen)
    assert not tab.outside, "requêtes vers des tiers :\n" + "\n".join(tab.outside)


# --------------------------------------------------------------------------- 6. accessibility


@pytest.mark.parametrize("path", MINI_PAGES)
def test_wcag_21_aa(open_tab: Callable[..., Tab], mini_url: str, path: str) -> None:
    tab = open_tab(mini_url, "axe")
    tab.goto(path)
    violations = _axe(tab.page)
    assert not violations, format_violations(path, violations)


# --------------------------------------------------------------------------- 7. phone


@pytest.mark.parametrize("path", MINI_PAGES)
def test_phone_no_horizontal_scroll(open_tab: Callable[..., Tab], mini_url: str,
                                    path: str) -> None:
    tab = open_tab(mini_url, "phone")
    tab.goto(path)
    problem = _phone_overflow(tab.page, path)
    assert problem is None, problem


def test_phone_call_page(open_tab: Callable[..., Tab], mini_url: str) -> None:
    tab = open_tab(mini_url, "phone")
    tab.goto("/appels/2026-001/")
    page = tab.page
    for locator in (page.locator("h1").first,
                    page.get_by_role("button", name="Préparer mon courriel")):
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, box


# --------------------------------------------------------------------------- whole sites
# The example programme's pages (and any mini page not listed in MINI_PAGES), in one
# pass per device to stay fast: the same checks as above, reported page by page.


def test_site_pages_desktop(open_tab: Callable[..., Tab], site: Site) -> None:
    """Renders (1), no third party (5, with a search) and WCAG 2.1 AA (6) on every other page.

    Tombstones differ only by their id: axe checks the first one only.
    """
    tab = open_tab(site.url, "axe")
    pages = site.other_pages()
    axe_pages = without_twin_tombstones(site.dir, pages)
    problems: list[str] = []
    for path in pages:
        tab.console.errors.clear()
        problems += _render_problems(tab, path, tab.goto(path))
        tab.page.mouse.wheel(0, 3000)
        if path in axe_pages:
            violations = _axe(tab.page)
            if violations:
                problems.append(format_violations(path, violations))
    if pages:
        tab.goto("/")
        _search_and_settle(tab.page)
    if tab.outside:
        problems.append("requêtes vers des tiers :\n" + "\n".join(tab.outside))
    assert not problems, f"site {site.name} :\n" + "\n".join(problems)


def test_site_pages_phone(open_tab: Callable[..., Tab], site: Site) -> None:
    """No horizontal scroll at 375×667 (7) on every other page."""
    tab = open_tab(site.url, "phone")
    overflowing = []
    for path in site.other_pages():
        tab.goto(path)
        problem = _phone_overflow(tab.page, path)
        if problem:
            overflowing.append(problem)
    assert not overflowing, f"site {site.name} :\n" + "\n".join(overflowing)


# --------------------------------------------------------------------------- 8. yearly review


@pytest.mark.parametrize("year", ["2025", "2026"])
def test_review_page_charts_load_and_print(open_tab: Callable[..., Tab], example_site: Path,
                                           example_url: str, year: str) -> None:
    """Each chart is drawn from the site itself, has a text alternative and its table after it;
    printed, the page keeps its content and drops the menus."""
    tab = open_tab(example_url, fresh=True)
    tab.goto(f"/bilans/{year}/")
    page = tab.page
    charts = page.locator("img.tandem-chart")
    # A breakdown with every cell suppressed has no chart: 2025's example has none left.
    built = (example_site / "bilans" / year / "index.html").read_text(encoding="utf-8")
    assert charts.count() == built.count('class="tandem-chart"') >= (year == "2026")
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), i
        assert (chart.get_attribute("alt") or "").startswith("Diagramme en barres")
        # Material wraps each table in a scrolling <div>.
        assert chart.evaluate("img => { const next = img.closest('p').nextElementSibling;"
                              " return next.matches('table') || !!next.querySelector('table'); }")
    assert not tab.outside, f"requêtes hors du site : {tab.outside}"
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").first.is_visible()
    assert page.locator("article h1").first.is_visible()


# --------------------------------------------------------------------------- 8. hostile corpus


def hostile_content(tmp: Path) -> Path:
    """The mini programme with every hostile writing that passes `tandem check`: markup in
    titles, labels and names (shown as text), links and images the check lets through."""
    from test_hostile import BODY, LINE, TITLE, R

    from conftest import make_content

    # An image on the site's own host is allowed; served here from 127.0.0.1, it would not be.
    passing = [line for _, line, expected in BODY if not expected and "tandem.example" not in line]
    markup = next(title for name, title, expected in TITLE if name == "title-markup-is-text")
    call = (MINI / R).read_text(encoding="utf-8")
    call = call.replace("title: Mettre en place une cellule de veille", f"title: {json.dumps(markup)}")
    call = call.replace(LINE, "\n\n".join(passing))
    settings = (MINI / "programme.yml").read_text(encoding="utf-8")
    hostile_names = {
        "name: TANDEM": 'name: "TANDEM </title><script>alert(1)</script> \\"onload=\\"alert(2)"',
        "network: Réseau d'essai des clusters": "network: \"Réseau <img src=x onerror=alert(3)>\"",
        "name: Alix Coordination": "name: \"Alix [x](javascript:alert(4)) *Coordination*\"",
        "intelligence-economique: Intelligence économique":
            "intelligence-economique: \"Veille <svg onload=alert(5)> & {: onclick=alert(6) }\"",
        "{file: programme.md, title: Le programme}":
            "{file: programme.md, title: \"Le programme \\\" onmouseover=alert(7) x=\\\"\"}",
    }
    for old, new in hostile_names.items():
        assert old in settings, old
        settings = settings.replace(old, new, 1)
    return make_content(tmp, {R: call, "programme.yml": settings})


def test_hostile_corpus_builds_and_does_nothing_in_the_browser(
        open_tab: Callable[..., Tab], chromium: Path, tmp_path: Path) -> None:
    """What passes the check, built and opened: no dialog, no script error, nothing fetched
    from anywhere but 127.0.0.1, every page once scrolled and every form control focused."""
    site = build(hostile_content(tmp_path), tmp_path / "site")
    with serve(site) as url:
        tab = open_tab(url, fresh=True)
        dialogs: list[str] = []

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        tab.page.on("dialog", on_dialog)
        for path in pages_of(site):
            tab.goto(path)
            tab.page.mouse.wheel(0, 3000)
            for element in tab.page.locator("article a, article img").all()[:40]:
                if element.is_visible():  # a handler would run on hover: none may exist
                    element.hover()
            tab.page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT_MS)
        assert dialogs == []
        assert not tab.outside, "requêtes vers des tiers :\n" + "\n".join(tab.outside)
        assert [e for e in tab.console.errors if "alert" in e or "Uncaught" in e] == []
        title = tab.goto("/") and tab.page.title()
        assert "</title>" in title and "<script>" in title  # shown as text, never run
