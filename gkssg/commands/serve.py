"""``gkssg serve``: a live preview that rebuilds what each saved file changes."""

from __future__ import annotations

import functools
import signal
import sys
import threading
from types import FrameType

import click

from gkssg.base.i18n import Language, t
from gkssg.commands.common import EXIT_USAGE, Run, pass_site, print_error, print_problems
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.config import CONFIG_FILE
from gkssg.serve.live_site import Update
from gkssg.serve.session import PreviewSession


@click.command(
    "serve",
    cls=LocalizedCommand,
    help=t(
        "Build the site into .gkssg/serve/ and serve it; rebuild and reload on every "
        "save. output/ is never touched. Stop with Ctrl-C."
    ).source,
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help=t("Port to listen on (0: any free port).").source,
)
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help=t("Address to listen on (0.0.0.0 shows the preview to the whole network).").source,
)
@click.option("--drafts", is_flag=True, help=t("Include items marked draft.").source)
@pass_site
def serve_command(run: Run, port: int, bind: str, drafts: bool) -> None:
    """Build the site into .gkssg/serve/ and serve it; rebuild and reload on every save.

    output/ is never touched. Stop with Ctrl-C.
    """
    say = run.language
    if not (run.root / CONFIG_FILE).is_file():
        missing = t(
            "no {file} in {folder}; run `gkssg init DIR`", file=CONFIG_FILE, folder=run.root
        )
        print_error(missing, say)
        sys.exit(EXIT_USAGE)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    session = PreviewSession(
        run.root, drafts=drafts, say=functools.partial(_say, say), language=say
    )
    try:
        try:
            url = session.start(bind, port)
        except OSError as exc:
            refused = t(
                "cannot listen on {bind}:{port}: {reason}",
                bind=bind,
                port=port,
                reason=exc.strerror or exc,
            )
            print_error(refused, say)
            sys.exit(EXIT_USAGE)
        click.echo(say(t("serving {url} (Ctrl-C to stop)", url=url)))
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        session.stop()
    click.echo(say(t("stopped")), err=True)


def _say(language: Language, update: Update) -> None:
    """One line per update on the terminal, and the problems when there are any."""
    print_problems(update.problems, language)
    if not update.ok:
        line = t("not updated: {count} error(s)", count=len(update.problems.errors))
    elif update.fresh:
        line = t(
            "built {pages} pages in {seconds} s",
            pages=update.pages,
            seconds=format(update.seconds, ".2f"),
        )
    elif update.changed:
        line = t(
            "updated {count} file(s) ({phase}, {pages} rendered) in {ms} ms",
            count=len(update.changed),
            phase=PHASES.get(update.phase, update.phase),
            pages=update.pages,
            ms=format(update.seconds * 1000, ".0f"),
        )
    else:
        return
    click.echo(language(line), err=True)


#: What an update brought up to date (gkssg.serve.live_site.Update.phase).
PHASES = {"pages": t("pages"), "files": t("other files")}
