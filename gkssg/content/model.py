"""The site's domain objects: columns (栏目) and items (信息), plain and frozen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from gkssg.content.index_numbers import IndexNumber

Layout = Literal["catalog", "news", "page"]
LAYOUTS: tuple[Layout, ...] = ("catalog", "news", "page")
Validity = Literal["有效", "失效", "废止"]
Disclosure = Literal["主动公开", "依申请公开"]


@dataclass(frozen=True)
class Column:
    """A folder with ``_index.md``; its path (``catalog/regulations``) is its place in the tree."""

    path: str  # "" is never a column; top-level columns have one segment
    source: str  # the _index.md, relative to the site root
    code: str
    title: str
    layout: Layout
    order: int | None
    per_page: int
    description: str
    keywords: tuple[str, ...]
    body: str  # Markdown
    body_offset: int
    code_line: int | None = None
    #: item fields every item of the column must have (canonical names: doc_no, written …)
    required: tuple[str, ...] = ()
    #: what ``gkssg new`` writes into a new item of the column: field → YAML value
    defaults: tuple[tuple[str, str], ...] = ()

    @property
    def parent_path(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Siblings sort by ``order`` when given, else by code."""
        return (self.order if self.order is not None else 1_000_000, self.code, self.path)


@dataclass(frozen=True)
class Attachment:
    """A file published with an item, copied to the output at the same relative place."""

    source: str  # relative to the site root: content/catalog/…/附件/x.pdf
    output_path: str  # relative to the output root: catalog/…/附件/x.pdf
    title: str
    size: int  # bytes


@dataclass(frozen=True)
class Review:
    """The 保密审查 record: who reviewed the item, and when."""

    by: str
    date: dt.date


@dataclass(frozen=True)
class Item:
    """One catalog entry (信息): a Markdown file in a column's folder."""

    source: str  # relative to the site root, e.g. content/catalog/regulations/通知.md
    column: str  # the column's path
    title: str
    index_no: IndexNumber
    published: dt.datetime  # aware, Asia/Shanghai
    written: dt.date | None
    publisher: str
    doc_no: str
    topic: str
    keywords: tuple[str, ...]
    genre: str
    validity: Validity | None
    repealed: dt.date | None
    disclosure: Disclosure
    summary: str
    attachments: tuple[Attachment, ...]
    related: tuple[str, ...]  # index numbers as written
    review: Review | None
    slug: str
    draft: bool
    privacy_allow: tuple[str, ...]
    body: str  # Markdown
    body_offset: int  # file line of the body's first line, minus one
    key_lines: tuple[tuple[str, int], ...] = ()  # the line of each front-matter key
    related_lines: tuple[int, ...] = ()  # the file line of each `related` entry

    def line_of(self, key: str) -> int | None:
        """The file line of front-matter key ``key`` (None when it was not written)."""
        return next((line for name, line in self.key_lines if name == key), None)

    @property
    def output_path(self) -> str:
        """Where the item's page is written, relative to the output root."""
        return f"{self.column}/{self.slug}.html"

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        """Ascending publication order; ties broken by index number, never by file order."""
        return (self.published, self.index_no.text)
