"""What a new item starts with: its column's archetype, filled in.

Like Hugo's archetypes: ``layouts/archetypes/<column code>.md`` when the site (or
its theme) has one for the column, a Jinja template of the whole file; else the
default archetype below, with the column's ``defaults:`` (``_index.md``) and every
field it ``required:``. Keys are written as the site writes them (``site.yaml``
``keys: zh``, the default: 标题, 索引号 …; ``en``: title, index_no …), each with a
comment in Chinese that says what to write.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from gkssg.content.config import KeyLanguage
from gkssg.content.frontmatter import ITEM_FIELDS
from gkssg.content.model import Column
from gkssg.source.theme import Theme

ARCHETYPES = "archetypes"

#: The fields of the default archetype, in order, with what the comment says.
DEFAULT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", ""),
    ("index_no", "由 gkssg 发放，请勿修改"),
    ("published", "发布日期，到时间才公开（定时发布）"),
    ("written", "公文的成文日期，如 2008-02-29"),
    ("doc_no", "发文字号，如 皖劳社〔2008〕12号；没有文号的留空"),
    ("publisher", "发布机构"),
    ("topic", "主题分类，见 site.yaml 的 topics"),
    ("keywords", "主题词，如 [就业, 培训]"),
    ("genre", "体裁，如 通知、意见、办法、公告"),
    ("validity", "有效性：有效、失效或废止（规范性文件必填）"),
    ("attachments", "附件，如 [附件/申请表.docx]"),
)
REVIEW_COMMENT = "保密审查：发布前填写审查人和审查日期"
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2})?")


@dataclass(frozen=True)
class NewItemValues:
    """What gkssg knows of a new item when it is created."""

    title: str
    index_no: str
    published: dt.datetime
    publisher: str


def key_of(name: str, keys: KeyLanguage) -> str:
    """The key of field ``name`` as the site writes it (its Chinese alias with ``zh``)."""
    field = next(f for f in ITEM_FIELDS if f.name == name)
    return field.alias if keys == "zh" and field.alias else field.name


def canonical(key: str) -> str | None:
    """The field a key (Chinese or English) names, or None."""
    field = next((f for f in ITEM_FIELDS if key in (f.name, f.alias)), None)
    return field.name if field is not None else None


def as_yaml(value: str) -> str:
    """A value for one line of YAML: dates as they are, text quoted."""
    if _DATE_LIKE.fullmatch(value) or value.startswith(("[", "{")):
        return value
    return json.dumps(value, ensure_ascii=False)


def item_text(
    values: NewItemValues,
    column: Column,
    keys: KeyLanguage,
    theme: Theme,
    given: Mapping[str, str] = {},
) -> str:
    """The new file: the column's archetype file when there is one, else the default."""
    template = _archetype_file(theme, column)
    if template is not None:
        return _from_template(template, values, column, given)
    return default_archetype(values, column, keys, given)


def _archetype_file(theme: Theme, column: Column) -> Path | None:
    for folder in theme.folders:
        path = folder / ARCHETYPES / f"{column.code}.md"
        if path.is_file():
            return path
    return None


def _from_template(
    path: Path, values: NewItemValues, column: Column, given: Mapping[str, str]
) -> str:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    environment.filters["yaml"] = lambda value: as_yaml(str(value))
    template = environment.from_string(path.read_text(encoding="utf-8"))
    return template.render(
        title=values.title,
        index_no=values.index_no,
        published=f"{values.published:%Y-%m-%d %H:%M}",
        publisher=values.publisher,
        column=column,
        given=given,
    )


def default_archetype(
    values: NewItemValues, column: Column, keys: KeyLanguage, given: Mapping[str, str]
) -> str:
    """Front matter with every field the column expects (its defaults and required
    fields included), ``given`` values filled in, then an empty body."""
    known = {
        "title": as_yaml(values.title),
        "index_no": as_yaml(values.index_no),
        "published": f"{values.published:%Y-%m-%d %H:%M}",
        "publisher": as_yaml(values.publisher),
        **dict(column.defaults),
        **{name: as_yaml(value) for name, value in given.items()},
    }
    names = [name for name, _ in DEFAULT_FIELDS]
    names += [n for n in (*column.required, *dict(column.defaults), *given) if n not in names]
    comments = dict(DEFAULT_FIELDS)
    lines = ["---"]
    for name in _without_review(names):
        value = known.get(name, _empty(name))
        comment = comments.get(name, "")
        if name in column.required:
            comment = f"本栏目必填。{comment}" if comment else "本栏目必填"
        line = f"{key_of(name, keys)}: {value}".rstrip()
        lines.append(f"{line}  # {comment}" if comment else line)
    lines.append(_review_line(keys, known.get("review")))
    lines += ["---", "", ""]
    return "\n".join(lines)


def _without_review(names: Sequence[str]) -> list[str]:
    return [name for name in names if name != "review"]


def _empty(name: str) -> str:
    return "[]" if name in ("keywords", "attachments", "related") else ""


def _review_line(keys: KeyLanguage, given: str | None) -> str:
    if given is not None:
        return f"{key_of('review', keys)}: {given}  # {REVIEW_COMMENT}"
    by, date = ("审查人", "审查日期") if keys == "zh" else ("by", "date")
    return f'{key_of("review", keys)}: {{{by}: "", {date}: ""}}  # {REVIEW_COMMENT}'
