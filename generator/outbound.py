"""Stage 6b: the built site loads nothing from another site (SPEC §5).

Visitors' privacy is part of the promise: no web font, image, style or script
from a third party. The browser tests prove it for the theme and the example
content; this scan proves it for every build, whatever the content, by asking
`weblinks` what each page, style and image would make a browser fetch by itself
(`src`, `srcset`, `<link>` that loads, SVG `href`, CSS `url()` / `@import`, a
`<meta>` refresh, a `<base>`…) and keeping what goes to another host. A link
people click (`<a href>`) is not a request of the site and stays allowed.

Some requests are made by the theme's scripts, which the scan cannot see:
`theme_option_problems` refuses the Material options that cause them before
the site is built.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from generator.audit import read_site_file, site_files
from generator.french import french
from generator.weblinks import BASE, LOAD, REDIRECT, SCRIPT, Effect, WebURL, css_urls, parse_url, scan_html

SCANNED_SUFFIXES = {".html", ".htm", ".svg", ".css"}


@dataclass(frozen=True)
class OutboundHit:
    """One reference to another site in one file of the built site."""

    file: str
    address: str

    def render(self) -> str:
        return french(f"{self.file} : ferait charger « {self.address} », une adresse d’un autre "
                      f"site : le site public ne charge rien d’ailleurs")


def site_host(site_url: str | None) -> tuple[str, str]:
    """(host, scheme) of the site's own address, ('', '') when it has none."""
    if not site_url:
        return "", ""
    url = parse_url(site_url)
    return url.host, url.scheme


def _fetches(effect: Effect) -> bool:
    """The browser requests the address by itself (a script's `src` included)."""
    return effect.kind in (LOAD, REDIRECT, BASE) or (effect.kind == SCRIPT and effect.tag == "script")


def scan_outbound(text: str, suffix: str, own_host: str, base_scheme: str = "") -> list[str]:
    """The addresses of other sites that `text` (a page, style or image) would load."""
    if suffix == ".css":
        urls = [parse_url(address, base_scheme) for address in css_urls(text)]
    else:
        urls = [effect.url for effect in scan_html(text, base_scheme)
                if effect.url is not None and _fetches(effect)]
    return list(dict.fromkeys(url.raw for url in urls if _elsewhere(url, own_host)))


def _elsewhere(url: WebURL, own_host: str) -> bool:
    return bool(url.host) and not url.is_local(own_host)


@functools.cache
def theme_assets() -> frozenset[str]:
    """Digests of the theme's own style sheets: a site file identical to one is not
    tokenised again (Material's main style sheet alone takes a fifth of a second)."""
    folder = Path(str(resources.files("material"))) / "templates" / "assets" / "stylesheets"
    return frozenset(hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.rglob("*.css"))


def outbound_tree(site_dir: Path, site_url: str | None) -> list[OutboundHit]:
    """Every reference to another site in the pages, styles and images under `site_dir`."""
    own_host, scheme = site_host(site_url)
    hits = []
    for name, path in site_files(site_dir):
        suffix = path.suffix.lower()
        if suffix not in SCANNED_SUFFIXES:
            continue
        data = read_site_file(site_dir, name, path)
        if suffix == ".css" and hashlib.sha256(data).hexdigest() in theme_assets():
            continue
        text = data.decode("utf-8", errors="replace")
        hits += [OutboundHit(f"{site_dir.name}/{name}", address)
                 for address in scan_outbound(text, suffix, own_host, scheme)]
    return hits


# --------------------------------------------------------------------------- theme options

def theme_option_problems(config: dict[str, Any]) -> list[str]:
    """French messages for the Material / MkDocs options that make pages call another host."""
    return list(_option_problems(config))


def _option(name: str, does: str) -> str:
    return f"mkdocs.yml : l’option « {name} » {does} ; retirez-la"


def _address(entry: object) -> str:
    """The address of an `extra_javascript` / `extra_css` entry (a text or a `path:` mapping)."""
    text = entry.get("path") if isinstance(entry, dict) else entry
    return text if isinstance(text, str) else ""


def _remote(entry: object) -> bool:
    url = parse_url(_address(entry))
    return bool(url.host or url.scheme)


def _option_problems(config: dict[str, Any]) -> Iterator[str]:
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    if config.get("repo_url"):
        yield _option("repo_url", "ferait interroger l’API de github.com ou gitlab.com par chaque page "
                      "(étoiles, versions du dépôt)")
    if theme.get("font", None) is not False:  # type: ignore[union-attr]
        yield ("mkdocs.yml : l’option « theme.font » doit valoir false : sinon chaque page "
               "charge ses polices chez Google Fonts")
    if extra.get("analytics"):  # type: ignore[union-attr]
        yield _option("extra.analytics", "ferait charger un outil de mesure d’audience d’un autre site")
    if extra.get("consent"):  # type: ignore[union-attr]
        yield _option("extra.consent", "ne sert qu’à des services d’autres sites (cookies, mesure "
                      "d’audience), que le site public n’a pas")
    for option in ("extra_javascript", "extra_css"):
        remote = [_address(entry) for entry in config.get(option) or [] if _remote(entry)]
        if remote:
            yield _option(option, f"ferait charger {', '.join(remote)} d’un autre site")
    for option in ("logo", "favicon"):
        if _remote(theme.get(option)):  # type: ignore[union-attr]
            yield _option(f"theme.{option}", "ferait charger une image d’un autre site")
    yield from _extension_problems(config.get("markdown_extensions") or [])


def _extension_problems(extensions: object) -> Iterator[str]:
    """Extensions whose output the theme's scripts complete from another site."""
    settings: dict[str, Any] = {}
    for entry in extensions if isinstance(extensions, list) else []:
        settings.update(entry if isinstance(entry, dict) else {str(entry): {}})
    fences = (settings.get("pymdownx.superfences") or {}).get("custom_fences") or []
    if any(isinstance(fence, dict) and "mermaid" in str(fence.get("class", "")) for fence in fences):
        yield _option("pymdownx.superfences (custom_fences mermaid)",
                      "ferait charger la bibliothèque mermaid chez unpkg.com")
    if "pymdownx.emoji" in settings and "to_svg" not in str(
            (settings["pymdownx.emoji"] or {}).get("emoji_generator", "")):
        yield _option("pymdownx.emoji", "ferait charger les émojis d’un autre site, sauf avec "
                      "« emoji_generator: !!python/name:material.extensions.emoji.to_svg »")
