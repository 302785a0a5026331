"""What HTML makes a browser do (weblinks): hostile tables, read the way a browser reads.

Each row is one attack or one of its cousins; the expected values are what the
WHATWG HTML and URL standards say a browser does with it.
"""

from __future__ import annotations

from typing import Any

import markdown
import pytest
import yaml

from conftest import ROOT
from generator.errors import Problem
from generator.french import NBSP
from generator.weblinks import WebURL, css_urls, parse_url, public_html_problems, scan_html, srcset_urls

OWN = "tandem.example.org"

# --------------------------------------------------------------------------- URLs

URL_CASES = [
    # (id, raw, page scheme, expected scheme, expected host)
    ("absolute", "https://evil.example/x", "https", "https", "evil.example"),
    ("upper-case", "HTTPS://EVIL.EXAMPLE/", "https", "https", "evil.example"),
    ("protocol-relative", "//evil.example/x", "https", "", "evil.example"),
    ("backslashes", "\\\\evil.example\\x", "https", "", "evil.example"),
    ("slash-backslash", "/\\evil.example", "https", "", "evil.example"),
    ("backslash-slash", "\\/evil.example", "https", "", "evil.example"),
    ("https-backslashes-same-scheme", "https:\\\\evil.example", "https", "https", "evil.example"),
    ("https-backslashes-unknown-page", "https:\\\\evil.example", "", "https", "evil.example"),
    ("https-no-slash-same-scheme-is-relative", "https:evil.example", "https", "", ""),
    ("https-no-slash-other-scheme", "https:evil.example", "http", "https", "evil.example"),
    ("https-no-slash-unknown-page", "https:evil.example", "", "https", "evil.example"),
    ("http-no-slash-on-https-page", "http:evil.example", "https", "http", "evil.example"),
    ("https-one-slash-same-scheme", "https:/evil.example", "https", "", ""),
    ("https-many-slashes", "https:////evil.example", "", "https", "evil.example"),
    ("leading-controls-and-spaces", " \x01\x1f https://evil.example", "https", "https", "evil.example"),
    ("trailing-controls", "//evil.example\x00 ", "https", "", "evil.example"),
    ("tab-in-scheme", "ht\ttps://evil.example", "", "https", "evil.example"),
    ("newline-in-slashes", "/\n/evil.example", "https", "", "evil.example"),
    ("carriage-return-in-host", "https://ev\ril.example", "", "https", "evil.example"),
    ("userinfo", "https://tandem.example.org@evil.example/", "https", "https", "evil.example"),
    ("userinfo-two-at", "https://a@tandem.example.org@evil.example/", "https", "https", "evil.example"),
    ("backslash-ends-host", "https://evil.example\\@tandem.example.org/", "https", "https", "evil.example"),
    ("fragment-ends-host", "https://evil.example#@tandem.example.org", "https", "https", "evil.example"),
    ("query-ends-host", "https://evil.example?@tandem.example.org", "https", "https", "evil.example"),
    ("port-and-password", "https://u:p@evil.example:8443/", "https", "https", "evil.example"),
    ("ipv6", "https://[::1]:443/", "https", "https", "[::1]"),
    ("percent-encoded-host", "https://tandem%2Eexample%2eorg/", "https", "https", OWN),
    ("fullwidth-host", "https://\uff45\uff56\uff49\uff4c.example/", "https", "https", "evil.example"),
    ("idn-host", "https://évil.example/", "https", "https", "xn--vil-9la.example"),
    ("idn-upper", "https://ÉVIL.example/", "https", "https", "xn--vil-9la.example"),
    ("javascript", "javascript:alert(1)", "https", "javascript", ""),
    ("javascript-mixed-case", "JaVaScRiPt:alert(1)", "https", "javascript", ""),
    ("javascript-tab", "java\tscript:alert(1)", "https", "javascript", ""),
    ("javascript-newline", "java\nscript:alert(1)", "https", "javascript", ""),
    ("javascript-leading-nul", "\x00javascript:alert(1)", "https", "javascript", ""),
    (
        "javascript-slashes-host",
        "javascript://evil.example/%0aalert(1)",
        "https",
        "javascript",
        "evil.example",
    ),
    ("space-inside-is-no-scheme", "java script:alert(1)", "https", "", ""),
    ("percent-is-no-scheme", "java%73cript:alert(1)", "https", "", ""),
    ("vbscript", "VBScript:msgbox(1)", "https", "vbscript", ""),
    ("data", "data:image/svg+xml,<svg/>", "https", "data", ""),
    ("mailto", "mailto:coordination@tandem.example.org", "https", "mailto", ""),
    ("non-special-with-host", "foo://evil.example/", "https", "foo", "evil.example"),
    ("non-special-backslashes", "foo:\\\\evil.example", "https", "foo", ""),
    ("file-three-slashes", "file:///etc/passwd", "https", "file", ""),
    ("file-host", "file://evil.example/share", "https", "file", "evil.example"),
    ("relative", "../assets/logo.png", "https", "", ""),
    ("fragment", "#haut", "https", "", ""),
    ("empty", "", "https", "", ""),
]


