"""Checks across files: column codes, unique index numbers and URLs, references, privacy.

Checks of one file's own fields live where the file is read
(:mod:`gkssg.content.reading`); the checks here need the whole site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from operator import attrgetter
from pathlib import Path

from gkssg.base.errors import Problem, Problems
from gkssg.base.i18n import Text, t
from gkssg.content.config import SiteConfig
from gkssg.content.frontmatter import ITEM_FIELDS
from gkssg.content.masking import is_text_attachment
from gkssg.content.model import Column, Item
from gkssg.content.officescan import OfficeScans
from gkssg.content.privacy import find_personal_data
from gkssg.source.officetext import is_office_file

_RESERVED_SLUG = re.compile(r"index(_\d+)?|feed|404")
_source = attrgetter("source")
PRIVACY_LABELS = {
    "id_card": t("a resident ID number"),
    "mobile": t("a mobile number"),
    "bank_card": t("a bank card number"),
}


def check_columns(columns: Sequence[Column], problems: Problems) -> None:
    by_path = {column.path: column for column in columns}
    by_code: dict[str, Column] = {}
    for column in columns:
        code = column.code
        parent_path = column.parent_path
        parent = by_path.get(parent_path) if parent_path else None
        if parent_path and parent is None:
            problems.error(
                column.source,
                None,
                "MISSING_COLUMN_INDEX",
                t("the parent folder content/{path}/ is not a column", path=parent_path),
                t("add content/{path}/_index.md", path=parent_path),
            )
        _check_code(column, parent, problems)
        first = by_code.get(code)
        if first is not None:
            problems.error(
                column.source,
                column.code_line,
                "DUPLICATE_COLUMN_CODE",
                t(
                    "column code `{code}` is already used by {file} ({title})",
                    code=code,
                    file=first.source,
                    title=first.title,
                ),
                t("give each column its own code"),
            )
        else:
            by_code[code] = column


def _check_code(column: Column, parent: Column | None, problems: Problems) -> None:
    """Digits, two per level, the parent's code and two more."""
    code = column.code
    if not code.isdigit() or len(code) % 2:
        problems.error(
            column.source,
            column.code_line,
            "BAD_COLUMN_CODE",
            t("column code `{code}` must be digits, two per level", code=code),
            t('a top-level column has two digits (code: "02"), a child adds two ("0203")'),
        )
    elif parent is None and not column.parent_path and len(code) != 2:
        problems.error(
            column.source,
            column.code_line,
            "BAD_COLUMN_CODE",
            t("top-level column code `{code}` must have two digits", code=code),
            t('for example code: "02"'),
        )
    elif parent is not None and not (
        code.startswith(parent.code) and len(code) == len(parent.code) + 2
    ):
        problems.error(
            column.source,
            column.code_line,
            "BAD_COLUMN_CODE",
            t(
                "column code `{code}` does not extend its parent's code `{parent}` ({title})",
                code=code,
                parent=parent.code,
                title=parent.title,
            ),
            t('use the parent\'s code plus two digits, e.g. code: "{code}01"', code=parent.code),
        )


def check_items(
    site_root: Path,
    config: SiteConfig,
    columns: Sequence[Column],
    items: Sequence[Item],
    problems: Problems,
    findings: Mapping[str, tuple[Problem, ...]] | None = None,
    owners: Mapping[str, str] | None = None,
) -> None:
    """Unique 索引号 and URLs, resolvable 相关信息, and personal data in published text
    (as ``findings`` holds it for an item's source, found when the item was parsed);
    ``owners`` maps a number to the file the 索引号 ledger issued it to."""
    numbers = _unique_numbers_and_urls(items, problems, owners or {})
    required = {column.path: column.required for column in columns if column.required}
    for item in items:
        if item.related:
            _check_related(item, numbers, problems)
        if item.column in required:
            _check_required(item, required[item.column], config, problems)
        if config.privacy != "off":
            found = findings.get(item.source) if findings is not None else None
            if found is not None:
                problems.extend(found)
            elif config.privacy == "error":
                check_privacy(site_root, item, problems)
    if config.privacy == "error":
        for column in columns:
            check_column_privacy(column, problems)


def _unique_numbers_and_urls(
    items: Sequence[Item], problems: Problems, owners: Mapping[str, str]
) -> dict[str, Item]:
    """Each 索引号 and output path once, URL names not reserved; returns the items by
    number. Of two files with one number, the copy is reported: the file the 索引号
    ledger does not name (``owners``: number → file), else the later one in path order."""
    numbers: dict[str, Item] = {}
    urls: dict[str, Item] = {}
    # ~10,000 items on every save in `gkssg serve`: lines are looked up on errors only
    for item in sorted(items, key=_source):
        number = item.index_no.text
        first = numbers.get(number)
        if first is not None:
            copy, original = (first, item) if owners.get(number) == item.source else (item, first)
            problems.error(
                copy.source,
                copy.line_of("index_no"),
                "DUPLICATE_INDEX_NO",
                t("索引号 {number} is already used by {file}", number=number, file=original.source),
                t("a copy keeps no number: delete this line and run gkssg number"),
            )
            numbers[number] = original
            continue
        numbers[number] = item
        if _RESERVED_SLUG.fullmatch(item.slug):
            problems.error(
                item.source,
                item.line_of("slug") or item.line_of("index_no"),
                "URL_COLLISION",
                t("the URL name `{slug}` is reserved for column pages", slug=item.slug),
                t("choose another slug"),
            )
        output_path = item.output_path
        other = urls.get(output_path)
        if other is not None:
            problems.error(
                item.source,
                item.line_of("slug") or item.line_of("index_no"),
                "URL_COLLISION",
                t("{path} would also be written by {file}", path=output_path, file=other.source),
                t("give one of them another slug"),
            )
        urls[output_path] = item
    return numbers


