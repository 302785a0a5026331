"""Stage 6b: the built site loads nothing from another site (SPEC §5).

The scan itself is `weblinks` (tests/test_weblinks.py); here: the files it reads,
the options of the theme that call other hosts, unreadable files.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import MINI, ROOT
from generator.cli import cli
from generator.errors import TandemError
from generator.french import NBSP, NNBSP, french
from generator.outbound import OutboundHit, outbound_tree, scan_outbound, theme_option_problems

SITE_URL = "https://tandem.example.org/"
OWN = "tandem.example.org"


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


TREE_CASES = [
    (
        "entity-slashes",
        {"a/index.html": '<img src="&#47;&#47;evil.example/x.png">'},
        [("site/a/index.html", "//evil.example/x.png")],
    ),
    (
        "abrupt-comment",
        {"index.html": "<!--> <img src=//evil.example/c.png> -->"},
        [("site/index.html", "//evil.example/c.png")],
    ),
    (
        "meta-refresh",
        {"index.html": '<meta http-equiv="refresh" content="0;url=https://evil.example/">'},
        [("site/index.html", "https://evil.example/")],
    ),
    (
        "backslashes",
        {"index.html": '<img src="\\\\evil.example\\x.png">'},
        [("site/index.html", "\\\\evil.example\\x.png")],
    ),
    (
        "userinfo",
        {"index.html": '<img src="https://tandem.example.org@evil.example/x.png">'},
        [("site/index.html", "https://tandem.example.org@evil.example/x.png")],
    ),
    ("own-host-upper-case", {"index.html": '<img src="HTTPS://TANDEM.EXAMPLE.ORG/x.png">'}, []),
    (
        "https-without-slashes-is-relative-on-an-https-site",
        {"index.html": '<img src="https:evil.example">'},
        [],
    ),
    (
        "http-without-slashes-is-a-host",
        {"index.html": '<img src="http:evil.example/x.png">'},
        [("site/index.html", "http:evil.example/x.png")],
    ),
    (
        "links-and-javascript-are-not-requests",
        {"index.html": '<a href="https://evil.example/">x</a><a href="javascript://evil.example/%0a1">y</a>'},
        [],
    ),
    (
        "css-file",
        {"assets/x.css": "@import 'https://evil.example/f.css';a{b:u\\72l(//evil.example/w)}"},
        [("site/assets/x.css", "https://evil.example/f.css"), ("site/assets/x.css", "//evil.example/w")],
    ),
    (
        "svg-file",
        {
            "img/a.svg": '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            '<image href="https://evil.example/i.png"/></svg>'
        },
        [("site/img/a.svg", "https://evil.example/i.png")],
    ),
    (
        "htm-upper-suffix",
        {"A.HTM": "<iframe src=//evil.example/></iframe>"},
        [("site/A.HTM", "//evil.example/")],
    ),
    (
        "other-files-are-not-pages",
        {"a.txt": "<img src=//evil.example/x>", "a.js": "url(//evil.example/x)"},
        [],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in TREE_CASES], ids=[c[0] for c in TREE_CASES])
def test_outbound_tree(tmp_path: Path, files: dict[str, str], expected: list[tuple[str, str]]) -> None:
    site = _site(tmp_path, files)
    assert outbound_tree(site, SITE_URL) == [OutboundHit(file, address) for file, address in expected]


def test_without_site_url_every_host_is_another_site(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": '<img src="https://tandem.example.org/a.png"><img src="https:x">'})
    assert outbound_tree(site, None) == [
        OutboundHit("site/index.html", "https://tandem.example.org/a.png"),
        OutboundHit("site/index.html", "https:x"),
    ]


def _material_css() -> Path:
    folder = Path(str(resources.files("material"))) / "templates" / "assets" / "stylesheets"
    return next(folder.glob("main.*.min.css"))


def test_the_themes_own_style_sheet_passes_and_a_changed_copy_is_read(tmp_path: Path) -> None:
    theme = _material_css().read_text(encoding="utf-8")
    site = _site(
        tmp_path, {"assets/main.css": theme, "assets/changed.css": theme + "a{b:url(https://evil.example/x)}"}
    )
    assert outbound_tree(site, SITE_URL) == [OutboundHit("site/assets/changed.css", "https://evil.example/x")]


def test_scan_outbound_keeps_each_address_once() -> None:
    page = '<img src="//evil.example/a"><img src="//evil.example/a" srcset="//evil.example/a 2x">'
    assert scan_outbound(page, ".html", OWN) == ["//evil.example/a"]


# --------------------------------------------------------------------------- unreadable files


def _refuse_reading(monkeypatch: pytest.MonkeyPatch, shown: str) -> None:
    """Reading the site file shown as `shown` ("site/a/b.html") is refused."""
    read_bytes = Path.read_bytes

    def refusing(path: Path) -> bytes:
        if path.as_posix().endswith("/" + shown):
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refusing)


def _refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    scandir = os.scandir

    def refusing(path: Any) -> Iterator[os.DirEntry[str]]:
        if os.path.basename(os.fspath(path)) == folder:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)


def test_an_unreadable_page_stops_the_outbound_audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path, {"a/secret.html": "<p>x</p>"})
    _refuse_reading(monkeypatch, "site/a/secret.html")
    with pytest.raises(TandemError) as raised:
        outbound_tree(site, SITE_URL)
    assert str(raised.value) == french(
        "site/a/secret.html illisible (permission refusée) : l’audit ne peut pas le vérifier"
    )


@pytest.mark.parametrize(("folder", "shown"), [("hidden", "site/hidden"), ("site", "site")])
def test_an_unreadable_folder_stops_the_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, shown: str
) -> None:
    site = _site(tmp_path, {"index.html": "<p>x</p>", "hidden/page.html": "<p>y</p>"})
    _refuse_listing(monkeypatch, folder)
    with pytest.raises(TandemError) as raised:
        outbound_tree(site, SITE_URL)
    assert str(raised.value) == french(
        f"{shown} illisible (permission refusée) : l’audit ne peut pas le vérifier"
    )


@pytest.mark.parametrize("shown", ["site/index.html", "site/search/search_index.json"])
def test_audit_command_names_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: str
) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "--content", str(MINI), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    _refuse_reading(monkeypatch, shown)
    result = CliRunner().invoke(cli, ["audit", "--content", str(MINI), str(site)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"tandem audit{NBSP}: {shown} illisible (permission refusée){NBSP}: l’audit ne peut pas le vérifier\n"
    )


# --------------------------------------------------------------------------- theme options


def _option(name: str, does: str) -> str:
    return f"mkdocs.yml : l’option « {name} » {does} ; retirez-la"


FONT = (
    "mkdocs.yml : l’option « theme.font » doit valoir false : sinon chaque page charge ses "
    "polices chez Google Fonts"
)
QUIET: dict[str, Any] = {"theme": {"name": "material", "font": False}}
OPTION_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("quiet", QUIET, []),
    (
        "local-extras",
        {**QUIET, "extra_css": ["css/a.css"], "extra_javascript": ["js/a.js", {"path": "js/b.js"}]},
        [],
    ),
    ("font-missing", {"theme": {"name": "material"}}, [FONT]),
    ("font-named", {"theme": {"name": "material", "font": {"text": "Roboto"}}}, [FONT]),
    ("no-theme-section", {}, [FONT]),
    (
        "repo-url",
        {**QUIET, "repo_url": "https://github.com/x/y"},
        [
            _option(
                "repo_url",
                "ferait interroger l’API de github.com ou gitlab.com par chaque page (étoiles, "
                "versions du dépôt)",
            )
        ],
    ),
    (
        "analytics",
        {**QUIET, "extra": {"analytics": {"provider": "google", "property": "G-X"}}},
        [_option("extra.analytics", "ferait charger un outil de mesure d’audience d’un autre site")],
    ),
    (
        "consent",
        {**QUIET, "extra": {"consent": {"title": "Cookies"}}},
        [
            _option(
                "extra.consent",
                "ne sert qu’à des services d’autres sites (cookies, mesure d’audience), "
                "que le site public n’a pas",
            )
        ],
    ),
    (
        "remote-javascript",
        {**QUIET, "extra_javascript": ["js/a.js", "https://cdn.example/x.js"]},
        [_option("extra_javascript", "ferait charger https://cdn.example/x.js d’un autre site")],
    ),
    (
        "remote-javascript-mapping",
        {**QUIET, "extra_javascript": [{"path": "//cdn.example/x.mjs", "type": "module"}]},
        [_option("extra_javascript", "ferait charger //cdn.example/x.mjs d’un autre site")],
    ),
    (
        "remote-css",
        {**QUIET, "extra_css": ["HTTPS:\\\\fonts.example/a.css"]},
        [_option("extra_css", "ferait charger HTTPS:\\\\fonts.example/a.css d’un autre site")],
    ),
    (
        "remote-logo",
        {"theme": {"name": "material", "font": False, "logo": "https://cdn.example/l.png"}},
        [_option("theme.logo", "ferait charger une image d’un autre site")],
    ),
    (
        "mermaid",
        {
            **QUIET,
            "markdown_extensions": [
                {"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]}}
            ],
        },
        [
            _option(
                "pymdownx.superfences (custom_fences mermaid)",
                "ferait charger la bibliothèque mermaid chez unpkg.com",
            )
        ],
    ),
    (
        "emoji-images",
        {**QUIET, "markdown_extensions": ["pymdownx.emoji"]},
        [
            _option(
                "pymdownx.emoji",
                "ferait charger les émojis d’un autre site, sauf avec « emoji_generator: "
                "!!python/name:material.extensions.emoji.to_svg »",
            )
        ],
    ),
    (
        "everything",
        {"repo_url": "https://gitlab.com/x", "extra": {"analytics": {"provider": "google"}}},
        [
            _option(
                "repo_url",
                "ferait interroger l’API de github.com ou gitlab.com par chaque page (étoiles, "
                "versions du dépôt)",
            ),
            FONT,
            _option("extra.analytics", "ferait charger un outil de mesure d’audience d’un autre site"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("config", "expected"), [c[1:] for c in OPTION_CASES], ids=[c[0] for c in OPTION_CASES]
)
def test_theme_options_that_call_other_hosts(config: dict[str, Any], expected: list[str]) -> None:
    assert theme_option_problems(config) == expected


def test_the_projects_own_configuration_calls_no_other_host() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert theme_option_problems(config) == []


def test_build_refuses_an_option_that_calls_another_host(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  font: false", "  font:\n    text: Roboto") + "repo_url: https://github.com/x/y\n",
        encoding="utf-8",
    )
    site = root / "site"
    result = CliRunner().invoke(
        cli, ["build", "--content", str(MINI), "--site-dir", str(site), "--config", str(root / "mkdocs.yml")]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"tandem build{NBSP}: mkdocs.yml{NBSP}: l’option «{NBSP}repo_url{NBSP}» ferait interroger l’API "
        f"de github.com ou gitlab.com par chaque page (étoiles, versions du dépôt){NNBSP}; retirez-la\n"
        f"mkdocs.yml{NBSP}: l’option «{NBSP}theme.font{NBSP}» doit valoir false{NBSP}: sinon chaque page "
        f"charge ses polices chez Google Fonts{NNBSP}; rien n’a été publié\n"
    )
    assert not site.exists()
