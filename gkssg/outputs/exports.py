"""Open data for portals: ``feed.json`` (JSON Feed 1.1), ``catalog.json``, ``catalog.csv``."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from gkssg.cache.rows import site_context
from gkssg.content.catalog import Catalog
from gkssg.content.model import Item
from gkssg.content.site import Site
from gkssg.content.urls import SITE_FEED, Urls
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.syndication import RECORD_FIELDS, entry_id, item_record

JSON_FEED = "feed.json"
CATALOG_JSON = "catalog.json"
CATALOG_CSV = "catalog.csv"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json(data: object) -> bytes:
    return (_ENCODER.encode(data) + "\n").encode("utf-8")


def _json_listing(head: dict[str, Any], entries: Iterable[str]) -> bytes:
    """``_json({**head, "items": [...]})``, byte for byte, from each entry's JSON text."""
    empty = _ENCODER.encode({**head, "items": []})  # "items" last: the text ends in []}
    return (f"{empty[:-2]}{','.join(entries)}]}}\n").encode()


class CatalogRow(NamedTuple):
    """An item's entry in catalog.json (JSON text) and its line in catalog.csv."""

    json: str
    csv: str


class ExportsStep:
    name = "exports"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        def exports() -> dict[str, bytes]:
            rows = catalog_rows(site, plan)
            return {
                JSON_FEED: _json(json_feed(site)),
                CATALOG_JSON: _json_listing(catalog_head(site), (row.json for row in rows)),
                CATALOG_CSV: catalog_csv(row.csv for row in rows),
            }

        plan.add_later((JSON_FEED, CATALOG_JSON, CATALOG_CSV), exports, self.name)


def catalog_rows(site: Site, plan: OutputPlan) -> list[CatalogRow]:
    """Every item's row, newest first; kept from the last build where the item, its
    column and its related items are unchanged (gkssg.cache.rows).

    Items are taken through ``OutputPlan.checked``: in `gkssg serve` a newer save
    then stops a plan that will be thrown away between two items.
    """
    catalog, urls = site.catalog, site.urls
    context = site_context(site.config)
    rows = []
    for item in plan.checked(catalog.items, ExportsStep.name):
        column = catalog.column(item.column)
        related = tuple(other.index_no.text for other in catalog.related(item))
        rows.append(
            plan.rows.row(
                "catalog",
                item.source,
                site.content.fingerprint_of(item),
                (context, column.code, column.path, column.title, related),
                functools.partial(catalog_row, item, catalog, urls),
            )
        )
    return rows


def catalog_row(item: Item, catalog: Catalog, urls: Urls) -> CatalogRow:
    record = item_record(item, catalog, urls)
    line = _csv_line(_cell(record[name]) for name in RECORD_FIELDS)
    return CatalogRow(_ENCODER.encode(record), line)


def json_feed(site: Site) -> dict[str, Any]:
    catalog, urls, config = site.catalog, site.urls, site.config
    items = []
    for item in catalog.items[: config.feed_items]:
        record = item_record(item, catalog, urls)
        items.append(
            {
                "id": entry_id(item, catalog),
                "url": record["url"],
                "title": item.title,
                "content_text": item.summary or item.title,
                "summary": item.summary,
                "date_published": record["published"],
                "authors": [{"name": item.publisher}],
                "tags": [record["column_title"], *([item.topic] if item.topic else [])],
                "language": config.language,
                "_gkssg": {
                    "index_no": record["index_no"],
                    "doc_no": record["doc_no"],
                    "column": {
                        "code": record["column_code"],
                        "title": record["column_title"],
                        "path": record["column_path"],
                    },
                    "publisher": record["publisher"],
                    "written": record["written"],
                    "validity": record["validity"],
                },
            }
        )
    return {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": urls.absolute("index.html"),
        "feed_url": urls.absolute(JSON_FEED),
        "language": config.language,
        "authors": [{"name": config.org}],
        "_gkssg": {"atom": urls.absolute(SITE_FEED), "catalog": urls.absolute(CATALOG_JSON)},
        "items": items,
    }


def catalog_head(site: Site) -> dict[str, Any]:
    """``catalog.json`` but its ``items``, which follow these keys."""
    config = site.config
    return {
        "title": config.title,
        "org": config.org,
        "org_code": config.org_code,
        "site_url": config.site_url,
        "count": len(site.catalog.items),
    }


def catalog_csv(lines: Iterable[str]) -> bytes:
    """The same fields as catalog.json, one line per item (each ends in CRLF); UTF-8 with
    a BOM for spreadsheets."""
    return b"\xef\xbb\xbf" + (_csv_line(RECORD_FIELDS) + "".join(lines)).encode("utf-8")


def _csv_line(cells: Iterable[str]) -> str:
    """One line of catalog.csv, ending in CRLF."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _inert("; ".join(v["url"] if isinstance(v, dict) else str(v) for v in value))
    return _inert(str(value))


def _inert(text: str) -> str:
    """Text a spreadsheet shows as text: Excel and WPS run a cell that starts with
    ``= + - @`` (or a tab or return before one) as a formula, so it gets a leading ``'``."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
