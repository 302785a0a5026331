"""What members see on the built site (issue 10): calls by theme, the day the site is built
for (`--today`), search that fits the calls, French typography on every page, tombstones
in the site's look, feeds people can find, the home page for a phone.

The browser half is in tests/test_browser_site.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import MINI, ROOT, make_content, relative
from generator.checks import check
from generator.cli import cli
from generator.french import typographic_problems
from generator.models import Request
from generator.public import is_open_call, is_past_expiry
from generator.render import render_docs
from generator.routes import reserved_theme, theme_page
from generator.views import project

EXAMPLE = ROOT / "content"
TEMPLATES = ROOT / "site_templates" / "pages"
#: The example programme on this day: 2026-001 expired on 30 June, the others are open.
TODAY = "2026-12-02"
EXAMPLE_OPEN = ["2026-008", "2026-007", "2026-006", "2026-005", "2026-004"]


def invoke(*args: str) -> Result:
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(previous)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    result = invoke("build", "--content", str(EXAMPLE), "--site-dir", str(site),
                    "--today", TODAY)
    assert result.exit_code == 0, result.output
    return site


def html_pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def parsed(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the open-call rule


def request(status: str = "open", published: dt.date | None = dt.date(2026, 2, 14),
            expires: dt.date | None = dt.date(2026, 6, 30)) -> Request:
    catalog, _ = check(MINI)
    assert catalog is not None
    model = catalog.requests[0].model
    return model.model_copy(update={"status": status, "published": published,
                                    "expires": expires})


@pytest.mark.parametrize(("status", "published", "expires", "today", "open_", "past"), [
    ("open", dt.date(2026, 2, 14), dt.date(2026, 6, 30), dt.date(2026, 6, 29), True, False),
    ("open", dt.date(2026, 2, 14), dt.date(2026, 6, 30), dt.date(2026, 6, 30), True, False),
    ("open", dt.date(2026, 2, 14), dt.date(2026, 6, 30), dt.date(2026, 7, 1), False, True),
    ("open", dt.date(2026, 2, 14), dt.date(2026, 6, 30), dt.date(2027, 1, 1), False, True),
    ("open", dt.date(2026, 2, 14), None, dt.date(2099, 1, 1), True, False),
    ("open", dt.date(2026, 2, 14), dt.date(2026, 6, 30), None, True, False),
    ("open", None, dt.date(2026, 6, 30), dt.date(2026, 3, 1), False, False),
    ("matched", dt.date(2026, 2, 14), dt.date(2026, 6, 30), dt.date(2026, 3, 1), False, False),
    ("expired", dt.date(2026, 2, 14), dt.date(2026, 6, 30), dt.date(2026, 7, 1), False, False),
    ("draft", None, None, dt.date(2026, 3, 1), False, False),
], ids=["day-before", "last-day", "day-after", "next-year", "no-expiry", "any-day",
        "unpublished", "matched", "expired-status", "draft"])
def test_is_open_call_on_a_day(status: str, published: dt.date | None, expires: dt.date | None,
                               today: dt.date | None, open_: bool, past: bool) -> None:
    r = request(status, published, expires)
    assert is_open_call(r, today) is open_
    if today is not None:
        assert is_past_expiry(r, today) is past


@pytest.mark.parametrize(("today", "open_ids", "tombstones"), [
    (dt.date(2026, 6, 30), ["2026-008", "2026-007", "2026-006", "2026-005", "2026-004",
                            "2026-001"], []),
    (dt.date(2026, 7, 1), EXAMPLE_OPEN, ["2026-001"]),
    (dt.date(2026, 12, 16), ["2026-008", "2026-007", "2026-006", "2026-005"],
     ["2026-001", "2026-004"]),
    (dt.date(2027, 2, 1), ["2026-008"], ["2026-001", "2026-004", "2026-005", "2026-006",
                                         "2026-007"]),
], ids=["last-day", "day-after", "second-expiry", "next-year"])
def test_a_call_past_expires_leaves_the_open_calls_the_themes_and_the_feeds(
        today: dt.date, open_ids: list[str], tombstones: list[str]) -> None:
    catalog, _ = check(EXAMPLE)
    assert catalog is not None
    site = project(catalog, today)
    assert [call.id for call in site.calls] == open_ids
    assert set(tombstones) <= {t.id for t in site.tombstones}
    docs = render_docs(site, TEMPLATES)
    rss = ET.fromstring(docs["appels/feed.xml"]).findall("./channel/item")
    assert [item.findtext("guid") for item in rss] == [
        f"https://tandem.example.org/appels/{i}/" for i in open_ids]
    assert [item["id"] for item in json.loads(docs["appels/appels.json"])["items"]] == open_ids
    listed = {i for group in site.by_theme for i in (c.id for c in group.calls)}
    assert listed == set(open_ids)
    for call_id in tombstones:
        assert "Cet appel est clos" in docs[f"appels/{call_id}.md"]
        assert f"({call_id}.md)" not in docs["appels/index.md"]
        assert f"appels/{call_id}.md" not in docs["index.md"]


# --------------------------------------------------------------------------- calls by theme


def test_each_theme_page_lists_exactly_its_open_calls() -> None:
    catalog, _ = check(EXAMPLE)
    assert catalog is not None
    site = project(catalog, dt.date.fromisoformat(TODAY))
    docs = render_docs(site, TEMPLATES)
    for theme in site.themes:
        page = docs[theme_page(theme.id)]
        expected = [c.id for c in site.calls if theme in c.themes]
        assert re.findall(r'<h3><a href="\.\./(\d{4}-\d{3})/">', page) == expected, theme.id
        assert f"]({theme.id}/index.md)" in docs["appels/index.md"]
        if not expected:
            assert "Aucun appel n’est ouvert sur ce thème" in page
            assert "[Proposez-la](../../proposer.md)" in page
    # Each call's theme labels lead to the theme's page.
    call = site.calls[0]
    for theme in call.themes:
        assert f"]({theme.id}/index.md)" in docs[f"appels/{call.id}.md"]


@pytest.mark.parametrize(("theme", "reserved"), [
    ("2026-001", True), ("1999-999", True), ("projets-europeens", False), ("2026", False),
    ("2026-0001", False), ("index", False), ("2026-b01", False)])
def test_a_theme_id_shaped_like_a_call_id_is_reserved(theme: str, reserved: bool) -> None:
    assert reserved_theme(theme) is reserved


def test_check_refuses_a_theme_that_would_take_a_calls_url(tmp_path: Path) -> None:
    programme = (MINI / "programme.yml").read_text(encoding="utf-8")
    content = make_content(tmp_path, {"programme.yml": programme.replace(
        "  gestion-equipe: Gestion d'équipe\n",
        "  gestion-equipe: Gestion d'équipe\n  2026-001: Un thème mal nommé\n")})
    result = invoke("check", "--content", str(content))
    assert result.exit_code == 1
    shown = relative(content / "programme.yml")
    assert result.output.splitlines()[0] == (
        f"{shown}:16: le thème «\u00a02026-001\u00a0» a la forme d’un identifiant d’appel\u00a0: "
        "sa page prendrait l’adresse de cet appel, choisissez un autre identifiant")


# --------------------------------------------------------------------------- --today


@pytest.mark.parametrize(("command", "value", "message"), [
    ("build", "2026-13-01", "«\u00a02026-13-01\u00a0» n’est pas une date au format AAAA-MM-JJ"),
    ("build", "demain", "«\u00a0demain\u00a0» n’est pas une date au format AAAA-MM-JJ"),
    ("build", "2026-1-5", "«\u00a02026-1-5\u00a0» n’est pas une date au format AAAA-MM-JJ"),
    ("serve", "2026-02-30", "«\u00a02026-02-30\u00a0» n’est pas une date au format AAAA-MM-JJ"),
])
def test_today_must_be_a_date(tmp_path: Path, command: str, value: str, message: str) -> None:
    args = ["--site-dir", str(tmp_path / "site")] if command == "build" else ["--port", "1"]
    result = invoke(command, "--content", str(MINI), *args, "--today", value)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_build_for_a_day_counts_only_the_calls_open_that_day(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    site = tmp_path / "site"
    before = invoke("build", "--content", str(content), "--site-dir", str(site),
                    "--today", "2099-06-30")
    assert before.exit_code == 0, before.output
    assert " dont 1 appel ouvert, " in before.output
    after = invoke("build", "--content", str(content), "--site-dir", str(site),
                   "--today", "2099-07-01")
    assert after.exit_code == 0, after.output
    assert " dont 0 appel ouvert, " in after.output
    page = (site / "appels" / "2026-001" / "index.html").read_text(encoding="utf-8")
    assert "Cet appel est clos" in page and "cellule de veille" not in page
    assert "2026-001" not in (site / "appels" / "feed.xml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- built pages


def visible_text(tree: HTMLParser) -> str:
    """What a reader sees: the body's text without code, scripts and styles."""
    body = tree.body
    if body is None:
        return ""
    for node in body.css("code, pre, script, style, template"):
        node.decompose()
    return body.text(separator="")


