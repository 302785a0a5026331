"""What a web page makes a browser do: the one owner of "is this a link, a load, a script".

Public text and built pages are judged as the browser reads them, never as
their source looks:

- HTML is parsed by lexbor (through selectolax), an implementation of the
  WHATWG parsing rules: entities (`&#x6A;avascript:`, `&#106`, `&Tab;`),
  broken comments (`<!-->`), end tags with attributes (`</script x>`), tags
  breaking out of `<svg><style>`… come out as a browser builds them. Python's
  own `html.parser` (3.11) misreads all of these, so it is not used.
- Addresses are parsed with the WHATWG URL rules that matter for safety
  (`parse_url`): controls and spaces stripped, tabs and newlines removed
  anywhere, backslash as slash, `//host`, `https:\\\\host`, user info before
  `@`, percent-decoded and IDNA-mapped hosts.
- CSS (`style` attributes, `<style>`, `.css` files) is tokenised by tinycss2,
  escapes included (`u\\72l(`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

import idna
import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode

Kind = Literal["load", "link", "submit", "redirect", "base", "script"]
#: A page fetches it by itself.
LOAD: Kind = "load"
#: People follow it by clicking (`<a href>`).
LINK: Kind = "link"
#: A form sends what people typed to it.
SUBMIT: Kind = "submit"
#: The page goes there by itself (`<meta http-equiv=refresh>`).
REDIRECT: Kind = "redirect"
#: Every relative address of the page points there (`<base href>`).
BASE: Kind = "base"
#: Runs a script: `<script>`, `on…` handlers, `javascript:` and `vbscript:` addresses.
SCRIPT: Kind = "script"

#: WHATWG "special" schemes: backslash is a slash, the host is parsed as a domain.
SPECIAL_SCHEMES = {"ftp", "file", "http", "https", "ws", "wss"}
SCRIPT_SCHEMES = {"javascript", "vbscript"}
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
#: Backslash counts as a slash in special and relative addresses.
_TWO_SLASHES = {"//", "\\\\", "/\\", "\\/"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class WebURL:
    """An address as the browser resolves it against one of the site's pages.

    `scheme` is '' when the address is relative to the page (even `https:x` on
    an https page); `host` is '' when the address has no host of its own.
    """

    raw: str
    scheme: str
    host: str

    def is_local(self, own_host: str) -> bool:
        """Relative to the page, or on the site's own host (`own_host`, '' if unknown)."""
        if self.host:
            return self.host == own_host and self.scheme in ("", "http", "https")
        return self.scheme == ""


def parse_url(raw: str, base_scheme: str = "") -> WebURL:
    """`raw` (entities already decoded) as a browser parses it on a `base_scheme` page.

    With `base_scheme` unknown (''), `https:host` counts as a host (what a browser
    does on a page of another scheme): the stricter reading.
    """
    text = raw.strip(_C0_AND_SPACE).translate(_TAB_NEWLINE)
    written = _SCHEME.match(text)
    scheme = written.group(1).lower() if written else ""
    rest = text[written.end():] if written else text
    if scheme and scheme == base_scheme and scheme in SPECIAL_SCHEMES:
        # "special relative or authority state": relative to the page unless two slashes follow
        has_authority = rest[:2] in _TWO_SLASHES
        scheme = scheme if has_authority else ""
    elif not scheme or scheme == "file":
        has_authority = rest[:2] in _TWO_SLASHES
    elif scheme in SPECIAL_SCHEMES:
        has_authority = True  # "special authority slashes state": https:host, https:\\host
    else:
        has_authority = rest.startswith("//")
    if not has_authority:
        return WebURL(raw.strip(), scheme, "")
    special = not scheme or scheme in SPECIAL_SCHEMES
    return WebURL(raw.strip(), scheme, _host(rest, scheme, special))


def _host(rest: str, scheme: str, special: bool) -> str:
    """The normalised host of the authority at the start of `rest` (after its slashes)."""
    authority = rest.lstrip("/\\") if special and scheme != "file" else rest[2:]
    ends = "/?#\\" if special else "/?#"
    end = min((i for i in map(authority.find, ends) if i >= 0), default=len(authority))
    host = authority[:end].rpartition("@")[2]
    host = host[: host.index("]") + 1] if host.startswith("[") and "]" in host else host.partition(":")[0]
    return _domain(unquote(host, errors="replace")) if special else host.lower()


