"""What commands share: exit codes and how problems are printed."""

from __future__ import annotations

import click

from gkssg.base.errors import Problems

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def print_problems(problems: Problems, *, err: bool = True) -> None:
    for problem in problems.sorted():
        click.echo(problem.format(), err=err)


def summary_line(problems: Problems) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    return f"{errors} error(s), {warnings} warning(s)"
