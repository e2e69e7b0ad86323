"""``gkssg withdraw ITEM --reason "…"``: 撤回 an item, recorded in the 索引号 ledger."""

from __future__ import annotations

import datetime as dt
import sys

import click

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, t
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_USAGE,
    Run,
    pass_site,
    print_error,
    print_problems,
)
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.items import column_path_of
from gkssg.content.ledger import LEDGER_FILE, WITHDRAWN, LedgerRow
from gkssg.content.model import Item
from gkssg.content.site import ReadSite, read_site
from gkssg.editing.ledger import append_rows
from gkssg.source.schema import SITE_TZ


@click.command(
    "withdraw",
    cls=LocalizedCommand,
    help=t(
        "Withdraw ITEM (its 索引号 or its file): from the next build on it is published "
        "nowhere, its address shows a notice, and its number is never issued again."
    ).source,
)
@click.argument("item")
@click.option(
    "--reason",
    required=True,
    help=t("Why the item is withdrawn (shown at its address).").source,
)
@pass_site
def withdraw_command(run: Run, item: str, reason: str) -> None:
    """Withdraw ITEM (its 索引号 or its file): from the next build on it is published
    nowhere, its address shows a notice, and its number is never issued again."""
    say = run.language
    problems = Problems()
    read = read_site(run.root, problems, drafts=True)
    if read is None:
        print_problems(problems, say)
        sys.exit(EXIT_CONTENT)
    reason = " ".join(reason.split())
    if not reason:
        _refuse(run, t("the reason is empty: say why the item is withdrawn"))
    if not read.ledger.exists:
        _refuse(run, t("this site has no 索引号 ledger; run gkssg number --init-ledger first"))
    found = _find(read.content.items, item) or _issued_only(read, item)
    if found is None:
        _refuse(run, t("no item has the 索引号 or file {item}", item=item))
    assert found is not None
    number, source, title, path = found
    if read.ledger.withdrawal(number) is not None:
        _refuse(run, t("{number} was withdrawn already", number=number))
    now = dt.datetime.now(SITE_TZ)
    row = LedgerRow(number, source, title, f"{now:%Y-%m-%d %H:%M}", WITHDRAWN, reason, path)
    append_rows(run.root, [row])
    message = t(
        "withdrew {number} ({title}); recorded in {ledger}. The next build removes it and "
        "serves a notice at {path}",
        number=number,
        title=title,
        ledger=LEDGER_FILE,
        path=path,
    )
    click.echo(say(message), err=True)


#: What a withdrawal records: the number, its file, its title, its page's output path.
Withdrawn = tuple[str, str, str, str]


def _find(items: tuple[Item, ...], wanted: str) -> Withdrawn | None:
    key = wanted.strip().replace("\\", "/")
    for item in items:
        if key in (item.index_no.text, item.source) or item.source.endswith("/" + key):
            return item.index_no.text, item.source, item.title, item.output_path
    return None


def _issued_only(read: ReadSite, wanted: str) -> Withdrawn | None:
    """A number the ledger issued to a file that is gone: its page was at the default
    address of its column and number."""
    row = read.ledger.issued(wanted.strip())
    number = read.config.index_pattern.parse(wanted.strip())
    if row is None or number is None:
        return None
    return row.number, row.source, row.title, f"{column_path_of(row.source)}/{number.slug}.html"


def _refuse(run: Run, message: Text) -> None:
    print_error(message, run.language)
    sys.exit(EXIT_USAGE)
