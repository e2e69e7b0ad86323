"""``gkssg publish``: upload the build as a new release to a destination or a group of
them, and switch every one of them to it at once."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from gkssg.base.errors import Problems, UsageError
from gkssg.base.i18n import Language, Text, t
from gkssg.commands.common import EXIT_CONTENT, EXIT_USAGE, Run, pass_site, print_problems
from gkssg.commands.localized import LocalizedCommand
from gkssg.commands.publish_report import print_listings, report_result
from gkssg.content.config import load_publish_options
from gkssg.outputs.staging import OutputLocked, output_lock
from gkssg.pipeline.context import resolve_out
from gkssg.publish.archive import write_archive
from gkssg.publish.errors import DestinationBusy, PublishError, ReleaseError
from gkssg.publish.group import (
    GroupResult,
    PublishRequest,
    Target,
    list_group,
    publish_group,
    switch_group,
)
from gkssg.publish.preflight import BuildRefused, CheckedBuild, check_build
from gkssg.publish.release import ReleaseInfo, describe_release, digest_output, release_name
from gkssg.publish.transport import SshTransport, transport_for


@dataclass(frozen=True)
class Options:
    keep: int
    archive: bool | None
    prune_archives: bool
    stage: bool
    wait: bool


@click.command(
    "publish",
    cls=LocalizedCommand,
    help=t(
        "Publish output/ to DEST (a folder, or user@host:/path over SSH), or to every target "
        "of a group named in site.yaml (--to NAME), as a new release; point the web "
        "server's root at DEST/current."
    ).source,
)
@click.argument("dest", required=False)
@click.option(
    "--to", "to", metavar="NAME", help=t("A target or group named in site.yaml `publish:`.").source
)
@click.option(
    "--keep", type=click.IntRange(1), default=5, show_default=True, help=t("Releases kept.").source
)
@click.option(
    "--rollback",
    "rollback_to",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[RELEASE]",
    help=t("Make the previous (or the named) release live again; uploads nothing.").source,
)
@click.option(
    "--switch",
    "switch_to",
    metavar="RELEASE",
    help=t("Make a release live; uploads nothing.").source,
)
@click.option(
    "--list", "list_only", is_flag=True, help=t("List the releases; * marks the live one.").source
)
@click.option(
    "--stage", is_flag=True, help=t("Upload and check the release, but do not switch to it.").source
)
@click.option(
    "--archive/--no-archive",
    default=None,
    help=t("Write a WARC web archive of the release.").source,
)
@click.option(
    "--prune-archives",
    is_flag=True,
    help=t("Remove the archives of releases --keep removes.").source,
)
@click.option("--wait", is_flag=True, help=t("Wait for another publish to the same place.").source)
@click.option(
    "--out", type=click.Path(path_type=Path), help=t("Built folder (default output/).").source
)
@click.option(
    "--ssh-option",
    "ssh_options",
    multiple=True,
    help=t('Extra ssh arguments, e.g. "-p 2222" (also: the GKSSG_SSH command).').source,
)
@pass_site
def publish_command(
    run: Run,
    dest: str | None,
    to: str | None,
    keep: int,
    rollback_to: str | None,
    switch_to: str | None,
    list_only: bool,
    stage: bool,
    archive: bool | None,
    prune_archives: bool,
    wait: bool,
    out: Path | None,
    ssh_options: Sequence[str],
) -> None:
    """Publish output/ to DEST (a folder, or user@host:/path over SSH), or to every
    target of a group named in site.yaml (--to NAME), as a new release.

    Each destination gets releases/<time>-<hash>/ folders and a `current` link to the
    live one: point the web server's root at DEST/current.
    """
    options = Options(keep, archive, prune_archives, stage, wait)
    try:
        targets = resolve_targets(run, dest, to, ssh_options)
        if list_only:
            print_listings(list_group(targets), run.language)
        elif rollback_to is not None or switch_to is not None:
            wanted = switch_to if switch_to is not None else rollback_to or ""
            result = switch_group(targets, wanted, wait=wait)
            report_result(result, run.language, switched_only=True)
        else:
            report_result(_publish(run, out, targets, options), run.language)
    except BuildRefused as exc:
        if exc.problems is not None:
            print_problems(exc.problems, run.language)
        fail(
            run.language,
            t("publish refused: {reason}; nothing was sent", reason=exc.message),
            EXIT_CONTENT,
        )
    except (ReleaseError, DestinationBusy) as exc:
        fail(run.language, t("error: {reason}", reason=exc.message), EXIT_USAGE)
    except PublishError as exc:
        fail(run.language, t("error: {reason}", reason=exc.message), EXIT_CONTENT)
    except (UsageError, OutputLocked) as exc:
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], Text) else str(exc)
        fail(run.language, t("error: {reason}", reason=reason), EXIT_USAGE)


def fail(language: Language, message: Text, code: int) -> None:
    click.echo(language(message), err=True)
    sys.exit(code)


def resolve_targets(
    run: Run, dest: str | None, to: str | None, ssh_options: Sequence[str]
) -> list[Target]:
    """DEST as given, or the target or group ``--to`` names in site.yaml."""
    if (dest is None) == (to is None):
        raise UsageError(
            t("give either DEST or --to NAME (a target or group of site.yaml `publish:`)")
        )
    if dest is not None:
        return [Target(dest, transport_for(dest, ssh_options))]
    assert to is not None
    problems = Problems()
    configured = load_publish_options(run.root, problems)
    if configured is None or problems.has_errors:
        print_problems(problems, run.language)
        raise BuildRefused(t("site.yaml has errors"))
    names = configured.groups.get(to) or ((to,) if to in configured.targets else ())
    known = sorted({*configured.groups, *configured.targets})
    if not names:
        raise UsageError(
            t(
                "{name} is neither a target nor a group of site.yaml `publish:` (known: {known})",
                name=to,
                known=", ".join(known) or "-",
            )
        )
    targets = []
    for name in names:
        spec = configured.targets.get(name)
        if spec is None:
            raise UsageError(
                t("group {group} names {name}, which is not a target", group=to, name=name)
            )
        transport = transport_for(spec.dest, spec.ssh_options)
        if ssh_options and isinstance(transport, SshTransport):
            transport = transport_for(spec.dest, (*spec.ssh_options, *ssh_options))
        targets.append(Target(name, transport))
    return targets


def _publish(run: Run, out: Path | None, targets: list[Target], options: Options) -> GroupResult:
    folder = resolve_out(run.root, out)
    with output_lock(folder, shared=True):  # no build may replace the folder while it is sent
        checked = check_build(run.root, folder)
        digest = digest_output(folder)
        now = datetime.now(UTC)
        info = describe_release(release_name(now, digest), now, checked.stamp, digest, run.root)
        archive = options.archive
        if archive is None:
            configured = load_publish_options(run.root, Problems())
            archive = bool(configured and configured.archive)
        with tempfile.TemporaryDirectory(prefix="gkssg-archive-") as scratch:
            request = PublishRequest(
                folder,
                digest,
                info,
                options.keep,
                archive=_archiver(folder, checked, Path(scratch)) if archive else None,
                prune_archives=options.prune_archives,
                stage=options.stage,
                wait=options.wait,
            )
            return publish_group(targets, request)


def _archiver(folder: Path, checked: CheckedBuild, scratch: Path) -> Callable[[ReleaseInfo], Path]:
    """Writes the release's web archive into ``scratch`` once its name is known."""

    def write(info: ReleaseInfo) -> Path:
        write_archive(folder, checked.site, info, scratch)
        return scratch

    return write
