"""What commands share: the site and language they run with, exit codes, and how
problems are printed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import click

from gkssg.base.errors import Problems
from gkssg.base.i18n import Language, Text, t
from gkssg.content.config import CONFIG_FILE

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Invocation:
    """What the ``gkssg`` group's options give its commands."""

    site: Path | None  # --site before the command
    language: Language


@dataclass(frozen=True)
class Run:
    """One command's run: the site's folder and the reader's language."""

    root: Path
    language: Language


def find_site_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds site.yaml, as git finds its
    repository; None when there is none."""
    here = start.absolute()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def site_root(given: Path | None) -> Path:
    """``--site`` when given, else the site around the current folder, else the
    current folder (where the missing site.yaml is then reported)."""
    if given is not None:
        return given
    return find_site_root(Path.cwd()) or Path()


SITE_HELP = t("The site's folder (where site.yaml is); default: the one around the current folder.")


def pass_site(command: Callable[Concatenate[Run, P], R]) -> Callable[..., R]:
    """Give ``command`` its :class:`Run`; ``--site`` may be given after the command too."""

    @click.option(
        "--site",
        "own_site",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=SITE_HELP.source,
    )
    @click.pass_obj
    @functools.wraps(command)
    def wrapper(invocation: Invocation, own_site: Path | None, *args: Any, **kwargs: Any) -> R:
        run = Run(site_root(own_site or invocation.site), invocation.language)
        return command(run, *args, **kwargs)

    return wrapper


def print_problems(problems: Problems, language: Language, *, err: bool = True) -> None:
    for problem in problems.sorted():
        click.echo(problem.format(language), err=err)


def print_error(message: Text | str, language: Language) -> None:
    """``error: …`` on stderr, in ``language``."""
    click.echo(language(t("error: {message}", message=message)), err=True)


def summary_line(problems: Problems, language: Language) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    return language(t("{errors} error(s), {warnings} warning(s)", errors=errors, warnings=warnings))
