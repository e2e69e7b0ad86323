"""``gkssg number [--dry-run] [--init-ledger]``."""

from __future__ import annotations

import datetime as dt
import sys

import click

from gkssg.base.atomicfile import FileChanged
from gkssg.base.errors import Problems
from gkssg.base.i18n import message_of, t
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    Run,
    pass_site,
    print_error,
    print_problems,
)
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.config import load_config
from gkssg.content.ledger import ISSUED, LEDGER_FILE, LedgerRow
from gkssg.editing.ledger import append_rows, create_ledger, issued
from gkssg.editing.numbering import (
    CannotInsert,
    Survey,
    plan_numbers,
    survey_site,
    write_number,
)
from gkssg.source.schema import SITE_TZ


@click.command(
    "number",
    cls=LocalizedCommand,
    help=t(
        "Give every item without 索引号 the next free number, in order of (published, "
        "path), and record the numbers in the 索引号 ledger."
    ).source,
)
@click.option(
    "--dry-run", is_flag=True, help=t("List the numbers it would assign; write nothing.").source
)
@click.option(
    "--init-ledger",
    is_flag=True,
    help=t("Make data/index-numbers.csv from the numbers the items hold.").source,
)
@pass_site
def number_command(run: Run, dry_run: bool, init_ledger: bool) -> None:
    """Give every item without 索引号 the next free number, in order of (published, path),
    and record the numbers in the 索引号 ledger."""
    say = run.language
    problems = Problems()
    config = load_config(run.root, problems)
    if config is None:
        print_problems(problems, say)
        sys.exit(EXIT_CONTENT)
    survey = survey_site(run.root, config)
    if init_ledger:
        _init_ledger(run, survey)
        return
    numbers = plan_numbers(config, survey)
    failed = Problems()
    failed.extend(survey.skipped.items)
    recorded: list[LedgerRow] = []
    now = dt.datetime.now(SITE_TZ)
    for item in sorted(survey.unnumbered, key=lambda u: (u.published, u.source)):
        number = numbers[item.source]
        try:
            write_number(run.root, item, number, dry_run=dry_run)
        except (CannotInsert, FileChanged, OSError) as exc:
            failed.error(item.source, None, "CANNOT_NUMBER", message_of(exc))
            continue
        recorded.append(issued(number.text, item.source, str(item.front.values["title"]), now))
        click.echo(f"{item.source}: {number.text}")
    written = len(recorded)
    if survey.ledger.exists:
        recorded += _unrecorded(survey, now)
        if not dry_run:
            append_rows(run.root, recorded)
    print_problems(failed, say)
    summary = say(
        t("would number {count} item(s)", count=written)
        if dry_run
        else t("numbered {count} item(s)", count=written)
    )
    if len(recorded) > written:
        summary += say(
            t(
                "; recorded {count} number(s) written by hand or moved in the ledger",
                count=len(recorded) - written,
            )
        )
    if failed.has_errors:
        files = len({problem.file for problem in failed.errors})
        summary += say(
            t(
                "; {count} item(s) left unnumbered: fix what is listed above and run it again",
                count=files,
            )
        )
    if dry_run:
        summary += say(t("; dry run, nothing written"))
    click.echo(summary, err=True)
    sys.exit(EXIT_CONTENT if failed.has_errors else EXIT_OK)


def _unrecorded(survey: Survey, now: dt.datetime) -> list[LedgerRow]:
    """Numbers the items hold that the ledger does not give to their file: written by
    hand, or the file moved. A copy of a recorded item (another file holding the number
    is recorded) and a retired number are left to ``gkssg check``; nothing is recorded."""
    ledger = survey.ledger
    recorded = {(r.number, r.source) for r in ledger.rows if r.event == ISSUED}
    holders = {(h.number, h.source) for h in survey.holders}
    rows: list[LedgerRow] = []
    for held in survey.holders:
        number = held.number
        if (number, held.source) in recorded or ledger.withdrawal(number) is not None:
            continue
        if any((number, source) in holders for n, source in recorded if n == number):
            continue  # a copy: the recorded file still holds the number
        rows.append(issued(number, held.source, held.title, now))
        recorded.add((number, held.source))
    return rows


def _init_ledger(run: Run, survey: Survey) -> None:
    say = run.language
    first: dict[str, LedgerRow] = {}
    for held in survey.holders:  # of two files with one number, the first in path order
        when = held.published or dt.datetime.now(SITE_TZ)
        first.setdefault(held.number, issued(held.number, held.source, held.title, when))
    rows = [first[number] for number in sorted(first)]
    try:
        path = create_ledger(run.root, rows)
    except FileExistsError:
        print_error(
            t("{file} exists already; the ledger is only appended to", file=LEDGER_FILE), say
        )
        sys.exit(EXIT_USAGE)
    click.echo(
        say(
            t(
                "wrote {file}: {count} number(s); commit it with .gitattributes",
                file=path.relative_to(run.root).as_posix(),
                count=len(rows),
            )
        ),
        err=True,
    )