@pytest.mark.parametrize(
    ("raw", "page", "scheme", "host"), [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES]
)
def test_urls_parse_as_a_browser_parses_them(raw: str, page: str, scheme: str, host: str) -> None:
    url = parse_url(raw, page)
    assert (url.scheme, url.host) == (scheme, host)


LOCAL_CASES = [
    ("relative", WebURL("a.png", "", ""), OWN, True),
    ("own-host", WebURL("https://tandem.example.org/a", "https", OWN), OWN, True),
    ("own-host-http", WebURL("http://tandem.example.org/a", "http", OWN), OWN, True),
    ("own-host-protocol-relative", WebURL("//tandem.example.org/a", "", OWN), OWN, True),
    ("own-host-ftp", WebURL("ftp://tandem.example.org/a", "ftp", OWN), OWN, False),
    ("other-host", WebURL("//evil.example/", "", "evil.example"), OWN, False),
    (
        "subdomain-is-another-host",
        WebURL("//cdn.tandem.example.org/", "", "cdn.tandem.example.org"),
        OWN,
        False,
    ),
    ("any-host-without-site-url", WebURL("//tandem.example.org/", "", OWN), "", False),
    ("relative-without-site-url", WebURL("a.png", "", ""), "", True),
    ("data", WebURL("data:,x", "data", ""), OWN, False),
    ("mailto", WebURL("mailto:a@b.example", "mailto", ""), OWN, False),
    ("broken-https", WebURL("https://", "https", ""), OWN, False),
]


@pytest.mark.parametrize(
    ("url", "own", "local"), [c[1:] for c in LOCAL_CASES], ids=[c[0] for c in LOCAL_CASES]
)
def test_local_means_relative_or_on_the_sites_own_host(url: WebURL, own: str, local: bool) -> None:
    assert url.is_local(own) is local


def test_upper_case_own_host_is_local() -> None:
    assert parse_url("HTTPS://TANDEM.EXAMPLE.ORG/a.png").is_local(OWN)


# --------------------------------------------------------------------------- what a page does

