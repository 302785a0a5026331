"""Write a valid, realistic programme of any size, for the benchmark (SPEC §10).

    python benchmarks/generate.py OUT --files 3000 --open 100 [--seed 7]
    python benchmarks/generate.py OUT --requests 2400 --binomes 600 --open 100

The programme reuses `content/programme.yml` (vocabularies, settings) and
`content/pages/`, and adds a member directory, requests over several years
in every status and their binômes. Everything is deterministic for a given
seed and built from fixed French fragments: no network, no model.

Private values (people, e-mails, phones, identifying terms) are unique to
their record; organisations come from the generated directory, and nobody
replies to their own call. Public text (titles, call texts) is drawn from
other fragments than private notes, so the programme passes `tandem check`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"
TODAY = dt.date(2026, 11, 26)
PER_YEAR_REQUESTS = 200  # a busy programme; ids allow 999
MAX_BINOMES_PER_YEAR = 99  # ids are YYYY-BNN

# --- public fragments (titles and call texts) ------------------------------------

THEMES: dict[str, dict[str, list[str]]] = {
    "modele-economique": {
        "titles": ["Revoir un modèle économique trop dépendant des subventions",
                   "Diversifier les ressources propres du cluster",
                   "Construire une grille de cotisations plus juste"],
        "situations": ["voit ses financements publics baisser d’année en année et doit trouver "
                       "d’autres ressources",
                       "s’interroge sur l’équilibre entre cotisations, prestations payantes et "
                       "subventions",
                       "a vu son budget fragilisé par la fin d’un financement pluriannuel"],
        "needs": ["comprendre comment d’autres ont fait évoluer leurs ressources sans perdre "
                  "leurs adhérents",
                  "discuter des prestations qui se vendent réellement et de leur prix",
                  "savoir comment présenter un nouveau barème de cotisations au bureau"],
    },
    "offre-de-services": {
        "titles": ["Structurer une offre de services pour les adhérents",
                   "Choisir les services à faire payer aux adhérents",
                   "Adapter l’offre de services aux petites entreprises"],
        "situations": ["propose beaucoup de services gratuits mais peine à mesurer leur valeur",
                       "souhaite formaliser un catalogue de services lisible pour ses adhérents",
                       "constate que ses plus petites entreprises utilisent peu ses services"],
        "needs": ["échanger sur la manière de hiérarchiser les services et de les présenter",
                  "recueillir des exemples de services qui ont trouvé leur public",
                  "comprendre comment d’autres ont sondé les besoins de leurs adhérents"],
    },
    "effet-reseau": {
        "titles": ["Faire vivre la communauté entre deux événements",
                   "Créer des liens entre adhérents de filières différentes",
                   "Relancer l’effet réseau après une période creuse"],
        "situations": ["organise de beaux événements mais voit peu d’échanges entre adhérents "
                       "le reste de l’année",
                       "réunit des entreprises de filières éloignées qui se connaissent mal",
                       "a perdu une partie de sa dynamique collective ces dernières années"],
        "needs": ["découvrir des formats simples qui font se rencontrer les adhérents",
                  "savoir comment d’autres ont suscité des projets communs entre entreprises",
                  "échanger sur les clubs thématiques et la manière de les animer"],
    },
    "outils-animation": {
        "titles": ["Choisir un outil de gestion de la relation adhérents",
                   "Mieux suivre les contacts avec les entreprises",
                   "Remplacer des tableurs par un vrai outil de suivi"],
        "situations": ["suit ses adhérents dans plusieurs tableurs qui ne se parlent pas",
                       "doit remplacer un outil de gestion des contacts devenu obsolète",
                       "manque d’une vision d’ensemble des échanges avec chaque entreprise"],
        "needs": ["connaître les outils utilisés par d’autres clusters et leurs limites",
                  "comprendre le temps réel de mise en place d’un tel outil",
                  "échanger sur la reprise des données et l’adhésion de l’équipe"],
    },
    "plateforme-collaborative": {
        "titles": ["Lancer une plateforme collaborative pour les adhérents",
                   "Animer un espace en ligne entre entreprises",
                   "Faire adopter un outil collaboratif par les adhérents"],
        "situations": ["hésite à ouvrir un espace en ligne réservé à ses adhérents",
                       "a ouvert une plateforme collaborative qui reste presque vide",
                       "voit ses adhérents échanger surtout par courriel et par téléphone"],
        "needs": ["savoir ce qui fait vivre une plateforme au-delà de son lancement",
                  "échanger sur le choix de l’outil et sur le temps d’animation nécessaire",
                  "comprendre quels contenus attirent réellement les entreprises"],
    },
    "intelligence-economique": {
        "titles": ["Mettre en place une démarche d’intelligence économique",
                   "Monter une cellule de veille pour les adhérents",
                   "Partager une veille utile avec les entreprises"],
        "situations": ["souhaite structurer une veille aujourd’hui menée au fil de l’eau",
                       "reçoit de ses adhérents des demandes de veille auxquelles il ne sait pas "
                       "répondre",
                       "envisage de proposer une offre de veille collective à ses entreprises"],
        "needs": ["échanger avec un pair qui a déjà monté une démarche de veille",
                  "comprendre les outils, le temps consacré et la diffusion des résultats",
                  "savoir comment faire contribuer les adhérents à la veille"],
    },
    "international": {
        "titles": ["Accompagner les adhérents sur un salon à l’étranger",
                   "Organiser une mission collective à l’international",
                   "Aider les petites entreprises à exporter"],
        "situations": ["prépare pour la première fois une mission collective à l’étranger",
                       "veut aider ses petites entreprises à aborder de nouveaux marchés",
                       "réfléchit à un pavillon collectif sur un grand salon professionnel"],
        "needs": ["échanger sur la répartition des coûts et la logistique",
                  "connaître les aides mobilisables et les partenaires utiles",
                  "savoir comment préparer les entreprises avant le départ"],
    },
    "projets-europeens": {
        "titles": ["Monter un premier projet européen",
                   "Rejoindre un consortium européen",
                   "Gérer un projet européen avec une petite équipe"],
        "situations": ["n’a jamais déposé de projet européen et hésite à se lancer",
                       "a été sollicité pour rejoindre un consortium européen",
                       "vient de remporter un projet européen et découvre sa gestion"],
        "needs": ["comprendre la charge de travail réelle d’un tel projet",
                  "savoir comment choisir les partenaires et le bon programme",
                  "échanger sur le suivi financier et les rapports à produire"],
    },
    "juridique-fiscal": {
        "titles": ["Clarifier la fiscalité des prestations du cluster",
                   "Sécuriser les conventions avec les partenaires",
                   "Comprendre les règles des aides aux entreprises"],
        "situations": ["se demande si ses prestations payantes le rendent fiscalisable",
                       "doit revoir ses conventions avec plusieurs partenaires publics",
                       "s’interroge sur les règles qui encadrent les aides qu’il redistribue"],
        "needs": ["échanger avec un pair qui a déjà consulté un expert sur ces questions",
                  "savoir quelles précautions d’autres ont prises",
                  "comprendre comment présenter ces sujets au conseil d’administration"],
    },
    "rapprochement-fusion": {
        "titles": ["Préparer un rapprochement avec une structure voisine",
                   "Réussir la fusion de deux associations",
                   "Étudier une mutualisation de moyens entre clusters"],
        "situations": ["envisage un rapprochement avec une structure proche de son territoire",
                       "est engagé dans une fusion dont le calendrier se précise",
                       "réfléchit à mutualiser une partie de ses moyens avec un autre réseau"],
        "needs": ["comprendre les étapes, les écueils et la place des adhérents",
                  "échanger sur la gouvernance et sur l’accompagnement des équipes",
                  "savoir comment d’autres ont mené la communication autour du projet"],
    },
    "gestion-equipe": {
        "titles": ["Organiser une équipe qui s’agrandit",
                   "Recruter et intégrer un premier salarié",
                   "Répartir les missions dans une petite équipe"],
        "situations": ["voit son équipe grandir et doit revoir son organisation",
                       "recrute pour la première fois et manque de repères",
                       "fonctionne avec une équipe très réduite pour beaucoup de missions"],
        "needs": ["échanger sur les fiches de poste, l’intégration et le management",
                  "savoir comment d’autres ont défini les priorités de chacun",
                  "comprendre comment préserver la charge de travail de l’équipe"],
    },
    "qualite": {
        "titles": ["Engager une démarche qualité",
                   "Préparer une certification de services",
                   "Mesurer la satisfaction des adhérents"],
        "situations": ["étudie une certification demandée par certains financeurs",
                       "souhaite formaliser ses processus avant une évaluation",
                       "veut mesurer plus finement la satisfaction de ses adhérents"],
        "needs": ["recueillir un retour d’expérience sur le temps réellement consacré",
                  "échanger sur les documents à produire et sur la préparation de l’audit",
                  "savoir quels indicateurs d’autres suivent au quotidien"],
    },
    "fondation-mecenat": {
        "titles": ["Créer une fondation ou un fonds de dotation",
                   "Lancer un club de mécènes",
                   "Développer le mécénat d’entreprise"],
        "situations": ["réfléchit à une structure dédiée pour recevoir des dons",
                       "souhaite associer de grandes entreprises à un projet d’intérêt général",
                       "a reçu des propositions de soutien sans cadre pour les accueillir"],
        "needs": ["comprendre les formes possibles et leurs contraintes",
                  "échanger sur la manière de solliciter et de fidéliser les mécènes",
                  "savoir quel temps d’animation prévoir la première année"],
    },
    "communication": {
        "titles": ["Relancer la lettre d’information aux adhérents",
                   "Mieux valoriser les réussites des adhérents",
                   "Définir une stratégie de communication simple"],
        "situations": ["publie une lettre d’information de moins en moins lue",
                       "peine à faire connaître les réussites de ses entreprises",
                       "communique au coup par coup, sans ligne directrice"],
        "needs": ["échanger sur les formats qui fonctionnent et sur leur fréquence",
                  "savoir comment d’autres recueillent les actualités des adhérents",
                  "comprendre comment mesurer l’effet des actions de communication"],
    },
}

TITLE_TAILS = ["", "", "", " avec une petite équipe", " dans un réseau régional",
               " sans moyens supplémentaires", " en milieu rural", " pour un jeune cluster"]
OPENERS = ["Un cluster", "Un pôle", "Une grappe d’entreprises", "Un réseau d’entreprises",
           "Une association de filière", "Un cluster industriel", "Un cluster de services"]
SIZES = ["d’une trentaine d’adhérents", "d’environ cent adhérents", "récemment créé",
         "implanté sur un territoire rural", "d’une soixantaine d’entreprises",
         "présent sur deux régions", "de taille moyenne"]
ROLE_PEOPLE = {
    "direction": ["La directrice", "Le directeur", "La déléguée générale", "Le délégué général"],
    "animation": ["La chargée d’animation", "Le chargé de développement",
                  "La chargée de mission", "Le chargé d’affaires"],
    "projets": ["La cheffe de projet", "Le chef de projet", "La responsable des projets"],
    "communication": ["La chargée de communication", "Le responsable de la communication"],
    "administration": ["La responsable administrative et financière",
                       "Le responsable administratif", "L’assistante de direction"],
}
LINKS = ["aimerait", "souhaiterait", "voudrait"]
CLOSINGS = {
    "ponctuel": ["Un échange ponctuel, par téléphone ou en visioconférence, suffirait.",
                 "Une heure de conversation avec un pair serait déjà précieuse.",
                 "Un échange ponctuel permettrait de gagner beaucoup de temps."],
    "accompagnement": ["Un accompagnement sur quelques mois serait idéal.",
                       "Quelques échanges réguliers pendant la durée du projet seraient "
                       "bienvenus.",
                       "Un suivi sur plusieurs mois, au rythme d’un échange par mois, "
                       "conviendrait bien."],
}
EXTRAS = ["Tous les retours, même sur des tentatives qui n’ont pas abouti, sont les bienvenus.",
          "Les documents partagés pendant l’échange resteront à usage interne.",
          "La question concerne aussi bien la direction que l’équipe opérationnelle.",
          "Un retour d’expérience d’une autre filière serait tout aussi utile.",
          "La réflexion n’en est qu’à son début : aucune décision n’est encore prise."]

# --- private fragments (notes, replies, pairs): never reused in public text -------

NOTE_OPENINGS = ["{first} a écrit à la coordination après la rencontre régionale.",
                 "{first} nous a appelés pour présenter son projet en détail.",
                 "{first} a rempli le formulaire du site en fin de semaine.",
                 "Question transmise par {first} au retour de l’assemblée générale."]
NOTE_DETAILS = ["Le bureau attend une proposition avant la fin du semestre.",
                "Sujet délicat en interne, la coordination reste discrète.",
                "La structure traverse une période de tension budgétaire.",
                "Deux salariés sont concernés par le changement envisagé.",
                "Le président tient personnellement à ce projet depuis longtemps."]
NOTE_TERMS = ["Le projet concerne {term}, ce qui suffirait à reconnaître la structure."]
REPLY_NOTES = ["A mené une démarche très proche il y a deux ans avec son bureau.",
               "Connaît bien le sujet pour l’avoir piloté dans un précédent poste.",
               "Propose de partager ses documents de travail et ses erreurs.",
               "Dispose d’un retour d’expérience récent et encore très frais.",
               "Peut consacrer une heure par mois au sujet jusqu’à la fin de l’année."]
GOALS = ["Construire un plan d’action réaliste et le présenter au bureau avant l’été.",
         "Comparer les pratiques des deux structures et retenir ce qui est transposable.",
         "Préparer la décision du conseil d’administration avec des éléments concrets."]
CADENCES = ["Une visio par mois et des échanges par courriel entre deux.",
            "Un appel toutes les trois semaines et une rencontre sur place."]
DURATIONS = ["Six mois environ.", "Jusqu’à la fin de l’année.", "Le temps du projet."]
CHECKIN_NOTES = ["Premier échange réalisé, les deux parties sont satisfaites du contact.",
                 "Les rencontres se poursuivent à un rythme régulier et utile.",
                 "Échange plus espacé cet été, la reprise est prévue à la rentrée.",
                 "Documents de travail partagés par le mentor, appréciés par le mentoré.",
                 "Le plan d’action avance, une présentation au bureau est prévue."]
GAINED = ["Des méthodes éprouvées et beaucoup de temps gagné sur le lancement du projet.",
          "Un regard extérieur sur nos propres pratiques, qui nous a fait progresser aussi.",
          "La confiance nécessaire pour présenter le projet à nos administrateurs.",
          "Des contacts utiles et une relation qui continue au-delà du programme."]
BINOME_BODIES = ["{mentor} et {mentee} se sont bien entendus dès le premier appel téléphonique.",
                 "Binôme suivi de près car le sujet touche à la gouvernance des deux structures.",
                 "{mentee} souhaite rester en contact avec {mentor} après la fin du binôme."]

# --- people and places ----------------------------------------------------------


def words(text: str) -> list[str]:
    return text.split()



FIRST = words("Anne Antoine Aurélie Baptiste Bertrand Camille Catherine Cédric Chloé Christophe "
         "Claire Clément Corinne Damien Delphine Denis Dominique Édouard Élodie Émilie "
         "Emmanuel Estelle Fabien Fanny Florence Florian Franck Gaëlle Gaspard Gilles Hélène "
         "Hugo Inès Isabelle Jacques Jeanne Jérôme Joëlle Julien Justine Karine Laetitia "
         "Laurent Léa Lionel Lucie Ludovic Magali Manon Marc Margaux Marine Mathieu Maxime "
         "Mélanie Michel Muriel Nadia Nathalie Nicolas Noémie Olivier Pascale Patrice "
         "Pauline Philippe Rachid Raphaël Régis Romain Sabine Samuel Sandrine Sébastien "
         "Sophie Stéphane Sylvie Thibault Thomas Valérie Vincent Virginie Xavier Yann "
         "Yasmine Yves Zoé")
LAST = words("Abadie Allard Arnaud Aubert Barbier Barthélemy Baudry Benard Berger Bertin Besson "
        "Blanchard Boucher Bouvier Brunet Carpentier Carré Caron Chauvin Chevalier Clément "
        "Colin Collet Cordier Courtois Cousin Da-Silva Daniel Delorme Deschamps Dumas Dupuis "
        "Durand Fabre Faure Fleury Fontaine Fournier Gaillard Garnier Gautier Gérard Germain "
        "Gilbert Girard Giraud Guérin Guillot Hamon Hardy Hoarau Huet Jacob Joly Julien Klein "
        "Labbé Lacroix Lambert Laurent Leblanc Lebrun Leclerc Lefebvre Legrand Lemoine "
        "Leroux Lucas Maillard Marchal Marechal Martinez Masson Mathieu Mercier Meunier "
        "Meyer Millet Moulin Muller Navarro Noël Ollivier Paris Perrin Picard Poirier "
        "Poulain Prévost Renard Renaud Riviere Roche Rolland Roussel Roy Sanchez Schmitt "
        "Tessier Tanguy Thomas Vasseur Vidal Weber")
REGIONS = ["Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire",
           "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine",
           "Occitanie", "Pays de la Loire", "Provence-Alpes-Côte d’Azur"]
KINDS = ["Cluster", "Pôle", "Grappe", "Réseau", "Association"]
SYLLABLES_A = ["vor", "zal", "quen", "bris", "dral", "thel", "krom", "vel", "sorn", "galt",
               "mirv", "trel", "zund", "flor", "pyr", "xan"]
SYLLABLES_B = ["ad", "eb", "im", "ol", "ur", "an", "ex", "oz", "yl", "ev"]
SYLLABLES_C = ["ia", "éa", "ys", "ix", "on", "ène", "or", "ax"]
PLACE_WORDS = ["Salon", "Forum", "Festival", "Vallée", "Plateau", "Rencontres", "Parc"]


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in folded.lower()).strip("-")


def invented_words(rng: random.Random, count: int, long: bool = False) -> list[str]:
    """`count` distinct invented words of three (or four) syllables, capitalised."""
    middles = [b + a for b in SYLLABLES_B for a in SYLLABLES_A] if long else [""]
    all_words = [a + b + m + c for a in SYLLABLES_A for b in SYLLABLES_B for m in middles
                 for c in SYLLABLES_C]
    if count > len(all_words):
        raise SystemExit(f"trop de noms demandés ({count} > {len(all_words)})")
    rng.shuffle(all_words)
    return [w.capitalize() for w in all_words[:count]]


@dataclass
class Person:
    organisation: str
    name: str
    email: str
    phone: str

    def yaml(self, indent: str) -> str:
        return (f"{indent}organisation: {q(self.organisation)}\n{indent}name: {q(self.name)}\n"
                f"{indent}email: {self.email}\n{indent}phone: {q(self.phone)}\n")


@dataclass
class Member:
    name: str
    stem: str
    domain: str
    region: str
    themes: list[str]


class People:
    """Unique names, e-mails and phones, drawn without repetition."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pairs = [(f, n) for f in FIRST for n in LAST if f != n]
        rng.shuffle(self.pairs)
        self.count = 0
        self.phones: set[str] = set()

    def new(self, member: Member) -> Person:
        if self.count >= len(self.pairs):
            raise SystemExit("plus assez de noms distincts : réduisez la taille du programme")
        first, last = self.pairs[self.count]
        self.count += 1
        phone = ""
        while not phone or phone in self.phones:
            digits = f"{self.rng.randrange(10**7, 10**8)}"
            phone = f"+33 {self.rng.choice('1234567')} " + " ".join(
                digits[i : i + 2] for i in range(0, 8, 2))
        self.phones.add(phone)
        email = f"{ascii_slug(first)}.{ascii_slug(last)}@{member.domain}"
        return Person(member.name, f"{first} {last}", email, phone)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def later(rng: random.Random, start: dt.date, low: int, high: int) -> dt.date:
    return min(start + dt.timedelta(days=rng.randint(low, high)), TODAY)


