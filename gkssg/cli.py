"""The ``gkssg`` command. Exit codes: 0 success, 1 content errors, 2 usage errors."""

from __future__ import annotations

from pathlib import Path

import click

from gkssg.commands import COMMANDS, load_command
from gkssg.failsafe import GuardedGroup


class CommandGroup(GuardedGroup):
    """The commands of :data:`gkssg.commands.COMMANDS`, each imported when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--site",
    "site_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The site's folder (where site.yaml is).",
)
@click.version_option(package_name="gkssg")
@click.pass_context
def main(ctx: click.Context, site_root: Path) -> None:
    """gkssg: static sites for government information disclosure (政府信息公开)."""
    ctx.obj = site_root
