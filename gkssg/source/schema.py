"""Declared field schemas for site.yaml and front matter, read with every error collected.

A :class:`Field` names a key, its Chinese alias, its type and whether it is
required. :func:`read_fields` reads a YAML mapping against a schema: unknown
keys (with the key probably meant), duplicates, missing required fields and
values of the wrong type are all reported, each at its line, and the values
that could be read are returned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, t
from gkssg.source.slips import date_digits_fix, list_entry_slip
from gkssg.source.yamlnodes import Entry, Mapping, is_bool, scalar

SITE_TZ = ZoneInfo("Asia/Shanghai")

#: A reader turns one entry into a value, or reports a problem and returns None.
Reader = Callable[[Entry, "FieldContext"], Any]


@dataclass(frozen=True)
class FieldContext:
    file: str
    problems: Problems
    label: str  # how the field is named in messages, e.g. "发布日期 (published)"


@dataclass(frozen=True)
class Field:
    name: str
    read: Reader
    doc: str
    alias: str | None = None
    required: bool = False
    example: str = ""  # what to write, for the hint of an empty required value

    @property
    def label(self) -> str:
        return f"{self.alias} ({self.name})" if self.alias else self.name


def read_fields(
    mapping: Mapping,
    fields: Sequence[Field],
    file: str,
    problems: Problems,
    what: Text | str,
) -> tuple[dict[str, Any], dict[str, int]]:
    """Read ``mapping`` against ``fields``; returns values and the line of each key read."""
    by_key: dict[str, Field] = {}
    for field in fields:
        by_key[field.name] = field
        if field.alias:
            by_key[field.alias] = field
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for entry in mapping.entries:
        found = by_key.get(entry.key)
        if found is None:
            problems.error(
                file,
                entry.line,
                "UNKNOWN_KEY",
                t("unknown key `{key}` in {what}", key=entry.key, what=what),
                _suggest(entry.key, by_key),
            )
            continue
        if found.name in lines:
            problems.error(
                file,
                entry.line,
                "DUPLICATE_KEY",
                t(
                    "{field} is given twice (first on line {line})",
                    field=found.label,
                    line=lines[found.name],
                ),
                t("keep one of them"),
            )
            continue
        lines[found.name] = entry.line
        if not found.required and _is_empty(entry.node):
            continue  # `key:` or `key: ""` left to fill in: not given (a new item's fields)
        if found.required and _is_empty(entry.node):
            problems.error(
                file,
                entry.line,
                "MISSING_FIELD",
                t("{field} is empty", field=found.label),
                t("write {example}", example=found.example)
                if found.example
                else t("write a value"),
            )
            continue
        value = found.read(entry, FieldContext(file, problems, found.label))
        if value is not None:
            values[found.name] = value
    _report_missing(fields, lines, file, problems, what)
    return values, lines


def _report_missing(
    fields: Sequence[Field], lines: dict[str, int], file: str, problems: Problems, what: Text | str
) -> None:
    """Report each required field that has no line at all."""
    for field in fields:
        if field.required and field.name not in lines:
            problems.error(
                file,
                None,
                "MISSING_FIELD",
                t("{what} has no {field}", what=what, field=field.label),
                t("add a line `{key}: …`", key=field.name),
            )


def _is_empty(node: yaml.Node) -> bool:
    """``key:``, ``key: ~`` or ``key: ""``: written, but with nothing in it."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    text = scalar(node)
    return text is None or not text.strip()


def _suggest(key: str, known: dict[str, Field]) -> Text:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return t("did you mean `{key}`?", key=close[0])
    names = sorted({f.name for f in known.values()})
    return t("known keys: {keys}", keys=", ".join(names))


# -- readers ------------------------------------------------------------------


def _bad(entry: Entry, ctx: FieldContext, expected: Text) -> None:
    ctx.problems.error(
        ctx.file,
        entry.line,
        "BAD_VALUE",
        t("{field} must be {expected}", field=ctx.label, expected=expected),
    )


def read_text(entry: Entry, ctx: FieldContext) -> str | None:
    text = scalar(entry.node)
    if text is None:
        if isinstance(entry.node, yaml.ScalarNode):
            return None  # `key:` with nothing after it counts as absent
        _bad(entry, ctx, t("text, not a list or mapping"))
        return None
    text = text.strip()
    return text or None


def read_required_text(entry: Entry, ctx: FieldContext) -> str | None:
    text = read_text(entry, ctx)
    if text is None and isinstance(entry.node, yaml.ScalarNode):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "MISSING_FIELD",
            t("{field} is empty", field=ctx.label),
            t("write a value"),
        )
    return text


def read_bool(entry: Entry, ctx: FieldContext) -> bool | None:
    value = is_bool(entry.node)
    if value is None:
        _bad(entry, ctx, t("true or false"))
    return value


def read_positive_int(entry: Entry, ctx: FieldContext) -> int | None:
    text = scalar(entry.node)
    if text is None or not re.fullmatch(r"[1-9]\d{0,5}", text.strip()):
        _bad(entry, ctx, t("a whole number greater than 0"))
        return None
    return int(text)


