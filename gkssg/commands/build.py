"""``gkssg build``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.errors import ContentError, UsageError
from gkssg.base.i18n import message_of, t
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_USAGE,
    Run,
    pass_site,
    print_error,
    print_problems,
    summary_line,
)
from gkssg.commands.localized import LocalizedCommand
from gkssg.commands.progress import TerminalReporter
from gkssg.outputs.staging import OutputLocked
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions


@click.command(
    "build", cls=LocalizedCommand, help=t("Build the whole site into output/, atomically.").source
)
@click.option("--drafts", is_flag=True, help=t("Include items marked draft.").source)
@click.option(
    "--future", is_flag=True, help=t("Publish items dated later than now (定时发布).").source
)
@click.option("--base-url", help=t("Path the site is served under, e.g. /xxgkweb/.").source)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help=t("Output folder (default output/).").source,
)
@click.option("--jobs", type=click.IntRange(1, 64), help=t("Processes to render with.").source)
@click.option("--wait", is_flag=True, help=t("Wait for another build of the same output.").source)
@click.option(
    "--no-search",
    is_flag=True,
    help=t("Skip the search index (a quicker local build).").source,
)
@pass_site
def build_command(
    run: Run,
    drafts: bool,
    future: bool,
    base_url: str | None,
    out: Path | None,
    jobs: int | None,
    wait: bool,
    no_search: bool,
) -> None:
    """Build the whole site into output/, atomically."""
    say = run.language
    options = BuildOptions(
        drafts=drafts,
        future=future,
        base_url=base_url,
        out=out,
        jobs=jobs,
        wait_for_lock=wait,
        search=not no_search,
    )
    reporter = TerminalReporter.for_stream(sys.stderr, say)
    try:
        with reporter:
            result = build(run.root, options, reporter)
    except ContentError as exc:
        print_problems(exc.problems, say)
        summary = summary_line(exc.problems, say)
        click.echo(
            say(t("build refused: {summary}; output/ is unchanged", summary=summary)), err=True
        )
        sys.exit(EXIT_CONTENT)
    except (UsageError, OutputLocked) as exc:  # anything else is a bug: see failsafe.py
        print_error(message_of(exc), say)
        sys.exit(EXIT_USAGE)
    print_problems(result.problems, say)
    seconds = sum(result.timings.values())
    built = t(
        "built {items} items, {pages} pages, {files} files into {out}/ in {seconds} s",
        items=result.items,
        pages=result.pages,
        files=result.files,
        out=result.out.name,
        seconds=format(seconds, ".2f"),
    )
    click.echo(say(built), err=True)
