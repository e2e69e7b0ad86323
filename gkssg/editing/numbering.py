"""Giving items their index numbers (索引号): what ``gkssg number`` and ``gkssg new`` share.

Every item file is surveyed, drafts and files with mistakes included, so that a
number once written anywhere is never given again. Items without a number get
the next free one of their group (section 4 of the contract), in order of
(published, path). The number is written by inserting one line after the
title, with the file's own line end; nothing else in the file changes, and the
result is read back before it is written to prove it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gkssg.base.atomicfile import replace_file
from gkssg.base.errors import Problem, Problems
from gkssg.base.i18n import t
from gkssg.content.config import SiteConfig
from gkssg.content.frontmatter import ITEM_FIELDS, FrontMatter, read_front_matter
from gkssg.content.index_numbers import IndexNumber, IndexPattern
from gkssg.content.items import build_item, column_path_of
from gkssg.content.ledger import Ledger, read_ledger
from gkssg.content.reading import ITEM_WHAT, read_column
from gkssg.source.scan import scan_content
from gkssg.source.yamlnodes import parse_document

TITLE_KEYS = ("title", "标题")
INDEX_KEYS = ("index_no", "索引号")
_EMPTY_INDEX_LINE = re.compile(
    rb"^(?P<indent>[ ]*)(?P<key>index_no|\xe7\xb4\xa2\xe5\xbc\x95\xe5\x8f\xb7)[ ]*:[ ]*"
    rb"(?:\"\"|''|~|null|Null|NULL)?[ ]*(?P<comment>#[^\r\n]*)?(?P<eol>\r\n|\n|\r)?"
)


class CannotInsert(Exception):
    """The number cannot be written into this file without touching anything else."""


@dataclass(frozen=True)
class Unnumbered:
    """An item without 索引号 whose front matter is otherwise correct."""

    source: str  # relative to the site root
    published: dt.datetime
    column_code: str
    raw: bytes
    front: FrontMatter


@dataclass(frozen=True)
class Held:
    """An item file that holds a number."""

    number: str
    source: str
    title: str
    published: dt.datetime | None


@dataclass
class Survey:
    """Every number already written, and the items that need one."""

    taken: list[IndexNumber] = field(default_factory=list)
    unnumbered: list[Unnumbered] = field(default_factory=list)
    skipped: Problems = field(default_factory=Problems)  # why an item cannot be numbered
    #: the items that hold a number, in path order
    holders: list[Held] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)  # every number it holds counts as taken


@dataclass(frozen=True)
class Wanted:
    """A request for a number: sorted by (published, source), as section 4 says."""

    published: dt.datetime
    source: str
    column_code: str


def survey_site(site_root: Path, config: SiteConfig) -> Survey:
    """Read every item file (drafts too) for the numbers it has or needs."""
    survey = Survey(ledger=read_ledger(site_root, Problems()))
    for text in sorted(survey.ledger.numbers):
        recorded = config.index_pattern.parse(text)
        if recorded is not None:
            survey.taken.append(recorded)
    files = scan_content(site_root, Problems())
    codes = _column_codes(site_root, config, files.column_sources)
    for source in files.item_sources:
        _survey_item(site_root, config, source, codes, survey)
    return survey


def _column_codes(site_root: Path, config: SiteConfig, sources: Iterable[str]) -> dict[str, str]:
    codes: dict[str, str] = {}
    for source in sources:
        column = read_column(site_root, source, config, Problems())
        if column is not None and column.code.isdigit():
            codes[column.path] = column.code
    return codes


def _survey_item(
    site_root: Path, config: SiteConfig, source: str, codes: dict[str, str], survey: Survey
) -> None:
    problems = Problems()
    try:
        raw = (site_root / source).read_bytes()
    except OSError as exc:
        survey.skipped.error(
            source, None, "UNREADABLE", t("cannot read the file: {reason}", reason=exc.strerror)
        )
        return
    front = read_front_matter(raw, source, ITEM_FIELDS, ITEM_WHAT, problems)
    if front is None:
        # Unreadable front matter (another encoding, broken YAML): its number, if it
        # has one, still counts as taken; without one it needs fixing first.
        found = numbers_in(config.index_pattern, _any_text(raw))
        survey.taken.extend(found)
        if not found:
            survey.skipped.extend(problems.errors)
        return
    if not needs_number(front):
        number = config.index_pattern.parse(front.values.get("index_no") or "")
        if number is not None:
            survey.taken.append(number)
            title = str(front.values.get("title", ""))
            survey.holders.append(Held(number.text, source, title, front.values.get("published")))
        return
    code = codes.get(column_path_of(source), "")
    errors = _why_not_numbered(site_root, config, front, code, problems)
    published = front.values.get("published")
    if errors or published is None:
        survey.skipped.extend(errors)
        return
    survey.unnumbered.append(Unnumbered(source, published, code, raw, front))


def _why_not_numbered(
    site_root: Path, config: SiteConfig, front: FrontMatter, code: str, problems: Problems
) -> list[Problem]:
    """The item's errors other than the missing number: all of its own checks run."""
    build_item(site_root, front, config, problems)
    errors = [p for p in problems.errors if not _about_missing_number(p, front)]
    if "column" in config.index_pattern.fields and not code:
        errors.append(
            Problem(
                front.file,
                None,
                "MISSING_COLUMN_INDEX",
                t("the item's column has no valid code, which its 索引号 needs"),
                t("fix the column's _index.md (`gkssg check` says how)"),
            )
        )
    return errors


