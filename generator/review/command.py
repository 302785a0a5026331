"""`tandem review YEAR`: the commentary file (created once) and the private detailed version.

The public page itself is built by `tandem build` for every year that has a commentary
file, so that it is audited like every other page.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import Catalog
from generator.checks import check
from generator.errors import ContentError, TandemError, display_path
from generator.escape import markdown_text as md_escape
from generator.french import french, french_date, french_number
from generator.outbox import public_folder
from generator.review.disclosure import KNOWN, PRIMARY, SECONDARY, Cell, Table, protect
from generator.review.files import PLACEHOLDER_MARK, REVIEWS_DIR, read_commentary
from generator.review.public import headline
from generator.review.stats import YearFigures, year_figures

PLACEHOLDER = """## Le mot de la coordination

*{marker} {year} : les temps forts de l’année, ce que les binômes en ont retiré, les sujets
qui reviennent, les remerciements aux clusters volontaires. Ne citez ni un cluster ni une
personne, ni le sujet d’une demande confidentielle. Tant que ce paragraphe est là, la page
du bilan n’est pas publiée : remplacez-le par votre texte.*

*Ce fichier est à vous : `tandem review` ne le réécrit jamais. Les chiffres, les graphiques,
les sujets traités et les règles de lecture sont ajoutés en dessous par `tandem build`.*
"""

REQUEST_STATUS = {"draft": "brouillon", "open": "appel ouvert", "matched": "binôme formé",
                  "withdrawn": "retirée", "expired": "expirée"}
PAIR_STATUS = {"active": "en cours", "completed": "terminé", "stopped": "arrêté"}


@dataclass(frozen=True)
class ReviewResult:
    commentary: Path
    created: bool
    private: Path
    provisional: bool
    #: The commentary no longer holds the guidance: the page will be published.
    written: bool


def private_file(folder: Path, year: int) -> Path:
    return folder / f"bilan-{year}-CONFIDENTIEL.md"


def refuse_public_folder(private_out: Path, site_dir: Path, content: Path) -> None:
    """The private version is never written where the site or its sources are built from."""
    found = public_folder(private_out, content, site_dir)
    if found is not None:
        folder, what = found
        raise TandemError(f"la version détaillée est confidentielle : elle ne peut pas être "
                          f"écrite dans le dossier {what} ({display_path(folder)}/) ; "
                          f"choisissez un autre dossier avec --private-out ; rien n’a été écrit")


def run_review(content: Path, year: int, today: dt.date, private_out: Path,
               site_dir: Path) -> ReviewResult:
    """Check the content, compute the year, then write the two files (never the commentary twice)."""
    refuse_public_folder(private_out, site_dir, content)
    if year > today.year:
        raise TandemError(f"l’année {year} n’a pas commencé (nous sommes le {french_date(today)}) ; "
                          f"rien n’a été écrit")
    catalog, problems = check(content)
    if problems or catalog is None:
        raise ContentError(problems)
    figures = year_figures(catalog, year)
    if not figures.requests and not figures.pairs:
        raise TandemError(f"aucune demande reçue ni aucun binôme formé en {year} : pas de bilan "
                          f"à faire ; rien n’a été écrit")
    provisional = year >= today.year
    text = private_text(catalog, figures, today, provisional)
    commentary = content / REVIEWS_DIR / f"{year}.md"
    private = private_file(private_out, year)
    try:
        private_out.mkdir(parents=True, exist_ok=True)
        private.write_text(text, encoding="utf-8")
        created = not commentary.exists()
        if created:
            commentary.parent.mkdir(parents=True, exist_ok=True)
            with commentary.open("x", encoding="utf-8") as stream:
                stream.write(PLACEHOLDER.format(marker=PLACEHOLDER_MARK, year=year))
    except OSError as err:
        raise TandemError(f"écriture impossible : {err.strerror or err} "
                          f"({display_path(Path(err.filename or private))})") from err
    written = PLACEHOLDER_MARK not in read_commentary(commentary)
    return ReviewResult(commentary, created, private, provisional, written)


def _day(day: dt.date | None) -> str:
    return french_date(day) if day else "—"


def _rows(header: str, rows: list[list[str]]) -> list[str]:
    cols = header.count("|") - 1
    return [header, "|" + " --- |" * cols, *("| " + " | ".join(r) + " |" for r in rows), ""]


def private_text(catalog: Catalog, f: YearFigures, today: dt.date, provisional: bool) -> str:
    """The coordinator's detailed version, in Markdown: every figure, every request, every secret."""
    tables = {t.key: protect(t) for t in f.tallies}
    name = md_escape(catalog.settings.name)
    lines = [f"# CONFIDENTIEL — Bilan {f.year} du programme {name}, version détaillée", "",
             "> **CONFIDENTIEL** : document réservé à la coordination. Il nomme les demandes "
             "confidentielles et donne les effectifs masqués sur la page publique : ne le "
             "publiez pas, ne le diffusez pas, ne le copiez pas dans le dossier du site.", "",
             f"Établi le {french_date(today)}."
             + (" Bilan **provisoire** : l’année n’est pas terminée." if provisional else ""), "",
             "## Ce que montre la page publique", ""]
    lines += _rows("| Indicateur | Valeur publiée |",
                   [[md_escape(x.label), md_escape(x.value)] for x in headline(f, tables)])
    lines += ["## Médianes et moyennes, valeurs réelles", ""]
    lines += _rows("| Indicateur | Nombre de valeurs | Valeur réelle |",
                   [[label, str(len(values)), _exact(values, average)]
                    for label, values, average in (
                        ("Jours de la publication à la première réponse (médiane)",
                         f.days_to_first_reply, False),
                        ("Jours de la publication au binôme (médiane)", f.days_to_pair, False),
                        ("Durée des binômes terminés ou arrêtés, en jours (médiane)",
                         f.pair_durations, False),
                        ("Note des mentors (moyenne)", f.mentor_ratings, True),
                        ("Note des demandeurs (moyenne)", f.mentee_ratings, True))])
    lines += ["## Répartitions complètes et cases masquées", ""]
    for table in tables.values():
        lines += [f"### {md_escape(table.title)}", ""]
        if not table.published:
            lines += ["Répartition **non publiée** : total inférieur à 3 ou impossible à protéger.", ""]
        lines += _rows("| Catégorie | Effectif réel | Publié | Motif |",
                       [[md_escape(c.label + (f" ({', '.join(c.folded)})" if c.folded else "")),
                         str(c.count), md_escape(c.text), _reason(c, table)]
                        for c in table.cells])
    lines += ["## Détail par demande", ""]
    lines += _rows("| Demande | Titre | Confidentielle | Statut | Reçue | Publiée | Réponses "
                   "| 1re réponse (jours) | Binôme |",
                   [[r.id, md_escape(r.title), "**oui**" if r.confidential else "non",
                     REQUEST_STATUS[r.status],
                     _day(r.received), _day(r.published), str(r.responses),
                     "—" if r.days_to_first_reply is None else str(r.days_to_first_reply),
                     r.binome or "—"] for r in f.requests])
    lines += ["## Détail par binôme", ""]
    lines += _rows("| Binôme | Demande | Statut | Formé | Fin | Note mentor | Note demandeur "
                   "| Accord pour être cité | Demande confidentielle |",
                   [[p.id, p.request, PAIR_STATUS[p.status], _day(p.formed), _day(p.ended),
                     str(p.mentor_rating or "—"), str(p.mentee_rating or "—"),
                     "oui" if p.consent else "non", "**oui**" if p.confidential else "non"]
                    for p in f.pairs])
    return "\n".join(lines)