def read_text_list(entry: Entry, ctx: FieldContext) -> tuple[str, ...] | None:
    """A list of text; a single line is split at commas, 、 and spaces. An entry of a
    ``[…]`` list holding a full-width comma is reported (two entries were meant) and
    split there."""
    node = entry.node
    if isinstance(node, yaml.ScalarNode):
        text = scalar(node)
        if text is None:
            return None
        return tuple(part for part in _LIST_SEPARATORS.split(text) if part)
    if isinstance(node, yaml.SequenceNode):
        result: list[str] = []
        for child in node.value:
            text = scalar(child)
            if text is None:
                ctx.problems.error(
                    ctx.file,
                    entry.line_of(child),
                    "BAD_VALUE",
                    t("each entry of {field} must be text", field=ctx.label),
                )
                continue
            result.extend(_list_entry(entry, child, text, ctx))
        return tuple(result)
    _bad(entry, ctx, t("a list of text"))
    return None


_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _list_entry(entry: Entry, child: yaml.Node, text: str, ctx: FieldContext) -> list[str]:
    """One entry of a list, or the parts of one that a full-width comma joins in ``[…]``."""
    flow = getattr(entry.node, "flow_style", False)
    slip = list_entry_slip(child, entry.offset) if flow else None
    if slip is None:
        return [text.strip()] if text.strip() else []
    ctx.problems.error(ctx.file, slip.line, "YAML_SYNTAX", slip.message)
    return [part.strip() for part in text.split("，") if part.strip()]


def choice(*allowed: str) -> Reader:
    def read(entry: Entry, ctx: FieldContext) -> str | None:
        text = read_text(entry, ctx)
        if text is not None and text not in allowed:
            _bad(entry, ctx, t("one of {choices}", choices=" / ".join(allowed)))
            return None
        return text

    return read


# ASCII digits only: ``\d`` would take full-width ``２００８`` too, which is reported instead
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)


def parse_date(text: str) -> dt.date:
    """``2008-03-05`` → a date; raises ValueError for malformed or impossible dates."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError("not in the form YYYY-MM-DD")
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def parse_datetime(text: str) -> dt.datetime:
    """``2008-03-05`` or ``2008-03-05 14:53`` → an aware datetime in Asia/Shanghai."""
    text = text.strip()
    match = _DATETIME.fullmatch(text)
    if match is None:
        day = parse_date(text)
        return dt.datetime(day.year, day.month, day.day, tzinfo=SITE_TZ)
    year, month, mday, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match.group(6) or 0)
    return dt.datetime(year, month, mday, hour, minute, second, tzinfo=SITE_TZ)


def _date_reader(parse: Callable[[str], Any], form: str) -> Reader:
    def read(entry: Entry, ctx: FieldContext) -> Any:
        text = scalar(entry.node)
        if text is None:
            if not isinstance(entry.node, yaml.ScalarNode):
                _bad(entry, ctx, t("a date ({form})", form=form))
            return None
        try:
            return parse(text)
        except ValueError as exc:
            ctx.problems.error(
                ctx.file, entry.line, "BAD_DATE", *_date_problem(ctx.label, text, form, exc)
            )
            return None

    return read


def _date_problem(label: str, text: str, form: str, exc: ValueError) -> tuple[Text, Text]:
    """The message and hint of a date that cannot be read: full-width digits named as
    such, with the date as it should be written."""
    fixed = date_digits_fix(text)
    if fixed is not None:
        return (
            t(
                "{field} “{text}” is written with full-width digits or punctuation; write "
                "ordinary (half-width) ones instead: {fixed}",
                field=label,
                text=text.strip(),
                fixed=fixed.strip(),
            ),
            t("switch the input method to half-width (半角) while typing dates"),
        )
    form_wrong = "form" in str(exc)
    reason = t("not in the form YYYY-MM-DD") if form_wrong else t("this day does not exist")
    return (
        t("{field} `{text}` is not a valid date: {reason}", field=label, text=text, reason=reason),
        t("write it as {form}", form=form.replace(" or ", " / ")),
    )


read_date = _date_reader(parse_date, "2008-03-05")
read_datetime = _date_reader(parse_datetime, "2008-03-05 or 2008-03-05 14:53")


def read_date_list(entry: Entry, ctx: FieldContext) -> tuple[dt.date, ...] | None:
    if not isinstance(entry.node, yaml.SequenceNode):
        _bad(entry, ctx, t("a list of dates"))
        return None
    days: list[dt.date] = []
    for child in entry.node.value:
        text = scalar(child) or ""
        try:
            days.append(parse_date(text))
        except ValueError as exc:
            ctx.problems.error(
                ctx.file,
                entry.line_of(child),
                "BAD_DATE",
                *_date_problem(ctx.label, text, "2027-01-01", exc),
            )
    return tuple(days)


def sub_mapping(fields: Sequence[Field], what: Text | str) -> Reader:
    """A reader for a nested ``{key: value}`` mapping with its own schema."""

    def read(entry: Entry, ctx: FieldContext) -> dict[str, Any] | None:
        node = entry.node
        if not isinstance(node, yaml.MappingNode):
            _bad(entry, ctx, t("a mapping of `key: value` lines"))
            return None
        entries = tuple(
            Entry(str(k.value), entry.line_of(k), v, entry.offset)
            for k, v in node.value
            if isinstance(k, yaml.ScalarNode)
        )
        values, _ = read_fields(Mapping(entries, entry.line), fields, ctx.file, ctx.problems, what)
        return values

    return read
