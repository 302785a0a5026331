"""The hostile corpus: one row per attack and per variant, each with its exact refusal.

What a careless or hostile hand writes in public text (a call's text, its title,
the programme's settings and page names) is refused by `tandem check` with a
French `path:line: message`, or has no effect; `check` reads the text as the
site will show it (rendered, entities decoded, invisible characters and
look-alike letters folded). The property tests of `test_promise.py` check that
the built site and its audit agree with every verdict.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINI, make_content
from generator.checks import check
from generator.views import project

R = "requests/2026-001-veille.md"
P = "programme.yml"
LINE = "Un échange d'une heure suffirait pour commencer."
TEXT = "le texte de l’appel contient"
OWN = "valeur privée de cette demande"
NAME = f"{TEXT} « Jeanne Testard », {OWN} (requester.name)"
SCRIPT_LINK = "seuls les liens https: et mailto: sont permis"
NOTHING_FROM_ELSEWHERE = "le site public ne charge rien d’ailleurs"
BIDI = ("un caractère invisible qui change le sens de l’écriture ({}) : le texte pourrait "
        "s’afficher dans un autre ordre que celui écrit ; retirez-le")


def link(scheme: str) -> str:
    return f"{TEXT} un lien {scheme}: : {SCRIPT_LINK}"


def image(address: str) -> str:
    return f"{TEXT} une image d’un autre site ({address}) : {NOTHING_FROM_ELSEWHERE}"


def raw(fragment: str) -> str:
    return f"{TEXT} du HTML ({fragment}) : écrivez du Markdown simple"


# (id, the line that replaces the call's last line, [(line, message)])
BODY = [
    # -- a private name, however it is written ------------------------------------------
    ("plain-name", "Jeanne Testard", [(31, NAME)]),
    ("capitals", "JEANNE TESTARD", [(31, NAME)]),
    ("decimal-entities", "&#74;eanne &#84;estard", [(31, NAME)]),
    ("hex-entities", "&#x4A;eanne &#X54;estard", [(31, NAME)]),
    ("leading-zeros", "&#0074;eanne Testard", [(31, NAME)]),
    ("named-entity", "Jeanne&nbsp;Testard", [(31, NAME)]),
    # Markdown shows « &#74eanne » as written (no semicolon), but the check decodes like the
    # audit, nested encodings included: what the audit would refuse, the check refuses.
    ("entity-without-semicolon", "&#74eanne Testard", [(31, NAME)]),
    ("entity-encoded-twice", "&amp;#74;eanne Testard", [(31, NAME)]),
    ("cyrillic-look-alikes", "J\u0435anne T\u0435stard", [(31, NAME)]),
    ("greek-look-alikes", "P\u03bfle Quarze\u03bf",
     [(31, f"{TEXT} « Pôle Quarzeo », {OWN} (requester.organisation)")]),
    ("fullwidth-letters", "\uff2a\uff45\uff41\uff4e\uff4e\uff45 Testard", [(31, NAME)]),
    ("zero-width-space", "Jean\u200bne Testard", [(31, NAME)]),
    ("soft-hyphen", "Jeanne Test\u00adard", [(31, NAME)]),
    ("word-joiner-glues-the-words", "Jeanne\u2060Testard", [(31, NAME)]),
    ("variation-selector", "Jeanne\ufe0f Testard", [(31, NAME)]),
    ("combining-mark", "Jean\u0301ne Testard", [(31, NAME)]),
    ("hangul-filler-as-space", "Jeanne\u3164Testard", [(31, NAME)]),
    ("emphasis-split", "Jean**ne** Tes*tard*", [(31, NAME)]),
    ("code-split", "Jean`ne` Testard", [(31, NAME)]),
    ("line-break", "Jeanne\nTestard", [(32, NAME)]),
    ("link-text", "[Jeanne](https://exemple.example.org/) Testard", [(31, NAME)]),
    ("link-address", "[le site](https://exemple.example.org/jeanne-testard)", [(31, NAME)]),
    ("url-encoded-address", "[le site](https://exemple.example.org/%4Aeanne%20Testard)",
     [(31, NAME)]),
    ("image-alternative-text", "![Jeanne Testard](https://tandem.example.org/schema.png)",
     [(31, NAME)]),
    # -- parts of private values -------------------------------------------------------------
    ("surname-alone", "Mme Testard",
     [(31, f"{TEXT} « testard » (nom de famille), {OWN} (requester.name)")]),
    ("organisation-without-generic-word", "le Quarzéo",
     [(31, f"{TEXT} « quarzeo » (nom sans ses mots génériques), {OWN} "
           "(requester.organisation)")]),
    ("short-alias-as-a-word", "le CBV",
     [(31, f"{TEXT} « CBV », valeur privée de l’annuaire des adhérents (aliases)")]),
    ("short-alias-inside-a-word", "les CBVx", []),
    ("directory-domain", "voir brivalon.example.org",
     [(31, f"{TEXT} « brivalon.example.org », valeur privée de l’annuaire des adhérents "
           "(domains)")]),
    ("six-words-of-a-confidential-text", "cinq personnes cherche des pratiques d’animation",
     [(31, f"{TEXT} « cinq personnes cherche des pratiques d animation » (mots à la suite d’un "
           "texte privé), valeur privée de la demande 2026-002 (body)")]),
    ("five-words-of-a-confidential-text", "cinq personnes cherche des pratiques", []),
    ("title-of-a-confidential-request", "Animer une équipe en télétravail",
     [(31, f"{TEXT} « Animer une équipe en télétravail », valeur privée de la demande 2026-002 "
           "(title)")]),
    # The coordinator publishes sentences of the request's own e-mail (its notes): allowed.
    ("own-notes-copied-into-the-call", "reçu par courriel, à anonymiser avant", []),
    # -- what the browser would do ----------------------------------------------------------
    ("bidi-override", "Un échange \u202eeuqinu", [(31, f"{TEXT} {BIDI.format('U+202E')}")]),
    ("bidi-isolates", "Un \u2066échange\u2069",
     [(31, f"{TEXT} {BIDI.format('U+2066, U+2069')}")]),
    ("data-uri-link", "[voir](data:text/html,<script>alert(1)</script>)",
     [(31, f"{TEXT} une adresse data: : le site public n’en accepte aucune")]),
    ("data-uri-image", "![x](data:image/png;base64,iVBORw0KGgo=)",
     [(31, f"{TEXT} une adresse data: : le site public n’en accepte aucune")]),
    ("javascript-entity", "[x](&#106;avascript:alert(1))", [(31, link("javascript"))]),
    ("javascript-tab-entity", "[x](java&#x09;script:alert(1))", [(31, link("javascript"))]),
    ("javascript-mixed-case", "[x](JaVaScRiPt:alert(1))", [(31, link("javascript"))]),
    ("javascript-leading-space", "[x]( javascript:alert(1))", [(31, link("javascript"))]),
    ("vbscript", "[x](vbscript:msgbox(1))", [(31, link("vbscript"))]),
    ("http-link", "[x](http://ailleurs.example/)", [(31, link("http"))]),
    ("ftp-link", "[x](ftp://ailleurs.example/)", [(31, link("ftp"))]),
    ("https-link", "[x](https://ailleurs.example/)", []),
    ("relative-link", "[x](../proposer.md)", []),
    ("mailto-link", "[x](mailto:contact@ailleurs.example)",
     [(31, f"{TEXT} une adresse e-mail « contact@ailleurs.example »")]),
    ("protocol-relative-image", "![x](//ailleurs.example/x.png)",
     [(31, image("//ailleurs.example/x.png"))]),
    ("backslashes-image", "![x](https:\\\\ailleurs.example/x.png)",
     [(31, image("https:\\ailleurs.example/x.png"))]),
    ("userinfo-image", "![x](https://tandem.example.org@ailleurs.example/x.png)",
     [(31, f"{TEXT} une adresse e-mail « tandem.example.org@ailleurs.example »"),
      (31, image("https://tandem.example.org@ailleurs.example/x.png"))]),
    ("own-host-image", "![x](https://tandem.example.org/x.png)", []),
    # Within the site, a link leads to a page of the docs tree and the content has no image:
    # what the site engine would refuse at build time, the check refuses at commit time.
    ("local-image", "![x](schema.png)",
     [(31, f"{TEXT} une image « schema.png » que le site n’a pas : retirez-la")]),
    ("link-to-a-missing-page", "[x](absente.md)",
     [(31, f"{TEXT} un lien vers une page introuvable « absente.md » : liez une page du site par "
           "son nom, par exemple proposer.md ou appels/index.md")]),
    ("link-to-a-page-by-its-url", "[x](../proposer/)",
     [(31, f"{TEXT} un lien vers une page introuvable « ../proposer/ » : liez une page du site "
           "par son nom, par exemple proposer.md ou appels/index.md")]),
    ("link-from-the-root", "[x](/appels/)",
     [(31, f"{TEXT} un lien « /appels/ » qui part de la racine : écrivez le nom de la page, par "
           "exemple proposer.md")]),
    ("link-to-another-call", "[x](2026-002.md)", []),
    ("link-to-a-missing-section", "[x](#nulle-part)",
     [(31, f"{TEXT} un lien vers une section « #nulle-part » introuvable")]),
    ("link-to-a-section-of-another-page", "[x](../proposer.md#formulaire)",
     [(31, f"{TEXT} un lien vers une section d’une autre page « ../proposer.md#formulaire » : "
           "retirez « #formulaire »")]),
    ("control-character-by-reference", "Un &#1; échange",
     [(31, f"{TEXT} un caractère de contrôle écrit par une référence « &#…; » (U+0001) : "
           "retirez-la")]),
    ("raw-script", "<script>alert(1)</script>",
     [(31, raw("<script>alert(1)</script>")),
      (31, f"{TEXT} un script (<script>) : le site public n’exécute rien venu du texte")]),
    ("raw-meta-refresh", '<meta http-equiv="refresh" content="0;url=https://ailleurs.example/">',
     [(31, f"{TEXT} des attributs HTML non permis (http-equiv, content) : écrivez du Markdown "
           "simple"),
      (31, raw('<meta http-equiv="refresh" content="0;ur')),
      (31, f"{TEXT} une ressource d’un autre site (https://ailleurs.example/) : "
           f"{NOTHING_FROM_ELSEWHERE}")]),
    ("raw-iframe", '<iframe src="https://ailleurs.example/"></iframe>',
     [(31, raw('<iframe src="https://ailleurs.example/">')),
      (31, f"{TEXT} une ressource d’un autre site (https://ailleurs.example/) : "
           f"{NOTHING_FROM_ELSEWHERE}")]),
    ("raw-comment", "<!-- caché -->", [(31, raw("<!-- caché -->"))]),
    ("autolink-javascript", "<javascript:alert(1)>", [(31, raw("<javascript:alert(1)>"))]),
    ("attribute-list-onclick", 'Un échange.\n{: onclick="alert(1)" }',
     [(32, f"{TEXT} un script (onclick) : le site public n’exécute rien venu du texte")]),
    ("attribute-list-style", 'Un échange.\n{: style="background:url(//ailleurs.example/x.png)" }',
     [(32, f"{TEXT} des attributs HTML non permis (style) : écrivez du Markdown simple"),
      (32, f"{TEXT} une ressource d’un autre site (//ailleurs.example/x.png) : "
           f"{NOTHING_FROM_ELSEWHERE}")]),
    ("attribute-list-inside-a-line-is-text", 'Un échange {: onclick="go()" } d\'une heure', []),
    ("escaped-html-is-text", "&lt;script&gt;alert(1)&lt;/script&gt;", []),
    ("email-by-entity", "jeanne&#64;ailleurs.fr",
     [(31, f"{TEXT} une adresse e-mail « jeanne@ailleurs.fr »")]),
    ("phone-with-dots", "04.72.00.00.00",
     [(31, f"{TEXT} un numéro de téléphone « 04.72.00.00.00 »")]),
]


def problems(tmp: Path, files: dict[str, str | bytes | None]) -> list[tuple[str, int, str]]:
    content = make_content(tmp, files)
    _, found = check(content)
    return [(str(Path(p.path).relative_to(content)), p.line, p.message) for p in found]


def call_with(line: str) -> dict[str, str | bytes | None]:
    text = (MINI / R).read_text(encoding="utf-8")
    assert LINE in text
    return {R: text.replace(LINE, line)}


@pytest.mark.parametrize(("line", "expected"), [row[1:] for row in BODY], ids=[row[0] for row in BODY])
def test_hostile_call_text(tmp_path: Path, line: str, expected: list[tuple[int, str]]) -> None:
    assert problems(tmp_path, call_with(line)) == sorted((R, n, m) for n, m in expected)


TITLE = [
    ("title-private-name", "Veille pour J\u0435anne T\u200bestard",
     [f"le titre contient « Jeanne Testard », {OWN} (requester.name)"]),
    ("title-bidi", "Veille \u202eelliev",
     [f"le titre contient {BIDI.format('U+202E')}"]),
    # A title is shown as text, escaped wherever it lands: markup in it is harmless.
    ("title-markup-is-text", '<script>alert(1)</script> [x](javascript:alert(1)) {: .x }', []),
    ("title-email", "Écrire à qui@ailleurs.fr", ["le titre contient une adresse e-mail « qui@ailleurs.fr »"]),
]


@pytest.mark.parametrize(("title", "expected"), [row[1:] for row in TITLE], ids=[row[0] for row in TITLE])
def test_hostile_call_title(tmp_path: Path, title: str, expected: list[str]) -> None:
    text = (MINI / R).read_text(encoding="utf-8")
    text = text.replace("title: Mettre en place une cellule de veille", f"title: {json.dumps(title)}")
    assert problems(tmp_path, {R: text}) == [(R, 3, message) for message in expected]


SITE_URL = ("« site_url » adresse invalide « {} » : une adresse https:// terminée par « / », sans "
            "espace, identifiant, « ? » ni « # » (par exemple https://tandem.example.org/ ; http:// "
            "seulement pour localhost)")
ADDRESS = ("« coordinator.email » adresse invalide « {} » : une seule adresse, sans espace, « ? », "
           "virgule ni paramètre (par exemple tandem@mon-reseau.example.org)")
RESERVED = "« {} » est réservé aux pages générées : choisissez un autre nom"
SETTINGS = [
    ("site-url-http", "site_url: https://tandem.example.org/", 'site_url: "http://tandem.example.org/"',
     [(3, SITE_URL.format("http://tandem.example.org/"))]),
    ("site-url-localhost", "site_url: https://tandem.example.org/", 'site_url: "http://localhost:8000/"',
     []),
    ("site-url-userinfo", "site_url: https://tandem.example.org/",
     'site_url: "https://tandem.example.org@ailleurs.example/"',
     [(3, SITE_URL.format("https://tandem.example.org@ailleurs.example/"))]),
    ("site-url-javascript", "site_url: https://tandem.example.org/", 'site_url: "javascript:alert(1)//"',
     [(3, SITE_URL.format("javascript:alert(1)//"))]),
    ("site-url-quote", "site_url: https://tandem.example.org/",
     'site_url: "https://tandem.example.org/\\"onload=\\"x/"',
     [(3, SITE_URL.format('https://tandem.example.org/"onload="x/'))]),
    ("site-url-query", "site_url: https://tandem.example.org/", 'site_url: "https://tandem.example.org/?a=b/"',
     [(3, SITE_URL.format("https://tandem.example.org/?a=b/"))]),
    ("address-with-cc", "email: tandem@example.org", 'email: "tandem@example.org?cc=x@ailleurs.example"',
     [(6, ADDRESS.format("tandem@example.org?cc=x@ailleurs.example"))]),
    ("address-with-header", "email: tandem@example.org",
     'email: "tandem@example.org\\nBcc: x@ailleurs.example"',
     [(6, ADDRESS.format("tandem@example.org\nBcc: x@ailleurs.example"))]),
    ("two-addresses", "email: tandem@example.org", 'email: "tandem@example.org, x@ailleurs.example"',
     [(6, ADDRESS.format("tandem@example.org, x@ailleurs.example"))]),
    ("theme-label-private-name", "intelligence-economique: Intelligence économique",
     "intelligence-economique: Veille de J\u0435anne Testard",
     [(13, "le libellé de thème contient « Jeanne Testard », valeur privée de la demande 2026-001 "
           "(requester.name)")]),
    ("page-title-alias", "{file: programme.md, title: Le programme}",
     "{file: programme.md, title: Le programme du CBV}",
     [(11, "le titre de page contient « CBV », valeur privée de l’annuaire des adhérents (aliases)")]),
    ("programme-name-bidi", "name: TANDEM", 'name: "TANDEM \\u202e"',
     [(1, f"le nom du programme contient {BIDI.format('U+202E')}")]),
    ("page-named-like-the-calls", "file: programme.md", "file: appels.md",
     [(11, RESERVED.format("appels.md"))]),
    ("page-named-like-the-reviews", "file: programme.md", "file: bilans.md",
     [(11, RESERVED.format("bilans.md"))]),
    ("page-named-like-search", "file: programme.md", "file: search.md", [(11, RESERVED.format("search.md"))]),
    ("page-named-like-the-404", "file: programme.md", "file: 404.md", [(11, RESERVED.format("404.md"))]),
    ("page-named-like-contact", "file: programme.md", "file: contact.md",
     [(11, RESERVED.format("contact.md"))]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [row[1:] for row in SETTINGS],
                         ids=[row[0] for row in SETTINGS])
def test_hostile_settings(tmp_path: Path, old: str, new: str, expected: list[tuple[int, str]]) -> None:
    text = (MINI / P).read_text(encoding="utf-8")
    assert old in text
    files: dict[str, str | bytes | None] = {P: text.replace(old, new, 1)}
    if "file: programme.md" in old:  # the page itself, under its new name
        files[f"pages/{new.removeprefix('file: ')}"] = (MINI / "pages/programme.md").read_text("utf-8")
    assert problems(tmp_path, files) == [(P, n, m) for n, m in expected]


def test_a_draft_never_gets_a_page_whatever_its_dates(tmp_path: Path) -> None:
    text = (MINI / R).read_text(encoding="utf-8").replace("status: open", "status: draft")
    content = make_content(tmp_path, {R: text})
    catalog, found = check(content)
    assert catalog is not None and found == []
    site = project(catalog)
    assert "2026-001" not in [call.id for call in site.calls]
    assert "2026-001" not in [tomb.id for tomb in site.tombstones]
