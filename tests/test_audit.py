"""Stage 6 and the confidentiality promise (SPEC §5), with property-based tests.

- the audit finds a private value however a page encodes it;
- random private values placed in every private field of random records never
  appear anywhere in the built site (checked independently of the audit).
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
from collections.abc import Callable
from html.entities import codepoint2name
from pathlib import Path
from urllib.parse import quote

import material
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from generator.audit import audit_tree
from generator.checks import check
from generator.fold import words
from generator.outbound import outbound_tree, scan_outbound
from generator.privacy import PrivateIndex, PrivateValue
from generator.site import build_site

NAME = st.from_regex(r"[A-Z][a-zéèàçô]{5,9} [A-Z][a-zéèïë]{5,9}", fullmatch=True)


def named_entities(text: str) -> str:
    return "".join(f"&{codepoint2name[ord(c)]};" if ord(c) in codepoint2name and ord(c) > 127
                   else c for c in text)


ENCODINGS: dict[str, Callable[[str], str]] = {
    "plain": lambda v: v,
    "upper": str.upper,
    "no-accents": lambda v: v.translate(str.maketrans("éèàçôïë", "eeacoie")),
    "named-entities": named_entities,
    "decimal-entities": lambda v: "".join(f"&#{ord(c)};" for c in v),
    "hex-entities": lambda v: "".join(f"&#x{ord(c):X};" for c in v),
    "url": lambda v: quote(v, safe=""),
    "url-plus-html": lambda v: html.escape(quote(v)),
    "json": lambda v: json.dumps(v, ensure_ascii=True)[1:-1],
    "nbsp": lambda v: v.replace(" ", "\u00a0"),
    "newline": lambda v: v.replace(" ", "\n  "),
    "tags": lambda v: v.replace(" ", "</strong> <em>"),
    "soft-hyphen": lambda v: v[:3] + "\u00ad" + v[3:],
}
CONTAINERS: dict[str, Callable[[str], str]] = {
    "page.html": lambda s: f"<html><body><p>Bonjour {s} !</p></body></html>",
    "attr.html": lambda s: f'<meta name="description" content="{s}">',
    "search_index.json": lambda s: json.dumps({"docs": [{"text": s}]}),
    "feed.xml": lambda s: f"<rss><item><title>{s}</title></item></rss>",
    "app.js": lambda s: f'var x = "{s}";',
    "image.svg": lambda s: f"<svg><title>{s}</title></svg>",
}


@settings(max_examples=150, deadline=None,  # file writes: no deadline on a shared machine
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=NAME, encoding=st.sampled_from(sorted(ENCODINGS)),
       container=st.sampled_from(sorted(CONTAINERS)), gz=st.booleans())
def test_audit_finds_a_planted_value_in_any_encoding(tmp_path: Path, value: str, encoding: str,
                                                     container: str, gz: bool) -> None:
    site = tmp_path / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    data = CONTAINERS[container](ENCODINGS[encoding](value)).encode("utf-8")
    (site / (container + ".gz" if gz else container)).write_bytes(
        gzip.compress(data) if gz else data)
    index = PrivateIndex()
    index.add(PrivateValue(value, "2026-001", "requester.name"))
    hits, _ = audit_tree(site, index)
    assert [hit.values[0].text for hit in hits] == [value]
    shutil.rmtree(site)


def test_audit_scans_file_names(tmp_path: Path) -> None:
    (tmp_path / "appels").mkdir()
    (tmp_path / "appels" / "jeanne-testard.html").write_text("rien", encoding="utf-8")
    index = PrivateIndex()
    index.add(PrivateValue("Jeanne Testard", "2026-001", "requester.name"))
    hits, files = audit_tree(tmp_path, index)
    assert (files, [h.file for h in hits]) == (1, [f"{tmp_path.name}/appels/jeanne-testard.html"])


@pytest.mark.parametrize(("phone", "written"), [
    ("+33 6 12 34 56 78", "06 12 34 56 78"), ("+33 6 12 34 56 78", "0612345678"),
    ("+33 6 12 34 56 78", "+33612345678"), ("04 72 00 00 01", "04.72.00.00.01"),
])
def test_phone_numbers_are_found_however_written(phone: str, written: str) -> None:
    index = PrivateIndex()
    index.add(PrivateValue(phone, "2026-001", "requester.phone"))
    assert index.find(f"Appelez le {written} demain") != []


def test_short_prose_is_not_a_private_value() -> None:
    """'mensuelle' in an agreement must not forbid the word everywhere."""
    index = PrivateIndex()
    index.add(PrivateValue("mensuelle", "2026-B01", "agreement.cadence"))
    assert index.find("une rencontre mensuelle") == []


# -- random private values in every private field, through a real build --------------

PRIVATE_FIELDS = st.fixed_dictionaries({
    "organisation": NAME, "name": NAME, "local": st.from_regex(r"[a-z]{6,10}", fullmatch=True),
    "phone": st.from_regex(r"\+33 [67]( [0-9]{2}){4}", fullmatch=True),
    "term": NAME, "note": NAME, "notes": NAME,
    "reply_organisation": NAME, "reply_name": NAME, "alias": NAME,
    "mentor_name": NAME, "goals": NAME, "checkin": NAME, "gained": NAME, "body": NAME,
})


def plant(content: Path, v: dict[str, str]) -> list[str]:
    """Write the values into every private field of the mini programme; return them."""
    request = content / "requests" / "2026-001-veille.md"
    head, body = request.read_text(encoding="utf-8").split("---\n")[1:3]
    data = yaml.safe_load(head)
    data["requester"] = {"organisation": v["organisation"], "name": v["name"],
                         "email": f"{v['local']}@example.org", "phone": v["phone"]}
    data["identifying_terms"] = [v["term"]]
    data["responses"][0].update(organisation=v["reply_organisation"], name=v["reply_name"],
                                note=v["note"])
    data["notes"] = v["notes"]
    request.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}",
                       encoding="utf-8")
    binome = content / "binomes" / "2026-B01-equipe.md"
    head = binome.read_text(encoding="utf-8").split("---\n")[1]
    data = yaml.safe_load(head)
    data["mentor"]["name"] = v["mentor_name"]
    data["agreement"]["goals"] = v["goals"]
    data["checkins"][0]["note"] = v["checkin"]
    data["feedback"] = {"mentee": {"rating": 5, "gained": v["gained"]}}
    binome.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{v['body']}\n",
                      encoding="utf-8")
    members = content / "members.yml"
    data = yaml.safe_load(members.read_text(encoding="utf-8"))
    data["members"][0]["aliases"] = [v["alias"]]
    members.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return [v[k] for k in v if k != "local"] + [f"{v['local']}@example.org"]


def site_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            parts += [str(path.relative_to(site)), data.decode("utf-8", errors="replace")]
    return "\n".join(parts)


@pytest.mark.slow
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=PRIVATE_FIELDS)
def test_random_private_values_never_reach_the_site(tmp_path: Path, values: dict[str, str]) -> None:
    work = tmp_path / f"w{abs(hash(tuple(values.values())))}"
    content = work / "content"
    shutil.copytree(MINI, content)
    planted = plant(content, values)
    _, problems = check(content)
    assert problems == []
    site = work / "site"
    build_site(content, site, Path("mkdocs.yml"))
    text = " ".join(words(site_text(site)))
    for value in planted:
        assert " ".join(words(value)) not in text, value
    shutil.rmtree(work)


# --------------------------------------------------------------------------- other sites (6b)

OWN = "tandem.example.org"
OUTBOUND_CASES = [
    ("img", '<img alt="" src="https://x.net/a.png">', ".html", ["https://x.net/a.png"]),
    ("img-upper", '<IMG SRC = "HTTPS://X.NET/A.PNG">', ".html", ["HTTPS://X.NET/A.PNG"]),
    ("img-local", '<img src="/assets/a.png"><img src="../a.png">', ".html", []),
    ("own-site", f'<img src="https://{OWN}/a.png">', ".html", []),
    ("link-people-follow", '<a href="https://x.net/">x</a> https://x.net/ en clair', ".html", []),
    ("stylesheet", '<link rel="stylesheet" href="https://x.net/a.css">', ".html",
     ["https://x.net/a.css"]),
    ("icon-rel-after", '<link href="//x.net/i.png" rel="shortcut icon">', ".html", ["//x.net/i.png"]),
    ("canonical", '<link rel="canonical" href="https://x.net/p/">', ".html", []),
    ("base", '<base href="https://x.net/">', ".html", ["https://x.net/"]),
    ("script", '<script src="//x.net/a.js"></script>', ".html", ["//x.net/a.js"]),
    ("iframe", "<iframe src='https://x.net/'></iframe>", ".html", ["https://x.net/"]),
    ("srcset", '<img src="a.png" srcset="a.png 1x, https://x.net/b.png 2x">', ".html",
     ["https://x.net/b.png"]),
    ("style-url", "<p style=\"background:url('https://x.net/bg.png')\">", ".html",
     ["https://x.net/bg.png"]),
    ("poster", '<video poster="https://x.net/p.jpg"></video>', ".html", ["https://x.net/p.jpg"]),
    ("object", '<object data="https://x.net/o.pdf"></object>', ".html", ["https://x.net/o.pdf"]),
    ("data-attribute", '<div data-md-src="https://x.net/a" data-src="//x.net/b">', ".html", []),
    ("svg-image", '<svg><image href="https://x.net/i.png"/></svg>', ".svg", ["https://x.net/i.png"]),
    ("svg-use", '<svg><use xlink:href="https://x.net/s.svg#i"/></svg>', ".svg",
     ["https://x.net/s.svg#i"]),
    ("svg-namespace", '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0"/></svg>', ".svg", []),
    ("css", '@import "https://x.net/f.css";\nbody{background:url(//x.net/f.woff2)}', ".css",
     ["https://x.net/f.css", "//x.net/f.woff2"]),
    ("css-local", "body{background:url(../img/a.png)} a{content:'//'}", ".css", []),
]


@pytest.mark.parametrize(("text", "suffix", "expected"), [c[1:] for c in OUTBOUND_CASES],
                         ids=[c[0] for c in OUTBOUND_CASES])
def test_outbound_references(text: str, suffix: str, expected: list[str]) -> None:
    assert scan_outbound(text, suffix, OWN) == expected


@pytest.mark.parametrize("site", ["mini", "example"])
def test_built_sites_load_nothing_from_elsewhere(site: str, tmp_path: Path) -> None:
    """Material's own pages, styles and icons pass the scan (no false alarm on the theme)."""
    content = MINI if site == "mini" else Path("content")
    built = tmp_path / "site"
    build_site(content, built, Path("mkdocs.yml"))
    assert outbound_tree(built, "https://tandem.example.org/") == []


def test_a_surname_that_is_a_common_word_of_the_theme_still_builds(tmp_path: Path) -> None:
    """« Thomas » is in the theme's search dictionary: the audit looks for whole names (and
    runs of private prose), the check for surnames alone in what the content publishes."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    request = content / "requests" / "2026-001-veille.md"
    request.write_text(request.read_text(encoding="utf-8").replace("Jeanne Testard", "Jeanne Thomas"),
                       encoding="utf-8")
    theme = Path(material.__file__ or "").parent / "templates"
    wordcut = theme / "assets" / "javascripts" / "lunr" / "wordcut.js"
    assert "thomas" in words(wordcut.read_text(encoding="utf-8"))
    _, problems = check(content)
    assert problems == []
    build_site(content, tmp_path / "site", Path("mkdocs.yml"))
    assert (tmp_path / "site" / "index.html").is_file()
