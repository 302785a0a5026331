"""Real-browser tests of the mailto forms (SPEC §6): « Je peux aider » on each call page,
« Proposer une question » on /proposer/, and the screenshots of the README.

Each form is filled, submitted, and the e-mail it composes is caught in the page (a
click on a mailto link, cancelled before the mail client opens) and decoded:
recipient, subject and body must be exactly what generator.mail composes for the
values the fields hold. Debian's Chromium, as in tests/test_browser.py (whose site
fixtures are reused); under CI=true a missing Chromium fails, never skips.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import test_browser as shared
from test_browser import COORDINATOR, _axe, _check_mailto

from browser_support import ROOT, TIMEOUT_MS, Tab, format_violations
from generator.mail import CALL_LINES, PROPOSE_LINES, call_mailto, propose_mailto

# The browser and its tabs come from tests/conftest.py; the sites from tests/test_browser.py
# (pytest finds a fixture by its name in the module): the same sites, built once.
mini_site, mini_url, example_site, example_url = (shared.mini_site, shared.mini_url,
                                                  shared.example_site, shared.example_url)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PROGRAMME = "TANDEM"
CALL = "/appels/2026-001/"
CALL_ID = "2026-001"
CALL_TITLE = "Mettre en place une cellule de veille"
SCREENSHOTS = ROOT / "docs" / "screenshots"
#: `TANDEM_UPDATE_SCREENSHOTS=1` rewrites the committed screenshots (see the README).
UPDATE_SCREENSHOTS = os.environ.get("TANDEM_UPDATE_SCREENSHOTS") == "1"

#: Records the href of every mailto link clicked and cancels the click: the mail
#: client never opens, and the test reads what it would have received.
CATCH_MAILTO = """
window.__mailtos = [];
window.addEventListener("click", event => {
    const link = event.target instanceof Element && event.target.closest("a[href^='mailto:']");
    if (link) { event.preventDefault(); window.__mailtos.push(link.getAttribute("href")); }
}, true);
"""

#: Each line's value as the form holds it (what the script reads), in the form's order.
LINE_VALUES = """form => [...form.querySelectorAll("[data-line]")].map(element => {
    if (element.tagName !== "FIELDSET") return element.value;
    const checked = element.querySelector("input:checked");
    return checked ? checked.value : "";
})"""


def _open_form(open_tab: Callable[..., Tab], base: str, path: str, **options: Any) -> Tab:
    tab = open_tab(base, fresh=True, **options)
    tab.page.add_init_script(CATCH_MAILTO)
    tab.goto(path)
    tab.page.locator("form.tandem-form").wait_for(state="visible")
    return tab


def _submit(tab: Tab) -> str:
    """Submit the form; the one e-mail it composed."""
    tab.page.get_by_role("button", name="Préparer mon courriel").click()
    tab.page.wait_for_function("() => window.__mailtos.length > 0")
    mailtos: list[str] = tab.page.evaluate("() => window.__mailtos")
    assert len(mailtos) == 1, mailtos
    return mailtos[0]


def _line_values(tab: Tab) -> list[str]:
    return list(tab.page.locator("form.tandem-form").evaluate(LINE_VALUES))


def _decode(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    params = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    return unquote(parts.path), {key: unquote(value) for key, value in params.items()}


# --------------------------------------------------------------------------- « Je peux aider »

NB = "\u00a0"
INJECTION = "pirate@example.net"

CALL_CASES: list[tuple[str, dict[str, str], list[str]]] = [
    ("accents", {"Adhérent": "Pôle Azur Émeraude", "Contact": "Élodie Müller-Çelik",
                 "Fonction": "chargée de veille", "Expérience sur le sujet": "Déjà fait à Besançon",
                 "Disponibilités": "août, « après le 15 »"},
     [f"Adhérent{NB}: Pôle Azur Émeraude", f"Contact{NB}: Élodie Müller-Çelik",
      f"Fonction{NB}: chargée de veille", f"Expérience sur le sujet{NB}: Déjà fait à Besançon",
      f"Disponibilités{NB}: août, « après le 15 »"]),
    ("line-breaks", {"Adhérent": "Pôle Azur", "Contact": "Élodie", "Fonction": "directrice",
                     "Expérience sur le sujet": "ligne 1\nBcc: pirate@example.net\n\nligne 3",
                     "Disponibilités": ""},
     [f"Adhérent{NB}: Pôle Azur", f"Contact{NB}: Élodie", f"Fonction{NB}: directrice",
      f"Expérience sur le sujet{NB}: ligne 1", "Bcc: pirate@example.net", "", "ligne 3",
      f"Disponibilités{NB}:"]),
    ("injections", {"Adhérent": "X&cc=pirate@example.net", "Contact": "Y?bcc=pirate@example.net",
                    "Fonction": "Z%0ABcc:%20pirate@example.net",
                    "Expérience sur le sujet": "1 + 1 = 2 #ancre &body=remplacé",
                    "Disponibilités": "&subject=autre"},
     [f"Adhérent{NB}: X&cc=pirate@example.net", f"Contact{NB}: Y?bcc=pirate@example.net",
      f"Fonction{NB}: Z%0ABcc:%20pirate@example.net",
      f"Expérience sur le sujet{NB}: 1 + 1 = 2 #ancre &body=remplacé",
      f"Disponibilités{NB}: &subject=autre"]),
    ("unicode-and-controls",
     {"Adhérent": "\ufeff  (oui) l'a dit ! * ~ ", "Contact": "B\u2028C", "Fonction": "D",
      "Expérience sur le sujet": "un\u2029deux\x0btrois\x85quatre\x00\x1bcinq\t\u3000",
      "Disponibilités": "🙂 \u202ftôt"},
     [f"Adhérent{NB}: (oui) l'a dit ! * ~", f"Contact{NB}: B", "C", f"Fonction{NB}: D",
      f"Expérience sur le sujet{NB}: un", "deux", "trois", "quatrecinq",
      f"Disponibilités{NB}: 🙂 \u202ftôt"]),
    ("long-text", {"Adhérent": "A", "Contact": "B", "Fonction": "C",
                   "Expérience sur le sujet": "é" * 3000, "Disponibilités": "  mardi \t "},
     [f"Adhérent{NB}: A", f"Contact{NB}: B", f"Fonction{NB}: C",
      f"Expérience sur le sujet{NB}: {'é' * 3000}", f"Disponibilités{NB}: mardi"]),
]


@pytest.mark.parametrize(("fields", "lines"), [case[1:] for case in CALL_CASES],
                         ids=[case[0] for case in CALL_CASES])
def test_call_form_composes_the_expected_mailto(open_tab: Callable[..., Tab], mini_url: str,
                                                fields: dict[str, str], lines: list[str]) -> None:
    tab = _open_form(open_tab, mini_url, CALL)
    for line, value in fields.items():
        tab.page.locator(f"[data-line='{line}']").fill(value)
    href = _submit(tab)
    params = _check_mailto(href, CALL_ID)
    assert params["subject"] == f"{PROGRAMME} – je peux aider sur l’appel {CALL_ID}"
    intro = f"Bonjour,\r\n\r\nJe peux aider sur l’appel {CALL_ID} «{NB}{CALL_TITLE}{NB}»."
    assert params["body"] == intro + "\r\n\r\n" + "\r\n".join(lines) + "\r\n"
    # The browser and generator.mail compose the same URI for the same values.
    assert href == call_mailto(COORDINATOR, PROGRAMME, CALL_ID, CALL_TITLE, _line_values(tab))
    status = tab.page.get_by_role("status")
    assert COORDINATOR in status.inner_text()
    assert not tab.outside, f"requêtes hors du site : {tab.outside}"
    assert not tab.console.errors, tab.console.errors


def test_form_lines_are_those_of_generator_mail(open_tab: Callable[..., Tab],
                                                mini_url: str) -> None:
    """The form's lines and the prefilled link's lines are the same, in the same order."""
    for path, lines in ((CALL, CALL_LINES), ("/proposer/", PROPOSE_LINES)):
        tab = _open_form(open_tab, mini_url, path)
        names = tab.page.locator("form.tandem-form [data-line]").evaluate_all(
            "els => els.map(e => e.dataset.line)")
        assert tuple(names) == lines, path


def test_forms_are_not_in_the_search_index(mini_site: Path) -> None:
    """The same labels on every call page would make every call a search result."""
    index = (mini_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert CALL_TITLE in index  # the call page itself is indexed
    assert "Personne à contacter" not in index and "Mode confidentiel (oui" not in index
    assert "Préparer mon courriel" not in index and "tandem-form" not in index


def test_required_fields_block_the_mailto(open_tab: Callable[..., Tab], mini_url: str) -> None:
    """Nothing is composed while a required field is empty; the first one gets the focus."""
    tab = _open_form(open_tab, mini_url, CALL)
    page = tab.page
    page.get_by_role("button", name="Préparer mon courriel").click()
    organisation = page.get_by_label("Adhérent (votre structure)")
    page.wait_for_function("() => document.activeElement.id === 'tandem-organisation'")
    assert page.evaluate("() => window.__mailtos") == []
    # Marked for screen readers (required) and on screen (an asterisk next to the label).
    required = page.locator("form.tandem-form [required]").evaluate_all(
        "els => els.map(e => e.name)")
    assert required == ["organisation", "contact", "function", "experience"]
    assert organisation.evaluate("e => e.required") is True
    stars = page.locator("form.tandem-form label .tandem-required")
    assert stars.count() == 4 and stars.first.get_attribute("aria-hidden") == "true"
    assert page.get_by_label("Vos disponibilités").evaluate("e => e.required") is False


def test_without_javascript_the_prefilled_link(open_tab: Callable[..., Tab],
                                               mini_url: str) -> None:
    tab = open_tab(mini_url, java_script_enabled=False)
    tab.goto(CALL)
    page = tab.page
    link = page.get_by_role("link", name="Je peux aider sur cet appel")
    link.wait_for(state="visible")
    assert not page.locator("form.tandem-form").is_visible()
    assert link.get_attribute("href") == call_mailto(COORDINATOR, PROGRAMME, CALL_ID, CALL_TITLE)
    assert COORDINATOR in page.locator(".tandem-address").inner_text()


def test_with_javascript_the_form_replaces_the_link(open_tab: Callable[..., Tab],
                                                    mini_url: str) -> None:
    tab = _open_form(open_tab, mini_url, CALL)
    page = tab.page
    assert not page.locator("a.tandem-mailto").is_visible()
    assert page.locator(".tandem-address").is_visible()  # the address, in plain text


# --------------------------------------------------------------------------- « Proposer une question »

PROPOSE_FIELDS = {"Adhérent": "Pôle Azur", "Contact": "Élodie Martin", "Fonction": "directrice",
                  "Ma question": "Comment financer\nun poste &cc=pirate@example.net ?"}


@pytest.mark.parametrize(("choice", "answer"), [("Oui, mode confidentiel", "oui"),
                                                ("Non, mode ordinaire", "non")])
def test_propose_form_carries_the_confidential_choice(open_tab: Callable[..., Tab],
                                                      mini_url: str, choice: str,
                                                      answer: str) -> None:
    tab = _open_form(open_tab, mini_url, "/proposer/")
    page = tab.page
    for line, value in PROPOSE_FIELDS.items():
        page.locator(f"[data-line='{line}']").fill(value)
    page.get_by_label("Famille de fonction").select_option(label="Communication")
    page.get_by_label("Accompagnement sur plusieurs mois").check()
    page.get_by_label(choice).check()
    href = _submit(tab)
    to, params = _decode(href)
    assert to == COORDINATOR and set(params) == {"subject", "body"}
    assert params["subject"] == f"{PROGRAMME} – proposer une question"
    assert params["body"] == (
        "Bonjour,\r\n\r\nJe souhaite proposer une question au programme.\r\n\r\n"
        f"Adhérent{NB}: Pôle Azur\r\nContact{NB}: Élodie Martin\r\nFonction{NB}: directrice\r\n"
        f"Famille de fonction{NB}: Communication\r\n"
        f"Format{NB}: Accompagnement sur plusieurs mois\r\n"
        f"Ma question{NB}: Comment financer\r\nun poste &cc=pirate@example.net ?\r\n"
        f"Mode confidentiel (oui ou non){NB}: {answer}\r\n")
    assert href == propose_mailto(COORDINATOR, PROGRAMME, _line_values(tab))
    assert not tab.outside, f"requêtes hors du site : {tab.outside}"


def test_propose_form_offers_the_programme_choices(open_tab: Callable[..., Tab],
                                                   mini_url: str) -> None:
    """The role families of programme.yml, the two formats, two explained modes, none chosen."""
    tab = _open_form(open_tab, mini_url, "/proposer/")
    page = tab.page
    options = page.get_by_label("Famille de fonction").locator("option").all_inner_texts()
    assert options == ["Choisir…", "Direction", "Communication", "Autre ou je ne sais pas"]
    modes = page.locator("input[name=confidential]")
    assert modes.count() == 2
    assert modes.evaluate_all("els => els.filter(e => e.checked).length") == 0
    for i in range(2):
        hint = modes.nth(i).evaluate(
            "e => document.getElementById(e.getAttribute('aria-describedby')).textContent")
        assert hint.startswith("Le réseau") and hint.count(".") == 1, hint
    formats = page.locator("input[name=format]").evaluate_all("els => els.map(e => e.value)")
    assert formats == ["Échange ponctuel", "Accompagnement sur plusieurs mois"]


def test_propose_without_javascript_the_prefilled_link(open_tab: Callable[..., Tab],
                                                       mini_url: str) -> None:
    tab = open_tab(mini_url, java_script_enabled=False)
    tab.goto("/proposer/")
    link = tab.page.get_by_role("link", name="Écrire ma question")
    link.wait_for(state="visible")
    assert not tab.page.locator("form.tandem-form").is_visible()
    assert link.get_attribute("href") == propose_mailto(COORDINATOR, PROGRAMME)


# --------------------------------------------------------------------------- instant navigation

#: The mini programme's site_url: Material's instant navigation follows only the links
#: of its sitemap, which are on this host, so the browser is given the site there.
MINI_SITE_URL = "https://tandem.example.org"


def _instant_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini programme built with Material's navigation.instant turned on."""
    from click.testing import CliRunner

    from generator.cli import cli

    project = tmp_path / "project"
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  features:\n" in config
    config = config.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "--content", str(ROOT / "tests" / "fixtures" / "mini"),
                                      "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return site


