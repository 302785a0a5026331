"""`tandem check`, `tandem build`, `tandem audit`: the content read, the site built, audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import ContentError, TandemError, audit_findings, count_line
from generator.french import french, plural, seconds


def check(content: Path) -> list[str]:
    """Every problem `path:line: message`, then the count; ContentError when there are some."""
    from generator.cache import ReadCache
    from generator.checks import check as run

    catalog, problems = run(content, ReadCache.default(content))
    if problems or catalog is None:
        raise ContentError(problems)
    return [french(f"tandem check : {plural(len(catalog.requests), 'demande')}, "
                   f"{plural(len(catalog.binomes), 'binôme')}, aucun problème")]


def build(content: Path, site_dir: Path, config_file: Path,
          today: dt.date | None = None) -> list[str]:
    """`today` None: the real date (calls past their `expires` are no longer open)."""
    from generator.cache import ReadCache
    from generator.site import build_site

    result = build_site(content, site_dir, config_file, cache=ReadCache.default(content),
                        today=today)
    calls = plural(result.calls, "appel ouvert", "appels ouverts")
    return [french(f"tandem build : {plural(result.pages, 'page')} dont {calls}, "
                   f"{plural(result.files_audited, 'fichier audité', 'fichiers audités')}, "
                   f"site prêt dans {result.site_dir}/ ({seconds(result.seconds)})")]


def audit(content: Path, site_dir: Path) -> list[str]:
    """The hits, one per line; TandemError (exit 1) when there is one or the content is unreadable."""
    from generator.audit import audit_tree
    from generator.cache import ReadCache
    from generator.catalog import load
    from generator.commands import echo
    from generator.outbound import outbound_tree
    from generator.sitedir import SITE_MARKER, shown_folder

    if not (site_dir / SITE_MARKER).is_file():  # /etc, the repository…: not what was meant
        raise TandemError(f"{shown_folder(site_dir.resolve())} n’est pas un site construit par "
                          f"tandem (pas de fichier {SITE_MARKER}) : indiquez le dossier du site "
                          "construit, par exemple site/ ; rien n’a été audité")
    catalog, problems = load(content, ReadCache.default(content))
    if catalog is None:
        raise ContentError(problems, why="contenu illisible")
    echo(problem.render() for problem in problems)
    hits, files = audit_tree(site_dir, catalog.private_index)
    outbound = outbound_tree(site_dir, getattr(catalog.settings, "site_url", None))
    echo([hit.render() for hit in hits] + [hit.render() for hit in outbound])
    found = audit_findings(len(hits), len(outbound))
    if problems:  # the values of every file that could be read were used, but not of all
        raise TandemError(f"{found} dans {plural(files, 'fichier')}, mais le contenu a "
                          f"{count_line(problems)} : l’audit n’a pu utiliser que les valeurs "
                          "privées des fichiers lisibles ; corrigez-les (tandem check) puis "
                          "relancez")
    if hits or outbound:
        raise TandemError(f"{found} dans {plural(files, 'fichier')}")
    return [french(f"tandem audit : aucune valeur privée ni adresse d’un autre site "
                   f"dans {plural(files, 'fichier')}")]
