"""French for click's own words (usage, help, usage errors).

click marks its messages for gettext but ships no catalogue, and gettext picks
a language from the environment; tandem speaks French whatever the machine's
locale, so the lookup functions of click's modules are replaced by this table.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

import click
import click.formatting

from generator.french import french

SINGULAR = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l’aide.",
    "No such command {name!r}.": "Commande inconnue « {name} ».",
    "No such option {name!r}.": "Option inconnue « {name} ».",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing command.": "Commande manquante.",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Option {name!r} does not take a value.": "L’option « {name} » ne prend pas de valeur.",
    "Aborted!": "Abandon.",
    "default: {default}": "par défaut : {default}",
    "{name} {filename!r} does not exist.": "{name} « {filename} » introuvable.",
    "{name} {filename!r} is a file.": "{name} « {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "{name} « {filename} » est un dossier.",
    "{name} {filename!r} is not readable.": "{name} « {filename} » illisible.",
    "{name} {filename!r} is not writable.": "{name} « {filename} » non modifiable.",
    "file": "Fichier",
    "directory": "Dossier",
    "path": "Chemin",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "{value!r} is not a valid {number_type}.": "« {value} » n’est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n’est pas dans l’intervalle {range}.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
}
PLURAL = {
    "Got unexpected extra argument ({args})": ("Argument en trop : {args}",
                                               "Arguments en trop : {args}"),
    "Did you mean {possibility}?": ("Vouliez-vous dire {possibility} ?",
                                    "(Vouliez-vous dire l’une de : {possibilities} ?)"),
    "Option {name!r} requires an argument.": ("L’option « {name} » attend une valeur.",
                                              "L’option « {name} » attend {nargs} valeurs."),
    "{value!r} is not {choice}.": ("« {value} » n’est pas {choice}.",
                                   "« {value} » n’est pas parmi {choices}."),
}
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def gettext(message: str) -> str:
    return french(SINGULAR[message]) if message in SINGULAR else message


def ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURAL:
        return french(PLURAL[singular][0 if n == 1 else 1])
    return singular if n == 1 else plural


def install() -> None:
    """Make click speak French in this process, help texts in French typography."""
    _french_help()
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _french_help() -> None:
    """Help texts (docstrings, option help) get French spacing when shown, so that
    « Exemple : » is never cut before its colon."""
    formatter = click.formatting.HelpFormatter
    if getattr(formatter, "_tandem_french", False):
        return
    write_text, write_dl = formatter.write_text, formatter.write_dl

    def text(self: click.formatting.HelpFormatter, value: str) -> None:
        write_text(self, french(value))

    def rows(self: click.formatting.HelpFormatter, items: Iterable[tuple[str, str]],
             col_max: int = 30, col_spacing: int = 2) -> None:
        write_dl(self, [(first, french(second)) for first, second in items], col_max, col_spacing)

    def heading(self: click.formatting.HelpFormatter, value: str) -> None:
        self.write(f"{'':>{self.current_indent}}{value}\u00a0:\n")  # « Options : »

    formatter.write_text = text  # type: ignore[method-assign,assignment]
    formatter.write_heading = heading  # type: ignore[method-assign,assignment]
    formatter.write_dl = rows  # type: ignore[method-assign,assignment]
    formatter._tandem_french = True  # type: ignore[attr-defined]
