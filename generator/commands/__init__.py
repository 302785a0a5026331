"""What the `tandem` commands do, behind the thin command line of `generator.cli`.

A command is a function of the content folder and its options that returns the lines
to show, or raises `TandemError` (a `ContentError` with the problems listed). `guarded`
is the one place where tandem's errors become French messages and exit codes: 1 for a
refused action, with « rien n’a été modifié » (or what the command says instead), and
never a traceback.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable
from typing import NoReturn, ParamSpec, TypeVar

import click

from generator.errors import AuditError, ContentError, TandemError
from generator.french import french

P = ParamSpec("P")
T = TypeVar("T")

NOTHING_CHANGED = "rien n’a été modifié"
NOTHING_PUBLISHED = "rien n’a été publié"
NOTHING_WRITTEN = "rien n’a été écrit"
ALREADY_SAID = re.compile(r"rien n’(?:a été|est) \w+|aucun fichier n’a été")


class PartlyDone(TandemError):
    """An action stopped after writing something: the message says what, and how to undo it."""


def fail(command: str, message: str, nothing: str | None = NOTHING_CHANGED) -> NoReturn:
    """Say why `tandem COMMAND` refused (on stderr) and exit 1."""
    text = f"tandem {command} : {message}"
    if nothing and not ALREADY_SAID.search(message):  # « rien n’a été touché » says it already
        text += f" ; {nothing}"
    click.echo(french(text), err=True)
    sys.exit(1)


def guarded(command: str, nothing: str | None = NOTHING_CHANGED
            ) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run a click command's body; tandem's errors become a French message and exit 1.

    The problems of a `ContentError` and the hits of an `AuditError` are listed first,
    one per line on stdout (`path:line: message`), then the one-line reason on stderr.
    """
    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            from generator.sitedir import disk_error  # imported late: `tandem --help` stays fast

            try:
                return func(*args, **kwargs)
            except ContentError as err:
                echo(problem.render() for problem in err.problems)
                fail(command, str(err), nothing)
            except AuditError as err:
                echo(err.hits)
                fail(command, str(err), nothing)
            except PartlyDone as err:  # its message says what was written and how to undo it
                fail(command, str(err), None)
            except TandemError as err:
                fail(command, str(err), nothing)
            except OSError as err:
                fail(command, disk_error(err), nothing)
        return run
    return decorate


def echo(lines: Iterable[str]) -> None:
    """Show lines on stdout (the commands write them with `generator.french`)."""
    for line in lines:
        click.echo(line)
