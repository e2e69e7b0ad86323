"""What feeds and exports say about an item: one flat record, the same everywhere.

Atom, JSON Feed, ``catalog.json`` and ``catalog.csv`` are all made from
:func:`item_record`, so a portal syncing from any of them sees the same facts.
Items come from the catalog, already masked when ``privacy: mask``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gkssg.content.catalog import Catalog
from gkssg.content.model import Item
from gkssg.content.urls import Urls

#: The fields of a record, in the order catalog.csv lists them.
RECORD_FIELDS = (
    "index_no", "title", "url", "column_code", "column_path", "column_title", "published",
    "written", "publisher", "doc_no", "topic", "keywords", "genre", "validity", "repealed",
    "disclosure", "summary", "attachments", "related",
)  # fmt: skip


def rfc3339(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def domain_of(site_url: str) -> str:
    return site_url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]


def entry_id(item: Item, catalog: Catalog) -> str:
    """A tag: URI that never changes for an item: domain, the 索引号's year, the 索引号."""
    pattern = catalog.config.index_pattern
    year = pattern.field_value(item.index_no, "year") or "2000"
    return f"tag:{domain_of(catalog.config.url)},{year}:{item.index_no.text}"


def item_record(item: Item, catalog: Catalog, urls: Urls) -> dict[str, Any]:
    column = catalog.column(item.column)
    return {
        "index_no": item.index_no.text,
        "title": item.title,
        "url": urls.absolute(item.output_path),
        "column_code": column.code,
        "column_path": column.path,
        "column_title": column.title,
        "published": rfc3339(item.published),
        "written": item.written.isoformat() if item.written else None,
        "publisher": item.publisher,
        "doc_no": item.doc_no or None,
        "topic": item.topic or None,
        "keywords": list(item.keywords),
        "genre": item.genre or None,
        "validity": item.validity,
        "repealed": item.repealed.isoformat() if item.repealed else None,
        "disclosure": item.disclosure,
        "summary": item.summary,
        "attachments": [
            {"title": a.title, "url": urls.absolute(a.output_path), "size": a.size}
            for a in item.attachments
        ],
        "related": [related.index_no.text for related in catalog.related(item)],
    }
