"""Stage 4: the public docs tree, rendered with Jinja2 from `site_templates/pages/`.

Templates receive only the public `Site` view. The result is a mapping of
relative paths to Markdown, and the explicit navigation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator import feeds, routes
from generator.escape import html_text, markdown_text
from generator.french import french
from generator.views import FORMAT_LABELS, Site

NavItem = dict[str, Any]


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(["html"], default_for_string=False),
    )
    env.filters["french"] = french
    env.filters["md"] = markdown_text
    env.filters["html"] = html_text
    env.globals["formats"] = FORMAT_LABELS
    return env


def render_docs(site: Site, templates: Path) -> dict[str, str]:
    """Every page of the public site, as {relative path: Markdown}."""
    env = environment(templates)

    def page(name: str, **context: Any) -> str:
        return env.get_template(name).render(site=site, **context)

    docs = {routes.HOME: page("home.md.j2"), routes.CALLS: page("calls.md.j2"),
            routes.PROPOSE: page("propose.md.j2"), routes.CONTACT: page("contact.md.j2")}
    for p in site.pages:
        docs[p.file] = page("page.md.j2", page=p)
    for call in site.calls:
        docs[routes.call_page(call.id)] = page("call.md.j2", call=call)
    for tomb in site.tombstones:
        docs[routes.call_page(tomb.id)] = page("tombstone.md.j2", tombstone=tomb)
    for group in site.by_theme:  # a call is on the page of each of its themes: linear
        docs[routes.theme_page(group.theme.id)] = page("theme.md.j2", group=group)
    docs[routes.RSS_FEED] = feeds.rss(site)
    docs[routes.JSON_FEED] = feeds.json_feed(site)
    docs[routes.FEEDS_SITEMAP] = feeds.EMPTY_SITEMAP
    docs.update(review_docs(site, page))
    return docs


def review_docs(site: Site, page: Any) -> dict[str, str]:
    """The `/bilans/` index, one page per year and its charts (SVG is text)."""
    if not site.reviews:
        return {}
    from generator.review.charts import bar_chart

    docs = {routes.REVIEWS_INDEX: page("reviews.md.j2")}
    for review in site.reviews:
        folder = f"{routes.REVIEWS_DIR}/{review.year}"
        docs[routes.review_page(review.year)] = page("review.md.j2", review=review)
        for table in review.tables:
            if table.chart is not None:
                docs[f"{folder}/{table.chart.file}"] = bar_chart(table.chart.bars, table.unit)
    return docs


def navigation(site: Site) -> list[NavItem]:
    """The sidebar, explicitly: calls (and their themes) are listed on the calls page, not
    here. Labels are shown as the engine's templates write them: unescaped."""
    return [
        {"Accueil": routes.HOME},
        *({html_text(french(p.title)): p.file} for p in site.pages),
        {"Appels ouverts": routes.CALLS},
        *([{"Bilans": routes.REVIEWS_INDEX}] if site.reviews else []),
        {"Proposer une question": routes.PROPOSE},
        {"Contact": routes.CONTACT},
    ]
