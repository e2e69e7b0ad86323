"""``gkssg check``."""

from __future__ import annotations

import sys

import click

from gkssg.base.errors import Problems
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    Run,
    pass_site,
    print_problems,
    summary_line,
)
from gkssg.content.site import load_site


@click.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--drafts", is_flag=True, help="Check drafts as if they were published.")
@pass_site
def check_command(run: Run, fmt: str, drafts: bool) -> None:
    """Report every problem in the site in one run."""
    problems = Problems()
    load_site(run.root, problems, drafts=drafts)
    if fmt == "json":
        click.echo(problems.to_json(run.language))
    else:
        print_problems(problems, run.language, err=False)
        click.echo(summary_line(problems, run.language), err=True)
    sys.exit(EXIT_CONTENT if problems.has_errors else EXIT_OK)
