"""The `tandem` command line: each command is a few lines calling one function.

Library code raises `TandemError`; only this module turns it into a French
message and exit code 1. Usage errors exit with 2 (click). Heavy modules are
imported inside the commands so that `tandem --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path
from typing import Any, Literal

import click

from generator import clifr
from generator.commands import NOTHING_PUBLISHED, NOTHING_WRITTEN, echo, guarded
from generator.options import CONFIG, CONTENT, DAY, OUTBOX, RATING, SITE_DIR, TODAY, YES, today_or_now

clifr.install()

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tandem", message="tandem %(version)s",
                      help="Afficher la version et quitter.")
def cli() -> None:
    """tandem : le programme de mentorat entre pairs, du contenu privé au site public."""


@cli.command()
@CONTENT
@guarded("check", nothing=None)
def check(content: Path) -> None:
    """Vérifier tout le contenu (aussi le crochet pre-commit).

    Affiche une ligne « fichier:ligne: message » par problème, puis le compte.

    Exemple : tandem check --content content/
    """
    from generator.commands import site

    echo(site.check(content))


@cli.command()
@CONTENT
@SITE_DIR
@CONFIG
@TODAY
@guarded("build", nothing=NOTHING_PUBLISHED)
def build(content: Path, site_dir: Path, config_file: Path, today: dt.date | None) -> None:
    """Vérifier, construire le site public et l’auditer.

    Au moindre problème, rien n’est publié et le site précédent reste intact.

    Exemple : tandem build --site-dir site/
    """
    from generator.commands import site

    echo(site.build(content, site_dir, config_file, today))


@cli.command()
@CONTENT
@click.argument("site_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@guarded("audit", nothing=None)
def audit(content: Path, site_dir: Path) -> None:
    """Chercher dans un site construit toute valeur privée du contenu.

    Cherche aussi toute adresse d’un autre site que les pages chargeraient d’elles-mêmes
    (images, styles, polices, scripts).

    Exemple : tandem audit site/
    """
    from generator.commands import site

    echo(site.audit(content, site_dir))


@cli.command()
@CONTENT
@click.option("--name", metavar="NOM", help="Nom du programme (réglage « name »).")
@click.option("--network", metavar="NOM", help="Nom du réseau d’adhérents.")
@click.option("--coordinator-name", metavar="NOM",
              help="Nom de la coordinatrice ou du coordinateur.")
@click.option("--coordinator-email", metavar="ADRESSE",
              help="Adresse qui reçoit les demandes et les réponses.")
@click.option("--site-url", metavar="URL",
              help="Adresse publique du site, par exemple https://tandem.example.org/.")
@YES
@guarded("init")
def init(content: Path, yes: bool, **settings: str | None) -> None:
    """Vider le contenu d’exemple pour démarrer un nouveau programme.

    Supprime les demandes, les binômes et l’annuaire ; garde les réglages, les
    vocabulaires et les pages. Ne supprime ni ne réécrit que ce que git peut rendre :
    refuse hors d’un dépôt git, si le contenu a des modifications que git n’a pas
    enregistrées, ou si un fichier visé est ignoré ou marqué (assume-unchanged,
    skip-worktree).

    Exemple : tandem init --name TANDEM --coordinator-email tandem@example.org --yes
    """
    from generator.commands import setup

    todo = setup.init_plan(content, **settings)
    if not yes:
        echo(todo.describe())
        setup.confirm()
    echo(setup.init_apply(todo, content))


@cli.command()
@CONTENT
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port du serveur local.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse d’écoute (127.0.0.1 : cette machine seulement).")
@CONFIG
@TODAY
def serve(content: Path, port: int, host: str, config_file: Path, today: dt.date | None) -> None:
    """Construire le site et le servir en local, rechargé à chaque modification.

    Chaque modification du contenu, des gabarits ou de mkdocs.yml reconstruit le
    site ; seul un contenu qui passe la vérification et l’audit est servi : sinon
    les problèmes s’affichent et le site précédent reste servi.

    Exemple : tandem serve --port 8001
    """
    from generator.serve import serve as run

    # today None: each rebuild's real date (a server left running follows the days)
    code = run(content, config_file, host, port, echo=click.echo, today=today)
    if code:
        sys.exit(code)


def main() -> None:
    # Reading thousands of files creates millions of objects and few cycles: collect
    # them less often (about a tenth of `check` at ten years of history).
    gc.set_threshold(50_000, 20, 20)
    cli(prog_name="tandem")


@cli.command()
@CONTENT
@click.argument("year", type=click.IntRange(2000, 2999), metavar="ANNÉE")
@TODAY
@click.option("--private-out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("bilans-confidentiels"), show_default=True,
              help="Dossier de la version détaillée confidentielle (jamais dans le site).")
@SITE_DIR
@guarded("review", nothing=NOTHING_WRITTEN)
def review(content: Path, year: int, today: dt.date | None, private_out: Path, site_dir: Path) -> None:
    """Préparer le bilan annuel : commentaire à écrire et version détaillée confidentielle.

    La page publique /bilans/ANNÉE/ est construite ensuite par « tandem build ».

    Exemple : tandem review 2025
    """
    from generator.review.command import main as run

    echo(run(content, year, today_or_now(today), private_out, site_dir))


@cli.command()
@CONTENT
@click.option("--before", type=click.IntRange(2000, 2999), metavar="ANNÉE", default=None,
              help="Anonymiser ce qui a été fermé avant le 1er janvier de cette année ; par "
                   "défaut l’année du jour moins retention_years (programme.yml).")
@TODAY
@click.option("--yes", "-y", is_flag=True, help="Écrire les modifications (sinon : simulation).")
@guarded("purge")
def purge(content: Path, before: int | None, today: dt.date | None, yes: bool) -> None:
    """Anonymiser les données personnelles des demandes et binômes fermés depuis longtemps.

    Noms, adresses, téléphones, notes, réponses, points d’étape et retours disparaissent ;
    les chiffres des bilans restent les mêmes. Sans --yes, affiche seulement ce qui serait
    anonymisé.

    Exemple : tandem purge --before 2025 --yes
    """
    from generator.purge import run

    echo(run(content, before, today_or_now(today), yes))


# Intake: a question e-mail becomes a draft request, a volunteer's e-mail a reply (issue 8).

FROM_EML = click.option("--from-eml", "eml_path", type=click.Path(path_type=Path), default=None,
                        metavar="FICHIER", help="Courriel enregistré (.eml) depuis la messagerie.")


@cli.command()
@CONTENT
@TODAY
@FROM_EML
@click.option("--title", metavar="TITRE", help="Titre public de l’appel, anonymisé "
              "(jamais l’objet du courriel).")
@click.option("--theme", "themes", multiple=True, metavar="THÈME",
              help="Thème (id du vocabulaire de programme.yml) ; répétez l’option pour plusieurs.")
@click.option("--format", "request_format", metavar="FORMAT",
              help="ponctuel ou accompagnement.")
@click.option("--role", metavar="FONCTION", help="Fonction du demandeur (id du vocabulaire).")
@click.option("--organisation", metavar="NOM",
              help="Organisation du demandeur (par défaut : l’annuaire, d’après son adresse).")
@click.option("--name", metavar="NOM", help="Nom du demandeur (par défaut : celui du courriel).")
@click.option("--email", metavar="ADRESSE",
              help="Adresse du demandeur (par défaut : celle du courriel).")
@click.option("--confidential/--public", default=None,
              help="Mode confidentiel (par défaut) ou non.")
@guarded("new")
def new(content: Path, today: dt.date | None, eml_path: Path | None, themes: tuple[str, ...],
        **fields: Any) -> None:
    """Créer une demande en brouillon, à partir d’un courriel ou de questions.

    Le demandeur, la date de réception et le texte d’origine (dans « notes », privé)
    viennent du courriel ; le reste est demandé, ou donné en options. Affiche le chemin
    du fichier créé.

    Exemple : tandem new --from-eml question.eml --theme intelligence-economique
    """
    from generator.commands import intake

    echo(intake.new(content, today_or_now(today), eml_path,
                    intake.NewFields(themes=themes, **fields)))


@cli.command()
@CONTENT
@click.argument("request_id", metavar="ID")
@TODAY
@FROM_EML
@click.option("--member", metavar="NOM",
              help="Adhérent du volontaire (par défaut : l’annuaire, d’après son adresse).")
@click.option("--name", metavar="NOM", help="Nom du volontaire (par défaut : celui du courriel).")
@click.option("--email", metavar="ADRESSE",
              help="Adresse du volontaire (par défaut : celle du courriel).")
@click.option("--phone", metavar="NUMÉRO", help="Téléphone du volontaire.")
@click.option("--note", metavar="TEXTE",
              help="Ce que le volontaire propose (par défaut : le début de son courriel).")
@guarded("reply")
def reply(content: Path, request_id: str, today: dt.date | None, eml_path: Path | None,
          **fields: Any) -> None:
    """Enregistrer la réponse d’un volontaire à un appel ouvert.

    L’adhérent vient de l’annuaire d’après l’adresse, la date et la note du courriel. Refusée
    pour un appel qui n’est pas ouvert, une adresse qui a déjà répondu, ou l’organisation
    demandeuse elle-même.

    Exemple : tandem reply 2026-007 --from-eml reponse.eml
    """
    from generator.commands import intake

    echo(intake.reply(content, request_id, today_or_now(today), eml_path,
                      intake.ReplyFields(**fields)))


# --- outbox: the e-mails the coordinator sends (forward, digest) ---------------------------




@cli.command()
@CONTENT
@click.argument("request_id", metavar="ID")
@TODAY
@OUTBOX
@guarded("forward")
def forward(content: Path, request_id: str, today: dt.date | None, outbox: Path) -> None:
    """Préparer le courriel au demandeur avec les réponses pas encore transmises.

    Le courriel (.eml, à ouvrir dans sa messagerie puis envoyer) donne les coordonnées
    et le message de chaque volontaire ; ces réponses sont marquées « forwarded » à la
    date du jour. Refusé s’il n’y a rien de nouveau à transmettre.

    Exemple : tandem forward 2026-005
    """
    from generator.commands import outbox_mail

    echo(outbox_mail.forward(content, request_id, today_or_now(today), outbox))


@cli.command()
@CONTENT
@click.option("--since", type=DAY, default=None, metavar="AAAA-MM-JJ",
              help="Appels publiés depuis cette date ; par défaut les 30 derniers jours.")
@click.option("--to", metavar="ADRESSE", default=None,
              help="Adresse de la liste de diffusion du réseau ; sinon à compléter dans le "
                   "courriel.")
@TODAY
@OUTBOX
@guarded("digest", nothing=NOTHING_WRITTEN)
def digest(content: Path, since: dt.date | None, to: str | None, today: dt.date | None,
           outbox: Path) -> None:
    """Préparer l’« appel à mentors » des appels publiés récemment, pour tout le réseau.

    Seuls les champs publics des appels encore ouverts y figurent (titre, thèmes, format,
    lien vers la page de l’appel), jamais un appel confidentiel. Le courriel passe par
    le même audit que le site avant d’être écrit.

    Exemple : tandem digest --since 2026-11-01
    """
    from generator.commands import outbox_mail

    echo(outbox_mail.digest(content, since, today_or_now(today), outbox, to))


# --- the life of a request and of its pair: publish, withdraw, match, checkin, close ------

@cli.command()
@CONTENT
@click.argument("request_id", metavar="ID")
@click.option("--expires", type=DAY, default=None, metavar="AAAA-MM-JJ",
              help="Date après laquelle l’appel est signalé comme trop ancien (facultatif).")
@TODAY
@guarded("publish")
def publish(content: Path, request_id: str, expires: dt.date | None, today: dt.date | None) -> None:
    """Publier un brouillon : la demande devient un appel ouvert, publié ce jour.

    Refusé tant que le texte public est vide ou encore celui du brouillon, ou s’il ne passe
    pas les vérifications (valeur privée, adresse, téléphone…).

    Exemple : tandem publish 2026-009 --expires 2027-03-31
    """
    from generator.commands import lifecycle

    echo(lifecycle.publish(content, request_id, today_or_now(today), expires))


@cli.command()
@CONTENT
@click.argument("request_id", metavar="ID")
@click.option("--expired", is_flag=True,
              help="Marquer l’appel expiré (resté sans binôme) plutôt que retiré.")
@TODAY
@guarded("withdraw")
def withdraw(content: Path, request_id: str, expired: bool, today: dt.date | None) -> None:
    """Retirer un appel ouvert (ou le marquer expiré) : la demande est close ce jour.

    Exemple : tandem withdraw 2026-004 --expired
    """
    from generator.commands import lifecycle

    echo(lifecycle.withdraw(content, request_id, today_or_now(today), expired))


@cli.command()
@CONTENT
@click.argument("request_id", metavar="ID")
@click.option("--reply", "reply", type=int, required=True, metavar="N",
              help="Numéro de la réponse du mentor, dans l’ordre du fichier (1 : la première).")
@TODAY
@guarded("match")
def match(content: Path, request_id: str, reply: int, today: dt.date | None) -> None:
    """Former le binôme d’un appel ouvert avec sa N-ième réponse.

    Écrit le fichier du binôme (mentor : la réponse, mentoré : le demandeur, formé ce
    jour) et passe la demande à « matched » : les deux fichiers, ou aucun.

    Exemple : tandem match 2026-005 --reply 1
    """
    from generator.commands import lifecycle

    echo(lifecycle.match(content, request_id, reply, today_or_now(today)))


@cli.command()
@CONTENT
@click.argument("binome_id", metavar="BID")
@click.option("--note", required=True, metavar="TEXTE", help="Ce que le point d’étape a appris.")
@click.option("--next", "next_day", type=DAY, default=None, metavar="AAAA-MM-JJ",
              help="Date du prochain point (après aujourd’hui).")
@TODAY
@guarded("checkin")
def checkin(content: Path, binome_id: str, note: str, next_day: dt.date | None,
            today: dt.date | None) -> None:
    """Noter un point d’étape d’un binôme en cours, daté de ce jour.

    Exemple : tandem checkin 2026-B03 --note "Deux visios faites." --next 2027-01-15
    """
    from generator.commands import lifecycle

    echo(lifecycle.checkin(content, binome_id, note, today_or_now(today), next_day))


@cli.command()
@CONTENT
@click.argument("binome_id", metavar="BID")
@click.option("--status", type=click.Choice(["completed", "stopped"]), required=True,
              help="completed : mené à son terme ; stopped : arrêté avant.")
@click.option("--mentor-rating", type=RATING, default=None, metavar="1-5",
              help="Note du mentor, de 1 à 5.")
@click.option("--mentor-gained", default=None, metavar="TEXTE",
              help="Ce que le mentor en a retiré.")
@click.option("--mentee-rating", type=RATING, default=None, metavar="1-5",
              help="Note du mentoré, de 1 à 5.")
@click.option("--mentee-gained", default=None, metavar="TEXTE",
              help="Ce que le mentoré en a retiré.")
@TODAY
@guarded("close")
def close(content: Path, binome_id: str, status: Literal["completed", "stopped"],
          mentor_rating: int | None, mentor_gained: str | None, mentee_rating: int | None,
          mentee_gained: str | None, today: dt.date | None) -> None:
    """Clore un binôme en cours ce jour, avec le retour de chaque côté.

    Exemple : tandem close 2026-B03 --status completed --mentor-rating 4 --mentee-rating 5
    """
    from generator.commands import lifecycle

    feedback: dict[lifecycle.Side, lifecycle.SideFeedback] = {
        "mentor": lifecycle.SideFeedback(mentor_rating, mentor_gained),
        "mentee": lifecycle.SideFeedback(mentee_rating, mentee_gained)}
    echo(lifecycle.close(content, binome_id, status, today_or_now(today), feedback))


# --- following up: status, suggest, export, agenda -----------------------------------------


@cli.command()
@CONTENT
@TODAY
@click.option("--json", "as_json", is_flag=True,
              help="Sortie JSON pour les scripts (clés stables, dates AAAA-MM-JJ).")
@guarded("status", nothing=None)
def status(content: Path, today: dt.date | None, as_json: bool) -> None:
    """Ce qui demande votre attention aujourd’hui, du plus urgent au moins urgent.

    Brouillons à publier, réponses à transmettre, appels expirés ou restés sans
    réponse, binômes à relancer ou au terme de leur accord, bilan de l’an passé à
    écrire, données à anonymiser : chaque ligne donne l’id et la commande à lancer.

    Exemple : tandem status --today 2026-12-01
    """
    from generator.commands import status as command

    echo(command.status(content, today_or_now(today), as_json))


@cli.command()
@CONTENT
@click.argument("request_id", metavar="ID")
@guarded("suggest", nothing=None)
def suggest(content: Path, request_id: str) -> None:
    """Les adhérents de l’annuaire qui pourraient répondre à un appel, du plus proche au moins proche.

    Ceux qui ont déclaré des thèmes de l’appel dans members.yml, avec les thèmes en
    commun et leur région ; jamais l’organisation qui demande ni celles qui ont déjà
    répondu.

    Exemple : tandem suggest 2026-008
    """
    from generator.commands import suggest as command

    echo(command.suggest(content, request_id))


@cli.command()
@CONTENT
@click.option("--format", "kind", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="Format des fichiers.")
@click.option("--out", "--outbox", "out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("outbox"), show_default=True,
              help="Dossier où écrire les fichiers (jamais dans le site ni dans le contenu).")
@SITE_DIR
@TODAY
@guarded("export", nothing=NOTHING_WRITTEN)
def export(content: Path, kind: str, out: Path, site_dir: Path, today: dt.date | None) -> None:
    """Exporter les demandes, les réponses et les binômes pour un tableur (données privées).

    Un fichier par tableau ; le CSV s’ouvre dans Excel avec ses accents (UTF-8, « ; »).

    Exemple : tandem export --format csv --out outbox/
    """
    from generator.commands import export as command

    echo(command.export(content, kind, out, site_dir, today_or_now(today)))


@cli.command()
@CONTENT
@TODAY
@OUTBOX
@SITE_DIR
@guarded("agenda", nothing=NOTHING_WRITTEN)
def agenda(content: Path, today: dt.date | None, outbox: Path, site_dir: Path) -> None:
    """Écrire l’agenda du suivi (.ics) : points d’étape, dates limites, fins d’accord.

    À importer dans n’importe quel agenda ; le régénérer met à jour les mêmes rendez-vous.

    Exemple : tandem agenda --today 2026-12-01
    """
    from generator.commands import agenda as command

    echo(command.agenda(content, today_or_now(today), outbox, site_dir))
