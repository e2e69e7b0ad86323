"""Atom feeds: ``feed.xml`` for the whole site, ``{column path}/feed.xml`` per column."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from gkssg.content.model import Item
from gkssg.content.site import Site
from gkssg.content.urls import SITE_FEED, column_feed_path
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.syndication import domain_of, entry_id, rfc3339

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00+08:00"  # `updated` of a feed with no entries


class FeedsStep:
    name = "feeds"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        limit = site.config.feed_items
        catalog = site.catalog
        plan.add_bytes(
            SITE_FEED,
            atom_feed(site, site.config.title, SITE_FEED, catalog.items[:limit]),
            self.name,
        )
        for column in plan.checked(catalog.columns, self.name):
            listed = catalog.listed_in(column)
            if not listed or column.layout == "page":
                continue
            title = f"{column.title} - {site.config.title}"
            path = column_feed_path(column)
            plan.add_bytes(path, atom_feed(site, title, path, listed[:limit]), self.name)


def atom_feed(site: Site, title: str, path: str, items: Sequence[Item]) -> bytes:
    ET.register_namespace("", ATOM)
    urls, catalog = site.urls, site.catalog
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(feed, "id", f"tag:{domain_of(site.config.url)},2000:{site.config.base_url}{path}")
    _text(feed, "title", title)
    _text(feed, "updated", rfc3339(items[0].published) if items else EPOCH)
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=urls.absolute(path)
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=urls.absolute("index.html")
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.config.org)
    _text(feed, "generator", "gkssg")
    for item in items:
        column = catalog.column(item.column)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", entry_id(item, catalog))
        _text(entry, "title", item.title)
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            rel="alternate",
            type="text/html",
            href=urls.absolute(item.output_path),
        )
        _text(entry, "published", rfc3339(item.published))
        _text(entry, "updated", rfc3339(item.published))
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", item.publisher)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=column.code, label=column.title)
        if item.summary:
            _text(entry, "summary", item.summary)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _NOT_XML.sub("", text)


#: Characters XML 1.0 cannot carry at all (a title may hold one through a YAML escape).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