# --- the programme ----------------------------------------------------------------


@dataclass
class Req:
    received: dt.date
    theme: list[str]
    role: str
    format: str
    id: str = ""
    status: str = ""
    published: dt.date | None = None
    closed: dt.date | None = None
    requester: Person | None = None
    responses: list[tuple[Person, dt.date, dt.date | None, str]] = field(default_factory=list)
    binome: str | None = None


def public_text(rng: random.Random, r: Req) -> tuple[str, str]:
    spec = THEMES[r.theme[0]]
    title = rng.choice(spec["titles"]) + rng.choice(TITLE_TAILS)
    first = f"{rng.choice(OPENERS)} {rng.choice(SIZES)} {rng.choice(spec['situations'])}."
    second_theme = THEMES[r.theme[-1]]
    second = (f"{rng.choice(ROLE_PEOPLE[r.role])} {rng.choice(LINKS)} "
              f"{rng.choice(second_theme['needs'])}.")
    paragraphs = [first, second, rng.choice(CLOSINGS[r.format])]
    if rng.random() < 0.4:
        paragraphs.insert(2, rng.choice(EXTRAS))
    return title, "\n\n".join(paragraphs) + "\n"


_MARKS = itertools.count(1)


def marked(text: str) -> str:
    """`text` with a number every three words (never twice the same number).

    The public fragments are few, so two requests often share a run of six words;
    the title and text of a request that is not open are private, and tandem check
    refuses any six of their words in a row in public text. Real requests do not
    repeat each other like these fragments do: the numbers keep the closed texts
    apart from the open ones, as real ones are.
    """
    out = []
    for paragraph in text.split("\n\n"):
        tokens = paragraph.split(" ")
        for start in range(0, len(tokens), 3):  # a word may fold into two (« l’équipe »)
            tokens[start] = f"§{next(_MARKS)} {tokens[start]}"
        out.append(" ".join(tokens))
    return "\n\n".join(out)


