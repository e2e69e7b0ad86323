"""``gkssg build``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.base.errors import ContentError, UsageError
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_USAGE,
    Run,
    pass_site,
    print_problems,
    summary_line,
)
from gkssg.commands.progress import TerminalReporter
from gkssg.outputs.staging import OutputLocked
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions


@click.command("build")
@click.option("--drafts", is_flag=True, help="Include items marked draft.")
@click.option("--future", is_flag=True, help="Publish items dated later than now (定时发布).")
@click.option("--base-url", help="Path the site is served under, e.g. /xxgkweb/.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default output/).")
@click.option("--jobs", type=click.IntRange(1, 64), help="Processes to render with.")
@click.option("--wait", is_flag=True, help="Wait for another build of the same output.")
@click.option("--no-search", is_flag=True, help="Skip the search index (a quicker local build).")
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
    options = BuildOptions(
        drafts=drafts,
        future=future,
        base_url=base_url,
        out=out,
        jobs=jobs,
        wait_for_lock=wait,
        search=not no_search,
    )
    reporter = TerminalReporter.for_stream(sys.stderr)
    try:
        with reporter:
            result = build(run.root, options, reporter)
    except ContentError as exc:
        print_problems(exc.problems, run.language)
        click.echo(
            f"build refused: {summary_line(exc.problems, run.language)}; output/ is unchanged",
            err=True,
        )
        sys.exit(EXIT_CONTENT)
    except (UsageError, OutputLocked) as exc:  # anything else is a bug: see failsafe.py
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    print_problems(result.problems, run.language)
    seconds = sum(result.timings.values())
    click.echo(
        f"built {result.items} items, {result.pages} pages, {result.files} files "
        f"into {result.out.name}/ in {seconds:.2f} s",
        err=True,
    )
