"""Open data for portals: ``feed.json`` (JSON Feed 1.1), ``catalog.json``, ``catalog.csv``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from gkssg.outputs import OutputPlan
from gkssg.site import Site
from gkssg.syndication import RECORD_FIELDS, entry_id, item_record
from gkssg.urls import SITE_FEED

JSON_FEED = "feed.json"
CATALOG_JSON = "catalog.json"
CATALOG_CSV = "catalog.csv"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json(data: object) -> bytes:
    return (_ENCODER.encode(data) + "\n").encode("utf-8")


def _json_listing(head: dict[str, Any], entries: Iterable[object]) -> bytes:
    """``_json({**head, "items": [*entries]})``, byte for byte, one entry at a time.

    One ``json.dumps`` of 10,000 records holds the interpreter for 0.17 s, and in
    `gkssg serve` a newer save waits that long for it; entries given through
    ``OutputPlan.checked`` let it stop in between.
    """
    empty = _ENCODER.encode({**head, "items": []})  # "items" last: the text ends in []}
    parts = [_ENCODER.encode(entry) for entry in entries]
    return (f"{empty[:-2]}{','.join(parts)}]}}\n").encode()


class ExportsStep:
    name = "exports"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        def exports() -> dict[str, bytes]:
            items = plan.checked(site.catalog.items, self.name)
            records = [item_record(item, site.catalog, site.urls) for item in items]
            return {
                JSON_FEED: _json(json_feed(site)),
                CATALOG_JSON: _json_listing(catalog_head(site), plan.checked(records, self.name)),
                CATALOG_CSV: catalog_csv(plan.checked(records, self.name)),
            }

        plan.add_later((JSON_FEED, CATALOG_JSON, CATALOG_CSV), exports, self.name)


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


def catalog_csv(records: Iterable[dict[str, Any]]) -> bytes:
    """The same fields as catalog.json, one row per item; UTF-8 with BOM for spreadsheets."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RECORD_FIELDS)
    for record in records:
        writer.writerow(_cell(record[name]) for name in RECORD_FIELDS)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


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
