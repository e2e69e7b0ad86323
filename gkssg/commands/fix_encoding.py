"""``gkssg fix-encoding PATH... [--no-backup]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.atomicfile import FileChanged
from gkssg.base.i18n import message_of, t
from gkssg.commands.common import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Run, pass_site, print_error
from gkssg.commands.localized import LocalizedCommand
from gkssg.editing.encoding_fix import NotConverted, convert_to_utf8


@click.command(
    "fix-encoding",
    cls=LocalizedCommand,
    help=t(
        "Convert GBK/GB18030 files to UTF-8 in place (the original is kept as PATH.bak)."
    ).source,
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-backup", is_flag=True, help=t("Do not keep the original as PATH.bak.").source)
@pass_site
def fix_encoding_command(run: Run, paths: tuple[Path, ...], no_backup: bool) -> None:
    """Convert GBK/GB18030 files to UTF-8 in place (the original is kept as PATH.bak)."""
    say = run.language
    status = EXIT_OK
    for given in paths:
        path = _locate(run.root, given)
        if path is None:
            print_error(t("{file}: no such file", file=given), say)
            status = max(status, EXIT_USAGE)
            continue
        try:
            done = convert_to_utf8(path, backup=not no_backup)
        except NotConverted as exc:
            click.echo(say(t("{file}: {reason}", file=given, reason=message_of(exc))), err=True)
            if not exc.already_utf8:
                status = max(status, EXIT_CONTENT)
            continue
        except (FileChanged, OSError) as exc:
            failed = t("{file}: not converted: {reason}", file=given, reason=message_of(exc))
            click.echo(say(failed), err=True)
            status = max(status, EXIT_CONTENT)
            continue
        if done.backup:
            converted = t(
                "{file}: converted from {encoding} to UTF-8; the original is kept as {file}.bak",
                file=given,
                encoding=done.encoding,
            )
        else:
            converted = t(
                "{file}: converted from {encoding} to UTF-8", file=given, encoding=done.encoding
            )
        click.echo(say(converted))
    sys.exit(status)


def _locate(site_root: Path, given: Path) -> Path | None:
    """PATH as `gkssg check` prints it (relative to the site), else relative to here."""
    for candidate in (site_root / given, given):
        if candidate.is_file():
            return candidate
    return None
