"""The `tandem` command line: each command is a few lines calling one function.

Library code raises `TandemError`; only this module turns it into a French
message and exit code 1. Usage errors exit with 2 (click). Heavy modules are
imported inside the commands so that `tandem --help` stays instant.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import NoReturn

import click

from generator import clifr

clifr.install()

CONTENT = click.option("--content", "content", type=click.Path(path_type=Path, file_okay=False),
                       default=Path("content"), show_default=True,
                       help="Dossier du contenu du programme.")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tandem", message="tandem %(version)s",
                      help="Afficher la version et quitter.")
def cli() -> None:
    """tandem : le programme de mentorat entre pairs, du contenu privé au site public."""


@cli.command()
@CONTENT
def check(content: Path) -> None:
    """Vérifier tout le contenu (aussi le crochet pre-commit).

    Affiche une ligne « fichier:ligne: message » par problème, puis le compte.

    Exemple : tandem check --content content/
    """
    from generator.cache import ReadCache
    from generator.checks import check as run
    from generator.errors import count_line
    from generator.french import plural

    catalog, problems = run(content, ReadCache.default(content))
    for problem in problems:
        click.echo(problem.render())
    if problems:
        _fail(f"tandem check : {count_line(problems)}".replace(" :", "\u00a0:"))
    assert catalog is not None
    click.echo(f"tandem check\u00a0: {plural(len(catalog.requests), 'demande')}, "
               f"{plural(len(catalog.binomes), 'binôme')}, aucun problème")


@cli.command()
@CONTENT
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("site"), show_default=True, help="Dossier du site construit.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="Configuration du site.")
@click.option("--today", metavar="AAAA-MM-JJ", default=None,
              help="Date du jour du site (appels expirés)\u202f; par défaut aujourd’hui.")
def build(content: Path, site_dir: Path, config_file: Path, today: str | None) -> None:
    """Vérifier, construire le site public et l'auditer.

    Au moindre problème, rien n'est publié et le site précédent reste intact.

    Exemple : tandem build --site-dir site/
    """
    from generator.cache import ReadCache
    from generator.errors import AuditError, ContentError, TandemError
    from generator.french import french, plural
    from generator.review.command import parse_day
    from generator.site import build_site
    from generator.sitedir import disk_error

    day = parse_day(today)
    try:
        result = build_site(content, site_dir, config_file, cache=ReadCache.default(content),
                            today=day)
    except ContentError as err:
        for problem in err.problems:
            click.echo(problem.render())
        _fail(f"tandem build\u00a0: {err} ; rien n’a été publié".replace(" ;", "\u202f;"))
    except AuditError as err:
        for hit in err.hits:
            click.echo(hit)
        _fail(f"tandem build\u00a0: {err} ; rien n’a été publié".replace(" ;", "\u202f;"))
    except TandemError as err:
        _fail(f"tandem build\u00a0: {err}")
    except OSError as err:
        _fail(french(f"tandem build : {disk_error(err)} ; rien n’a été publié"))
    calls = plural(result.calls, "appel ouvert", "appels ouverts")
    click.echo(f"tandem build\u00a0: {plural(result.pages, 'page')} dont {calls}, "
               f"{plural(result.files_audited, 'fichier audité', 'fichiers audités')}, "
               f"site prêt dans {result.site_dir}/ "
               f"({result.seconds:.1f}\u00a0s)")


@cli.command()
@CONTENT
@click.argument("site_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
def audit(content: Path, site_dir: Path) -> None:
    """Chercher dans un site construit toute valeur privée du contenu.

    Cherche aussi toute adresse d'un autre site que les pages chargeraient d'elles-mêmes
    (images, styles, polices, scripts).

    Exemple : tandem audit site/
    """
    from generator.audit import audit_tree
    from generator.cache import ReadCache
    from generator.catalog import load
    from generator.errors import TandemError, audit_findings, count_line
    from generator.french import french, plural
    from generator.outbound import outbound_tree
    from generator.sitedir import SITE_MARKER, shown_folder

    if not (site_dir / SITE_MARKER).is_file():  # /etc, the repository…: not what was meant
        _fail(french(f"tandem audit : {shown_folder(site_dir.resolve())} n’est pas un site construit par "
                     f"tandem (pas de fichier {SITE_MARKER}) : indiquez le dossier du site "
                     "construit, par exemple site/ ; rien n’a été audité"))
    catalog, problems = load(content, ReadCache.default(content))
    for problem in problems:
        click.echo(problem.render())
    if catalog is None:
        _fail(f"tandem audit\u00a0: contenu illisible, {count_line(problems)}")
    try:
        hits, files = audit_tree(site_dir, catalog.private_index)
        outbound = outbound_tree(site_dir, getattr(catalog.settings, "site_url", None))
    except TandemError as err:
        _fail(f"tandem audit\u00a0: {err}")
    for line in [hit.render() for hit in hits] + [hit.render() for hit in outbound]:
        click.echo(line)
    if problems:  # the values of every file that could be read were used, but not of all
        _fail(french(f"tandem audit : {audit_findings(len(hits), len(outbound))} dans "
                     f"{plural(files, 'fichier')}, mais le contenu a {count_line(problems)} : "
                     "l’audit n’a pu utiliser que les valeurs privées des fichiers lisibles ; "
                     "corrigez-les (tandem check) puis relancez"))
    if hits or outbound:
        _fail(f"tandem audit\u00a0: {audit_findings(len(hits), len(outbound))} "
              f"dans {plural(files, 'fichier')}")
    click.echo(f"tandem audit\u00a0: aucune valeur privée ni adresse d’un autre site "
               f"dans {plural(files, 'fichier')}")


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
@click.option("--yes", "-y", is_flag=True, help="Ne pas demander de confirmation.")
def init(content: Path, yes: bool, **settings: str | None) -> None:
    """Vider le contenu d'exemple pour démarrer un nouveau programme.

    Supprime les demandes, les binômes et l'annuaire ; garde les réglages, les
    vocabulaires et les pages. Ne supprime ni ne réécrit que ce que git peut rendre :
    refuse hors d'un dépôt git, si le contenu a des modifications que git n'a pas
    enregistrées, ou si un fichier visé est ignoré ou marqué (assume-unchanged,
    skip-worktree).

    Exemple : tandem init --name TANDEM --coordinator-email tandem@example.org --yes
    """
    from generator.errors import ContentError, TandemError, display_path
    from generator.french import french
    from generator.init import UnreadableContent, apply, confirmed, interactive, plan
    from generator.sitedir import disk_error

    try:
        todo = plan(content, **settings)
    except UnreadableContent as err:
        for problem in err.problems:
            click.echo(problem.render())
        _fail(french(f"tandem init : le contenu actuel est illisible ({err}) ; corrigez-le "
                     "(tandem check) puis relancez ; rien n’a été modifié"))
    except ContentError as err:
        for problem in err.problems:
            click.echo(problem.render())
        _fail(french(f"tandem init : le résultat serait invalide ({err}) ; rien n’a été modifié"))
    except TandemError as err:
        _fail(french(f"tandem init : {err} ; rien n’a été modifié"))
    except OSError as err:
        _fail(french(f"tandem init : {disk_error(err)} ; rien n’a été modifié"))
    if not yes:
        click.echo("\n".join(todo.describe()))
        if not interactive():
            _fail(french("tandem init : confirmation impossible sans terminal, relancez avec "
                         "--yes ; rien n’a été modifié"))
        answer = click.prompt(french("Continuer ? (oui/non)"), default="non",
                              prompt_suffix="\u00a0: ")
        if not confirmed(answer):
            _fail(french("tandem init : abandon ; rien n’a été modifié"))
    try:
        problems = apply(todo)
    except TandemError as err:
        _fail(french(f"tandem init : {err} ; rien n’a été modifié"))
    except OSError as err:  # midway: every file touched is one git can give back
        _fail(french(f"tandem init : {disk_error(err)} ; rien n’est perdu : « git restore "
                     f"{display_path(content)} » rend ce qui a déjà été supprimé ou réécrit"))
    for problem in problems:
        click.echo(problem.render())
    if problems:
        _fail(french("tandem init : le contenu a des problèmes, voir ci-dessus"))
    click.echo("\n".join(todo.summary()))


@cli.command()
@CONTENT
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port du serveur local.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse d’écoute (127.0.0.1 : cette machine seulement).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="Configuration du site.")
@click.option("--today", metavar="AAAA-MM-JJ", default=None,
              help="Date du jour du site (appels expirés)\u202f; par défaut aujourd’hui.")
def serve(content: Path, port: int, host: str, config_file: Path, today: str | None) -> None:
    """Construire le site et le servir en local, rechargé à chaque modification.

    Chaque modification du contenu, des gabarits ou de mkdocs.yml reconstruit le
    site ; seul un contenu qui passe la vérification et l'audit est servi : sinon
    les problèmes s'affichent et le site précédent reste servi.

    Exemple : tandem serve --port 8001
    """
    from generator.review.command import parse_day
    from generator.serve import serve as run

    day = parse_day(today) if today is not None else None  # None: each rebuild's real date
    code = run(content, config_file, host, port, echo=click.echo, today=day)
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
@click.option("--today", metavar="AAAA-MM-JJ", default=None,
              help="Date du jour ; par défaut aujourd’hui.")
@click.option("--private-out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("bilans-confidentiels"), show_default=True,
              help="Dossier de la version détaillée confidentielle (jamais dans le site).")
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("site"), show_default=True, help="Dossier du site construit.")
def review(content: Path, year: int, today: str | None, private_out: Path, site_dir: Path) -> None:
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
@click.option("--today", metavar="AAAA-MM-JJ", default=None,
              help="Date du jour ; par défaut aujourd’hui.")
@click.option("--yes", is_flag=True, help="Écrire les modifications (sinon : simulation).")
def purge(content: Path, before: int | None, today: str | None, yes: bool) -> None:
    """Anonymiser les données personnelles des demandes et binômes fermés depuis longtemps.

    Noms, adresses, téléphones, notes, réponses, points d'étape et retours disparaissent ;
    les chiffres des bilans restent les mêmes. Sans --yes, affiche seulement ce qui serait
    anonymisé.

    Exemple : tandem purge --before 2025 --yes
    """
    from generator.purge import run
    from generator.review.command import parse_day

    sys.exit(run(content, before, parse_day(today), yes, click.echo))