def test_every_built_page_uses_french_typography(example_site: Path) -> None:
    problems = {}
    for path in html_pages(example_site):
        tree = parsed(path)
        title = tree.css_first("title")
        texts = [title.text() if title else "", visible_text(tree)]
        texts += [node.attributes.get(a) or "" for node in tree.css("[aria-label], [title]")
                  for a in ("aria-label", "title")]
        found = [p for text in texts for p in typographic_problems(text)]
        if found:
            problems[str(path.relative_to(example_site))] = found
    assert not problems, problems


@pytest.mark.parametrize(("page", "title"), [
    ("appels/index.html", "Appels ouverts – TANDEM"),
    ("appels/projets-europeens/index.html", "Appels ouverts\u00a0: Projets européens – TANDEM"),
    ("appels/2026-006/index.html",
     "Cotisations, prestations et TVA\u00a0: sécuriser le régime fiscal du cluster – TANDEM"),
    ("appels/2026-001/index.html", "Appel clos – TANDEM"),
    ("404.html", "TANDEM"),
])
def test_page_titles(example_site: Path, page: str, title: str) -> None:
    node = parsed(example_site / page).css_first("title")
    assert node is not None and node.text() == title


def test_every_page_links_the_feeds(example_site: Path) -> None:
    rss = json_feed = 0
    for path in html_pages(example_site):
        links = {(n.attributes.get("type"), n.attributes.get("href"))
                 for n in parsed(path).css('link[rel="alternate"]')}
        types = {kind for kind, _ in links}
        assert {"application/rss+xml", "application/feed+json"} <= types, path
        for kind, href in links:  # the 404 page links from the root: it is served anywhere
            start = example_site if (href or "").startswith("/") else path.parent
            target = (start / (href or "").lstrip("/")).resolve()
            assert target.is_file(), (path, href)
            rss += kind == "application/rss+xml"
            json_feed += kind == "application/feed+json"
    assert rss == json_feed > 30
    # Material fetches sitemap.xml beside each alternate link: it is there, and empty.
    sitemap = ET.parse(example_site / "appels" / "sitemap.xml").getroot()
    assert sitemap.tag.endswith("urlset") and len(sitemap) == 0