SCAN_CASES = [
    # (id, html, [(kind, tag, attribute, address or None)])
    (
        "hex-entity",
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        [("script", "a", "href", "javascript:alert(1)")],
    ),
    ("hex-entity-upper-x", '<a href="&#X6a;avascript:x">x</a>', [("script", "a", "href", "javascript:x")]),
    ("decimal-entity", '<a href="&#106;avascript:x">x</a>', [("script", "a", "href", "javascript:x")]),
    ("decimal-no-semicolon", '<a href="&#106avascript:x">x</a>', [("script", "a", "href", "javascript:x")]),
    (
        "decimal-leading-zeros",
        '<a href="&#0000106;avascript:x">x</a>',
        [("script", "a", "href", "javascript:x")],
    ),
    ("hex-leading-zeros", '<a href="&#x00006A;avascript:x">x</a>', [("script", "a", "href", "javascript:x")]),
    ("named-colon", '<a href="javascript&colon;x">x</a>', [("script", "a", "href", "javascript:x")]),
    ("named-tab", '<a href="jav&Tab;ascript:x">x</a>', [("script", "a", "href", "jav\tascript:x")]),
    ("numeric-tab", '<a href="jav&#x09;ascript:x">x</a>', [("script", "a", "href", "jav\tascript:x")]),
    ("numeric-newline-first", '<a href="&#10;javascript:x">x</a>', [("script", "a", "href", "javascript:x")]),
    (
        "legacy-entity-not-decoded-before-letter",
        '<a href="&ampjavascript:x">x</a>',
        [("link", "a", "href", "&ampjavascript:x")],
    ),
    ("mixed-case-scheme-unquoted", "<a href=JaVaScRiPt:x>x</a>", [("script", "a", "href", "JaVaScRiPt:x")]),
    ("leading-space", '<a href="  javascript:x">x</a>', [("script", "a", "href", "javascript:x")]),
    ("leading-control", '<a href="\x01javascript:x">x</a>', [("script", "a", "href", "\x01javascript:x")]),
    ("vbscript", '<a href="vbscript:msgbox(1)">x</a>', [("script", "a", "href", "vbscript:msgbox(1)")]),
    ("image-javascript", '<img src="javascript:x">', [("script", "img", "src", "javascript:x")]),
    (
        "form-javascript",
        '<form action="javascript:x"></form>',
        [("script", "form", "action", "javascript:x")],
    ),
    (
        "handler-any-case",
        "<A HREF=x OnClick=y>x</A>",
        [("link", "a", "href", "x"), ("script", "a", "onclick", None)],
    ),
    (
        "handler-image-error",
        "<img src=x onerror=alert(1)>",
        [("load", "img", "src", "x"), ("script", "img", "onerror", None)],
    ),
    ("handler-svg", "<svg onload=alert(1)></svg>", [("script", "svg", "onload", None)]),
    ("handler-odd-tag-name", "<div\x00 onclick=x>", [("script", "div\ufffd", "onclick", None)]),
    ("script-element", "<script>alert(1)</script>", [("script", "script", "", None)]),
    (
        "script-src",
        '<script src="//evil.example/x.js"></script>',
        [("script", "script", "", None), ("script", "script", "src", "//evil.example/x.js")],
    ),
    (
        "script-end-tag-with-attribute",
        "<script>x</script foo><img src=//evil.example/s>",
        [("script", "script", "", None), ("load", "img", "src", "//evil.example/s")],
    ),
    ("abrupt-comment", "<!--> <img src=//evil.example/c> -->", [("load", "img", "src", "//evil.example/c")]),
    (
        "svg-style-breakout",
        "<svg><style><img src=//evil.example/b></style></svg>",
        [("load", "img", "src", "//evil.example/b")],
    ),
    (
        "noscript-content",
        "<noscript><img src=//evil.example/n></noscript>",
        [("load", "img", "src", "//evil.example/n")],
    ),
    (
        "template-content",
        "<template><img src=//evil.example/t><template><b onclick=x></b></template></template>",
        [("load", "img", "src", "//evil.example/t"), ("script", "b", "onclick", None)],
    ),
    ("image-alias", "<image src=//evil.example/i>", [("load", "img", "src", "//evil.example/i")]),
    (
        "srcset",
        '<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">',
        [
            ("load", "img", "src", "a.png"),
            ("load", "img", "srcset", "a.png"),
            ("load", "img", "srcset", "https://evil.example/b.png"),
        ],
    ),
    (
        "srcset-comma-in-url",
        '<img srcset="https://evil.example/a,b.png 1x,//evil2.example/c.png">',
        [
            ("load", "img", "srcset", "https://evil.example/a,b.png"),
            ("load", "img", "srcset", "//evil2.example/c.png"),
        ],
    ),
    (
        "picture-source",
        '<picture><source srcset="//evil.example/x.webp"><img src="a.png"></picture>',
        [("load", "source", "srcset", "//evil.example/x.webp"), ("load", "img", "src", "a.png")],
    ),
    (
        "video",
        "<video poster=//e.example/p.jpg src=//e.example/v.mp4><track src=//e.example/t.vtt></video>",
        [
            ("load", "video", "poster", "//e.example/p.jpg"),
            ("load", "video", "src", "//e.example/v.mp4"),
            ("load", "track", "src", "//e.example/t.vtt"),
        ],
    ),
    (
        "audio-embed-object",
        "<audio src=//e.example/a></audio><embed src=//e.example/e><object data=//e.example/o></object>",
        [
            ("load", "audio", "src", "//e.example/a"),
            ("load", "embed", "src", "//e.example/e"),
            ("load", "object", "data", "//e.example/o"),
        ],
    ),
    (
        "iframe",
        "<iframe src='https://e.example/'></iframe>",
        [("load", "iframe", "src", "https://e.example/")],
    ),
    (
        "iframe-srcdoc",
        '<iframe srcdoc="<img src=//e.example/s><script>x</script>"></iframe>',
        [("load", "img", "src", "//e.example/s"), ("script", "script", "", None)],
    ),
    (
        "input-image",
        "<input type=image src=//e.example/i.png>",
        [("load", "input", "src", "//e.example/i.png")],
    ),
    (
        "legacy-background",
        "<table background=//e.example/bg.png></table>",
        [("load", "table", "background", "//e.example/bg.png")],
    ),
    (
        "ping",
        '<a href="/x" ping="//e.example/p">x</a>',
        [("link", "a", "href", "/x"), ("load", "a", "ping", "//e.example/p")],
    ),
    (
        "link-preload-stylesheet",
        '<link rel="preload stylesheet" href="//e.example/x.css">',
        [("load", "link", "href", "//e.example/x.css")],
    ),
    (
        "link-alternate-stylesheet",
        '<link rel="ALTERNATE stylesheet" href="//e.example/x.css">',
        [("load", "link", "href", "//e.example/x.css")],
    ),
    (
        "link-icon",
        '<link href="//e.example/i.png" rel="shortcut icon">',
        [("load", "link", "href", "//e.example/i.png")],
    ),
    (
        "link-unknown-rel",
        '<link rel="made-up" href="//e.example/x">',
        [("load", "link", "href", "//e.example/x")],
    ),
    ("link-alternate", '<link rel="alternate" type="application/rss+xml" href="//e.example/feed.xml">', []),
    ("link-canonical", '<link rel="canonical" href="https://e.example/p/">', []),
    ("base", '<base href="https://e.example/">', [("base", "base", "href", "https://e.example/")]),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://e.example/">',
        [("redirect", "meta", "content", "https://e.example/")],
    ),
    (
        "meta-refresh-quoted",
        '<meta http-equiv="Refresh " content="5; URL=\'//e.example/\'">',
        [("redirect", "meta", "content", "//e.example/")],
    ),
    (
        "meta-refresh-no-url-keyword",
        '<meta http-equiv="refresh" content="1, https://e.example/">',
        [("redirect", "meta", "content", "https://e.example/")],
    ),
    (
        "meta-refresh-javascript",
        '<meta http-equiv="refresh" content="0;javascript:x">',
        [("script", "meta", "content", "javascript:x")],
    ),
    ("meta-other", '<meta name="description" content="https://e.example/">', []),
    (
        "form",
        '<form action="https://e.example/collect"><button formaction=//e.example/b>x</button></form>',
        [
            ("submit", "form", "action", "https://e.example/collect"),
            ("submit", "button", "formaction", "//e.example/b"),
        ],
    ),
    (
        "svg-image",
        '<svg><image href="https://e.example/i.png"/></svg>',
        [("load", "image", "href", "https://e.example/i.png")],
    ),
    (
        "svg-use-xlink",
        '<svg><use xlink:href="https://e.example/s.svg#i"/></svg>',
        [("load", "use", "xlink:href", "https://e.example/s.svg#i")],
    ),
    (
        "svg-feimage",
        '<svg><filter><feImage href="//e.example/f"/></filter></svg>',
        [("load", "feimage", "href", "//e.example/f")],
    ),
    (
        "svg-link-javascript",
        '<svg><a xlink:href="javascript:x"><text>t</text></a></svg>',
        [("script", "a", "xlink:href", "javascript:x")],
    ),
    (
        "svg-animation-sets-href",
        '<svg><a><set attributeName="href" to="javascript:x"/></a></svg>',
        [("script", "set", "to", "javascript:x")],
    ),
    (
        "inline-style-url",
        '<p style="background:url(//evil.example/bg)">x</p>',
        [("load", "p", "style", "//evil.example/bg")],
    ),
    (
        "inline-style-escaped-url",
        '<p style="background:u\\72l(//evil.example/bg)">x</p>',
        [("load", "p", "style", "//evil.example/bg")],
    ),
    (
        "inline-style-image-set",
        "<p style=\"background:image-set('//evil.example/a.png' 1x)\">x</p>",
        [("load", "p", "style", "//evil.example/a.png")],
    ),
    (
        "style-import-string",
        '<style>@import "//evil.example/x.css";</style>',
        [("load", "style", "", "//evil.example/x.css")],
    ),
    (
        "style-import-url",
        "<style>@IMPORT url(//evil.example/x.css);</style>",
        [("load", "style", "", "//evil.example/x.css")],
    ),
    (
        "style-font-face",
        '<style>@font-face{font-family:x;src:url("//evil.example/f.woff2")}</style>',
        [("load", "style", "", "//evil.example/f.woff2")],
    ),
    ("style-comment", "<style>/* url(//evil.example/x) */ a{content:'//'}</style>", []),
    (
        "link-https",
        '<a href="https://www.example.net/">x</a>',
        [("link", "a", "href", "https://www.example.net/")],
    ),
    ("link-mailto", '<a href="mailto:a@b.example">x</a>', [("link", "a", "href", "mailto:a@b.example")]),
    (
        "data-attribute-is-not-an-address",
        '<div data-src="//e.example/b" data-md-src="https://e.example/a">',
        [],
    ),
    ("cite-loads-nothing", '<blockquote cite="https://e.example/"></blockquote>', []),
    ("text-is-not-a-link", "<p>https://e.example/ en clair</p>", []),
]


