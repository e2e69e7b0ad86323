"""Front-matter schemas of columns (``_index.md``) and items, with their Chinese aliases."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, t
from gkssg.source.schema import (
    Field,
    FieldContext,
    choice,
    read_bool,
    read_date,
    read_datetime,
    read_fields,
    read_positive_int,
    read_required_text,
    read_text,
    read_text_list,
    sub_mapping,
)
from gkssg.source.slips import list_entry_slip
from gkssg.source.sourcefile import SplitSource, decode_source, split_front_matter
from gkssg.source.yamlnodes import Entry, as_mapping, is_plain_number, parse_document, scalar


def _read_code(entry: Entry, ctx: FieldContext) -> str | None:
    """A column code, read as written: ``0203`` unquoted stays ``0203``, never 131."""
    text = scalar(entry.node)
    if text is None:
        ctx.problems.error(ctx.file, entry.line, "BAD_COLUMN_CODE", t("code must be digits"))
        return None
    text = text.strip()
    if is_plain_number(entry.node) and not text.isdigit():
        ctx.problems.error(
            ctx.file,
            entry.line,
            "UNQUOTED_CODE",
            t("code `{code}` is read by YAML as a number", code=text),
            t('quote it: code: "{code}"', code=text),
        )
        return None
    return text


def _read_order(entry: Entry, ctx: FieldContext) -> int | None:
    text = scalar(entry.node)
    if text is None or not re.fullmatch(r"-?[0-9]{1,9}", text.strip()):
        ctx.problems.error(ctx.file, entry.line, "BAD_VALUE", t("order must be a whole number"))
        return None
    return int(text)


def _read_attachments(entry: Entry, ctx: FieldContext) -> tuple[tuple[str, str, int], ...] | None:
    """``[path, …]`` or ``[{path, title}, …]`` → (path, title, line) triples."""
    node = entry.node
    if isinstance(node, yaml.ScalarNode) and scalar(node) is not None:
        node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node])
    if not isinstance(node, yaml.SequenceNode):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_VALUE",
            t("{field} must be a list of file paths", field=ctx.label),
        )
        return None
    result: list[tuple[str, str, int]] = []
    for child in node.value:
        line = entry.line_of(child)
        path = scalar(child)
        title = ""
        if isinstance(child, yaml.MappingNode):
            values = {
                str(k.value): scalar(v) for k, v in child.value if isinstance(k, yaml.ScalarNode)
            }
            unknown = sorted(set(values) - {"path", "title", "标题", "路径"})
            if unknown:
                ctx.problems.error(
                    ctx.file,
                    line,
                    "UNKNOWN_KEY",
                    t("unknown key `{key}` in an attachment", key=unknown[0]),
                    t("an attachment has `path` and `title` (路径, 标题)"),
                )
            path = values.get("path") or values.get("路径")
            title = values.get("title") or values.get("标题") or ""
        if not path:
            ctx.problems.error(
                ctx.file,
                line,
                "BAD_VALUE",
                t("each attachment needs a path"),
                t("path: 附件/文件.pdf"),
            )
            continue
        result.append((path.strip(), title.strip(), line))
    return tuple(result)


def _read_related(entry: Entry, ctx: FieldContext) -> tuple[tuple[str, int], ...] | None:
    node = entry.node
    if isinstance(node, yaml.ScalarNode):
        text = scalar(node)
        return ((text.strip(), entry.line),) if text else ()
    if not isinstance(node, yaml.SequenceNode):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_VALUE",
            t("{field} must be a list of 索引号", field=ctx.label),
        )
        return None
    result = []
    for child in node.value:
        text = scalar(child)
        if not text:
            ctx.problems.error(
                ctx.file,
                entry.line_of(child),
                "BAD_VALUE",
                t("each 相关信息 entry is an 索引号"),
            )
            continue
        slip = list_entry_slip(child, entry.offset) if node.flow_style else None
        if slip is not None:
            ctx.problems.error(ctx.file, slip.line, "YAML_SYNTAX", slip.message)
            continue
        result.append((text.strip(), entry.line_of(child)))
    return tuple(result)


REVIEW_FIELDS = (
    Field(
        "by",
        read_required_text,
        "who did the review",
        alias="审查人",
        required=True,
        example="who did the 保密审查, e.g. `by: 办公室 张明`",
    ),
    Field(
        "date",
        read_date,
        "when",
        alias="审查日期",
        required=True,
        example="the day of the 保密审查 (on or before 发布日期), e.g. `date: 2008-03-05`",
    ),
)


def _item_field(key: str) -> Field | None:
    return next((f for f in ITEM_FIELDS if key in (f.name, f.alias)), None)


def _read_item_keys(entry: Entry, ctx: FieldContext) -> tuple[str, ...] | None:
    """Item fields named in Chinese or English → their canonical names."""
    names = read_text_list(entry, ctx)
    if names is None:
        return None
    found = []
    for name in names:
        field = _item_field(name)
        if field is None:
            ctx.problems.error(
                ctx.file,
                entry.line,
                "UNKNOWN_KEY",
                t("{label}: `{name}` is not a field of an item", label=ctx.label, name=name),
                t("use a key an item may have, such as 文号, 成文日期, 有效性, 相关信息"),
            )
            continue
        found.append(field.name)
    return tuple(found)


def _read_defaults(entry: Entry, ctx: FieldContext) -> tuple[tuple[str, str], ...] | None:
    """``{文号: "", 体裁: 通知}`` → (canonical name, the value as YAML) pairs."""
    node = entry.node
    if not isinstance(node, yaml.MappingNode):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_VALUE",
            t("{label} must be a mapping of item fields to values", label=ctx.label),
        )
        return None
    pairs = []
    for key, value in node.value:
        field = _item_field(str(key.value))
        if field is None:
            ctx.problems.error(
                ctx.file,
                entry.line_of(key),
                "UNKNOWN_KEY",
                t("{label}: `{name}` is not a field of an item", label=ctx.label, name=key.value),
            )
            continue
        pairs.append((field.name, _as_yaml(value)))
    return tuple(pairs)


def _as_yaml(node: yaml.Node) -> str:
    """A default's value as one line of YAML (JSON is YAML)."""
    if isinstance(node, yaml.SequenceNode):
        return json.dumps([scalar(n) or "" for n in node.value], ensure_ascii=False)
    if isinstance(node, yaml.MappingNode):
        return (
            "{"
            + ", ".join(
                f"{scalar(k)}: {json.dumps(scalar(v) or '', ensure_ascii=False)}"
                for k, v in node.value
            )
            + "}"
        )
    text = scalar(node)
    return json.dumps(text or "", ensure_ascii=False)


