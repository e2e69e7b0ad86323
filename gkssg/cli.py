"""The ``gkssg`` command. Exit codes: 0 success, 1 content errors, 2 usage errors."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import click

from gkssg.base.i18n import LANGUAGES, language, language_from, message_of, t
from gkssg.commands import COMMANDS, load_command
from gkssg.commands.common import SITE_HELP, Invocation
from gkssg.commands.failsafe import GuardedGroup
from gkssg.commands.localized import (
    LANGUAGE_KEY,
    LocalizedGroup,
    UsageProblem,
    language_in,
    language_of,
    localized,
)


class CommandGroup(LocalizedGroup, GuardedGroup):
    """The commands of :data:`gkssg.commands.COMMANDS`, each imported when it is used."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # before click parses them: `--help` is answered while they are parsed
        given = language_in(args)
        ctx.meta[LANGUAGE_KEY] = language(given) if given else language_of(None)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise localized(exc) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name)


@click.group(
    cls=CommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=t("gkssg: static sites for government information disclosure (政府信息公开).").source,
)
@click.option(
    "--site",
    "site_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=SITE_HELP.source,
)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGES)),
    default=None,
    help=t("Language of messages: zh (default) or en; or set GKSSG_LANG.").source,
)
@click.version_option(package_name="gkssg")
@click.pass_context
def main(ctx: click.Context, site_root: Path | None, lang: str | None) -> None:
    """gkssg: static sites for government information disclosure (政府信息公开)."""
    try:
        ctx.obj = Invocation(site_root, language_from(lang))
    except ValueError as exc:
        raise UsageProblem(message_of(exc), ctx) from exc


def run() -> None:
    """The ``gkssg`` program (console script and ``python -m gkssg``): :func:`main`, then
    the process ends without freeing its objects one by one.

    A build leaves millions of objects (the loaded site, frozen out of collections);
    freeing them as the interpreter shut down took 0.2 s of every build of 10,000
    items. By the time ``main`` ends, every command has closed what it opened; only
    the standard streams are flushed. Should a thread or child process still run,
    the interpreter shuts down as usual, waiting for it.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        if not isinstance(exc.code, int | None):
            raise  # a message to print: the interpreter's own exit does that
        code = exc.code or 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader has gone (`gkssg check | head`)
        pass
    processes = sys.modules.get("multiprocessing")
    if threading.active_count() == 1 and not (processes and processes.active_children()):
        os._exit(code)
    sys.exit(code)