def _domain(host: str) -> str:
    """The host in the ASCII form a browser looks up (UTS 46 mapping, IDNA)."""
    if host.isascii():
        return host.lower()
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return host.lower()  # a browser refuses the address: it loads nothing


@dataclass(frozen=True)
class Effect:
    """One thing a page makes a browser do: `kind` with `url` (None for inline scripts)."""

    kind: Kind
    tag: str
    attribute: str
    url: WebURL | None


#: Attributes whose address is fetched by the page itself, on any element.
_LOADING = {"src", "poster", "background", "ping", "lowsrc", "dynsrc", "manifest", "codebase"}
_LIST_LOADING = {"srcset", "imagesrcset"}
#: `(tag, attribute)` pairs that load besides those.
_LOADING_ON = {("object", "data"), ("object", "archive"), ("applet", "archive")}
_SUBMITTING = {"action", "formaction"}
_HREFS = {"href", "xlink:href"}
_LINK_TAGS = {"a", "area"}
#: SVG animations can set an `href` to any of these values.
_ANIMATION_TAGS = {"set", "animate"}
_ANIMATION_VALUES = {"to", "from", "values", "by"}
#: The attributes worth a look (besides `on…` handlers): most are `class`, `id`, `aria-…`.
_ACTIVE = (_LOADING | _LIST_LOADING | _SUBMITTING | _HREFS | _ANIMATION_VALUES
           | {attribute for _, attribute in _LOADING_ON} | {"style", "srcdoc", "content"})
#: `<link rel=…>` kinds that load nothing by themselves; any other kind may.
QUIET_RELS = {"alternate", "canonical", "author", "help", "license", "next", "prev", "previous",
              "search", "bookmark", "external", "nofollow", "noopener", "noreferrer", "opener",
              "tag", "me", "pingback", "privacy-policy", "terms-of-service"}


class _Scan:
    """Walks one parsed document and collects its effects."""

    def __init__(self, base_scheme: str) -> None:
        self.base_scheme = base_scheme
        self.effects: list[Effect] = []

    def add(self, kind: Kind, tag: str, attribute: str, raw: str) -> None:
        url = parse_url(raw, self.base_scheme)
        self.effects.append(Effect(SCRIPT if url.scheme in SCRIPT_SCHEMES else kind, tag, attribute, url))

    def node(self, node: LexborNode) -> None:
        tag = (node.tag or "").lower()
        attributes = node.attributes  # names come lowercased from the parser, as in a browser
        if tag == "script":
            self.effects.append(Effect(SCRIPT, tag, "", None))
        for name, value in attributes.items():
            if name in _ACTIVE or name.startswith("on"):
                self.attribute(tag, name, value or "", attributes)
        if tag == "style":
            self.css(node.text(deep=True), tag, "")
        elif tag == "template":  # its content is a separate fragment that scripts may insert
            inner = node.html or ""
            self.effects += scan_html(inner[inner.find(">") + 1: -len("</template>")], self.base_scheme)

    def attribute(self, tag: str, name: str, value: str, attributes: dict[str, str | None]) -> None:
        if name.startswith("on"):
            self.effects.append(Effect(SCRIPT, tag, name, None))
        elif name in _LOADING or (tag, name) in _LOADING_ON:
            self.add(SCRIPT if tag == "script" else LOAD, tag, name, value)
        elif name in _LIST_LOADING:
            for candidate in srcset_urls(value):
                self.add(LOAD, tag, name, candidate)
        elif name in _SUBMITTING:
            self.add(SUBMIT, tag, name, value)
        elif name in _HREFS:
            self.href(tag, name, value, attributes)
        elif name == "style":
            self.css(value, tag, name)
        elif name == "srcdoc":  # a frame's whole document
            self.effects += scan_html(value, self.base_scheme)
        elif name == "content" and (attributes.get("http-equiv") or "").strip().lower() == "refresh":
            self.add(REDIRECT, tag, name, refresh_url(value))
        elif tag in _ANIMATION_TAGS and name in _ANIMATION_VALUES:
            for part in value.split(";"):
                self.add(LOAD, tag, name, part)

    def href(self, tag: str, name: str, value: str, attributes: dict[str, str | None]) -> None:
        if tag in _LINK_TAGS:
            self.add(LINK, tag, name, value)
        elif tag == "base":
            self.add(BASE, tag, name, value)
        elif tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if not rels <= QUIET_RELS:
                self.add(LOAD, tag, name, value)
            elif parse_url(value, self.base_scheme).scheme in SCRIPT_SCHEMES:
                self.add(SCRIPT, tag, name, value)
        else:  # SVG <image>, <use>, <feImage>, <script>… fetch what they name
            self.add(SCRIPT if tag == "script" else LOAD, tag, name, value)

    def css(self, text: str, tag: str, attribute: str) -> None:
        for address in css_urls(text):
            self.add(LOAD, tag, attribute, address)


