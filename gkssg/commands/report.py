"""``gkssg report --year Y [--format md|csv|json]``: the year's statistics
(docs/content-contract.md §8)."""

from __future__ import annotations

import sys

import click

from gkssg.base.errors import Problems
from gkssg.base.i18n import t
from gkssg.commands.common import EXIT_CONTENT, Run, pass_site, print_problems, summary_line
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.config import CONFIG_FILE
from gkssg.content.requests import load_requests
from gkssg.content.site import load_site
from gkssg.report.annual_template import annual_report
from gkssg.report.compute import YearReport, calendar_for, compute_year_report
from gkssg.report.formats import to_csv, to_json


@click.command(
    "report",
    cls=LocalizedCommand,
    help=t("Print the year's figures: counts per column, publication latency, requests.").source,
)
@click.option(
    "--year",
    type=click.IntRange(1000, 9999),
    required=True,
    help=t("The year, e.g. 2008.").source,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "csv", "json"]),
    default="md",
    show_default=True,
    help=t("md: a draft of the annual report; csv and json: the figures.").source,
)
@pass_site
def report_command(run: Run, year: int, fmt: str) -> None:
    """Print the year's figures: counts per column, publication latency, requests."""
    problems = Problems()
    site = load_site(run.root, problems)
    requests = load_requests(run.root, year, problems) if site is not None else None
    if site is None or problems.has_errors:
        print_problems(problems, run.language)
        summary = summary_line(problems, run.language)
        click.echo(run.language(t("report refused: {summary}", summary=summary)), err=True)
        sys.exit(EXIT_CONTENT)
    config = site.config
    report = compute_year_report(
        year, site.catalog.items, site.catalog.columns, calendar_for(config), config.report
    )
    _warn_uncovered(report, problems)
    print_problems(problems, run.language)
    if fmt == "json":
        click.echo(to_json(report), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(report), nl=False)
    else:
        click.echo(annual_report(report, config.org, requests), nl=False)


def _warn_uncovered(report: YearReport, problems: Problems) -> None:
    for year in report.uncovered_years:
        problems.warning(
            CONFIG_FILE,
            None,
            "CALENDAR_NOT_COVERED",
            t(
                "the bundled official holiday calendar does not cover {year}; working days "
                "are Monday to Friday plus site.yaml `calendar` entries",
                year=year,
            ),
            t("list that year's holidays and make-up working days under `calendar:` in site.yaml"),
        )
