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
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, Value, t
from gkssg.source.slips import date_digits_fix, list_entry_slip
from gkssg.source.yamlnodes import Entry, Mapping, is_bool, scalar

SITE_TZ = ZoneInfo("Asia/Shanghai")

#: A reader turns one entry into a value, or reports a problem and returns None.
Reader = Callable[[Entry, "FieldContext"], Any]


@dataclass(frozen=True)
class FieldContext:
    file: str
    problems: Problems
    label: str  # how messages name the field: its key as the file writes it, e.g. "发布日期"


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
        """The field's name where the key its file would write is unknown."""
        return f"{self.alias} ({self.name})" if self.alias else self.name


#: Which keys a file writes: Chinese aliases (标题 …), English names (title …), or unknown.
KeyStyle = Literal["zh", "en"] | None


def read_fields(
    mapping: Mapping,
    fields: Sequence[Field],
    file: str,
    problems: Problems,
    what: str | Text,
) -> tuple[dict[str, Any], dict[str, int]]:
    """Read ``mapping`` against ``fields``; returns values and the line of each key read.

    ``what`` names the mapping in messages (an English source is looked up in the
    catalogs); a field is named as the file writes its key."""
    by_key: dict[str, Field] = {}
    for field in fields:
        by_key[field.name] = field
        if field.alias:
            by_key[field.alias] = field
    named = what if isinstance(what, Text) else Text(what)
    style = key_style(mapping, fields)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    written: dict[str, str] = {}
    for entry in mapping.entries:
        found = by_key.get(entry.key)
        if found is None:
            problems.error(
                file,
                entry.line,
                "UNKNOWN_KEY",
                t("unknown key `{key}` in {what}", key=entry.key, what=named),
                _suggest(entry.key, by_key, style),
            )
        elif found.name in lines:
            shown = entry.key if written[found.name] == entry.key else found.label
            _given_twice(entry, shown, lines[found.name], file, problems)
        else:
            lines[found.name] = entry.line
            written[found.name] = entry.key
            value = _read_entry(entry, found, FieldContext(file, problems, entry.key))
            if value is not None:
                values[found.name] = value
    for field in fields:
        if field.required and field.name not in lines:
            problems.error(
                file,
                None,
                "MISSING_FIELD",
                t("{what} has no {field}", what=named, field=_name_in(field, style)),
                t("add a line `{key}: …`", key=_key_in(field, style)),
            )
    return values, lines


def _given_twice(entry: Entry, shown: str, first: int, file: str, problems: Problems) -> None:
    problems.error(
        file,
        entry.line,
        "DUPLICATE_KEY",
        t("{field} is given twice (first on line {line})", field=shown, line=first),
        t("keep one of them"),
    )


def _read_entry(entry: Entry, field: Field, ctx: FieldContext) -> Any:
    """The value of one key, or None: nothing written in it (an error when the field is
    required; a new item's fields left to fill in otherwise), or a wrong value."""
    if _is_empty(entry.node):
        if field.required:
            message = t("{field} is empty", field=ctx.label)
            ctx.problems.error(
                ctx.file, entry.line, "MISSING_FIELD", message, _write(field.example)
            )
        return None
    return field.read(entry, ctx)


def key_style(mapping: Mapping, fields: Sequence[Field]) -> KeyStyle:
    """Whether ``mapping`` writes the fields' Chinese keys or their English ones (the
    more of them), or neither."""
    chinese = {f.alias for f in fields if f.alias and f.alias != f.name}
    english = {f.name for f in fields if f.alias and f.alias != f.name}
    zh = sum(entry.key in chinese for entry in mapping.entries)
    en = sum(entry.key in english for entry in mapping.entries)
    if zh == en:
        return None
    return "zh" if zh > en else "en"


def _name_in(field: Field, style: KeyStyle) -> str:
    """How a message names a field the file does not write, in the file's style."""
    if field.alias and style == "zh":
        return field.alias
    return field.name if style == "en" else field.label


def _key_in(field: Field, style: KeyStyle) -> str:
    """The key to write for a field, in the file's style (Chinese unless it writes English)."""
    return field.alias if field.alias and style != "en" else field.name


def _is_empty(node: yaml.Node) -> bool:
    """``key:``, ``key: ~`` or ``key: ""``: written, but with nothing in it."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    text = scalar(node)
    return text is None or not text.strip()


def _suggest(key: str, known: dict[str, Field], style: KeyStyle) -> Text:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return t("did you mean `{key}`?", key=close[0])
    names = sorted({_key_in(f, style) for f in known.values()})
    return t("known keys: {keys}", keys=", ".join(names))


# -- readers ------------------------------------------------------------------

_WRITE_A_VALUE = t("write a value")


def _write(example: str) -> Text:
    """The hint for an empty value: what to write (an English example is looked up in the
    catalogs, as ``what`` is)."""
    return t("write {example}", example=Text(example)) if example else _WRITE_A_VALUE


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
            _WRITE_A_VALUE,
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


def _date_reader(parse: Callable[[str], Any], form: Value) -> Reader:
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


def _date_problem(label: str, text: str, form: Value, exc: ValueError) -> tuple[Text, Text]:
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
        t(
            "{field} `{value}` is not a valid date: {reason}",
            field=label,
            value=text,
            reason=reason,
        ),
        t("write it as {form}", form=form),
    )


read_date = _date_reader(parse_date, "2008-03-05")
read_datetime = _date_reader(parse_datetime, t("2008-03-05 or 2008-03-05 14:53"))


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


def sub_mapping(fields: Sequence[Field], what: str | Text) -> Reader:
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