def write_request(folder: Path, rng: random.Random, r: Req, term: str | None,
                  confidential: bool) -> None:
    assert r.requester is not None
    title, body = public_text(rng, r)
    if r.status != "open":
        title, body = marked(title) + f" §{next(_MARKS)}", marked(body)
    first = r.requester.name.split()[0]
    notes = [rng.choice(NOTE_OPENINGS).format(first=first), rng.choice(NOTE_DETAILS)]
    if term:
        notes.append(rng.choice(NOTE_TERMS).format(term=term))
    expires = None
    if r.published and rng.random() < 0.5:
        expires = r.published + dt.timedelta(days=rng.randint(60, 240))
    lines = ["---", f"id: {r.id}", f"title: {q(title)}", f"status: {r.status}",
             f"confidential: {'true' if confidential else 'false'}",
             f"received: {r.received}", f"published: {r.published or 'null'}",
             f"closed: {r.closed or 'null'}"]
    if expires:
        lines.append(f"expires: {expires}")
    lines += [f"themes: [{', '.join(r.theme)}]", f"format: {r.format}", f"role: {r.role}",
              "requester:"]
    text = "\n".join(lines) + "\n" + r.requester.yaml("  ")
    if term:
        text += f"identifying_terms: [{q(term)}]\n"
    if r.responses:
        text += "responses:\n"
        for person, received, forwarded, note in r.responses:
            text += "  - " + person.yaml("    ")[4:]
            text += f"    received: {received}\n    note: {q(note)}\n"
            if forwarded:
                text += f"    forwarded: {forwarded}\n"
    else:
        text += "responses: []\n"
    text += "notes: |\n" + "".join(f"  {n}\n" for n in notes) + "---\n" + body
    (folder / f"{r.id}-{ascii_slug(title)[:40].strip('-')}.md").write_text(text, "utf-8")


