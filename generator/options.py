"""The options every `tandem` command shares, written once (names, types, help in French)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from generator.french import french


class Day(click.ParamType[dt.date, Any]):
    """A date written AAAA-MM-JJ (what content files use), read as a `datetime.date`."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(french(f"« {value} » n’est pas une date au format AAAA-MM-JJ "
                         "(par exemple 2026-03-01)"), param, ctx)


DAY = Day()


def today_or_now(day: dt.date | None) -> dt.date:
    """`--today` when given, else the real date."""
    return day if day is not None else dt.date.today()


CONTENT = click.option("--content", "content", type=click.Path(path_type=Path, file_okay=False),
                       default=Path("content"), show_default=True,
                       help="Dossier du contenu du programme.")
TODAY = click.option("--today", type=DAY, default=None, metavar="AAAA-MM-JJ",
                     help="Date du jour ; par défaut aujourd’hui.")
SITE_DIR = click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("site"), show_default=True, help="Dossier du site construit.")
CONFIG = click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                      default=Path("mkdocs.yml"), show_default=True,
                      help="Configuration du site.")
YES = click.option("--yes", "-y", is_flag=True, help="Ne pas demander de confirmation.")
OUTBOX = click.option("--outbox", type=click.Path(path_type=Path, file_okay=False),
                      default=Path("outbox"), show_default=True,
                      help="Dossier où écrire les courriels et fichiers à envoyer "
                           "(ignoré par git).")


class Rating(click.ParamType[int, Any]):
    """A feedback rating: a whole number from 1 to 5 (what content files hold)."""

    name = "note"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return value
        text = str(value).strip()
        if text in {"1", "2", "3", "4", "5"}:
            return int(text)
        self.fail(french(f"« {value} » n’est pas une note : un nombre entier de 1 à 5"),
                  param, ctx)


RATING = Rating()