def _effects(html_text: str) -> list[tuple[str, str, str, str | None]]:
    return [(e.kind, e.tag, e.attribute, e.url.raw if e.url else None) for e in scan_html(html_text)]


@pytest.mark.parametrize(
    ("html_text", "expected"), [c[1:] for c in SCAN_CASES], ids=[c[0] for c in SCAN_CASES]
)
def test_scan_lists_what_the_browser_would_do(
    html_text: str, expected: list[tuple[str, str, str, str | None]]
) -> None:
    assert _effects(html_text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a.png", ["a.png"]),
        ("a.png 1x,b.png 2x", ["a.png", "b.png"]),
        (" ,a.png, b.png 100w", ["a.png", "b.png"]),
        ("a.png (x, y) 1x, b.png", ["a.png", "b.png"]),
        ("", []),
    ],
)
def test_srcset_lists_split_as_the_standard_says(value: str, expected: list[str]) -> None:
    assert srcset_urls(value) == expected


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ('@import "a.css"; @import url(b.css) screen;', ["a.css", "b.css"]),
        ("a{background:URL( 'c.png' )}", ["c.png"]),
        ("a{mask:url(data:image/svg+xml;charset=utf-8,<svg/>)}", ["data:image/svg+xml;charset=utf-8,<svg/>"]),
        ("a{b:-webkit-image-set(url(d.png) 1x, 'e.png' 2x)}", ["e.png", "d.png"]),
        ("a{b:src('f.png')}", ["f.png"]),
        ("@media print{a{b:url(g.png)}}", ["g.png"]),
        ("a{content:'url(h.png)'}", []),
        ('a{b:"//x"} @import', []),
    ],
)
def test_css_addresses(css: str, expected: list[str]) -> None:
    assert css_urls(css) == expected


