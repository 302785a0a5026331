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

import click

from generator import clifr
from generator.commands import NOTHING_PUBLISHED, NOTHING_WRITTEN, echo, guarded
from generator.options import CONFIG, CONTENT, OUTBOX, SITE_DIR, TODAY, YES, today_or_now

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
@guarded("build", nothing=NOTHING_PUBLISHED)
def build(content: Path, site_dir: Path, config_file: Path) -> None:
    """Vérifier, construire le site public et l’auditer.

    Au moindre problème, rien n’est publié et le site précédent reste intact.

    Exemple : tandem build --site-dir site/
    """
    from generator.commands import site

    echo(site.build(content, site_dir, config_file))


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
    """Vider le contenu d'exemple pour démarrer un nouveau programme.

    Supprime les demandes, les binômes et l'annuaire ; garde les réglages, les
    vocabulaires et les pages. Ne supprime ni ne réécrit que ce que git peut rendre :
    refuse hors d'un dépôt git, si le contenu a des modifications que git n'a pas
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
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="Configuration du site.")
def serve(content: Path, port: int, host: str, config_file: Path) -> None:
    """Construire le site et le servir en local, rechargé à chaque modification.

    Chaque modification du contenu, des gabarits ou de mkdocs.yml reconstruit le
    site ; seul un contenu qui passe la vérification et l'audit est servi : sinon
    les problèmes s'affichent et le site précédent reste servi.

    Exemple : tandem serve --port 8001
    """
    from generator.serve import serve as run

    code = run(content, config_file, host, port, echo=click.echo)
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
def review(content: Path, year: int, today: dt.date | None, private_out: Path, site_dir: Path) -> None:
    """Préparer le bilan annuel : commentaire à écrire et version détaillée confidentielle.

    La page publique /bilans/ANNÉE/ est construite ensuite par « tandem build ».

    Exemple : tandem review 2025
    """
    from generator.review.command import main as run

    sys.exit(run(content, year, today, private_out, site_dir, click.echo))


@cli.command()
@CONTENT
@click.option("--before", type=click.IntRange(2000, 2999), metavar="ANNÉE", default=None,
              help="Anonymiser ce qui a été fermé avant le 1er janvier de cette année ; par "
                   "défaut l’année du jour moins retention_years (programme.yml).")
@TODAY
@click.option("--yes", "-y", is_flag=True, help="Écrire les modifications (sinon : simulation).")
def purge(content: Path, before: int | None, today: dt.date | None, yes: bool) -> None:
    """Anonymiser les données personnelles des demandes et binômes fermés depuis longtemps.

    Noms, adresses, téléphones, notes, réponses, points d'étape et retours disparaissent ;
    les chiffres des bilans restent les mêmes. Sans --yes, affiche seulement ce qui serait
    anonymisé.

    Exemple : tandem purge --before 2025 --yes
    """
    from generator.purge import run

    sys.exit(run(content, before, today_or_now(today), yes, click.echo))


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
