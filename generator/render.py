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
from generator.escape import html_text, markdown_text
from generator.views import Site

CALLS_DIR = "appels"
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
    return env


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
    return docs


def navigation(site: Site) -> list[NavItem]:
    """The sidebar, explicitly: calls are listed on the calls page, not here."""
    return [
        {"Accueil": "index.md"},
        *({html_text(p.title): p.file} for p in site.pages),
        {"Appels ouverts": f"{CALLS_DIR}/index.md"},
        {"Proposer une question": "proposer.md"},
        {"Contact": "contact.md"},
    ]