def test_rss_says_where_it_lives(example_site: Path) -> None:
    tree = ET.parse(example_site / "appels" / "feed.xml")
    atom = "{http://www.w3.org/2005/Atom}link"
    selves = [link.attrib for link in tree.getroot().iter(atom)]
    assert selves == [{"href": "https://tandem.example.org/appels/feed.xml", "rel": "self"}]
    assert tree.findtext("./channel/link") == "https://tandem.example.org/appels/"


def test_the_participer_page_links_the_feeds(example_site: Path) -> None:
    hrefs = [a.attributes.get("href") for a in
             parsed(example_site / "participer" / "index.html").css("article a")]
    assert "../appels/feed.xml" in hrefs and "../appels/appels.json" in hrefs


def _search_docs(site: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs


def test_search_index_holds_each_call_once(example_site: Path) -> None:
    """Not again through the home page, the calls page or the theme pages (the yearly
    review names the subjects of the year: that is another page's content)."""
    docs = [d for d in _search_docs(example_site) if not d["location"].startswith("bilans/")]
    catalog, _ = check(EXAMPLE)
    assert catalog is not None
    titles = {c.id: c.title for c in project(catalog, dt.date.fromisoformat(TODAY)).calls}
    for call_id, title in titles.items():
        found = [d["location"] for d in docs if call_id in d["text"] or title in d["title"]
                 or title in d["text"]]
        assert found == [f"appels/{call_id}/"], (call_id, found)


def test_search_index_and_sitemap_have_no_tombstone(example_site: Path) -> None:
    tombstones = [p.parent.name for p in (example_site / "appels").glob("*/index.html")
                  if "Cet appel est clos" in p.read_text(encoding="utf-8")]
    assert "2026-001" in tombstones and "2025-002" in tombstones
    locations = {d["location"].split("#")[0] for d in _search_docs(example_site)}
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    for call_id in tombstones:
        assert f"appels/{call_id}/" not in locations
        assert f"/appels/{call_id}/<" not in sitemap
    assert "/appels/2026-005/<" in sitemap and "/appels/projets-europeens/<" in sitemap


def test_search_finds_a_call_by_its_id(example_site: Path) -> None:
    """Material's query side cuts « 2026-005 » at its hyphen whatever the configuration says;
    the index cuts the same way, and each call page carries its id as a search tag (the
    most weighted field): only that page matches both halves, in its tags."""
    index = json.loads((example_site / "search" / "search_index.json").read_text(
        encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    assert separator.split("2026-005") == ["2026", "005"]
    assert separator.split("l’équipe d'Anne-Sophie") == ["l", "équipe", "d", "Anne", "Sophie"]
    tagged = {d["location"].split("#")[0]: d["tags"] for d in index["docs"] if d.get("tags")}
    assert tagged == {f"appels/{call_id}/": [call_id] for call_id in EXAMPLE_OPEN}


def test_tombstone_looks_like_the_site_and_carries_only_its_id(example_site: Path) -> None:
    page = example_site / "appels" / "2026-001" / "index.html"
    tree = parsed(page)
    stylesheets = [n.attributes.get("href") or "" for n in tree.css('link[rel="stylesheet"]')]
    assert any(re.search(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css$", s) for s in stylesheets)
    body = tree.body
    assert body is not None and body.attributes.get("data-md-color-primary") == "indigo"
    header = tree.css_first("header.md-header")
    assert header is not None and "TANDEM" in header.text()
    hrefs = [posixpath.normpath(a.attributes.get("href") or "")
             for a in tree.css("article a:not(.headerlink)")]
    assert hrefs == ["..", "../.."]  # the open calls, the home page
    assert not tree.css("script[src], nav.md-nav, .md-search")
    text = page.read_text(encoding="utf-8")
    assert "2026-001" in text
    for private in ("effet réseau", "Communauté", "offre-de-services", "2 février 2026"):
        assert private not in text, private
    assert len(text) < 12_000


def test_home_shows_the_latest_calls_before_the_programme(example_site: Path) -> None:
    article = parsed(example_site / "index.html").css_first("article")
    assert article is not None
    html = article.html or ""
    latest = html.index('class="tandem-latest"')
    assert html.index("<h1") < latest < html.index("Animer un cluster")
    assert "Voir les 5 appels ouverts" in html


def test_calls_page_offers_the_filter_only_with_its_script(example_site: Path) -> None:
    tree = parsed(example_site / "appels" / "index.html")
    form = tree.css_first("form.tandem-filter")
    assert form is not None and "hidden" in form.attributes
    assert [n.attributes.get("data-id") for n in tree.css(".tandem-call")] == EXAMPLE_OPEN
    scripts = [n.attributes.get("src") for n in tree.css("script[src]")]
    assert "../assets/javascripts/tandem-filter.js" in scripts
    assert (example_site / "assets" / "javascripts" / "tandem-filter.js").is_file()
    other = parsed(example_site / "appels" / "2026-005" / "index.html")
    assert "tandem-filter.js" not in (other.html or "")


def test_navigation_stays_small(example_site: Path) -> None:
    """Theme pages are reached from the calls page, never from the sidebar."""
    nav = parsed(example_site / "appels" / "projets-europeens" / "index.html").css(
        ".md-nav--primary a.md-nav__link")
    assert nav and not [a for a in nav if "/appels/" in (a.attributes.get("href") or "")
                        and a.text(strip=True) != "Appels ouverts"]


@pytest.mark.parametrize(("markdown", "expected"), [
    ("## Combien de temps\u202f?", "## Combien de temps&#8239;?"),
    ("# Appels ouverts\u00a0: Europe", "# Appels ouverts&nbsp;: Europe"),
    ("Pourquoi\u00a0?\n=====", "Pourquoi&nbsp;?\n====="),
    ("Texte\u00a0: suite", "Texte\u00a0: suite"),
    ("```\n# commentaire\u00a0: code\n```", "```\n# commentaire\u00a0: code\n```"),
    ("---\ntitle: \"A\u00a0: B\"\n---\n# A\u00a0: B", "---\ntitle: \"A\u00a0: B\"\n---\n# A&nbsp;: B"),
], ids=["atx", "atx-colon", "setext", "paragraph", "fenced", "front-matter"])
def test_headings_keep_their_no_break_spaces_for_the_table_of_contents(
        markdown: str, expected: str) -> None:
    from generator.render import headings_with_entities

    assert headings_with_entities(markdown) == expected