COLUMN_FIELDS: tuple[Field, ...] = (
    Field("title", read_required_text, "column name", alias="标题", required=True),
    Field("code", _read_code, "column code (编码)", alias="编码", required=True),
    Field("order", _read_order, "position among siblings", alias="排序"),
    Field("layout", choice("catalog", "news", "page"), "list layout", alias="布局"),
    Field("per_page", read_positive_int, "items per list page", alias="每页条数"),
    Field("description", read_text, "ColumnDescription meta", alias="描述"),
    Field("keywords", read_text_list, "ColumnKeywords meta", alias="关键词"),
    Field("required", _read_item_keys, "item fields every item must have", alias="必填"),
    Field("defaults", _read_defaults, "values gkssg new writes into new items", alias="默认值"),
)

ITEM_FIELDS: tuple[Field, ...] = (
    Field("title", read_required_text, "title", alias="标题", required=True),
    Field("index_no", read_required_text, "索引号", alias="索引号"),
    Field("published", read_datetime, "publication date", alias="发布日期", required=True),
    Field("written", read_date, "成文日期", alias="成文日期"),
    Field("publisher", read_text, "发布机构", alias="发布机构"),
    Field("doc_no", read_text, "文号", alias="文号"),
    Field("topic", read_text, "主题分类", alias="主题分类"),
    Field("keywords", read_text_list, "主题词", alias="主题词"),
    Field("genre", read_text, "体裁", alias="体裁"),
    Field("validity", choice("有效", "失效", "废止"), "有效性", alias="有效性"),
    Field("repealed", read_date, "废止日期", alias="废止日期"),
    Field("disclosure", choice("主动公开", "依申请公开"), "公开方式", alias="公开方式"),
    Field("summary", read_text, "摘要", alias="摘要"),
    Field("attachments", _read_attachments, "附件", alias="附件"),
    Field("related", _read_related, "相关信息", alias="相关信息"),
    Field("review", sub_mapping(REVIEW_FIELDS, "保密审查 (review)"), "保密审查", alias="保密审查"),
    Field("slug", read_text, "URL name"),
    Field("draft", read_bool, "草稿", alias="草稿"),
    Field("privacy_allow", read_text_list, "exact strings the privacy guard lets through"),
)


@dataclass(frozen=True)
class FrontMatter:
    """A source file's front matter read against a schema, plus its body."""

    file: str
    values: dict[str, Any]
    lines: dict[str, int]  # the line of each key that was present
    split: SplitSource
    has_bom: bool
    crlf: bool


def read_front_matter(
    raw: bytes, file: str, fields: tuple[Field, ...], what: Text | str, problems: Problems
) -> FrontMatter | None:
    """Decode, split and read a Markdown source's front matter against ``fields``."""
    local = Problems()
    try:
        return _read(raw, file, fields, what, local)
    finally:
        problems.extend(local.items)


def _read(
    raw: bytes, file: str, fields: tuple[Field, ...], what: Text | str, problems: Problems
) -> FrontMatter | None:
    source = decode_source(raw, file, problems)
    if source is None:
        return None
    split = split_front_matter(source, problems)
    if split is None:
        return None
    node = parse_document(split.front_matter, file, split.front_matter_offset, problems)
    if node is None and problems.has_errors:
        return None
    mapping = as_mapping(node, file, split.front_matter_offset, problems, what)
    if mapping is None:
        return None
    values, lines = read_fields(mapping, fields, file, problems, what)
    return FrontMatter(file, values, lines, split, source.has_bom, source.crlf)
