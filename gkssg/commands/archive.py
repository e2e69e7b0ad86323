"""``gkssg archive verify FILE``: check a release's web archive against the release."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.i18n import t
from gkssg.commands.common import EXIT_CONTENT, Run, pass_site
from gkssg.commands.localized import LocalizedCommand, LocalizedGroup
from gkssg.publish.archive_verify import verify_archive


@click.group(
    "archive",
    cls=LocalizedGroup,
    help=t("The web archives (WARC) `gkssg publish --archive` writes beside each release.").source,
)
def archive_command() -> None:
    """The web archives (WARC) `gkssg publish --archive` writes beside each release."""


@archive_command.command(
    "verify",
    cls=LocalizedCommand,
    help=t(
        "Read FILE (archives/<release>.warc.gz) back and check every record against the release."
    ).source,
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--release",
    "release_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t("The release folder (default: ../releases/<release> beside archives/).").source,
)
@pass_site
def verify_command(run: Run, file: Path, release_dir: Path | None) -> None:
    """Read FILE (archives/<release>.warc.gz) back and check every record against the release."""
    result = verify_archive(file, release_dir)
    for problem in result.problems:
        click.echo(run.language(t("{file}: {problem}", file=str(file), problem=problem)), err=True)
    if result.problems:
        click.echo(
            run.language(t("{file}: the archive does not match the release", file=str(file))),
            err=True,
        )
        sys.exit(EXIT_CONTENT)
    click.echo(
        run.language(
            t(
                "{file}: {count} records match release {release} ({folder})",
                file=str(file),
                count=len(result.responses),
                release=result.release,
                folder=str(result.release_dir),
            )
        )
    )