def write_binome(folder: Path, rng: random.Random, bid: str, r: Req) -> None:
    assert r.requester is not None and r.closed is not None
    mentor, mentee = r.responses[0][0], r.requester
    formed = r.closed
    ended: dt.date | None = None
    status = "active"
    if (TODAY - formed).days > 240:
        status = "completed" if rng.random() < 0.8 else "stopped"
        ended = later(rng, formed, 30, 220)
    last = ended or TODAY
    checkins = sorted({day_between(rng, formed, last) for _ in range(rng.randint(0, 4))})
    text = (f"---\nid: {bid}\nrequest: {r.id}\nstatus: {status}\nformed: {formed}\n"
            f"ended: {ended or 'null'}\nmentor:\n{mentor.yaml('  ')}mentee:\n{mentee.yaml('  ')}")
    if rng.random() < 0.7:
        text += (f"agreement:\n  goals: {q(rng.choice(GOALS))}\n"
                 f"  cadence: {q(rng.choice(CADENCES))}\n"
                 f"  duration: {q(rng.choice(DURATIONS))}\n")
    if checkins:
        text += "checkins:\n"
        for day in checkins:
            text += f"  - date: {day}\n    note: {q(rng.choice(CHECKIN_NOTES))}\n"
            if status == "active" and day == checkins[-1]:
                text += f"    next: {day + dt.timedelta(days=rng.randint(30, 60))}\n"
    if ended:
        text += "feedback:\n"
        for side, gained in zip(("mentor", "mentee"), rng.sample(GAINED, 2), strict=True):
            text += (f"  {side}:\n    rating: {rng.randint(2, 5)}\n"
                     f"    gained: {q(gained)}\n")
    text += f"public_consent: {'true' if rng.random() < 0.3 else 'false'}\n---\n"
    text += rng.choice(BINOME_BODIES).format(mentor=mentor.name.split()[0],
                                             mentee=mentee.name.split()[0]) + "\n"
    slug = ascii_slug(THEMES[r.theme[0]]["titles"][0])[:30].strip("-")
    (folder / f"{bid}-{slug}.md").write_text(text, "utf-8")


