"""``gkssg check``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.errors import Problems
from gkssg.commands.common import EXIT_CONTENT, EXIT_OK, print_problems, summary_line
from gkssg.content.site import load_site


@click.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--drafts", is_flag=True, help="Check drafts as if they were published.")
@click.pass_obj
def check_command(site_root: Path, fmt: str, drafts: bool) -> None:
    """Report every problem in the site in one run."""
    problems = Problems()
    load_site(site_root, problems, drafts=drafts)
    if fmt == "json":
        click.echo(problems.to_json())
    else:
        print_problems(problems, err=False)
        click.echo(summary_line(problems), err=True)
    sys.exit(EXIT_CONTENT if problems.has_errors else EXIT_OK)
