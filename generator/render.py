"""Stage 4: the public docs tree, rendered with Jinja2 from `site_templates/pages/`.

Templates receive only the public `Site` view. The result is a mapping of
relative paths to Markdown, and the explicit navigation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator import feeds
from generator.errors import french
from generator.views import Site

CALLS_DIR = "appels"
REVIEWS_DIR = "bilans"
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
    env.filters["md_escape"] = md_escape
    return env


def md_escape(text: str) -> str:
    """Text that Markdown shows as written (titles may hold * or _).

    `<` and `|` become entities: Python-Markdown has no backslash escape for them (it
    would show « \\< » or « \\| » outside a table), and `&` too, so that an entity typed
    in the text shows as typed.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    for char in "\\`*_[]{}>#":
        text = text.replace(char, "\\" + char)
    return text.replace("|", "&#124;")


def render_docs(site: Site, templates: Path) -> dict[str, str]:
    """Every page of the public site, as {relative path: Markdown}."""
    env = environment(templates)

    def page(name: str, **context: Any) -> str:
        return env.get_template(name).render(site=site, **context)

    docs = {"index.md": page("home.md.j2"), f"{CALLS_DIR}/index.md": page("calls.md.j2"),
            "proposer.md": page("propose.md.j2"), "contact.md": page("contact.md.j2")}
    for p in site.pages:
        docs[p.file] = page("page.md.j2", page=p)
    for call in site.calls:
        docs[f"{CALLS_DIR}/{call.id}.md"] = page("call.md.j2", call=call)
    for tomb in site.tombstones:
        docs[f"{CALLS_DIR}/{tomb.id}.md"] = page("tombstone.md.j2", tombstone=tomb)
    docs[f"{CALLS_DIR}/feed.xml"] = feeds.rss(site)
    docs[f"{CALLS_DIR}/appels.json"] = feeds.json_feed(site)
    docs.update(review_docs(site, page))
    return docs


def review_docs(site: Site, page: Any) -> dict[str, str]:
    """The `/bilans/` index, one page per year and its charts (SVG is text)."""
    if not site.reviews:
        return {}
    from generator.review.charts import bar_chart

    docs = {f"{REVIEWS_DIR}/index.md": page("reviews.md.j2")}
    for review in site.reviews:
        folder = f"{REVIEWS_DIR}/{review.year}"
        docs[f"{folder}/index.md"] = page("review.md.j2", review=review)
        for table in review.tables:
            if table.chart is not None:
                docs[f"{folder}/{table.chart.file}"] = bar_chart(table.chart.bars, table.unit)
    return docs


def navigation(site: Site) -> list[NavItem]:
    """The sidebar, explicitly: calls are listed on the calls page, not here."""
    return [
        {"Accueil": "index.md"},
        *({p.title: p.file} for p in site.pages),
        {"Appels ouverts": f"{CALLS_DIR}/index.md"},
        *([{"Bilans": f"{REVIEWS_DIR}/index.md"}] if site.reviews else []),
        {"Proposer une question": "proposer.md"},
        {"Contact": "contact.md"},
    ]
