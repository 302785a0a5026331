"""Stage 2: every rule of SPEC §4 and §5, one case each, with its exact French message."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, make_content
from generator.checks import check

R = "requests/2026-001-veille.md"
R2 = "requests/2026-002-equipe.md"
B = "binomes/2026-B01-equipe.md"
P = "programme.yml"
M = "members.yml"
MATCHED_ALONE = (R2, 4, "la demande est « matched » mais aucun binôme ne la cite (créez-le avec : "
                        "tandem match 2026-002 --reply N)")
PUBLIC = "le texte de l’appel contient"
SCRIPT_LINK = "un lien javascript: : seuls les liens https: et mailto: sont permis"


def remote(address: str) -> str:
    return (f"une image d’un autre site ({address}) : le site public ne charge rien "
            "d’ailleurs")


def edit(file: str, old: str, new: str) -> dict[str, str]:
    text = (MINI / file).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    return {file: text.replace(old, new, 1)}


def problems_of(tmp: Path, files: dict[str, str | bytes | None]) -> list[tuple[str, int, str]]:
    content = make_content(tmp, files)
    _, problems = check(content)
    return [(str(Path(p.path).relative_to(content)), p.line, p.message) for p in problems]


#: The vocabularies of the mini programme, as unknown themes and roles list them.
THEMES = "thèmes possibles : intelligence-economique, modele-economique, gestion-equipe"
ROLES = "fonctions possibles : direction, communication"

CASES = [
    # -- keys and types ------------------------------------------------------------
    ("misspelt-key", edit(R, "confidential: false", "confidental: false"),
     [(R, 1, "champ obligatoire « confidential » manquant"),
      (R, 5, "clé inconnue « confidental » (vouliez-vous dire « confidential » ?)")]),
    ("missing-flag", edit(R, "confidential: false\n", ""),
     [(R, 1, "champ obligatoire « confidential » manquant")]),
    ("flag-yes-no", edit(R, "confidential: false", "confidential: NO"),
     [(R, 5, "« confidential » doit s’écrire true ou false, reçu « NO »")]),
    ("flag-text", edit(R, "confidential: false", "confidential: oui"),
     [(R, 5, "« confidential » doit valoir true ou false, reçu « oui »")]),
    ("nested-unknown-key", edit(B, "name: Lise Volontin, email:", "name: Lise Volontin, mail:"),
     [(B, 7, "clé inconnue « mail » (vouliez-vous dire « email » ?)")]),
    ("duplicate-key", edit(R, "format: ponctuel\n", "format: ponctuel\nformat: accompagnement\n"),
     [(R, 12, "clé « format » en double (déjà à la ligne 11)")]),
    ("yaml-no", edit(R, "name: Jeanne Testard", "name: NO"),
     [(R, 15, "« requester.name » doit être du texte : YAML a lu « NO » comme un booléen ; "
              "mettez la valeur entre guillemets")]),
    ("yaml-sexagesimal", edit(R, 'phone: "+33 6 12 34 56 78"', "phone: 10:30"),
     [(R, 17, "« requester.phone » doit être du texte : YAML a lu « 10:30 » comme un nombre ; "
              "mettez la valeur entre guillemets")]),
    ("yaml-octal-phone", edit(R, 'phone: "+33 6 12 34 56 78"', "phone: 0612345670"),
     [(R, 17, "« requester.phone » doit être du texte : YAML a lu « 0612345670 » comme un "
              "nombre ; mettez la valeur entre guillemets")]),
    ("yaml-date-as-text", edit(R, "name: Jeanne Testard", "name: 2026-02-10"),
     [(R, 15, "« requester.name » doit être du texte : YAML a lu « 2026-02-10 » comme une date ; "
              "mettez la valeur entre guillemets")]),
    ("impossible-date", edit(R, "received: 2026-02-10", "received: 2026-13-01"),
     [(R, 6, "« received » date impossible « 2026-13-01 »")]),
    ("french-date", edit(R, "received: 2026-02-10", "received: 10/02/2026"),
     [(R, 6, "« received » doit être une date au format AAAA-MM-JJ, reçu « 10/02/2026 »")]),
    ("date-with-time", edit(R, "received: 2026-02-10", "received: 2026-02-10 10:00:00"),
     [(R, 6, "« received » doit être une date seule au format AAAA-MM-JJ, sans heure")]),
    ("missing-field", edit(R, "format: ponctuel\n", ""),
     [(R, 1, "champ obligatoire « format » manquant")]),
    ("missing-nested-field", edit(R, "  name: Jeanne Testard\n", ""),
     [(R, 13, "champ obligatoire « requester.name » manquant")]),
    ("not-a-mapping", edit(B, "agreement: {goals: Trois rituels d'équipe à essayer, cadence: "
                              "mensuelle, duration: six mois}", "agreement: six mois"),
     [(B, 9, "« agreement » doit être un ensemble de champs « clé: valeur »")]),
    ("not-a-list", edit(R, "themes: [intelligence-economique]", "themes: intelligence-economique"),
     [(R, 10, "« themes » doit être une liste, par exemple [a, b]")]),
    ("empty-list", edit(R, "themes: [intelligence-economique]", "themes: []"),
     [(R, 10, "« themes » doit contenir au moins 1 élément")]),
    ("empty-text", edit(R, "title: Mettre en place une cellule de veille", 'title: ""'),
     [(R, 3, "« title » ne doit pas être vide")]),
    ("bad-email", edit(R, "email: jeanne.testard@example.org", "email: jeanne.testard"),
     [(R, 16, "« requester.email » adresse e-mail invalide « jeanne.testard »")]),
    ("bad-phone", edit(R, 'phone: "+33 6 12 34 56 78"', 'phone: "demain"'),
     [(R, 17, "« requester.phone » numéro de téléphone invalide « demain »")]),
    ("bad-rating", edit(B, "public_consent: false", "feedback:\n  mentor: {rating: 6}\n"
                           "public_consent: false"),
     [(B, 15, "« feedback.mentor.rating » doit être une note entière de 1 à 5, reçu « 6 »")]),
    ("bad-threshold", edit(P, "stale_after_days: 60", "stale_after_days: 0"),
     [(P, 8, "« thresholds.stale_after_days » doit être supérieur ou égal à 1, reçu « 0 »")]),
    # -- ids and vocabularies ----------------------------------------------------------
    ("bad-id", edit(R, "id: 2026-001", "id: 2026-1"),
     [(R, 2, "« id » format invalide « 2026-1 » (attendu par exemple « 2026-007 »)")]),
    ("id-not-file-name", edit(R, "id: 2026-001", "id: 2026-009"),
     [(R, 2, "l’identifiant 2026-009 ne correspond pas au nom du fichier "
             "(attendu : 2026-009-….md)")]),
    ("duplicate-id", {"requests/2026-001-copie.md": (MINI / R).read_text(encoding="utf-8")},
     [("requests/2026-001-veille.md", 2, "identifiant 2026-001 déjà utilisé par "
                                         "{content}/requests/2026-001-copie.md")]),
    ("unknown-status", edit(R, "status: open", "status: opne"),
     [(R, 4, "« status » : valeur inconnue « opne » (vouliez-vous dire « open » ?) ; valeurs "
             "possibles : draft, open, matched, withdrawn, expired")]),
    ("unknown-format", edit(R, "format: ponctuel", "format: ponctuelle"),
     [(R, 11, "« format » : valeur inconnue « ponctuelle » (vouliez-vous dire « ponctuel » ?) ; "
              "valeurs possibles : ponctuel, accompagnement")]),
    ("unknown-theme", edit(R, "themes: [intelligence-economique]",
                           "themes: [intelligence-economiqe]"),
     [(R, 10, "thème inconnu « intelligence-economiqe » (vouliez-vous dire "
              f"« intelligence-economique » ?) ; {THEMES}")]),
    ("theme-as-its-label", edit(R, "themes: [intelligence-economique]",
                                "themes: [Intelligence économique]"),
     [(R, 10, "thème inconnu « Intelligence économique » (vouliez-vous dire "
              f"« intelligence-economique » ?) ; {THEMES}")]),
    ("theme-with-accents", edit(R, "themes: [intelligence-economique]",
                                "themes: [intelligence-economique, modèle-économique]"),
     [(R, 10, "thème inconnu « modèle-économique » (vouliez-vous dire "
              f"« modele-economique » ?) ; {THEMES}")]),
    ("theme-label-misspelt", edit(R, "themes: [intelligence-economique]",
                                  "themes: [gestion d’équipes]"),
     [(R, 10, f"thème inconnu « gestion d’équipes » (vouliez-vous dire « gestion-equipe » ?) ; "
              f"{THEMES}")]),
    ("theme-unrelated", edit(R, "themes: [intelligence-economique]", "themes: [jardinage]"),
     [(R, 10, f"thème inconnu « jardinage » ; {THEMES}")]),
    ("unknown-role", edit(R, "role: direction", "role: directeur"),
     [(R, 12, f"fonction inconnue « directeur » (vouliez-vous dire « direction » ?) ; {ROLES}")]),
    ("role-as-its-label", edit(R, "role: direction", "role: Communication"),
     [(R, 12, "fonction inconnue « Communication » (vouliez-vous dire « communication » ?) ; "
              f"{ROLES}")]),
    ("directory-theme", edit(M, "themes: [intelligence-economique]", "themes: [veille]"),
     [(M, 6, f"thème inconnu « veille » ; {THEMES}")]),
    ("directory-theme-label", edit(M, "themes: [intelligence-economique]",
                                   "themes: [Modèle économique]"),
     [(M, 6, f"thème inconnu « Modèle économique » (vouliez-vous dire « modele-economique » ?) ; "
             f"{THEMES}")]),
    # Python's \d matches other scripts' digits: ids and dates are written in 0-9 only.
    ("id-arabic-indic-digits", edit(R, "id: 2026-001", "id: ٢٠٢٦-٠٠١"),
     [(R, 2, "« id » format invalide « ٢٠٢٦-٠٠١ » (attendu par exemple « 2026-007 »)")]),
    ("id-fullwidth-digits", edit(R, "id: 2026-001", "id: ２０２６-００１"),
     [(R, 2, "« id » format invalide « ２０２６-００１ » (attendu par exemple « 2026-007 »)")]),
    ("binome-id-devanagari-digits", edit(B, "id: 2026-B01", "id: २०२६-B०१"),
     [(B, 2, "« id » format invalide « २०२६-B०१ » (attendu par exemple « 2026-B03 »)")]),
    ("date-arabic-indic-digits", edit(R, "received: 2026-02-10", "received: ٢٠٢٦-٠٢-١٠"),
     [(R, 6, "« received » doit être une date au format AAAA-MM-JJ, reçu « ٢٠٢٦-٠٢-١٠ »")]),
    # -- files in the wrong folder ---------------------------------------------------------
    ("request-among-binomes", {R: None, "binomes/2026-001-veille.md":
                               (MINI / R).read_text(encoding="utf-8")},
     [("binomes/2026-001-veille.md", 2, "2026-001 est une demande : déplacez ce fichier dans le "
                                        "dossier requests/")]),
    ("binome-among-requests", {B: None, "requests/2026-B01-equipe.md":
                               (MINI / B).read_text(encoding="utf-8")},
     [MATCHED_ALONE, ("requests/2026-B01-equipe.md", 2, "2026-B01 est un binôme : déplacez ce "
                                                        "fichier dans le dossier binomes/")]),
    # -- invisible characters and keys that are not text --------------------------------------
    ("vertical-tab-in-title", edit(R, "title: Mettre en", "title: Mettre\x0ben"),
     [(R, 3, "caractère de contrôle invisible (U+000B, tabulation verticale) : supprimez-le (il "
             "vient souvent d’un copier-coller)")]),
    ("nul-in-body", edit(R, "Un échange d'une heure", "Un échange\x00 d’une heure"),
     [(R, 31, "caractère de contrôle invisible (U+0000, caractère nul) : supprimez-le (il vient "
              "souvent d’un copier-coller)")]),
    ("c1-control-in-page", edit("pages/programme.md", "simple et souple.", "simple\x85 et souple."),
     [("pages/programme.md", 3, "caractère de contrôle invisible (U+0085, fin de ligne) : "
                                "supprimez-le (il vient souvent d’un copier-coller)")]),
    ("escaped-control-in-title", edit(R, "title: Mettre en place une cellule de veille",
                                      'title: "Mettre en\\fplace"'),
     [(R, 3, "valeur YAML impossible (colonne 8) : caractère de contrôle invisible (U+000C, saut "
             "de page) écrit par un échappement « \\ » entre guillemets : retirez-le")]),
    ("number-key", edit(R, "format: ponctuel\n", "format: ponctuel\n1: x\n"),
     [(R, 12, "clé YAML impossible (colonne 1) : YAML lit la clé « 1 » comme un nombre : une clé "
              "est un nom de champ (mettez-la entre guillemets si ce nom est voulu)")]),
    ("date-key", edit(R, "format: ponctuel\n", "format: ponctuel\n2026-01-01: x\n"),
     [(R, 12, "clé YAML impossible (colonne 1) : YAML lit la clé « 2026-01-01 » comme une date : "
              "une clé est un nom de champ (mettez-la entre guillemets si ce nom est voulu)")]),
    ("null-key", edit(R, "format: ponctuel\n", "format: ponctuel\n~: x\n"),
     [(R, 12, "clé YAML impossible (colonne 1) : YAML lit la clé « ~ » comme une valeur vide "
              "(null) : une clé est un nom de champ (mettez-la entre guillemets si ce nom est "
              "voulu)")]),
    ("list-key", edit(R, "format: ponctuel\n", "format: ponctuel\n[a, b]: x\n"),
     [(R, 12, "clé YAML impossible (colonne 1) : la clé « [a, b] » n’est pas un nom de champ : "
              "une clé est un simple mot, pas une liste ni des champs")]),
    ("nested-number-key", edit(R, "  name: Jeanne Testard", "  name: Jeanne Testard\n  3: x"),
     [(R, 16, "clé YAML impossible (colonne 3) : YAML lit la clé « 3 » comme un nombre : une clé "
              "est un nom de champ (mettez-la entre guillemets si ce nom est voulu)")]),
    # -- the usual YAML mistakes, at their line --------------------------------------------------
    ("tab-indentation", edit(R, "  name: Jeanne Testard", "\tname: Jeanne Testard"),
     [(R, 15, "syntaxe YAML invalide (colonne 1) : tabulation en début de ligne : indentez avec "
              "des espaces, jamais avec des tabulations")]),
    ("title-starting-with-a-quote", edit(R, "title: Mettre en place une cellule de veille",
                                         'title: "Mettre en place" une cellule de veille'),
     [(R, 3, "syntaxe YAML invalide (colonne 26) : la valeur commence par un guillemet mais "
             "continue après lui : mettez toute la valeur entre guillemets, par exemple "
             "title: '\"Mettre en place\" une cellule de veille'")]),
    ("line-indented-one-space-too-far", edit(R, "status: open", " status: open"),
     [(R, 4, "syntaxe YAML invalide (colonne 8) : ligne trop indentée : alignez-la sur la "
             "ligne 3 (même nombre d’espaces en début de ligne)")]),
    ("nested-line-indented-too-far", edit(R, "  email: jeanne", "   email: jeanne"),
     [(R, 16, "syntaxe YAML invalide (colonne 9) : ligne trop indentée : alignez-la sur la "
              "ligne 15 (même nombre d’espaces en début de ligne)")]),
    ("colon-without-space", edit(R, "status: open", "status:open"),
     [(R, 4, "syntaxe YAML invalide : espace manquant après « : » (écrivez « status: open »)")]),
    ("key-without-colon", edit(R, "status: open", "status open"),
     [(R, 4, "syntaxe YAML invalide (colonne 1) : « : » manquant après une clé")]),
    ("bracket-never-closed", edit(R, "themes: [intelligence-economique]",
                                  "themes: [intelligence-economique"),
     [(R, 10, "syntaxe YAML invalide (colonne 9) : crochet « [ » non fermé")]),
    ("directory-spelling", edit(R, "organisation: Pôle Quarzeo", "organisation: Pole Quarzeo"),
     [(R, 14, "organisation « Pole Quarzeo » écrite autrement que dans l’annuaire "
              "(vouliez-vous dire « Pôle Quarzeo » ?)")]),
    ("reserved-page", edit(P, "file: programme.md", "file: index.md"),
     [(P, 11, "« index.md » est réservé aux pages générées : choisissez un autre nom")]),
    ("missing-page", edit(P, "file: programme.md", "file: absent.md"),
     [(P, 11, "page introuvable : {content}/pages/absent.md")]),
    # -- dates and lifecycle -------------------------------------------------------------
    ("published-before-received", edit(R, "published: 2026-02-14", "published: 2026-02-01"),
     [(R, 7, "« published » (01/02/2026) est antérieure à « received » (10/02/2026)")]),
    ("closed-before-published", edit(R2, "closed: 2026-02-01", "closed: 2026-01-07"),
     [(R2, 8, "« closed » (07/01/2026) est antérieure à « published » (08/01/2026)")]),
    ("expires-before-published", edit(R, "expires: 2099-06-30", "expires: 2026-02-01"),
     [(R, 9, "« expires » (01/02/2026) est antérieure à « published » (14/02/2026)")]),
    ("open-not-published", edit(R, "published: 2026-02-14", "published: null"),
     [(R, 4, "une demande « open » doit avoir une date « published »")]),
    ("matched-not-closed", edit(R2, "closed: 2026-02-01", "closed: null"),
     [(R2, 4, "une demande « matched » doit avoir une date « closed »")]),
    ("open-closed", edit(R, "closed: null", "closed: 2026-03-01"),
     [(R, 8, "une demande « open » ne peut pas avoir de date « closed » (laissez closed: null)")]),
    ("open-without-text", {R: (MINI / R).read_text(encoding="utf-8").split("---\n")[1]
                           .join(["---\n", "---\n"])},
     [(R, 4, "un appel ouvert doit avoir un texte public sous l’en-tête")]),
    ("reply-before-call", edit(R, "received: 2026-02-20", "received: 2026-02-12"),
     [(R, 23, "réponse reçue le 12/02/2026, avant la publication de l’appel (14/02/2026)")]),
    ("forwarded-before-reply", edit(R2, "forwarded: 2026-01-13", "forwarded: 2026-01-11"),
     [(R2, 21, "réponse transmise le 11/01/2026, avant d’avoir été reçue (12/01/2026)")]),
    ("ended-before-formed", edit(B, "status: active\nformed: 2026-02-01\nended: null",
                                 "status: completed\nformed: 2026-02-01\nended: 2026-01-20"),
     [(B, 6, "« ended » (20/01/2026) est antérieure à « formed » (01/02/2026)"),
      (B, 11, "point d’étape du 02/03/2026 en dehors de la vie du binôme "
              "(01/02/2026 – 20/01/2026)")]),
    ("completed-without-end", edit(B, "status: active", "status: completed"),
     [(B, 4, "un binôme « completed » doit avoir une date « ended »")]),
    ("active-with-end", edit(B, "ended: null", "ended: 2026-05-01"),
     [(B, 6, "un binôme « active » ne peut pas avoir de date « ended » (laissez ended: null)")]),
    ("checkin-before-pair", edit(B, "date: 2026-03-02", "date: 2026-01-20"),
     [(B, 11, "point d’étape du 20/01/2026 en dehors de la vie du binôme "
              "(01/02/2026 – en cours)")]),
    ("next-before-checkin", edit(B, "next: 2026-04-15", "next: 2026-03-01"),
     [(B, 13, "prochain point (01/03/2026) antérieur au point d’étape (02/03/2026)")]),
    ("pair-before-call", edit(B, "formed: 2026-02-01", "formed: 2026-01-07"),
     [(B, 5, "binôme formé le 07/01/2026, avant la publication de la demande (08/01/2026)")]),
    # -- references between files ------------------------------------------------------------
    ("missing-request", edit(B, "request: 2026-002", "request: 2026-099"),
     [MATCHED_ALONE, (B, 3, "la demande 2026-099 n’existe pas")]),
    ("binome-on-open-request", edit(B, "request: 2026-002", "request: 2026-001"),
     [MATCHED_ALONE, (B, 3, "la demande 2026-001 est « open » : une demande qui a un binôme "
                            "doit être « matched »"),
      (B, 5, "binôme formé le 01/02/2026, avant la publication de la demande (14/02/2026)")]),
    ("matched-without-binome", {B: None}, [MATCHED_ALONE]),
    # -- public text (SPEC §5) ------------------------------------------------------------------
    ("own-private-value-in-title", edit(R, "title: Mettre en place une cellule de veille",
                                        "title: Veille pour le pôle quarzéo"),
     [(R, 3, "le titre contient « Pôle Quarzeo », valeur privée de cette demande "
             "(requester.organisation)")]),
    ("identifying-term", edit(R, "Un échange d'une heure", "Dans la vallée du Lignon, un échange"),
     [(R, 31, f"{PUBLIC} « Vallée du Lignon », valeur privée de cette demande "
              "(identifying_terms)")]),
    ("other-record-person", edit(R, "Un échange d'une heure", "Comme Marc Demandier, un échange"),
     [(R, 31, f"{PUBLIC} « Marc Demandier », valeur privée de la demande 2026-002 "
              "(requester.name)")]),
    ("binome-person", edit(R, "Un échange d'une heure", "Lise Volontin dit qu’un échange"),
     [(R, 31, f"{PUBLIC} « Lise Volontin », valeur privée de la demande 2026-002 "
              "(responses.name)")]),
    ("directory-alias", edit(R, "Un échange d'une heure", "Le CBV propose un échange"),
     [(R, 31, f"{PUBLIC} « CBV », valeur privée de l’annuaire des adhérents (aliases)")]),
    ("directory-domain", edit(R, "Un échange d'une heure", "Voir brivalon.example.org : un échange"),
     [(R, 31, f"{PUBLIC} « brivalon.example.org », valeur privée de l’annuaire des adhérents "
              "(domains)")]),
    ("any-email", edit(R, "Un échange d'une heure", "Écrire à qui@ailleurs.fr : un échange"),
     [(R, 31, f"{PUBLIC} une adresse e-mail « qui@ailleurs.fr »")]),
    ("any-phone", edit(R, "Un échange d'une heure", "Appeler le 04 72 00 00 00 : un échange"),
     [(R, 31, f"{PUBLIC} un numéro de téléphone « 04 72 00 00 00 »")]),
    ("raw-html", edit(R, "Un échange d'une heure", "<b>Urgent</b> : un échange d'une heure"),
     [(R, 31, f"{PUBLIC} du HTML (<b>, </b>) : écrivez du Markdown simple")]),
    ("script-link", edit(R, "Un échange d'une heure", "[Voir](javascript:alert(1)) un échange"),
     [(R, 31, f"{PUBLIC} {SCRIPT_LINK}")]),
    ("remote-image", edit(R, "Un échange d'une heure", "![logo](https://ailleurs.fr/l.png) Un"),
     [(R, 31, f"{PUBLIC} {remote('https://ailleurs.fr/l.png')}")]),
    ("markdown-attributes-in-text-are-text", edit(R, "Un échange d'une heure",
                                                  'Un échange {: onclick="go()" } d'), []),
    ("markdown-attributes", edit(R, "suffirait pour commencer.",
                                 'suffirait pour commencer.\n{: onclick="go()" }'),
     [(R, 32, f"{PUBLIC} un script (onclick) : le site public n’exécute rien venu du texte")]),
    ("remote-image-by-reference", edit(R, "Un échange d'une heure suffirait pour commencer.",
                                       "![Logo][le logo] Un échange suffirait.\n\n"
                                       "[le logo]: <https://ailleurs.fr/l.png>"),
     [(R, 33, f"{PUBLIC} {remote('https://ailleurs.fr/l.png')}")]),
    ("unmatched-reference-is-text", edit(R, "Un échange d'une heure suffirait pour commencer.",
                                         "![Logo][le logo] Un échange suffirait.\n\n"
                                         "[Le  Logo]: <https://ailleurs.fr/l.png>"), []),
    ("remote-image-by-shortcut", edit(R, "Un échange d'une heure suffirait pour commencer.",
                                      "![logo]\n\n   [logo]: https://ailleurs.fr/l.png \"Logo\""),
     [(R, 33, f"{PUBLIC} {remote('https://ailleurs.fr/l.png')}")]),
    ("remote-image-in-a-page", edit("pages/programme.md", "simple et souple.",
                                    "simple ![x][a].\n\n[a]: //ailleurs.fr/a.png"),
     [("pages/programme.md", 5, f"la page contient {remote('//ailleurs.fr/a.png')}")]),
    ("link-by-reference-is-fine", edit(R, "Un échange d'une heure suffirait pour commencer.",
                                       "Voir [le guide][g] et ![le schéma][s].\n\n"
                                       "[g]: https://ailleurs.fr/guide\n"
                                       "[s]: https://tandem.example.org/schema.png"), []),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(tmp_path: Path, files: dict[str, str | bytes | None],
              expected: list[tuple[str, int, str]]) -> None:
    content = tmp_path / "content"
    wanted = sorted((f, line, msg.replace("{content}", str(content))) for f, line, msg in expected)
    assert problems_of(tmp_path, files) == wanted


def test_valid_programmes_have_no_problem() -> None:
    for root in (MINI, Path("content")):
        catalog, problems = check(root)
        assert problems == [], [p.render() for p in problems]
        assert catalog is not None


EVERY_ERROR = Path(__file__).parent / "fixtures" / "every_error"
EVERY_ERROR_EXPECTED = [
    ("binomes/2026-B01-equipe.md", 4, "un binôme « completed » doit avoir une date « ended »"),
    ("binomes/2026-B01-equipe.md", 5, "clé « status » en double (déjà à la ligne 4)"),
    ("binomes/2026-B01-equipe.md", 12, "point d’étape du 02/01/2026 en dehors de la vie du binôme "
                                       "(01/02/2026 – en cours)"),
    ("binomes/2026-B02-orphelin.md", 3, "la demande 2026-099 n’existe pas"),
    ("binomes/2026-B02-orphelin.md", 4, "un binôme « stopped » doit avoir une date « ended »"),
    ("binomes/2026-B02-orphelin.md", 11, "point d’étape du 02/01/2026 en dehors de la vie du "
                                         "binôme (01/02/2026 – en cours)"),
    ("members.yml", 6, "thème inconnu « intelligence » (vouliez-vous dire "
                       f"« intelligence-economique » ?) ; {THEMES}"),
    ("programme.yml", 9, "clé inconnue « stale_days » (vouliez-vous dire « stale_after_days » ?)"),
    ("requests/2026-001-veille.md", 1, "champ obligatoire « confidential » manquant"),
    ("requests/2026-001-veille.md", 5, "clé inconnue « confidental » (vouliez-vous dire "
                                       "« confidential » ?)"),
    ("requests/2026-001-veille.md", 31, "le texte de l’appel contient une adresse e-mail "
                                        "« jeanne@ailleurs.fr »"),
    ("requests/2026-002-equipe.md", 7, "« published » date impossible « 2026-13-08 »"),
    ("requests/2026-002-equipe.md", 16, "« requester.phone » doit être du texte : YAML a lu "
                                        "« 0612345670 » comme un nombre ; mettez la valeur entre "
                                        "guillemets"),
    ("requests/2026-004-vide.md", 1, "le fichier est vide"),
    ("requests/2026-005-sans-entete.md", 1, "en-tête YAML manquant : le fichier doit commencer "
                                            "par une ligne « --- »"),
    ("requests/2026-006-yaml.md", 3, "syntaxe YAML invalide (colonne 19) : « : » inattendu dans "
                                     "une valeur : mettez la valeur entre guillemets"),
    ("requests/2026-007-latin1.md", 3, "le fichier n’est pas encodé en UTF-8 (enregistrez-le en "
                                       "UTF-8 depuis votre éditeur)"),
]


def test_every_error_at_once() -> None:
    """One tree holding every kind of error: all of them are reported, each once, in order."""
    _, problems = check(EVERY_ERROR)
    found = [(str(Path(p.path).relative_to(EVERY_ERROR.relative_to(Path.cwd()))), p.line,
              p.message) for p in problems]
    assert found == EVERY_ERROR_EXPECTED


# --------------------------------------------------------------------------- never a traceback
# Whatever a content file holds, `check` answers with problems, never an exception: random
# edits of the mini programme's files, in their text and in their values.

FUZZED = [R, B, P, M]
TOKENS = ["!!int", "!!str", "!!set", "!!binary", "&a", "*a", "<<:", "? ", "[", "]", "{", "}", ":",
          "- ", "\t", "'", '"', "#", "|", ">", "~", "null", "yes", "NO", "10:30", "0x1F",
          "2026-13-01", "2026-02-30", "1e400", ".nan", "\n", "\n  ", "@", "`", "%", "!secret",
          "\x01", "\ufeff", "é", "---", "...", "=", "0612345670", "[]", "{}", "''", "12:30:45"]
_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.dates() | st.datetimes()
    | st.sampled_from(["", "open", "matched", "veille", "2026-001", "2026-B01", "<script>",
                       "jeanne.testard@example.org", "Pôle Quarzeo", "0612345670"]) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["name", "date", "organisation", "email", "note", "x"]),
                      inner, max_size=3),
    max_leaves=8)


def _assert_checks_cleanly(files: dict[str, str | bytes | None]) -> None:
    """`check` answers with problems, never an exception, each at a line of its file."""
    with tempfile.TemporaryDirectory() as scratch:  # each example in a folder of its own
        content = make_content(Path(scratch), files)
        _, problems = check(content)  # must not raise
        for problem in problems:
            path = Path(problem.path)
            assert path.is_absolute() or not str(path).startswith(".."), problem
            lines = (Path.cwd() / path).read_bytes().count(b"\n") + 1 if path.is_file() else 1
            assert 1 <= problem.line <= lines, (problem, lines)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FUZZED),
       edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(TOKENS)), min_size=1, max_size=4))
def test_no_traceback_on_text_edits(file: str, edits: list[tuple[float, str]]) -> None:
    text = (MINI / file).read_text(encoding="utf-8")
    for where, token in edits:
        at = int(where * len(text))
        text = text[:at] + token + text[at:]
    _assert_checks_cleanly({file: text})


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from([R, B]), data=st.data())
def test_no_traceback_on_value_edits(file: str, data: st.DataObject) -> None:
    text = (MINI / file).read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    fields = yaml.safe_load(front)
    for key in data.draw(st.lists(st.sampled_from([*fields, "unknown"]), min_size=1, max_size=3)):
        fields[key] = data.draw(_VALUE)
    if data.draw(st.booleans()):  # a document that contains itself through an alias
        fields["self"] = fields
    written = yaml.safe_dump(fields, allow_unicode=True)
    _assert_checks_cleanly({file: f"---\n{written}---\n{body}"})
