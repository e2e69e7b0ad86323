"""``sitemap.xml``: every HTML page planned (but 404.html), with ``lastmod``.

It runs last, so it sees the pages every other step planned. ``lastmod`` is the
newest publication date a page shows, so it is stable across rebuilds.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from gkssg.outputs import OutputPlan
from gkssg.render import page_count
from gkssg.site import Site
from gkssg.urls import column_page_path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXCLUDED = ("404.html",)


class SitemapStep:
    name = "sitemap"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        ET.register_namespace("", SITEMAP_NS)
        dates = page_dates(site)
        newest = site.catalog.items[0].published.date() if site.catalog.items else None
        root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
        for path in plan.html_paths():
            if path in EXCLUDED:
                continue
            url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = site.urls.absolute(path)
            lastmod = dates.get(path, newest)
            if lastmod is not None:
                ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
        ET.indent(root)
        data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
        plan.add_bytes("sitemap.xml", data, self.name)


def page_dates(site: Site) -> dict[str, dt.date]:
    """The newest publication date each item and list page shows."""
    catalog = site.catalog
    dates = {item.output_path: item.published.date() for item in catalog.items}
    for column in catalog.columns:
        listed = catalog.listed_in(column)
        if column.layout == "page" or not listed:
            continue
        for number in range(1, page_count(len(listed), column.per_page) + 1):
            first = listed[(number - 1) * column.per_page]
            dates[column_page_path(column, number)] = first.published.date()
    return dates
