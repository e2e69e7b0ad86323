"""``gkssg serve``: a live preview that rebuilds what each saved file changes."""

from __future__ import annotations

import functools
import signal
import sys
import threading
from types import FrameType

import click

from gkssg.base.i18n import Language
from gkssg.commands.common import EXIT_USAGE, Run, pass_site, print_problems
from gkssg.content.config import CONFIG_FILE
from gkssg.serve.live_site import Update
from gkssg.serve.session import PreviewSession


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 shows the preview to the whole network).",
)
@click.option("--drafts", is_flag=True, help="Include items marked draft.")
@pass_site
def serve_command(run: Run, port: int, bind: str, drafts: bool) -> None:
    """Build the site into .gkssg/serve/ and serve it; rebuild and reload on every save.

    output/ is never touched. Stop with Ctrl-C.
    """
    if not (run.root / CONFIG_FILE).is_file():
        click.echo(f"error: no {CONFIG_FILE} in {run.root}; run `gkssg init DIR`", err=True)
        sys.exit(EXIT_USAGE)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    session = PreviewSession(run.root, drafts=drafts, say=functools.partial(_say, run.language))
    try:
        try:
            url = session.start(bind, port)
        except OSError as exc:
            click.echo(f"error: cannot listen on {bind}:{port}: {exc.strerror}", err=True)
            sys.exit(EXIT_USAGE)
        click.echo(f"serving {url} (Ctrl-C to stop)")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        session.stop()
    click.echo("stopped", err=True)


def _say(language: Language, update: Update) -> None:
    """One line per update on the terminal, and the problems when there are any."""
    print_problems(update.problems, language)
    if not update.ok:
        click.echo(f"not updated: {len(update.problems.errors)} error(s)", err=True)
    elif update.fresh:
        click.echo(f"built {update.pages} pages in {update.seconds:.2f} s", err=True)
    elif update.changed:
        click.echo(
            f"updated {len(update.changed)} file(s) ({update.phase}, "
            f"{update.pages} rendered) in {update.seconds * 1000:.0f} ms",
            err=True,
        )
