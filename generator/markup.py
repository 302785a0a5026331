"""Public Markdown as the site will show it: rendered like the site engine, then read back.

`tandem check` looks for private values in what a visitor will *read*, not in
what the coordinator typed: a name split by emphasis (`Jean**ne**`), written
with entities (`J&eacute;r&ocirc;me`), cut by a line break or hidden in a link
address is found at commit time, as the audit of the built site would find it.
The Markdown extensions are those of the site's `mkdocs.yml` (plus the ones
MkDocs always adds), so the check renders what the build renders.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown
import yaml

#: The extensions MkDocs always loads before those of `mkdocs.yml`.
ENGINE_EXTENSIONS = ("toc", "tables", "fenced_code")
CONFIG_FILE = Path("mkdocs.yml")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: Elements a browser draws inside a line: their text joins the text around them.
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                    "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
                    "sup", "time", "u", "var", "wbr"})
#: Attributes whose value a visitor, a search engine or a screen reader gets.
SHOWN_ATTRIBUTES = frozenset({"href", "src", "title", "alt", "content", "aria-label", "srcset",
                              "poster", "action", "data", "value", "label", "placeholder"})


def _extensions(config_file: Path) -> tuple[list[Any], dict[str, Any]]:
    """(extensions, their settings) as MkDocs would load them from `config_file`."""
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = {}
    names: list[Any] = list(ENGINE_EXTENSIONS)
    settings: dict[str, Any] = {}
    for item in config.get("markdown_extensions") or [] if isinstance(config, dict) else []:
        name, options = next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
        if isinstance(name, str) and name not in names:
            names.append(name)
        if isinstance(name, str) and isinstance(options, dict):
            settings[name] = options
    return names, settings


@functools.lru_cache(maxsize=4)
def _renderer(config_file: Path) -> markdown.Markdown:
    names, settings = _extensions(config_file)
    try:
        return markdown.Markdown(extensions=names, extension_configs=settings)
    except Exception:  # an extension that cannot load: the build will say which
        return markdown.Markdown(extensions=list(ENGINE_EXTENSIONS))


def render(text: str, config_file: Path = CONFIG_FILE) -> str:
    """The HTML the site engine makes of the Markdown `text`."""
    return render_with_raw_html(text, config_file)[0]


Rendered = tuple[str, tuple[str, ...]]
#: What each text rendered to, by (configuration file, text): a check renders the same calls
#: and pages again and again, and the read cache keeps this from one run to the next.
RENDERED: dict[tuple[str, str], Rendered] = {}
RENDERED_USED: set[tuple[str, str]] = set()


def render_with_raw_html(text: str, config_file: Path = CONFIG_FILE) -> Rendered:
    """The HTML of the Markdown `text`, and the raw HTML written in it (which Markdown
    passes through as it is); entities (`&eacute;`) are not raw HTML."""
    key = (str(config_file.absolute()), text)
    RENDERED_USED.add(key)
    found = RENDERED.get(key)
    if found is None:
        found = RENDERED[key] = _render(text, config_file)
    return found


def config_fingerprint(config_file: Path = CONFIG_FILE) -> bytes:
    """What rendering depends on besides the text: this code, the Markdown version and the
    configuration's extensions."""
    names, settings = _extensions(config_file.absolute())
    return "\x1f".join([Path(__file__).read_text(encoding="utf-8"), markdown.__version__,
                        repr(names), repr(sorted(settings.items(), key=repr))]).encode()


def _render(text: str, config_file: Path) -> Rendered:
    engine = _renderer(config_file.absolute())
    try:
        html = str(engine.reset().convert(text))
    except Exception:  # Markdown extensions may fail on odd input: check the text as written
        return text, ()
    raw = tuple(str(block).strip() or "<div markdown>" for block in engine.htmlStash.rawHtmlBlocks
                if not (isinstance(block, str) and _ENTITY.fullmatch(block)))
    return html, raw


class _Reader(HTMLParser):
    """The text a visitor reads, and the attribute values that reach them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []
        self.in_permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in INLINE:
            self.parts.append("\n")
        for name, value in attrs:
            if value and name in SHOWN_ATTRIBUTES:
                self.attributes.append(value)
                if "%" in value:  # an address as the browser decodes it: %4A is J
                    self.attributes.append(unquote(value, errors="replace"))
        # The table of contents' « ¶ » after each heading: not part of the text.
        self.in_permalink = tag == "a" and ("class", "headerlink") in attrs

    def handle_endtag(self, tag: str) -> None:
        self.in_permalink = False
        if tag not in INLINE:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.in_permalink:
            self.parts.append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html: str) -> str:
    """The text of `html` as a browser shows it (blocks on their own lines)."""
    return "".join(_read(html).parts)


def shown_text(html: str) -> str:
    """What of `html` reaches people: its visible text, then its attribute values."""
    reader = _read(html)
    return "".join(reader.parts) + "\n" + "\n".join(reader.attributes)