def test_forms_with_instant_navigation(browser: Any, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages shown by instant navigation (same document) get their form too, and compose."""
    site = _instant_site(tmp_path, monkeypatch)
    outside: list[str] = []

    def from_disk(route: Any) -> None:
        url = route.request.url
        if not url.startswith(MINI_SITE_URL + "/"):
            outside.append(url)
            route.abort("blockedbyclient")
            return
        path = urlsplit(url).path
        file = site / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
        if not file.is_file():
            route.fulfill(status=404, body="")
            return
        route.fulfill(status=200, body=file.read_bytes(),
                      content_type=mimetypes.guess_type(file.name)[0] or "text/html")

    context = browser.new_context(locale="fr-FR")
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", from_disk)
        page = context.new_page()
        page.add_init_script(CATCH_MAILTO)
        page.goto(MINI_SITE_URL + "/appels/")
        page.evaluate("() => { window.__sameDocument = true; }")
        page.locator(f"article a[href*='{CALL_ID}']").first.click()
        page.wait_for_url(f"**{CALL}")
        page.locator("form.tandem-form").wait_for(state="visible")
        for line in ("Adhérent", "Contact", "Fonction", "Expérience sur le sujet"):
            page.locator(f"[data-line='{line}']").fill("é")
        page.get_by_role("button", name="Préparer mon courriel").click()
        page.wait_for_function("() => window.__mailtos.length > 0")
        href = page.evaluate("() => window.__mailtos[0]")
        assert href == call_mailto(COORDINATOR, PROGRAMME, CALL_ID, CALL_TITLE, ["é"] * 4)
        page.locator("nav a[href$='proposer/']").first.click()
        page.wait_for_url("**/proposer/")
        page.locator("form.tandem-form").wait_for(state="visible")
        assert not page.locator("a.tandem-mailto").is_visible()
        # Still the first document: the navigation was instant, not a page load.
        assert page.evaluate("() => window.__sameDocument === true")
    finally:
        context.close()
    assert not outside, f"requêtes hors du site : {outside}"


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("path", [CALL, "/proposer/"])
def test_forms_wcag_21_aa(open_tab: Callable[..., Tab], mini_url: str, path: str) -> None:
    """axe-core on the page with its form shown, then with its errors showing."""
    tab = open_tab(mini_url, "axe")
    tab.goto(path)
    page = tab.page
    page.locator("form.tandem-form").wait_for(state="visible")
    violations = _axe(page)
    assert not violations, format_violations(path, violations)
    page.get_by_role("button", name="Préparer mon courriel").click()
    page.wait_for_function("() => document.activeElement.id === 'tandem-organisation'")
    violations = _axe(page)
    assert not violations, format_violations(path + " (champs vides)", violations)
    assert not tab.outside, f"requêtes hors du site : {tab.outside}"


# --------------------------------------------------------------------------- screenshots

VIEWPORTS: dict[str, dict[str, Any]] = {
    "ordinateur": {"viewport": {"width": 1280, "height": 800}},
    "telephone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                  "has_touch": True},
}
PNG = b"\x89PNG\r\n\x1a\n"
#: A committed screenshot stays small (the repository keeps every version).
MAX_PNG_BYTES = 400_000


def _first_call(tab: Tab) -> str:
    """The newest open call of the example programme, as the calls page lists it."""
    tab.goto("/appels/")
    href = tab.page.locator("article a[href*='20']").first.get_attribute("href")
    assert href is not None
    return str(href if href.startswith("/") else urlsplit(tab.page.url).path + href)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_screenshots(open_tab: Callable[..., Tab], example_url: str, tmp_path: Path,
                     device: str) -> None:
    """The calls page, a call page with its form and the propose page, on each device.

    Saved in docs/screenshots/ with TANDEM_UPDATE_SCREENSHOTS=1 (see the README),
    in a temporary folder otherwise: the test checks them either way.
    """
    folder = SCREENSHOTS if UPDATE_SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    tab = open_tab(example_url, fresh=True, reduced_motion="reduce", **VIEWPORTS[device])
    call = _first_call(tab)
    width = VIEWPORTS[device]["viewport"]["width"]
    for name, path, full in (("appels", "/appels/", False), ("appel", call, True),
                             ("proposer", "/proposer/", True)):
        tab.goto(path)
        if name != "appels":
            tab.page.locator("form.tandem-form").wait_for(state="visible")
        file = folder / f"{name}-{device}.png"
        tab.page.screenshot(path=str(file), full_page=full, animations="disabled")
        data = file.read_bytes()
        assert data.startswith(PNG) and len(data) < MAX_PNG_BYTES, (file, len(data))
        assert int.from_bytes(data[16:20], "big") == width, file
    assert not tab.outside, f"requêtes hors du site : {tab.outside}"