def _exact(values: tuple[int, ...], average: bool) -> str:
    """The figure even from fewer than 3 values: the coordinator may know it, not the network."""
    if not values:
        return "—"
    value = statistics.fmean(values) if average else float(statistics.median(values))
    return french_number(value)


def _reason(cell: Cell, table: Table) -> str:
    if cell.secret == PRIMARY and cell.label in KNOWN:
        return ("moins de 3 : secret primaire, mais calculable par tous (demandes reçues moins "
                "appels listés), donc jamais compté pour en cacher une autre")
    if cell.secret == PRIMARY:
        return "moins de 3 : secret primaire"
    if cell.secret == SECONDARY:
        return ("masquée pour qu’on ne puisse pas retrouver une petite case par soustraction "
                "du total : secret secondaire")
    return "—" if table.published else "répartition non publiée"


def main(content: Path, year: int, day: dt.date, private_out: Path, site_dir: Path) -> list[str]:
    """The command's messages in French; refusals raise (`commands.guarded` says them)."""
    try:
        result = run_review(content, year, day, private_out, site_dir)
    except ContentError as err:
        raise ContentError(err.problems, why="le contenu a des problèmes") from None
    lines: list[str] = []
    echo = lines.append
    shown = display_path(result.commentary)
    if result.created:
        echo(french(f"tandem review : commentaire à écrire créé : {shown}"))
    else:
        echo(french(f"tandem review : commentaire existant gardé tel quel : {shown}"))
    echo(french(f"tandem review : version détaillée CONFIDENTIELLE écrite : "
                f"{display_path(result.private)} (ne pas publier)"))
    if result.provisional:
        echo(french(f"tandem review : l’année {year} n’est pas terminée au {french_date(day)} : "
                    f"bilan provisoire"))
    if result.written:
        echo(french(f"tandem review : « tandem build » publie la page /bilans/{year}/"))
    else:
        echo(french(f"tandem review : remplacez le paragraphe « {PLACEHOLDER_MARK} » par votre "
                    f"commentaire, puis « tandem build » publie la page /bilans/{year}/"))
    return [french(line) for line in lines]
