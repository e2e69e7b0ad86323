"""``gkssg import FILE.docx… --column COL``: 公文 in Word made into items."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from gkssg.base.errors import Problems, UsageError
from gkssg.base.i18n import Text, t
from gkssg.commands.common import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Run, pass_site, print_problems
from gkssg.commands.localized import LocalizedCommand
from gkssg.content.config import load_config
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.model import Column
from gkssg.editing.importing.attachments import DOCUMENT_SUFFIXES, given_files
from gkssg.editing.importing.report import as_json, file_lines, summary
from gkssg.editing.importing.run import Options, Outcome, import_document
from gkssg.editing.new_item import find_column, site_columns
from gkssg.source.schema import SITE_TZ, parse_datetime


@click.command(
    "import",
    cls=LocalizedCommand,
    help=t("Import 公文 (.docx; .doc and .wps through LibreOffice) as items of a column.").source,
)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--column", "column_spec", required=True, help=t("The column (path or code).").source)
@click.option(
    "--published",
    default=None,
    help=t("发布日期, 2008-03-05 or 2008-03-05 14:53; default: now.").source,
)
@click.option(
    "--attach",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help=t("An attachment file, or a folder of them (repeat for more).").source,
)
@click.option(
    "--dry-run", is_flag=True, help=t("Print what would be imported; write nothing.").source
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_site
def import_command(
    run: Run,
    files: tuple[Path, ...],
    column_spec: str,
    published: str | None,
    attach: tuple[Path, ...],
    dry_run: bool,
    fmt: str,
) -> None:
    """Import 公文 (.docx; .doc and .wps through LibreOffice) as items of a column."""
    problems = Problems()
    config = load_config(run.root, problems)
    if config is None:
        print_problems(problems, run.language)
        sys.exit(EXIT_CONTENT)
    try:
        column = _column(run, config, column_spec)
        documents = _documents(files)
        when = _published(published)
    except UsageError as exc:
        why = exc.args[0] if exc.args and isinstance(exc.args[0], Text) else str(exc)
        label = run.language(t("error"))
        click.echo(f"{label}: {run.language(why)}", err=True)
        sys.exit(EXIT_USAGE)
    options = Options(column, when, attach, dry_run, alone=len(documents) == 1)
    given: list[IndexNumber] = []
    outcomes = [import_document(run.root, config, doc, options, given) for doc in documents]
    _print(run, outcomes, fmt, attach)
    failed = any(o.status in ("refused", "failed") for o in outcomes)
    sys.exit(EXIT_CONTENT if failed else EXIT_OK)


def _column(run: Run, config: object, spec: str) -> Column:
    column = find_column(site_columns(run.root, config), spec)  # type: ignore[arg-type]
    if column.layout == "page":
        raise UsageError(
            f"column {column.path} ({column.title}) has layout `page` and shows no items"
        )
    return column


def _documents(paths: tuple[Path, ...]) -> list[Path]:
    """Each file given, and the documents in each folder given, in name order."""
    documents: list[Path] = []
    for path in paths:
        if path.is_dir():
            documents.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(("~$", "."))
                )
            )
        else:
            documents.append(path)
    if not documents:
        raise UsageError(t("no .docx, .doc, .wps or .rtf file in the folders given"))
    return documents


def _published(text: str | None) -> dt.datetime:
    if text is None:
        return dt.datetime.now(SITE_TZ).replace(second=0, microsecond=0)
    try:
        return parse_datetime(text)
    except ValueError as exc:
        raise UsageError(
            t("--published `{text}` is not 2008-03-05 or 2008-03-05 14:53", text=text)
        ) from exc


def _print(run: Run, outcomes: list[Outcome], fmt: str, attach: tuple[Path, ...]) -> None:
    if fmt == "json":
        click.echo(json.dumps(as_json(outcomes, run.language), ensure_ascii=False, indent=2))
        return
    refused = Problems()
    for outcome in outcomes:
        if outcome.problem is not None:
            refused.add(outcome.problem)
        else:
            click.echo("\n".join(file_lines(outcome, run.language)) + "\n")
    print_problems(refused, run.language)
    click.echo("\n".join(summary(outcomes, run.language)))
    taken = {file.resolve() for outcome in outcomes for file in outcome.attached}
    for file in given_files(attach):
        if file.resolve() not in taken:
            note = t("{file} matches no entry of a 附件说明 and was not attached", file=file)
            click.echo(run.language(note), err=True)