def _any_text(raw: bytes) -> str:
    """Text to look for index numbers in, whatever the file's encoding."""
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    for codec in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def numbers_in(pattern: IndexPattern, text: str) -> list[IndexNumber]:
    """Every index number of the site's pattern written anywhere in ``text``."""
    search = re.compile(rf"(?<![\w/-])(?:{pattern.regex.pattern})(?![\w-])")
    found = (pattern.parse(match.group()) for match in search.finditer(text))
    return [number for number in found if number is not None]


def needs_number(front: FrontMatter) -> bool:
    """No ``index_no`` key, or one with nothing after it (``index_no:``, ``索引号: ""``)."""
    if "index_no" in front.values:
        return False
    return "index_no" not in front.lines or _empty_index_line(front, _text_lines(front)) is not None


def _about_missing_number(problem: Problem, front: FrontMatter) -> bool:
    if problem.code == "MISSING_INDEX_NO":
        return True
    return problem.code == "MISSING_FIELD" and problem.line == front.lines.get("index_no")


def assign_numbers(
    pattern: IndexPattern, taken: Iterable[IndexNumber], wanted: Sequence[Wanted]
) -> dict[str, IndexNumber]:
    """The next free numbers, one past the highest of each group, in (published, path) order."""
    highest: dict[tuple[str, ...], int] = {}
    texts: set[str] = set()
    for number in taken:
        highest[number.group] = max(highest.get(number.group, 0), number.seq)
        texts.add(number.text)
    result: dict[str, IndexNumber] = {}
    for request in sorted(wanted, key=lambda w: (w.published, w.source)):
        year = request.published.year
        group = pattern.group_for(request.column_code, year)
        seq = highest.get(group, 0) + 1
        number = pattern.format(request.column_code, year, seq)
        while number.text in texts:  # only if the pattern is ambiguous
            seq += 1
            number = pattern.format(request.column_code, year, seq)
        highest[group] = seq
        texts.add(number.text)
        result[request.source] = number
    return result


def plan_numbers(
    config: SiteConfig, survey: Survey, extra: Sequence[Wanted] = ()
) -> dict[str, IndexNumber]:
    """Numbers for every unnumbered item of ``survey`` (and ``extra`` requests)."""
    wanted = [Wanted(u.published, u.source, u.column_code) for u in survey.unnumbered]
    return assign_numbers(config.index_pattern, survey.taken, [*wanted, *extra])


