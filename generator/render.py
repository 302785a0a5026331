"""Stage 4: the public docs tree, rendered with Jinja2 from `site_templates/pages/`.

Templates receive only the public `Site` view. The result is a mapping of
relative paths to Markdown, and the explicit navigation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from generator import feeds, routes
from generator.escape import html_text, markdown_text
from generator.french import french
from generator.views import FORMAT_LABELS, Site

NavItem = dict[str, Any]

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
#: French spacing written as entities in headings: the engine makes the table of contents of
#: a heading's text with its white space collapsed, no-break spaces included.
_HEADING_SPACES = {"\u00a0": "&nbsp;", "\u202f": "&#8239;"}


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
        return headings_with_entities(env.get_template(name).render(site=site, **context))

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


def headings_with_entities(markdown: str) -> str:
    """`markdown` with the no-break spaces of its headings (ATX `# …` and setext, outside
    code fences) written as entities, which the table of contents keeps."""
    if "\u00a0" not in markdown and "\u202f" not in markdown:
        return markdown
    lines = markdown.split("\n")
    fenced = False
    # The front matter (YAML, up to its closing `---`) is no Markdown: left as it is.
    start = lines.index("---", 1) + 1 if lines[0] == "---" and "---" in lines[1:] else 0
    for i, line in enumerate(lines[start:], start):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (line.lstrip(" ").startswith("#") or (
                line.strip() and i + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[i + 1]))):
            for space, entity in _HEADING_SPACES.items():
                line = line.replace(space, entity)
            lines[i] = line
    return "\n".join(lines)


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
