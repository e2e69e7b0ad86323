"""The ``gkssg`` command. Exit codes: 0 success, 1 content errors, 2 usage errors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gkssg.build import BuildOptions, build
from gkssg.errors import ContentError, Problems, UsageError
from gkssg.progress import TerminalReporter
from gkssg.site import load_site
from gkssg.writer import OutputLocked

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def print_problems(problems: Problems, *, err: bool = True) -> None:
    for problem in problems.sorted():
        click.echo(problem.format(), err=err)


def summary_line(problems: Problems) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    return f"{errors} error(s), {warnings} warning(s)"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--site",
    "site_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The site's folder (where site.yaml is).",
)
@click.version_option(package_name="gkssg")
@click.pass_context
def main(ctx: click.Context, site_root: Path) -> None:
    """gkssg: static sites for government information disclosure (政府信息公开)."""
    ctx.obj = site_root


@main.command("build")
@click.option("--drafts", is_flag=True, help="Include items marked draft.")
@click.option("--base-url", help="Path the site is served under, e.g. /xxgkweb/.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default output/).")
@click.option("--jobs", type=click.IntRange(1, 64), help="Processes to render with.")
@click.option("--wait", is_flag=True, help="Wait for another build of the same output.")
@click.pass_obj
def build_command(
    site_root: Path,
    drafts: bool,
    base_url: str | None,
    out: Path | None,
    jobs: int | None,
    wait: bool,
) -> None:
    """Build the whole site into output/, atomically."""
    options = BuildOptions(drafts=drafts, base_url=base_url, out=out, jobs=jobs,
                           wait_for_lock=wait)
    reporter = TerminalReporter.for_stream(sys.stderr)
    try:
        with reporter:
            result = build(site_root, options, reporter)
    except ContentError as exc:
        print_problems(exc.problems)
        click.echo(f"build refused: {summary_line(exc.problems)}; output/ is unchanged", err=True)
        sys.exit(EXIT_CONTENT)
    except (UsageError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except OutputLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    print_problems(result.problems)
    seconds = sum(result.timings.values())
    click.echo(
        f"built {result.items} items, {result.pages} pages, {result.files} files "
        f"into {result.out.name}/ in {seconds:.2f} s",
        err=True,
    )


@main.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--drafts", is_flag=True, help="Check drafts as if they were published.")
@click.pass_obj
def check_command(site_root: Path, fmt: str, drafts: bool) -> None:
    """Report every problem in the site in one run."""
    problems = Problems()
    load_site(site_root, problems, drafts=drafts)
    if fmt == "json":
        click.echo(problems.to_json())
    else:
        print_problems(problems, err=False)
        click.echo(summary_line(problems), err=True)
    sys.exit(EXIT_CONTENT if problems.has_errors else EXIT_OK)


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init_command(directory: Path) -> None:
    """Create a new working site in DIRECTORY."""
    from gkssg.scaffold import create_site

    try:
        created = create_site(directory)
    except FileExistsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for path in created:
        click.echo(path)
    click.echo(f"created a site in {directory}; run `cd {directory} && gkssg build`", err=True)