def _check_required(
    item: Item, fields: Sequence[str], config: SiteConfig, problems: Problems
) -> None:
    """The fields the item's column requires (``required:`` in its _index.md), named by
    the keys the site writes (site.yaml ``keys``)."""
    for name in fields:
        if getattr(item, name, None):
            continue
        alias = next((f.alias for f in ITEM_FIELDS if f.name == name), None)
        label = alias if alias and config.keys == "zh" else name
        problems.error(
            item.source,
            item.line_of(name),
            "MISSING_FIELD",
            t("{field} is required in this column", field=label),
            t("fill it in; the column's _index.md lists what its items need (required)"),
        )


def _check_related(item: Item, numbers: Mapping[str, Item], problems: Problems) -> None:
    for number, line in zip(item.related, item.related_lines, strict=True):
        if number not in numbers:
            problems.error(
                item.source,
                line,
                "BROKEN_RELATED",
                t("相关信息 `{number}` is not the 索引号 of any published item", number=number),
                t("check the number (drafts are not published)"),
            )


def check_column_privacy(column: Column, problems: Problems) -> None:
    """Report personal data in the text of a column's ``_index.md``."""
    for finding in find_personal_data(column.body):
        line = column.body_offset + column.body.count("\n", 0, finding.start) + 1
        _privacy_error(problems, column.source, line, finding.kind, finding.value)


def check_privacy(site_root: Path, item: Item, problems: Problems) -> None:
    """Report personal data in the title, summary, body and text attachments."""
    allow = item.privacy_allow
    fields = (("title", item.title), ("summary", item.summary if item.line_of("summary") else ""))
    for key, text in fields:
        for finding in find_personal_data(text, allow):
            _privacy_error(problems, item.source, item.line_of(key), finding.kind, finding.value)
    for finding in find_personal_data(item.body, allow):
        line = item.body_offset + item.body.count("\n", 0, finding.start) + 1
        _privacy_error(problems, item.source, line, finding.kind, finding.value)
    for attachment in item.attachments:
        for finding in find_personal_data(attachment.title, allow):
            key_line = item.line_of("attachments")
            _privacy_error(problems, item.source, key_line, finding.kind, finding.value)
        if not is_text_attachment(attachment.source):
            continue
        try:
            raw = (site_root / attachment.source).read_bytes()
        except OSError:
            continue
        text = _attachment_text(raw)
        for finding in find_personal_data(text, allow):
            line = text.count("\n", 0, finding.start) + 1
            _privacy_error(problems, attachment.source, line, finding.kind, finding.value)


def check_office_attachments(item: Item, scans: OfficeScans, problems: Problems) -> None:
    """Report personal data in the item's office and PDF attachments, each at its place
    (sheet and cell, page …), and the attachments that cannot be read to check. gkssg
    cannot rewrite such a file, so with ``privacy: mask`` too a number in it is an
    error, whose fix is to change or replace the file."""
    allow = item.privacy_allow
    for attachment in item.attachments:
        if not is_office_file(attachment.source):
            continue
        scan = scans.get(attachment.source)
        if scan.failure is not None:
            _unreadable(attachment.source, scan.failure, scan.locked, problems)
        for found in scan.found:
            if found.value not in allow:
                _privacy_error(
                    problems,
                    attachment.source,
                    None,
                    found.kind,
                    found.value,
                    found.place,
                    office=True,
                )


def _unreadable(file: str, reason: Text, locked: bool, problems: Problems) -> None:
    """An attachment that cannot be opened to look inside: an error when a password (or
    its size) keeps it shut, the public's readers too; a warning when it is damaged,
    which a lenient viewer may still show, and someone must look at it by hand."""
    message = t("cannot open the attachment to check it for personal data: {reason}", reason=reason)
    if locked:
        hint = t("publish a copy that opens without a password, e.g. saved again as PDF")
        problems.error(file, None, "UNREADABLE", message, hint)
    else:
        hint = t("open it to check it by hand, or replace it by a copy saved again")
        problems.warning(file, None, "UNREADABLE", message, hint)


def _privacy_error(
    problems: Problems,
    file: str,
    line: int | None,
    kind: str,
    value: str,
    place: Text | str | None = None,
    *,
    office: bool = False,
) -> None:
    shown = value[:3] + "…" + value[-2:]
    what = PRIVACY_LABELS.get(kind, kind)
    if place is None:
        message = t("{what} ({shown}) would be published", what=what, shown=shown)
    else:
        message = t(
            "{what} ({shown}) would be published, in {place}", what=what, shown=shown, place=place
        )
    if office:
        hint = t(
            "gkssg cannot mask a number inside an office or PDF file: remove it from the "
            "file, or replace the file by one without it"
        )
    else:
        hint = t(
            "remove it; if it may be shown, list the exact text under privacy_allow in the "
            "item's front matter, or set `privacy: mask` in site.yaml to publish it masked"
        )
    problems.error(file, line, "PRIVACY", message, hint)


def _attachment_text(raw: bytes) -> str:
    """A text attachment as text: UTF-8 (BOM allowed), else GB18030, as Excel writes CSV
    on Chinese Windows; line breaks are kept, so findings keep their line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")