# --------------------------------------------------------------------------- public text

# Plain spaces, like every `Problem` message: `Problem.render` applies French typography.
SCRIPT = "contient un script ({}) : le site public n’exécute rien venu du texte"
TAGS = "contient du HTML que le Markdown ne produit pas ({}) : écrivez du Markdown simple"
ATTRIBUTES = "contient des attributs HTML non permis ({}) : écrivez du Markdown simple"
IMAGE = "contient une image d’un autre site ({}) : le site public ne charge rien d’ailleurs"
RESOURCE = "contient une ressource d’un autre site ({}) : le site public ne charge rien d’ailleurs"
LINK = "contient {} : seuls les liens https: et mailto: sont permis"
DATA = "contient une adresse data: : le site public n’en accepte aucune"
BIDI = (
    "contient un caractère invisible qui change le sens de l’écriture ({}) : le texte "
    "pourrait s’afficher dans un autre ordre que celui écrit ; retirez-le"
)

PUBLIC_CASES = [
    (
        "plain-markdown",
        '<h2 id="t">Titre<a class="headerlink" href="#t" title="Lien">¶</a></h2>'
        "<p>Un <em>texte</em> <strong>simple</strong>, <code>code</code><br>.</p><ul><li>a</li></ul><hr>"
        "<blockquote><p>c</p></blockquote><pre><code>x</code></pre><dl><dt>t</dt><dd>d</dd></dl>"
        '<ol start="3"><li>b</li></ol>',
        [],
    ),
    (
        "admonition-and-table",
        '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>'
        '<table><thead><tr><th style="text-align: left;">a</th></tr></thead>'
        '<tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>',
        [],
    ),
    (
        "links-allowed",
        '<p><a href="https://www.example.net/">a</a> <a href="mailto:a@b.example">m</a> '
        '<a href="../proposer/">r</a> <a href="#haut">h</a></p>',
        [],
    ),
    (
        "local-image",
        '<p><img alt="logo" src="../assets/logo.png"> <img alt="" src="https://tandem.example.org/a.png"></p>',
        [],
    ),
    (
        "remote-image",
        '<p><img alt="" src="https://ailleurs.example/logo.png"></p>',
        [IMAGE.format("https://ailleurs.example/logo.png")],
    ),
    (
        "remote-images-protocol-relative-and-backslashes",
        '<p><img src="//a.example/1.png"><img src="\\\\b.example\\2.png">'
        '<img src="https:\\\\c.example/3.png"></p>',
        [IMAGE.format("//a.example/1.png, \\\\b.example\\2.png, https:\\\\c.example/3.png")],
    ),
    (
        "image-userinfo",
        '<img src="https://tandem.example.org@evil.example/a.png">',
        [IMAGE.format("https://tandem.example.org@evil.example/a.png")],
    ),
    (
        "javascript-link",
        '<p><a href="&#x6A;avascript:alert(1)">x</a></p>',
        [LINK.format("un lien javascript:")],
    ),
    (
        "javascript-link-tab",
        '<p><a href="jav&#x09;ascript:alert(1)">x</a></p>',
        [LINK.format("un lien javascript:")],
    ),
    (
        "http-and-ftp-links",
        '<p><a href="http://a.example/">a</a><a href="ftp://b.example/">b</a>'
        '<a href="HTTP://c.example/">c</a></p>',
        [LINK.format("des liens http:, ftp:")],
    ),
    ("tel-link", '<a href="tel:+33100000000">t</a>', [LINK.format("un lien tel:")]),
    (
        "script-element",
        "<p>x</p><script>alert(1)</script>",
        [TAGS.format("<script>"), SCRIPT.format("<script>")],
    ),
    ("handlers", '<p onclick="x" ONMOUSEOVER="y">x</p>', [SCRIPT.format("onclick, onmouseover")]),
    ("style-attribute", '<p style="color:red">x</p>', [ATTRIBUTES.format("style")]),
    (
        "style-attribute-remote",
        '<p style="background:url(//evil.example/bg)">x</p>',
        [ATTRIBUTES.format("style"), RESOURCE.format("//evil.example/bg")],
    ),
    (
        "style-on-th-other-than-align",
        '<table><tr><th style="text-align: left; background: red;">a</th></tr></table>',
        [ATTRIBUTES.format("style")],
    ),
    (
        "style-element-import",
        '<style>@import "//evil.example/x.css";</style><p>x</p>',
        [TAGS.format("<style>"), RESOURCE.format("//evil.example/x.css")],
    ),
    (
        "class-not-from-markdown",
        '<pre class="mermaid">graph</pre><p class="md-typeset">x</p>',
        [ATTRIBUTES.format('class="mermaid", class="md-typeset"')],
    ),
    (
        "raw-tags",
        "<p><span>a</span><font>b</font></p><iframe src=x></iframe>",
        [TAGS.format("<span>, <font>, <iframe>")],
    ),
    (
        "iframe-srcdoc",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        [TAGS.format("<iframe>"), ATTRIBUTES.format("srcdoc"), SCRIPT.format("<script>")],
    ),
    (
        "form",
        '<form action="https://evil.example/"><input name="q"></form>',
        [
            TAGS.format("<form>, <input>"),
            ATTRIBUTES.format("action, name"),
            RESOURCE.format("https://evil.example/"),
        ],
    ),
    (
        "base",
        '<base href="https://evil.example/">',
        [TAGS.format("<base>"), RESOURCE.format("https://evil.example/")],
    ),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        [
            TAGS.format("<meta>"),
            ATTRIBUTES.format("http-equiv, content"),
            RESOURCE.format("https://evil.example/"),
        ],
    ),
    (
        "svg-image",
        '<svg><image href="//evil.example/i.png"/></svg>',
        [TAGS.format("<svg>, <image>"), RESOURCE.format("//evil.example/i.png")],
    ),
    ("data-image", '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', [DATA]),
    ("data-link", '<a href="data:text/html,x">x</a>', [DATA]),
    ("data-in-text", "<p>data:text/html;base64,PHNjcmlwdD4=</p>", [DATA]),
    ("data-word-in-prose", "<p>Les data: un sujet.</p>", []),
    ("bidi-override", "<p>abc\u202edef</p>", [BIDI.format("U+202E")]),
    ("bidi-isolate-entity", "<p>abc&#x2066;def&#8297;</p>", [BIDI.format("U+2066, U+2069")]),
    ("bidi-in-attribute", '<a href="https://e.example/" title="\u202bx">x</a>', [BIDI.format("U+202B")]),
    ("bidi-marks", "<p>a\u200eb\u200fc&rlm;</p>", [BIDI.format("U+200E, U+200F")]),
    ("dir-attribute", '<p dir="rtl">x</p>', [ATTRIBUTES.format("dir")]),
]


