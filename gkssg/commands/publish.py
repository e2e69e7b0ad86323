"""``gkssg publish DEST``: upload the build as a new release and switch to it atomically."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import click

from gkssg.base.errors import UsageError
from gkssg.commands.common import EXIT_CONTENT, EXIT_USAGE, Run, pass_site, print_problems
from gkssg.outputs.staging import OutputLocked, output_lock
from gkssg.pipeline.context import resolve_out
from gkssg.publish.preflight import BuildRefused, check_build
from gkssg.publish.release import describe_release, digest_output, release_name
from gkssg.publish.releases import (
    Listing,
    Published,
    ReleaseError,
    inspect,
    publish_output,
    rollback,
)
from gkssg.publish.transport import Transport, TransportError, transport_for


@click.command("publish")
@click.argument("dest")
@click.option("--keep", type=click.IntRange(1), default=5, show_default=True, help="Releases kept.")
@click.option(
    "--rollback",
    "rollback_to",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[RELEASE]",
    help="Make the previous (or the named) release live again; uploads nothing.",
)
@click.option("--list", "list_only", is_flag=True, help="List the releases; * marks the live one.")
@click.option("--out", type=click.Path(path_type=Path), help="Built folder (default output/).")
@click.option(
    "--ssh-option",
    "ssh_options",
    multiple=True,
    help='Extra ssh arguments, e.g. "-p 2222" (also: the GKSSG_SSH command).',
)
@pass_site
def publish_command(
    run: Run,
    dest: str,
    keep: int,
    rollback_to: str | None,
    list_only: bool,
    out: Path | None,
    ssh_options: Sequence[str],
) -> None:
    """Publish output/ to DEST (a folder, or user@host:/path over SSH) as a new release.

    DEST gets releases/<time>-<hash>/ folders and a `current` link to the live one:
    point the web server's root at DEST/current.
    """
    try:
        transport = transport_for(dest, ssh_options)
        if list_only:
            _print_listing(inspect(transport))
        elif rollback_to is not None:
            _report(transport, rollback(transport, rollback_to), rolled_back=True)
        else:
            _report(transport, _publish(run.root, out, transport, keep), rolled_back=False)
    except BuildRefused as exc:
        if exc.problems is not None:
            print_problems(exc.problems, run.language)
        click.echo(f"publish refused: {exc}; nothing was sent", err=True)
        sys.exit(EXIT_CONTENT)
    except TransportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONTENT)
    except (UsageError, ReleaseError, OutputLocked) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _publish(site_root: Path, out: Path | None, transport: Transport, keep: int) -> Published:
    folder = resolve_out(site_root, out)
    with output_lock(folder):  # no build may replace the folder while it is sent
        stamp = check_build(site_root, folder)
        digest = digest_output(folder)
        now = datetime.now(UTC)
        info = describe_release(release_name(now, digest), now, stamp, digest, site_root)
        return publish_output(transport, folder, digest, info, keep)


def _report(transport: Transport, result: Published, *, rolled_back: bool) -> None:
    where = transport.describe()
    if rolled_back:
        click.echo(f"{where}: {result.release} is live (was {result.previous or 'none'})")
        return
    if result.stats is None:
        click.echo(f"{where}: already live as {result.release}; nothing to publish")
        return
    stats = result.stats
    unchanged = stats.files - stats.transferred
    linked = f", {unchanged} unchanged ones hard-linked" if unchanged else ""
    click.echo(
        f"{where}: published {result.release} and made it live "
        f"(was {result.previous or 'none'}); {stats.transferred} of {stats.files} files "
        f"sent ({stats.bytes_sent} bytes){linked}"
    )
    if result.pruned:
        click.echo(f"removed old releases: {', '.join(result.pruned)}")


def _print_listing(listing: Listing) -> None:
    if not listing.releases:
        click.echo("no releases")
        return
    for name in reversed(listing.names):
        info = listing.releases[name]
        mark = "*" if name == listing.live else " "
        details = "(no release.json)"
        if info is not None:
            commit = (info.commit or "-")[:10] + ("+" if info.commit_dirty else "")
            details = f"built {info.built}  {info.items} items  commit {commit}"
        live = "  live" if name == listing.live else ""
        click.echo(f"{mark} {name}  {details}{live}")