# -- writing the number into the file ------------------------------------------------


def write_number(
    site_root: Path, item: Unnumbered, number: IndexNumber, *, dry_run: bool = False
) -> None:
    """Insert the number into the item's file, atomically (with ``dry_run``, only prove
    that it can be done); raises :class:`CannotInsert`, ``FileChanged`` or ``OSError``."""
    data = with_index_no(item.raw, item.front, number.text)
    if not dry_run:
        replace_file(site_root / item.source, data, expected=item.raw)


def with_index_no(raw: bytes, front: FrontMatter, number: str) -> bytes:
    """``raw`` with ``index_no: "number"`` added; every other byte is kept."""
    lines = raw.splitlines(keepends=True)
    empty = _empty_index_line(front, lines)
    if empty is not None:
        position, match = empty
        comment = b"  " + match["comment"] if match["comment"] else b""
        eol = match["eol"] or b""
        lines[position] = _index_line(match["indent"], match["key"], number, comment + eol)
    else:
        position, indent, key = _after_title(front)
        eol = _line_end(lines[position - 1])
        lines.insert(position, _index_line(indent, key, number, eol))
    data = b"".join(lines)
    _verify(data, front, number)
    return data


def _index_line(indent: bytes, key: bytes, number: str, eol: bytes) -> bytes:
    quoted = json.dumps(number, ensure_ascii=False)  # a valid YAML double-quoted scalar
    return indent + key + b": " + quoted.encode("utf-8") + eol


def _line_end(line: bytes) -> bytes:
    for end in (b"\r\n", b"\n", b"\r"):
        if line.endswith(end):
            return end
    return b"\n"


def _mapping(front: FrontMatter) -> yaml.MappingNode:
    node = parse_document(
        front.split.front_matter, front.file, front.split.front_matter_offset, Problems()
    )
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise CannotInsert(t("the front matter is not a list of `key: value` lines"))
    return node


def _empty_index_line(
    front: FrontMatter, lines: Sequence[bytes]
) -> tuple[int, re.Match[bytes]] | None:
    """(0-based file line, match) of an ``index_no:`` line without a value, if any."""
    line = front.lines.get("index_no")
    if line is None or line > len(lines):
        return None
    match = _EMPTY_INDEX_LINE.fullmatch(lines[line - 1])
    return (line - 1, match) if match is not None else None


def _text_lines(front: FrontMatter) -> list[bytes]:
    """The file's lines as far as the front matter goes (``\n`` ends, no BOM)."""
    head = [b""] * front.split.front_matter_offset
    return head + [f"{line}\n".encode() for line in front.split.front_matter.split("\n")]


def _after_title(front: FrontMatter) -> tuple[int, bytes, bytes]:
    """Where the new line goes (a 0-based file line index), its indent and its key."""
    for key, value in _mapping(front).value:
        if isinstance(key, yaml.ScalarNode) and key.value in TITLE_KEYS:
            end = value.end_mark
            yaml_line = end.line if end.column == 0 else end.line + 1
            indent = b" " * key.start_mark.column
            name = "索引号" if key.value == "标题" else "index_no"
            return yaml_line + front.split.front_matter_offset, indent, name.encode("utf-8")
    raise CannotInsert(t("the front matter has no title line to put the 索引号 after"))


def _verify(data: bytes, before: FrontMatter, number: str) -> None:
    """Read the new bytes back: the number, and nothing else, must have changed."""
    after = read_front_matter(data, before.file, ITEM_FIELDS, ITEM_WHAT, Problems())
    expected = {**before.values, "index_no": number}
    if (
        after is None
        or after.values != expected
        or after.split.body != before.split.body
        or (after.has_bom, after.crlf) != (before.has_bom, before.crlf)
    ):
        raise CannotInsert(
            t("adding the line would change other fields; add the 索引号 line by hand")
        )
