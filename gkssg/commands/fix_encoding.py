"""``gkssg fix-encoding PATH... [--no-backup]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.atomicfile import FileChanged
from gkssg.commands.common import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Run, pass_site
from gkssg.editing.encoding_fix import NotConverted, convert_to_utf8


@click.command("fix-encoding")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-backup", is_flag=True, help="Do not keep the original as PATH.bak.")
@pass_site
def fix_encoding_command(run: Run, paths: tuple[Path, ...], no_backup: bool) -> None:
    """Convert GBK/GB18030 files to UTF-8 in place (the original is kept as PATH.bak)."""
    status = EXIT_OK
    for given in paths:
        path = _locate(run.root, given)
        if path is None:
            click.echo(f"error: {given}: no such file", err=True)
            status = max(status, EXIT_USAGE)
            continue
        try:
            done = convert_to_utf8(path, backup=not no_backup)
        except NotConverted as exc:
            click.echo(f"{given}: {exc}", err=True)
            if not exc.already_utf8:
                status = max(status, EXIT_CONTENT)
            continue
        except (FileChanged, OSError) as exc:
            click.echo(f"{given}: not converted: {exc}", err=True)
            status = max(status, EXIT_CONTENT)
            continue
        kept = f"; the original is kept as {given}.bak" if done.backup else ""
        click.echo(f"{given}: converted from {done.encoding} to UTF-8{kept}")
    sys.exit(status)


def _locate(site_root: Path, given: Path) -> Path | None:
    """PATH as `gkssg check` prints it (relative to the site), else relative to here."""
    for candidate in (site_root / given, given):
        if candidate.is_file():
            return candidate
    return None
