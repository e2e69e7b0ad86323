"""``gkssg number [--dry-run]``."""

from __future__ import annotations

import sys

import click

from gkssg.base.atomicfile import FileChanged
from gkssg.base.errors import Problems
from gkssg.commands.common import EXIT_CONTENT, EXIT_OK, Run, pass_site, print_problems
from gkssg.content.config import load_config
from gkssg.editing.numbering import CannotInsert, plan_numbers, survey_site, write_number


@click.command("number")
@click.option("--dry-run", is_flag=True, help="List the numbers it would assign; write nothing.")
@pass_site
def number_command(run: Run, dry_run: bool) -> None:
    """Give every item without 索引号 the next free number, in order of (published, path)."""
    problems = Problems()
    config = load_config(run.root, problems)
    if config is None:
        print_problems(problems, run.language)
        sys.exit(EXIT_CONTENT)
    survey = survey_site(run.root, config)
    numbers = plan_numbers(config, survey)
    failed = Problems()
    failed.extend(survey.skipped.items)
    written = 0
    for item in sorted(survey.unnumbered, key=lambda u: (u.published, u.source)):
        number = numbers[item.source]
        try:
            write_number(run.root, item, number, dry_run=dry_run)
        except (CannotInsert, FileChanged, OSError) as exc:
            failed.error(item.source, None, "CANNOT_NUMBER", str(exc))
            continue
        written += 1
        click.echo(f"{item.source}: {number.text}")
    print_problems(failed, run.language)
    verb = "would number" if dry_run else "numbered"
    summary = f"{verb} {written} item(s)"
    if failed.has_errors:
        files = len({problem.file for problem in failed.errors})
        summary += f"; {files} item(s) left unnumbered: fix what is listed above and run it again"
    if dry_run:
        summary += "; dry run, nothing written"
    click.echo(summary, err=True)
    sys.exit(EXIT_CONTENT if failed.has_errors else EXIT_OK)
