"""The mailto composition (RFC 6068) of generator/mail.py, case by case.

The forms' script composes the same URIs in the browser: tests/test_browser_forms.py
compares the two for the same fields.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from generator.mail import (
    CALL_LINES,
    PROPOSE_LINES,
    address_mailto,
    body,
    call_mailto,
    field_value,
    mailto,
    propose_mailto,
)

TO = "tandem@example.org"
NB = "\u00a0"
#: What a mailto URI built here may contain: encodeURIComponent's output, the
#: separators of the query, the colon of the scheme and the @ of the address.
URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-_.~!'()*%:@?=&]*")


def parse(href: str) -> tuple[str, dict[str, str]]:
    """(recipient, {parameter: value}), strictly: every parameter once, valid UTF-8."""
    assert URI_CHARACTERS.fullmatch(href), href
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and not parts.fragment, href
    params: dict[str, str] = {}
    for pair in parts.query.split("&"):
        key, sep, value = pair.partition("=")
        assert sep and key not in params, href
        params[key] = unquote(value, errors="strict")
    return unquote(parts.path, errors="strict"), params


# --------------------------------------------------------------------------- encoding


@pytest.mark.parametrize(("subject", "text", "expected"), [
    ("S", "x", "mailto:tandem@example.org?subject=S&body=x"),
    ("Appel 2026-005", "Bonjour,\n\nÉquipe à Besançon",
     "mailto:tandem@example.org?subject=Appel%202026-005"
     "&body=Bonjour%2C%0D%0A%0D%0A%C3%89quipe%20%C3%A0%20Besan%C3%A7on"),
    ("S", "a\r\nb\rc\nd", "mailto:tandem@example.org?subject=S&body=a%0D%0Ab%0D%0Ac%0D%0Ad"),
    ("S", "a\u2028b\u2029c\x85d\x0be\x0cf",
     "mailto:tandem@example.org?subject=S&body=a%0D%0Ab%0D%0Ac%0D%0Ad%0D%0Ae%0D%0Af"),
    ("S", "x&cc=pirate@example.net", "mailto:tandem@example.org?subject=S"
     "&body=x%26cc%3Dpirate%40example.net"),
    ("S", "x?bcc=pirate@example.net", "mailto:tandem@example.org?subject=S"
     "&body=x%3Fbcc%3Dpirate%40example.net"),
    ("S", "x%0Acc: pirate@example.net", "mailto:tandem@example.org?subject=S"
     "&body=x%250Acc%3A%20pirate%40example.net"),
    ("S", "1 + 1 #2", "mailto:tandem@example.org?subject=S&body=1%20%2B%201%20%232"),
    # encodeURIComponent's own safe characters stay as they are, like in the browser.
    ("S", "(oui) l'a dit ! *", "mailto:tandem@example.org?subject=S&body=(oui)%20l'a%20dit%20!%20*"),
    ("S", "« citation » ; fin", "mailto:tandem@example.org?subject=S"
     "&body=%C2%AB%20citation%20%C2%BB%20%3B%20fin"),
    ("S", "emoji 🙂 et \ud800 seul", "mailto:tandem@example.org?subject=S"
     "&body=emoji%20%F0%9F%99%82%20et%20%EF%BF%BD%20seul"),
    # A subject is one line: a line break there could start a header.
    ("TANDEM\r\nBcc: pirate@example.net", "x", "mailto:tandem@example.org"
     "?subject=TANDEM%20Bcc%3A%20pirate%40example.net&body=x"),
    ("A\u2028B\x85C", "x", "mailto:tandem@example.org?subject=A%20B%20C&body=x"),
    ("A\x00B\x1bC\x7f", "x", "mailto:tandem@example.org?subject=ABC&body=x"),
], ids=["plain", "accents", "line-breaks", "unicode-line-breaks", "cc", "bcc", "percent-0A",
        "plus-hash", "uri-component-safe", "french-quotes", "surrogates", "subject-crlf",
        "subject-unicode-breaks", "subject-controls"])
def test_mailto_encoding(subject: str, text: str, expected: str) -> None:
    assert mailto(TO, subject, text) == expected


@pytest.mark.parametrize(("address", "expected"), [
    ("tandem@example.org", "mailto:tandem@example.org"),
    ("tandem+aide@example.org", "mailto:tandem%2Baide@example.org"),
])
def test_address_mailto(address: str, expected: str) -> None:
    assert address_mailto(address) == expected


# --------------------------------------------------------------------------- field values


@pytest.mark.parametrize(("typed", "expected"), [
    ("Pôle Azur", "Pôle Azur"),
    ("  \t Pôle Azur \u00a0\u202f\ufeff ", "Pôle Azur"),
    ("\n\nligne 1\r\nligne 2\rligne 3\n\n", "ligne 1\nligne 2\nligne 3"),
    ("a\u2028b\u2029c\x85d", "a\nb\nc\nd"),
    ("a\x00b\x1bc\x7fd\x9fe\tf", "abcde\tf"),
    ("a\ud83d", "a\ufffd"),
    ("", ""),
    (" \n\t ", ""),
], ids=["plain", "white-space-around", "line-breaks", "unicode-line-breaks", "controls",
        "lone-surrogate", "empty", "blank"])
def test_field_value(typed: str, expected: str) -> None:
    assert field_value(typed) == expected


def test_body_lines_in_order_with_french_colons() -> None:
    assert body("Bonjour,", [("Adhérent", " Pôle Azur "), ("Contact", ""),
                             ("Expérience", "ligne 1\nligne 2")]) == (
        f"Bonjour,\n\nAdhérent{NB}: Pôle Azur\nContact{NB}:\nExpérience{NB}: ligne 1\nligne 2\n")


# --------------------------------------------------------------------------- the two e-mails


FILLED = ("Pôle Azur", "Élodie Martin", "chargée de veille",
          "Nous avons monté une cellule\nen 2024 &cc=pirate@example.net %0A?bcc=x #1 + 1",
          "le mardi")


def test_call_mailto_prefilled_link() -> None:
    to, params = parse(call_mailto(TO, "TANDEM", "2026-001", "Cellule de veille"))
    assert to == TO
    assert params == {
        "subject": "TANDEM – je peux aider sur l’appel 2026-001",
        "body": (f"Bonjour,\r\n\r\nJe peux aider sur l’appel 2026-001 «{NB}Cellule de veille{NB}»."
                 "\r\n\r\n" + "".join(f"{line}{NB}:\r\n" for line in CALL_LINES)),
    }


def test_call_mailto_filled_injections_stay_in_the_body() -> None:
    href = call_mailto(TO, "TANDEM", "2026-001", "Cellule de veille", FILLED)
    to, params = parse(href)
    assert to == TO and set(params) == {"subject", "body"}
    assert params["body"].endswith(
        f"\r\n\r\nAdhérent{NB}: Pôle Azur\r\nContact{NB}: Élodie Martin\r\n"
        f"Fonction{NB}: chargée de veille\r\n"
        f"Expérience sur le sujet{NB}: Nous avons monté une cellule\r\n"
        "en 2024 &cc=pirate@example.net %0A?bcc=x #1 + 1\r\n"
        f"Disponibilités{NB}: le mardi\r\n")
    assert "pirate" not in unquote(href.partition("&body=")[0])


def test_call_mailto_title_on_one_line() -> None:
    _, params = parse(call_mailto(TO, "TANDEM\nX", "2026-001", "Un\r\ntitre\u2028long"))
    assert params["subject"] == "TANDEM X – je peux aider sur l’appel 2026-001"
    assert f"«{NB}Un titre long{NB}»" in params["body"]


def test_call_mailto_refuses_more_values_than_lines() -> None:
    with pytest.raises(ValueError, match="6 values for 5 lines"):
        call_mailto(TO, "TANDEM", "2026-001", "T", (*FILLED, "de trop"))


def test_propose_mailto_carries_the_confidential_choice() -> None:
    values = ("Pôle Azur", "Élodie Martin", "directrice", "Direction", "Échange ponctuel",
              "Comment financer\nun poste ?", "oui")
    _, params = parse(propose_mailto(TO, "TANDEM", values))
    assert params["subject"] == "TANDEM – proposer une question"
    lines = params["body"].split("\r\n")
    assert lines[:3] == ["Bonjour,", "", "Je souhaite proposer une question au programme."]
    assert lines[4:] == [f"Adhérent{NB}: Pôle Azur", f"Contact{NB}: Élodie Martin",
                         f"Fonction{NB}: directrice", f"Famille de fonction{NB}: Direction",
                         f"Format{NB}: Échange ponctuel", f"Ma question{NB}: Comment financer",
                         "un poste ?", f"Mode confidentiel (oui ou non){NB}: oui", ""]
    assert len(PROPOSE_LINES) == len(values)


def test_long_text_is_kept_whole() -> None:
    text = "é" * 5000 + "\n" + "x" * 5000
    _, params = parse(call_mailto(TO, "TANDEM", "2026-001", "T", ("", "", "", text)))
    assert f"Expérience sur le sujet{NB}: {'é' * 5000}\r\n{'x' * 5000}\r\n" in params["body"]


# --------------------------------------------------------------------------- the forms' choices


def test_propose_form_choices_are_escaped() -> None:
    """A role label lands in an <option> of the form as text, whatever it holds."""
    import dataclasses

    from conftest import MINI, ROOT
    from generator.checks import check
    from generator.render import render_docs
    from generator.views import project

    catalog, problems = check(MINI)
    assert catalog is not None and problems == []
    site = dataclasses.replace(project(catalog), roles=(
        "R&D <script>alert(1)</script>", 'a"b onfocus="alert(2)', "x\n\n# titre"))
    page = render_docs(site, ROOT / "site_templates" / "pages")["proposer.md"]
    options = re.findall(r"<option>(.*)</option>", page)
    assert options == ["R&amp;D &lt;script&gt;alert(1)&lt;/script&gt;",
                       "a&quot;b onfocus=&quot;alert(2)", "x # titre", "Autre ou je ne sais pas"]
    assert "<script>" not in page and "\n# titre" not in page
