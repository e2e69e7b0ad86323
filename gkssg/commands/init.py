"""``gkssg init DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.errors import UsageError
from gkssg.base.i18n import t
from gkssg.commands.common import EXIT_USAGE, Invocation, find_site_root, print_error
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
    """Create a new working site in DIRECTORY, an empty folder outside any site."""
    say = invocation.language
    enclosing = find_site_root(directory.parent)
    try:
        if enclosing is not None:
            raise UsageError(
                t(
                    "{folder} is inside the site in {site}; a new site goes in a folder of "
                    "its own, outside it (e.g. gkssg init ../新网站)",
                    folder=directory,
                    site=enclosing,
                )
            )
        created = create_site(directory)
    except UsageError as exc:
        print_error(exc.args[0], say)
        sys.exit(EXIT_USAGE)
    for path in created:
        click.echo(path)
    click.echo(
        say(
            t(
                "created a site in {folder}. Next: put your organisation's name, org_code, "
                "address and web address into {folder}/site.yaml, then run gkssg check and "
                "gkssg build there",
                folder=directory,
            )
        ),
        err=True,
    )
