"""What members see, in a real browser (issue 10): calls by theme with and without
JavaScript, the instant filter, a call past `expires`, search by id, theme pages and
tombstones accessible, the home page on a phone, nothing requested outside the site.

The example programme of content/ is built for a fixed day (`--today`), so that what is
open does not depend on the day the tests run. Same fixtures as tests/test_browser.py:
without Chromium these tests fail on CI (CI=true).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_browser import _axe, _search

from browser_support import ROOT, Tab, format_violations, serve
from generator.checks import check
from generator.cli import cli
from generator.views import Site, project

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

EXAMPLE = ROOT / "content"
TODAY = dt.date(2026, 12, 2)  # 2026-001 expired on 30 June; five calls are open
EXPIRED = "2026-001"
PHONE_390: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
                             "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def today_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("members") / "site"
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, [
            "build", "--content", str(EXAMPLE), "--site-dir", str(site),
            "--today", TODAY.isoformat()])
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def url(today_site: Path) -> Iterator[str]:
    with serve(today_site) as base:
        yield base


@pytest.fixture(scope="module")
def public() -> Site:
    catalog, _ = check(EXAMPLE)
    assert catalog is not None
    return project(catalog, TODAY)


def fold(text: str) -> str:
    """The filter's folding, written again independently: no accents, no case."""
    decomposed = unicodedata.normalize("NFD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c))
                    .casefold().replace("œ", "oe").split())


def visible_ids(tab: Tab) -> list[str]:
    ids: list[str] = tab.page.locator(".tandem-call:visible").evaluate_all(
        "els => els.map(e => e.dataset.id)")
    return ids


def linked_calls(tab: Tab) -> list[str]:
    """The calls a page lists, by their links (what a reader without JavaScript follows)."""
    hrefs: list[str] = tab.page.locator(".tandem-call h3 a:not(.headerlink)").evaluate_all(
        "els => els.map(a => a.pathname)")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


# --------------------------------------------------------------------------- calls by theme


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_each_theme_lists_exactly_its_open_calls(open_tab: Callable[..., Tab], url: str,
                                                 public: Site, javascript: bool) -> None:
    tab = open_tab(url, java_script_enabled=javascript)
    for group in public.by_theme:
        tab.goto(f"/appels/{group.theme.id}/")
        expected = [c.id for c in public.calls if group.theme in c.themes]
        assert linked_calls(tab) == expected, group.theme.id
        assert visible_ids(tab) == expected, group.theme.id
        if not expected:
            main = tab.page.locator("article")
            assert "Aucun appel n’est ouvert sur ce thème" in main.inner_text()
            assert main.locator('a[href$="proposer/"]').count() == 1
    assert EXPIRED not in {c.id for c in public.calls}
    assert not tab.outside, tab.outside


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_theme_is_two_taps_away(open_tab: Callable[..., Tab], url: str, public: Site,
                                  javascript: bool) -> None:
    """Home → calls → theme, by links only; and a call's theme label leads to its theme."""
    tab = open_tab(url, **PHONE_390, java_script_enabled=javascript)
    tab.goto("/")
    tab.page.locator("article a.md-button--primary").first.click()
    tab.page.wait_for_url(f"{url}/appels/")
    tab.page.locator(".tandem-themes").get_by_role("link", name="Projets européens").click()
    tab.page.wait_for_url(f"{url}/appels/projets-europeens/")
    assert linked_calls(tab) == ["2026-005"]
    tab.goto("/appels/2026-005/")
    tab.page.locator(".tandem-call-tags").get_by_role(
        "link", name="Accompagnement à l’international").click()
    tab.page.wait_for_url(f"{url}/appels/international/")
    assert linked_calls(tab) == [c.id for c in public.calls
                                 if "international" in [t.id for t in c.themes]]


# --------------------------------------------------------------------------- instant filter


