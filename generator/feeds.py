"""The feeds of open calls: RSS 2.0 (`/appels/feed.xml`) and JSON Feed 1.1 (`/appels/appels.json`).

They are built from the public `Site` view only. The call text is Markdown
written by the coordinator; once turned into HTML it goes through an HTML
sanitiser with a short allowlist, so a feed reader never receives markup the
check let through by mistake.
"""

from __future__ import annotations

import datetime as dt
import json

import markdown
import nh3

from generator import routes
from generator.views import Call, Site

FEED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "a"}
FEED_ATTRIBUTES = {"a": {"href"}}
#: Beside the feeds: Material fetches a `sitemap.xml` next to every `<link rel="alternate">`
#: (language versions, for it); this one lists nothing.
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def call_url(site: Site, call: Call) -> str:
    return routes.call_url(site.site_url, call.id)


def call_html(call: Call) -> str:
    """The call text as sanitised HTML."""
    rendered = markdown.markdown(call.text, output_format="html")
    return nh3.clean(rendered, tags=FEED_TAGS, attributes=FEED_ATTRIBUTES,
                     url_schemes={"https", "http", "mailto"}, link_rel="noopener")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def rss(site: Site) -> str:
    """RSS 2.0 of the open calls, newest first; dated by the newest call (reproducible)."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.title(f"{site.name} – appels ouverts")
    # atom:link rel="self": where the feed lives, as RSS Best Practices asks. Given first:
    # feedgen makes the channel's <link> of the last link given, which must be the page.
    feed.link(href=routes.url_of(site.site_url, routes.RSS_FEED), rel="self")
    feed.link(href=routes.calls_url(site.site_url), rel="alternate")
    feed.description(f"Les questions des adhérents du programme {site.name} qui attendent "
                     "un mentor, publiées sans le nom de leur auteur.")
    feed.language("fr")
    feed.generator("tandem")
    newest = max((c.published for c in site.calls), default=dt.date(2000, 1, 1))
    feed.lastBuildDate(_midnight(newest))
    for call in reversed(site.calls):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(call_url(site, call))
        entry.guid(call_url(site, call), permalink=True)
        entry.title(f"{call.id} – {call.title}")
        entry.link(href=call_url(site, call))
        entry.description(call_html(call))
        entry.pubDate(_midnight(call.published))
        for theme in call.themes:
            entry.category(term=theme.label)
    text: str = feed.rss_str(pretty=True).decode("utf-8")
    return text


def json_feed(site: Site) -> str:
    """JSON Feed 1.1 of the open calls, with their public fields under `_tandem`."""
    items = [{
        "id": call.id,
        "url": call_url(site, call),
        "title": call.title,
        "content_html": call_html(call),
        "summary": call.excerpt,
        "date_published": _midnight(call.published).isoformat(),
        "tags": [theme.label for theme in call.themes],
        "_tandem": {"themes": [theme.id for theme in call.themes], "format": call.format,
                    "expires": call.expires.isoformat() if call.expires else None},
    } for call in site.calls]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site.name} – appels ouverts",
        "home_page_url": routes.calls_url(site.site_url),
        "feed_url": routes.url_of(site.site_url, routes.JSON_FEED),
        "language": "fr",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
