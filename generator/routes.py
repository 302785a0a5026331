"""Every URL the site generates, in one table: pages, folders and feeds.

The docs tree's file names (and so the public URLs, `use_directory_urls`) come
from here and nowhere else. A programme page may not take a name that one of
them, or the site engine, already uses: `reserved_page` says which.
Public URLs are built from public ids only, never from a source file's name.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.models import REQUEST_ID

HOME = "index.md"
CALLS_DIR = "appels"
CALLS = f"{CALLS_DIR}/index.md"
PROPOSE = "proposer.md"
CONTACT = "contact.md"
RSS_FEED = f"{CALLS_DIR}/feed.xml"
JSON_FEED = f"{CALLS_DIR}/appels.json"
#: Material fetches `sitemap.xml` beside every `<link rel="alternate">` of a page (it reads
#: them as language versions): an empty one beside the feeds answers it without a 404.
FEEDS_SITEMAP = f"{CALLS_DIR}/sitemap.xml"
REVIEWS_DIR = "bilans"
REVIEWS_INDEX = f"{REVIEWS_DIR}/index.md"

#: Generated pages and folders at the site's root, by the name they take there.
GENERATED = {HOME, CALLS_DIR, PROPOSE, CONTACT, REVIEWS_DIR}
#: What the site engine writes at the root: the search index, the sitemap, the theme's
#: assets, the "page not found" page.
ENGINE = {"search", "sitemap", "assets", "404"}


def call_page(call_id: str) -> str:
    """The docs-tree file of a call (open, or closed: its tombstone)."""
    return f"{CALLS_DIR}/{call_id}.md"


def theme_page(theme_id: str) -> str:
    """The docs-tree file of a theme's list of open calls."""
    return f"{CALLS_DIR}/{theme_id}/index.md"


def reserved_theme(theme_id: str) -> bool:
    """Whether a theme id would take the URL of a call's page: a call's page,
    `appels/2026-005.md`, and a theme's, `appels/<theme>/index.md`, share the folder."""
    return REQUEST_ID.fullmatch(theme_id) is not None


def review_page(year: int) -> str:
    """The docs-tree file of a yearly review."""
    return f"{REVIEWS_DIR}/{year}/index.md"


def call_url(site_url: str, call_id: str) -> str:
    """The public URL of a call's page."""
    return f"{site_url}{CALLS_DIR}/{call_id}/"


def calls_url(site_url: str) -> str:
    return f"{site_url}{CALLS_DIR}/"


def url_of(site_url: str, docs_file: str) -> str:
    """The public URL of a docs-tree file (`appels/feed.xml`, `proposer.md`…)."""
    if not docs_file.endswith(".md"):
        return f"{site_url}{docs_file}"
    path = PurePosixPath(docs_file).with_suffix("")
    if path.name == "index":
        path = path.parent
    return site_url if str(path) == "." else f"{site_url}{path}/"


def reserved_page(file_name: str) -> bool:
    """Whether a programme page named `file_name` (`appels.md`) would take the URL of a
    generated page or folder, or of the engine's own files."""
    stem = PurePosixPath(file_name).stem.lower()
    return file_name.lower() in GENERATED or stem in GENERATED or stem in ENGINE \
        or stem == PurePosixPath(HOME).stem