def directory(rng: random.Random, count: int, themes: list[str]) -> list[Member]:
    members = []
    for stem in invented_words(rng, count):
        name = f"{rng.choice(KINDS)} {stem}"
        members.append(Member(name, stem, f"{ascii_slug(stem)}.example.org",
                              rng.choice(REGIONS), rng.sample(themes, rng.randint(1, 4))))
    return members


def write_directory(path: Path, members: list[Member]) -> None:
    text = "# Annuaire généré pour le banc d'essai (organisations fictives).\nmembers:\n"
    for m in members:
        text += (f"  - name: {q(m.name)}\n    aliases: [{q(m.stem)}]\n"
                 f"    domains: [{m.domain}]\n    region: {q(m.region)}\n"
                 f"    themes: [{', '.join(m.themes)}]\n")
    path.write_text(text, "utf-8")


def generate(out: Path, *, requests: int, binomes: int, open_calls: int, seed: int = 7,
             members: int | None = None) -> dict[str, int]:
    """Write the programme into `out` (replaced if it exists); the counts written."""
    drafts = max(1, requests // 100)
    if requests < drafts + open_calls + binomes + 2:
        raise SystemExit(f"{requests} demandes ne suffisent pas pour {open_calls} appels "
                         f"ouverts, {binomes} binômes et {drafts} brouillons")
    rng = random.Random(seed)
    settings = yaml.safe_load((EXAMPLE / "programme.yml").read_text("utf-8"))
    themes, roles = list(settings["themes"]), list(settings["roles"])
    if out.exists():
        shutil.rmtree(out)
    for sub in ("requests", "binomes"):
        (out / sub).mkdir(parents=True)
    shutil.copy(EXAMPLE / "programme.yml", out / "programme.yml")
    shutil.copytree(EXAMPLE / "pages", out / "pages")
    member_list = directory(rng, members or max(30, min(600, (requests + binomes) // 8)), themes)
    write_directory(out / "members.yml", member_list)
    terms = [f"{rng.choice(PLACE_WORDS)} de {w}"
             for w in invented_words(random.Random(seed + 1), requests, long=True)]

    years = max(3, math.ceil(requests / PER_YEAR_REQUESTS),
                math.ceil(binomes / (MAX_BINOMES_PER_YEAR * 0.6)))
    first_year = TODAY.year - years + 1
    reqs: list[Req] = []
    for _ in range(requests):
        year = rng.randint(first_year, TODAY.year)
        end = min(dt.date(year, 12, 20), TODAY - dt.timedelta(days=3))
        start = dt.date(year, 1, 5)
        picked = rng.sample(themes, 2 if rng.random() < 0.25 else 1)
        reqs.append(Req(day_between(rng, start, end), picked, rng.choice(roles),
                        rng.choice(["ponctuel", "accompagnement"])))
    reqs.sort(key=lambda r: r.received)
    numbers: dict[int, int] = {}
    for r in reqs:
        numbers[r.received.year] = numbers.get(r.received.year, 0) + 1
        r.id = f"{r.received.year}-{numbers[r.received.year]:03d}"

    # The most recent are drafts, then open calls; older ones are closed.
    for r in reqs[len(reqs) - drafts:]:
        r.status = "draft"
    for r in reqs[len(reqs) - drafts - open_calls : len(reqs) - drafts]:
        r.status = "open"
    older = reqs[: len(reqs) - drafts - open_calls]
    order = list(range(len(older)))
    rng.shuffle(order)
    per_year: dict[int, int] = {}
    matched = 0
    for i in order:
        r = older[i]
        r.published = later(rng, r.received, 1, 10)
        if matched < binomes:
            r.closed = later(rng, r.published, 10, 60)
            if per_year.get(r.closed.year, 0) < MAX_BINOMES_PER_YEAR:
                per_year[r.closed.year] = per_year.get(r.closed.year, 0) + 1
                r.status, matched = "matched", matched + 1
                continue
        r.status = rng.choice(["withdrawn", "expired"])
        r.closed = later(rng, r.published, 20, 180)
    if matched < binomes:
        raise SystemExit(f"seulement {matched} binômes possibles sur {binomes} demandés")
    for r in reqs:
        if r.status == "open":
            r.published = later(rng, r.received, 1, 3)

    people = People(rng)
    for r in reqs:
        own = rng.choice(member_list)
        r.requester = people.new(own)
        if r.status == "matched":
            count = rng.randint(1, 3)
        elif r.status == "open":
            count = rng.choice([0, 0, 1, 2])
        elif r.status == "draft":
            count = 0
        else:
            count = rng.choice([0, 0, 1])
        others = [m for m in rng.sample(member_list, min(len(member_list), count + 1))
                  if m is not own][:count]
        for m in others:
            assert r.published is not None
            until = r.closed or TODAY
            received = day_between(rng, r.published, until)
            forwarded = (later(rng, received, 0, 3)
                         if r.status != "open" or rng.random() < 0.6 else None)
            r.responses.append((people.new(m), received, forwarded, rng.choice(REPLY_NOTES)))
        if r.status == "matched" and not r.responses:
            raise AssertionError("a matched request needs a reply")

    term_iter = iter(terms)
    for r in reqs:
        term = next(term_iter) if rng.random() < 0.3 else None
        write_request(out / "requests", rng, r, term, rng.random() < 0.15)
    pairs = sorted((r for r in reqs if r.status == "matched"), key=lambda r: (r.closed, r.id))
    bnum: dict[int, int] = {}
    for r in pairs:
        assert r.closed is not None
        bnum[r.closed.year] = bnum.get(r.closed.year, 0) + 1
        write_binome(out / "binomes", rng, f"{r.closed.year}-B{bnum[r.closed.year]:02d}", r)
    return {"requests": len(reqs), "binomes": len(pairs), "open": open_calls,
            "members": len(member_list), "people": people.count, "years": years}


def split_files(files: int) -> tuple[int, int]:
    """(requests, binômes) of a programme of `files` files: a fifth are binômes."""
    binomes = files // 5
    return files - binomes, binomes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère un programme TANDEM valide pour le "
                                                 "banc d'essai.")
    parser.add_argument("out", type=Path, help="dossier de contenu à écrire (remplacé)")
    parser.add_argument("--files", type=int, help="nombre total de fichiers (un cinquième de "
                                                  "binômes)")
    parser.add_argument("--requests", type=int, help="nombre de demandes")
    parser.add_argument("--binomes", type=int, help="nombre de binômes")
    parser.add_argument("--open", type=int, default=20, help="nombre d'appels ouverts")
    parser.add_argument("--members", type=int, help="taille de l'annuaire")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.files:
        requests, binomes = split_files(args.files)
    elif args.requests is not None:
        requests, binomes = args.requests, args.binomes or 0
    else:
        parser.error("indiquez --files ou --requests")
    counts = generate(args.out, requests=requests, binomes=binomes, open_calls=args.open,
                      seed=args.seed, members=args.members)
    print(f"{args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
