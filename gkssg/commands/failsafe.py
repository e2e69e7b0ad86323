"""The last line of defence of every command: an unexpected exception becomes a short message.

Content mistakes never get here (they are :class:`~gkssg.base.errors.Problem` values,
exit code 1); what does is a bug in gkssg, reported in two lines with a request
to report it, or a failing disk or program gkssg runs (Pagefind), reported as
what it is. ``GKSSG_DEBUG=1`` shows the full traceback instead.
"""

from __future__ import annotations

import os
from typing import Any

import click

from gkssg.base.errors import ToolFailure
from gkssg.base.i18n import ENGLISH, Language, message_of, t
from gkssg.commands.localized import language_of, localized

EXIT_ENVIRONMENT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE
MAX_DETAIL = 300

#: What click itself raises to end a command (``Exit`` and ``Abort`` are RuntimeErrors).
_CLICK_FLOW = (click.exceptions.Exit, click.exceptions.Abort, click.ClickException)


class GuardedGroup(click.Group):
    """A command group whose commands never end in a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a command's arguments: said in the run's language
            raise localized(exc) from exc
        except _CLICK_FLOW:
            raise
        except BrokenPipeError:  # `gkssg check | head`: the reader has gone
            ctx.exit(0)
        except Exception as exc:
            if os.environ.get("GKSSG_DEBUG"):
                raise
            click.echo(describe(exc, language_of(ctx)), err=True)
            environment = isinstance(exc, (OSError, ToolFailure))
            ctx.exit(EXIT_ENVIRONMENT if environment else EXIT_INTERNAL)


def describe(exc: Exception, say: Language = ENGLISH) -> str:
    """The short message for an unexpected exception (one or two lines, no traceback)."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        reason = f"{exc.strerror or say(message_of(exc))}{where}"
        return _printable(say(t("error: {message}", message=reason)))
    if isinstance(exc, ToolFailure):
        return _printable(say(t("error: {message}", message=message_of(exc))))[:MAX_DETAIL]
    detail = _printable(f"{type(exc).__name__}: {exc}")[:MAX_DETAIL]
    first = say(t("gkssg: internal error ({detail})", detail=detail))
    second = say(
        t(
            "This is a bug in gkssg, not a mistake in the site; please report it to the "
            "gkssg maintainers with the command you ran (GKSSG_DEBUG=1 shows the details)."
        )
    )
    return f"{first}\n{second}"


def _printable(text: str) -> str:
    """One line, and encodable however the terminal is set up."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(text.split())
