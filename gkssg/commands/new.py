"""``gkssg new COLUMN "标题"``."""

from __future__ import annotations

import sys

import click

from gkssg.base.errors import Problems, UsageError
from gkssg.commands.common import EXIT_CONTENT, EXIT_USAGE, Run, pass_site, print_problems
from gkssg.content.config import load_config
from gkssg.editing.new_item import create_item


@click.command("new")
@click.argument("column")
@click.argument("title")
@pass_site
def new_command(run: Run, column: str, title: str) -> None:
    """Create an item in COLUMN (a path such as catalog/regulations, or a code such as 0203)."""
    problems = Problems()
    config = load_config(run.root, problems)
    if config is None:
        print_problems(problems, run.language)
        sys.exit(EXIT_CONTENT)
    try:
        created = create_item(run.root, config, column, title)
    except UsageError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(str(created.path))
    if created.earlier_unnumbered:
        click.echo(
            f"note: {created.earlier_unnumbered} earlier item(s) have no 索引号 yet and will be "
            "numbered after this one; run `gkssg number` before `gkssg new` to keep the "
            "numbers in publication order",
            err=True,
        )
    click.echo(
        f"created with 索引号 {created.number.text}; write the body, fill in the 保密审查 "
        "(review: by, date), then run `gkssg check`",
        err=True,
    )
