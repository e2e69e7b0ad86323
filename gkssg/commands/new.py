"""``gkssg new COLUMN "标题" [--set 文号=… …]``."""

from __future__ import annotations

import sys

import click

from gkssg.base.errors import Problems, UsageError
from gkssg.base.i18n import message_of, t
from gkssg.commands.common import (
    EXIT_CONTENT,
    EXIT_USAGE,
    Run,
    pass_site,
    print_error,
    print_problems,
)
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.config import load_config
from gkssg.editing.archetypes import canonical
from gkssg.editing.new_item import create_item


@click.command(
    "new",
    cls=LocalizedCommand,
    help=t(
        "Create an item in COLUMN (a code such as 0203, a path such as "
        "catalog/regulations, or a column's title) from the column's archetype, with the "
        "next 索引号."
    ).source,
)
@click.argument("column")
@click.argument("title")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help=t("Fill in a field, e.g. --set 文号=皖劳社〔2008〕12号 (repeatable).").source,
)
@pass_site
def new_command(run: Run, column: str, title: str, settings: tuple[str, ...]) -> None:
    """Create an item in COLUMN (a code such as 0203, a path such as catalog/regulations,
    or a column's title) from the column's archetype, with the next 索引号."""
    say = run.language
    problems = Problems()
    config = load_config(run.root, problems)
    if config is None:
        print_problems(problems, say)
        sys.exit(EXIT_CONTENT)
    try:
        given = _given(settings)
        created = create_item(run.root, config, column, title, given=given)
    except UsageError as exc:
        print_error(message_of(exc), say)
        sys.exit(EXIT_USAGE)
    click.echo(str(created.path))
    if created.earlier_unnumbered:
        click.echo(
            say(
                t(
                    "note: {count} earlier item(s) have no 索引号 yet and will be numbered "
                    "after this one; run gkssg number before gkssg new to keep the numbers "
                    "in publication order",
                    count=created.earlier_unnumbered,
                )
            ),
            err=True,
        )
    click.echo(
        say(
            t(
                "created with 索引号 {number}; write the body, fill in the 保密审查 "
                "(审查人, 审查日期), then run gkssg check",
                number=created.number.text,
            )
        ),
        err=True,
    )


def _given(settings: tuple[str, ...]) -> dict[str, str]:
    """``KEY=VALUE`` pairs → field → value; raises UsageError for a malformed or unknown one."""
    given: dict[str, str] = {}
    for setting in settings:
        key, sep, value = setting.partition("=")
        name = canonical(key.strip())
        if not sep or name is None:
            raise UsageError(
                t(
                    "--set {setting}: write KEY=VALUE with a field of an item, such "
                    "as 文号=皖劳社〔2008〕12号",
                    setting=setting,
                )
            )
        if name in ("index_no", "title"):
            raise UsageError(
                t("--set {setting}: gkssg new writes this field itself", setting=setting)
            )
        given[name] = value.strip()
    return given