def _expected(public: Site, text: str = "", theme: str = "", format_: str = "") -> list[str]:
    words = fold(text).split()
    found = []
    for call in public.calls:
        seen = fold(" ".join([call.id, call.title, *(t.label for t in call.themes),
                              call.format_label, call.excerpt]))
        if (not theme or theme in [t.id for t in call.themes]) \
                and (not format_ or call.format == format_) and all(w in seen for w in words):
            found.append(call.id)
    return found


FILTERS = [
    ("europeen", "", ""), ("européen", "", ""), ("EUROPEEN", "", ""), ("Européen", "", ""),
    ("2026-005", "", ""), ("fiscalite tva", "", ""), ("lettre d'information", "", ""),
    ("", "international", ""), ("", "", "accompagnement"), ("projet", "international", ""),
    ("salon", "", "accompagnement"), ("introuvable", "", ""),
]


@pytest.mark.parametrize(("text", "theme", "format_"), FILTERS,
                         ids=[f"{t or '-'}|{th or '-'}|{f or '-'}" for t, th, f in FILTERS])
def test_instant_filter(open_tab: Callable[..., Tab], url: str, public: Site, text: str,
                        theme: str, format_: str) -> None:
    from playwright.sync_api import expect

    tab = open_tab(url)
    tab.goto("/appels/")
    page = tab.page
    expect(page.get_by_label("Mots, identifiant")).to_be_visible()
    expected = _expected(public, text, theme, format_)
    page.get_by_label("Mots, identifiant").fill(text)
    page.get_by_label("Thème").select_option(theme)
    page.get_by_label("Format").select_option(format_)
    status = page.locator(".tandem-filter-count")
    total = len(public.calls)
    if not expected:
        expect(status).to_have_text("Aucun appel ne correspond\u00a0: essayez d’autres mots ou "
                                    "un autre thème.")
    elif len(expected) == total:
        expect(status).to_have_text(f"{total}\u00a0appels ouverts.")
    else:
        shown = "1 appel" if len(expected) == 1 else f"{len(expected)}\u00a0appels"
        expect(status).to_have_text(f"{shown} sur {total}.")
    assert visible_ids(tab) == expected
    assert (text, theme, format_) != ("europeen", "", "") or expected == ["2026-005"]
    assert not tab.console.errors, tab.console.errors


def test_without_javascript_the_calls_page_lists_every_call(open_tab: Callable[..., Tab],
                                                            url: str, public: Site) -> None:
    tab = open_tab(url, java_script_enabled=False)
    tab.goto("/appels/")
    assert not tab.page.locator("form.tandem-filter").is_visible()
    assert visible_ids(tab) == [c.id for c in public.calls]


# --------------------------------------------------------------------------- the day


def test_a_call_past_expires_is_not_open(open_tab: Callable[..., Tab], url: str) -> None:
    tab = open_tab(url)
    for path in ("/", "/appels/", "/appels/effet-reseau/", "/appels/offre-de-services/"):
        tab.goto(path)
        links = tab.page.locator("article a").evaluate_all("els => els.map(a => a.pathname)")
        assert f"/appels/{EXPIRED}/" not in links, path
    response = tab.goto(f"/appels/{EXPIRED}/")
    assert response.status == 200
    assert "Cet appel est clos" in tab.page.locator("h1").inner_text()
    for feed in ("/appels/feed.xml", "/appels/appels.json"):
        body = tab.page.request.get(url + feed)
        assert body.status == 200 and EXPIRED not in body.text(), feed
    assert not tab.outside, tab.outside


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("call_id", ["2026-005", "2026-008", "2026-004"])
def test_search_by_id_finds_that_call_first(open_tab: Callable[..., Tab], url: str,
                                            call_id: str) -> None:
    from playwright.sync_api import expect

    tab = open_tab(url, fresh=True)
    tab.goto("/")
    _search(tab.page, call_id)
    items = tab.page.locator(".md-search-result__item > a.md-search-result__link")
    expect(items.first).to_be_visible()
    hrefs = items.evaluate_all("els => els.map(a => new URL(a.href).pathname)")
    assert hrefs[0] == f"/appels/{call_id}/", hrefs
    # Once: the only page with both halves of the id (Material lists a result that lacks
    # one as « Non trouvé ») is the call's, not the home page, the calls or a theme page.
    whole = tab.page.locator(".md-search-result__item").evaluate_all(
        """items => items.filter(i => !i.querySelector('.md-search-result__terms'))
                         .map(i => new URL(i.querySelector('a').href).pathname)""")
    assert whole == [f"/appels/{call_id}/"], whole
    assert hrefs.count(f"/appels/{call_id}/") == 1, hrefs
    assert not tab.outside and not tab.console.errors


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("path", ["/appels/", "/appels/international/",
                                  "/appels/modele-economique/", f"/appels/{EXPIRED}/",
                                  "/appels/2025-002/", "/", "/appels/2026-005/"])
