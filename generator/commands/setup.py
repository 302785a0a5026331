"""`tandem init`: the example content emptied for a new programme, settings filled in."""

from __future__ import annotations

from pathlib import Path

import click

from generator import init
from generator.commands import PartlyDone, echo
from generator.errors import ContentError, TandemError, display_path
from generator.french import french
from generator.init import Plan, UnreadableContent, apply, confirmed, plan


def init_plan(content: Path, **settings: str | None) -> Plan:
    try:
        return plan(content, **settings)
    except UnreadableContent as err:
        echo(problem.render() for problem in err.problems)
        raise TandemError(f"le contenu actuel est illisible ({err}) ; corrigez-le "
                          "(tandem check) puis relancez") from None
    except ContentError as err:
        raise ContentError(err.problems, why="le résultat serait invalide") from None


def confirm() -> None:
    """Ask before deleting; refused without a terminal (a script says --yes)."""
    if not init.interactive():  # looked up when called: tests stand in for a terminal
        raise TandemError("confirmation impossible sans terminal, relancez avec --yes")
    answer = click.prompt(french("Continuer ? (oui/non)"), default="non",
                          prompt_suffix="\u00a0: ")
    if not confirmed(answer):
        raise TandemError("abandon")


def init_apply(todo: Plan, content: Path) -> list[str]:
    try:
        problems = apply(todo)
    except OSError as err:  # midway: every file touched is one git can give back
        from generator.sitedir import disk_error

        raise PartlyDone(f"{disk_error(err)} ; rien n’est perdu : « git restore "
                         f"{display_path(content)} » rend ce qui a déjà été supprimé ou "
                         "réécrit") from None
    echo(problem.render() for problem in problems)
    if problems:
        raise PartlyDone("le contenu a des problèmes, voir ci-dessus")
    return list(todo.summary())
