"""``gkssg check``."""

from __future__ import annotations

import sys

import click

from gkssg.base.errors import Problems
from gkssg.base.i18n import t
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    Run,
    pass_site,
    print_problems,
    summary_line,
)
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.site import load_site


@click.command(
    "check",
    cls=LocalizedCommand,
    help=t(
        "Report every problem in the site in one run: each at its file and line, "
        "with its code and how to fix it."
    ).source,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help=t("text (default) for people, json for programs.").source,
)
@click.option("--drafts", is_flag=True, help=t("Check drafts as if they were published.").source)
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
