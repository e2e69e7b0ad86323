"""``gkssg init DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.i18n import t
from gkssg.commands.common import EXIT_USAGE, Invocation, print_error
from gkssg.commands.localized import LocalizedCommand
from gkssg.editing.scaffold import create_site


@click.command(
    "init",
    cls=LocalizedCommand,
    help=t("Create a new working site in DIRECTORY.").source,
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def init_command(invocation: Invocation, directory: Path) -> None:
    """Create a new working site in DIRECTORY."""
    say = invocation.language
    try:
        created = create_site(directory)
    except FileExistsError as exc:
        print_error(str(exc), say)
        sys.exit(EXIT_USAGE)
    for path in created:
        click.echo(path)
    done = t("created a site in {folder}; run `cd {folder} && gkssg build`", folder=directory)
    click.echo(say(done), err=True)