def test_wcag_21_aa(open_tab: Callable[..., Tab], url: str, path: str) -> None:
    tab = open_tab(url, "axe")
    tab.goto(path)
    if path == "/appels/":  # the filter shown and used, with nothing left to show
        tab.page.get_by_label("Mots, identifiant").fill("introuvable")
        tab.page.locator(".tandem-filter-count").filter(has_text="Aucun").wait_for()
    violations = _axe(tab.page)
    assert not violations, format_violations(path, violations)
    assert not tab.outside, tab.outside


def test_tombstone_looks_like_the_site(open_tab: Callable[..., Tab], url: str) -> None:
    tab = open_tab(url)
    tab.goto(f"/appels/{EXPIRED}/")
    page = tab.page
    header = page.locator("header.md-header")
    assert header.is_visible() and "TANDEM" in header.inner_text()
    colour = header.evaluate("h => getComputedStyle(h).backgroundColor")
    tab.goto("/appels/")
    assert page.locator("header.md-header").evaluate(
        "h => getComputedStyle(h).backgroundColor") == colour
    tab.goto(f"/appels/{EXPIRED}/")
    links = page.locator("article a:not(.headerlink)")
    assert links.evaluate_all("els => els.map(a => new URL(a.href).pathname)") == [
        "/appels/", "/"]
    assert not tab.console.errors and not tab.outside


# --------------------------------------------------------------------------- phone


def test_home_shows_the_open_calls_on_a_phones_first_screen(open_tab: Callable[..., Tab],
                                                            url: str, public: Site) -> None:
    tab = open_tab(url, **PHONE_390)
    tab.goto("/")
    page = tab.page
    button = page.get_by_role("link", name=f"Voir les {len(public.calls)} appels ouverts")
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    first_call = page.get_by_role("link", name=public.calls[0].title)
    call_box = first_call.bounding_box()
    prose = page.locator("article p", has_text="Animer un cluster").bounding_box()
    assert call_box is not None and prose is not None
    assert call_box["y"] + call_box["height"] <= 844 and call_box["y"] < prose["y"]
    assert not tab.outside


# --------------------------------------------------------------------------- third parties


def test_no_request_leaves_the_site(open_tab: Callable[..., Tab], url: str,
                                    public: Site) -> None:
    """Theme pages, a tombstone and the calls page with its filter; the feeds' links make
    Material fetch a sitemap beside them: it is there (no 404, no console error)."""
    tab = open_tab(url, fresh=True)
    paths = ["/", "/appels/", f"/appels/{EXPIRED}/", "/404.html",
             *(f"/appels/{g.theme.id}/" for g in public.by_theme)]
    failed: list[str] = []
    tab.page.on("response", lambda r: failed.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
    for path in paths:
        tab.goto(path)
        tab.page.wait_for_load_state("networkidle")
    tab.goto("/appels/")
    tab.page.get_by_label("Mots, identifiant").fill("europeen")
    assert any(u.endswith("/appels/sitemap.xml") for u in tab.traffic.seen)
    assert not failed, failed
    assert not tab.console.errors, tab.console.errors
    assert not tab.outside, "requêtes vers des tiers :\n" + "\n".join(tab.outside)
