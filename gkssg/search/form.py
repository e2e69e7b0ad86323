"""The search page's 高级检索 form: the choices of its lists, from the catalog.

Each list field of the 信息索引表 (栏目, 主题分类, 发布机构, 有效性) offers the values the
published items have. A column or a topic also finds the items of those below it: its
option carries every filter value it stands for (``values``, space-separated in the
page), which ``layouts/static/search.js`` passes to Pagefind as "any of these".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from gkssg.content.catalog import Catalog
from gkssg.content.model import Column, Item

FIELDS_FILE = "search/fields.json"  # every 文号 and 索引号, for the form's text fields
VALIDITY = ("有效", "失效", "废止")


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a list: its label, its value in the URL, and the filter values it
    stands for (itself and those below it)."""

    label: str
    value: str
    values: tuple[str, ...]
    depth: int = 1


@dataclass(frozen=True, slots=True)
class SearchForm:
    columns: tuple[Choice, ...]
    topics: tuple[Choice, ...]
    publishers: tuple[Choice, ...]
    validity: tuple[Choice, ...]
    first_year: int
    last_year: int


def search_form(catalog: Catalog) -> SearchForm:
    items = catalog.items
    years = [item.published.year for item in items] or [0]
    return SearchForm(
        columns=_columns(catalog, items),
        topics=_topics(catalog.config.topics, items),
        publishers=tuple(_plain(sorted({item.publisher for item in items if item.publisher}))),
        validity=tuple(_plain(v for v in VALIDITY if any(i.validity == v for i in items))),
        first_year=min(years),
        last_year=max(years),
    )


def _plain(values: Iterable[str]) -> Iterable[Choice]:
    return (Choice(value, value, (value,)) for value in values)


def _columns(catalog: Catalog, items: Iterable[Item]) -> tuple[Choice, ...]:
    """The columns holding items (or above such), in the tree's order; a column stands
    for its own code and those of every column below it."""
    used = {item.column for item in items}
    below: dict[str, list[str]] = {}
    for column in catalog.columns:
        if column.path in used:
            for upper in catalog.ancestors(column):  # itself included
                below.setdefault(upper.path, []).append(column.code)
    return tuple(
        _column_choice(column, below[column.path])
        for column in catalog.columns
        if column.path in below
    )


def _column_choice(column: Column, codes: list[str]) -> Choice:
    return Choice(column.title, column.code, tuple(dict.fromkeys(codes)), column.depth)


def _topics(vocabulary: Iterable[str], items: Iterable[Item]) -> tuple[Choice, ...]:
    """The topics of the vocabulary and those items use. An item page gives Pagefind's
    filter 主题 its topic and those above it, ``/`` for ``\\`` (Pagefind 1.5 finds no
    filter value holding a backslash), so ``社会保险`` finds ``社会保险\\失业保险`` too."""
    used = {item.topic for item in items if item.topic}
    topics = list(dict.fromkeys([*vocabulary, *sorted(used - set(vocabulary))]))
    choices = []
    for topic in topics:
        below = {t for t in topics if t == topic or t.startswith(topic + "\\")}
        if used.intersection(below):
            label = topic.rsplit("\\", 1)[-1]
            choices.append(Choice(label, topic, (topic.replace("\\", "/"),), topic.count("\\") + 1))
    return tuple(choices)


def field_values(items: Iterable[Item]) -> bytes:
    """``search/fields.json``: every 文号 and every 索引号 as the item pages give them to
    Pagefind's filters of those names; the form finds those holding what is typed."""
    doc_nos: set[str] = set()
    index_nos: set[str] = set()
    for item in items:
        if item.doc_no.strip():
            doc_nos.add(" ".join(item.doc_no.split()))  # as Pagefind reads an element's text
        index_nos.add(" ".join(item.index_no.text.split()))
    fields = {"文号": sorted(doc_nos), "索引号": sorted(index_nos)}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