@pytest.mark.parametrize(
    ("html_text", "expected"), [c[1:] for c in PUBLIC_CASES], ids=[c[0] for c in PUBLIC_CASES]
)
def test_public_html_problems(html_text: str, expected: list[str]) -> None:
    assert public_html_problems(html_text, OWN) == expected


def test_public_messages_read_well_once_rendered() -> None:
    problem = Problem(
        "demandes/2026-001.md",
        12,
        "le texte de l’appel " + public_html_problems('<img src="//a.example/x.png">')[0],
    )
    assert problem.render() == (
        f"demandes/2026-001.md:12: le texte de l’appel contient une image d’un "
        f"autre site (//a.example/x.png){NBSP}: le site public ne charge rien "
        "d’ailleurs"
    )


# --------------------------------------------------------------------------- with the site's Markdown


def _render(text: str) -> str:
    """`text` rendered by Markdown with the extensions of the project's mkdocs.yml."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = ["toc", "tables", "fenced_code"]  # what MkDocs always loads first
    settings: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names += [] if name in names else [name]
        settings[name] = options
    return str(markdown.markdown(text, extensions=names, extension_configs=settings))


PLAIN_MARKDOWN = """# Titre

## Section *un*

Un **texte** avec un [lien](https://www.example.net/), un [courriel](mailto:a@b.example),
une image ![logo](../assets/logo.png "t"), du `code`, une ligne
coupée, &amp; des entités &eacute;. <https://www.example.net/auto>

> citation

1. un
2. deux

Terme
:   Définition

| a | b | c |
|:--|:-:|--:|
| 1 | 2 | 3 |

!!! note "Attention"
    Contenu *important*.

---

    code indenté

```python
x = 1
```
"""


def test_what_the_sites_markdown_produces_passes() -> None:
    assert public_html_problems(_render(PLAIN_MARKDOWN), OWN) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", [LINK.format("un lien javascript:")]),
        ("[x](java&#x09;script:alert(1))", [LINK.format("un lien javascript:")]),
        ("![x](https://evil.example/a.png)", [IMAGE.format("https://evil.example/a.png")]),
        ("![x][l]\n\n[l]: //evil.example/a.png", [IMAGE.format("//evil.example/a.png")]),
        ('Texte\n{: onclick="x" }', [SCRIPT.format("onclick")]),
        ("Texte\n{: .mermaid }", [ATTRIBUTES.format('class="mermaid"')]),
        # fenced_code makes it <code class="language-mermaid">: the theme only wakes on pre.mermaid
        ("``` { .mermaid }\ngraph\n```", []),
        ('<pre class="mermaid">graph</pre>', [ATTRIBUTES.format('class="mermaid"')]),
        ('```{.py hl_lines="1"}\ny\n```', [ATTRIBUTES.format("hl_lines")]),
        ('<div markdown><img src="x" onerror="y"></div>', [SCRIPT.format("onerror")]),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", [DATA]),
    ],
)
def test_hostile_markdown_once_rendered(text: str, expected: list[str]) -> None:
    assert public_html_problems(_render(text), OWN) == expected