def scan_html(text: str, base_scheme: str = "") -> list[Effect]:
    """Everything the page or fragment `text` would make a browser do, in document order."""
    scan = _Scan(base_scheme)
    root = LexborHTMLParser(text).root
    if root is not None:
        for node in root.traverse():
            scan.node(node)
    return scan.effects


def srcset_urls(value: str) -> list[str]:
    """The addresses of a `srcset` list, split the way the HTML standard does."""
    urls, position, size = [], 0, len(value)
    while position < size:
        while position < size and (value[position] in ", \t\n\f\r"):
            position += 1
        start = position
        while position < size and value[position] not in " \t\n\f\r":
            position += 1
        url = value[start:position]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # descriptors run to the next comma outside parentheses
        while position < size and (value[position] != "," or depth):
            depth += {"(": 1, ")": -1}.get(value[position], 0)
            position += 1
    return urls


_REFRESH = re.compile(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?", re.IGNORECASE)


def refresh_url(content: str) -> str:
    """The address of `<meta http-equiv=refresh content="5; url='…'">` ('' to reload)."""
    rest = content[_REFRESH.match(content).end():]  # type: ignore[union-attr]
    if rest[:1] in ("'", '"'):
        rest = rest[1:].split(rest[0], 1)[0]
    return rest.strip()


#: Functions whose string arguments are addresses.
_STRING_URLS = {"url", "src", "image-set", "-webkit-image-set"}


def css_urls(text: str) -> list[str]:
    """Every address a style sheet or `style` attribute would fetch: url(), src(),
    image-set() strings and @import."""
    return list(_cached_css_urls(text))


@functools.lru_cache(maxsize=256)
def _cached_css_urls(text: str) -> tuple[str, ...]:
    """Every page of the site repeats the theme's inline style: tokenise it once."""
    return tuple(_css_urls(tinycss2.parse_component_value_list(text, skip_comments=True)))


def _css_urls(tokens: list[tinycss2.ast.Node]) -> Iterator[str]:
    imports = False
    for token in tokens:
        if token.type == "url" or (token.type == "string" and imports):
            yield token.value
        elif token.type == "function" and token.lower_name in _STRING_URLS:
            yield from (arg.value for arg in token.arguments if arg.type == "string")
        if token.type == "at-keyword":
            imports = token.lower_value == "import"
        elif token.type not in ("whitespace", "comment"):
            imports = False
        content = getattr(token, "content", None) or getattr(token, "arguments", None)
        if content:
            yield from _css_urls(content)


# --------------------------------------------------------------------------- public text

#: What Markdown and the site's extensions (tables, def_list, admonition, toc, attr_list,
#: md_in_html) produce; the parser adds html, head and body around any fragment.
MARKDOWN_TAGS = {"html", "head", "body", "p", "a", "em", "strong", "b", "i", "ul", "ol", "li",
                 "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre", "hr", "br", "img",
                 "table", "thead", "tbody", "tfoot", "tr", "th", "td", "dl", "dt", "dd", "div", "abbr",
                 "sup", "sub", "del", "ins"}
#: Attributes allowed on any of those; `class` and `style` are looked at apart.
MARKDOWN_ATTRIBUTES = {"id", "title", "href", "src", "alt", "start", "align"}
#: The classes of admonitions (`!!! note`) and of the table of contents' anchors.
_MARKDOWN_CLASSES = {("div", "admonition"), ("p", "admonition-title"), ("a", "headerlink")}
#: The only style Markdown writes: the alignment of a table column.
_TABLE_ALIGN = re.compile(r"text-align: (?:left|right|center);")
#: Embeddings, overrides and isolates reorder what is shown (the "Trojan Source" attack);
#: the marks (LRM, RLM, ALM) only nudge punctuation, but French public text has no use for
#: any of them and they are invisible: all are refused.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: '' is a relative link, or `//host`, which keeps the page's https.
LINK_SCHEMES = {"", "https", "mailto"}
_DATA_IN_TEXT = re.compile(r"\bdata:\s*(?:[a-z-]+/|[,;])", re.IGNORECASE)


def public_html_problems(html_text: str, own_host: str = "") -> list[str]:
    """French messages, one per kind of problem, for the HTML rendered from public Markdown."""
    root = LexborHTMLParser(html_text).root
    nodes = list(root.traverse()) if root is not None else []
    effects = scan_html(html_text)
    return [message for message in (
        _bidi(html_text), _tags(nodes), _attributes(nodes), _scripts(effects), _data(effects, nodes),
        _resources(effects, own_host), _links(effects)) if message]


def _listed(items: list[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def _bidi(html_text: str) -> str:
    found = BIDI_CONTROLS.findall(html_text) + BIDI_CONTROLS.findall(html.unescape(html_text))
    if not found:
        return ""
    codes = _listed([f"U+{ord(char):04X}" for char in found])
    return (f"contient un caractère invisible qui change le sens de l’écriture ({codes}) : le texte "
            f"pourrait s’afficher dans un autre ordre que celui écrit ; retirez-le")


HTML_TAGS_MESSAGE = "contient du HTML que le Markdown ne produit pas"


def _tags(nodes: list[LexborNode]) -> str:
    odd = [f"<{(node.tag or '').lower()}>" for node in nodes if (node.tag or "").lower() not in MARKDOWN_TAGS]
    return f"{HTML_TAGS_MESSAGE} ({_listed(odd)}) : écrivez du Markdown simple" if odd else ""


def _odd_attributes(node: LexborNode) -> Iterator[str]:
    tag = (node.tag or "").lower()
    for name, value in node.attributes.items():
        name = name.lower()
        if name.startswith("on"):
            continue  # a script: said by _scripts
        if name == "class":
            if not _markdown_class(tag, (value or "").split()):
                yield f'class="{value}"'
        elif name == "style":
            if tag not in ("th", "td") or not _TABLE_ALIGN.fullmatch(value or ""):
                yield "style"
        elif name not in MARKDOWN_ATTRIBUTES:
            yield name


def _markdown_class(tag: str, classes: list[str]) -> bool:
    """`!!! note` gives `admonition note`, a fenced block ```python gives `language-python`;
    any other class (`{: .mermaid }`) may wake the theme's scripts."""
    if tag == "code":
        return len(classes) == 1 and classes[0].startswith("language-")
    return bool(classes) and (tag, classes[0]) in _MARKDOWN_CLASSES and len(classes) <= 2


def _attributes(nodes: list[LexborNode]) -> str:
    odd = [name for node in nodes for name in _odd_attributes(node)]
    return f"contient des attributs HTML non permis ({_listed(odd)}) : écrivez du Markdown simple" \
        if odd else ""


def _scripts(effects: list[Effect]) -> str:
    found = [f"<{effect.tag}>" if not effect.attribute else effect.attribute
             for effect in effects if effect.kind == SCRIPT and effect.url is None]
    return f"contient un script ({_listed(found)}) : le site public n’exécute rien venu du texte" \
        if found else ""


def _data(effects: list[Effect], nodes: list[LexborNode]) -> str:
    in_urls = any(effect.url is not None and effect.url.scheme == "data" for effect in effects)
    in_text = any(_DATA_IN_TEXT.search(node.text(deep=False) or "") for node in nodes)
    return "contient une adresse data: : le site public n’en accepte aucune" if in_urls or in_text else ""


def _resources(effects: list[Effect], own_host: str) -> str:
    remote = [effect for effect in effects if effect.kind in (LOAD, REDIRECT, BASE, SUBMIT)
              and effect.url is not None and not effect.url.is_local(own_host)
              and effect.url.scheme not in ("data", *SCRIPT_SCHEMES)]
    if not remote:
        return ""
    what = "une image" if all(effect.tag == "img" for effect in remote) else "une ressource"
    return (f"contient {what} d’un autre site ({_listed([e.url.raw for e in remote if e.url])}) : "
            f"le site public ne charge rien d’ailleurs")


def _links(effects: list[Effect]) -> str:
    schemes = [effect.url.scheme + ":" for effect in effects if effect.url is not None
               and effect.tag in _LINK_TAGS and effect.attribute in _HREFS
               and effect.url.scheme not in LINK_SCHEMES | {"data"}]
    if not schemes:
        return ""
    which = f"un lien {schemes[0]}" if len(set(schemes)) == 1 else f"des liens {_listed(schemes)}"
    return f"contient {which} : seuls les liens https: et mailto: sont permis"
