"""``gkssg init DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.commands.common import EXIT_USAGE
from gkssg.editing.scaffold import create_site


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init_command(directory: Path) -> None:
    """Create a new working site in DIRECTORY."""
    try:
        created = create_site(directory)
    except FileExistsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for path in created:
        click.echo(path)
    click.echo(f"created a site in {directory}; run `cd {directory} && gkssg build`", err=True)
