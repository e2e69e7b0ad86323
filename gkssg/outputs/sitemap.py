"""``sitemap.xml``: every HTML page planned (but 404.html), with ``lastmod``.

It runs last, so it sees the pages every other step planned. ``lastmod`` is the
newest publication date a page shows, so it is stable across rebuilds.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from gkssg.content.site import Site
from gkssg.content.urls import NOT_FOUND_PAGE, column_page_path
from gkssg.outputs.plan import OutputPlan

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXCLUDED = (NOT_FOUND_PAGE,)
SITEMAP = "sitemap.xml"


class SitemapStep:
    name = "sitemap"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        pages = plan.html_paths()  # now: the steps before this one planned every page
        plan.add_later((SITEMAP,), lambda: {SITEMAP: sitemap(site, plan, pages)}, self.name)


def sitemap(site: Site, plan: OutputPlan, pages: list[str]) -> bytes:
    # written as text: ElementTree took 0.4 s for the same bytes at 10,000 items
    dates = page_dates(site)
    newest = site.catalog.items[0].published.date() if site.catalog.items else None
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NS}">']
    withdrawn = {row.url for row in site.withdrawn}  # their notices are not pages to index
    for path in plan.checked(pages, SitemapStep.name):
        if path in EXCLUDED or path in withdrawn:
            continue
        lines.append(f"  <url>\n    <loc>{escape(site.urls.absolute(path))}</loc>")
        lastmod = dates.get(path, newest)
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def page_dates(site: Site) -> dict[str, dt.date]:
    """The newest publication date each item and list page shows."""
    catalog = site.catalog
    dates = {item.output_path: item.published.date() for item in catalog.items}
    for column in catalog.columns:
        listed = catalog.listed_in(column)
        if column.layout == "page" or not listed:
            continue
        for number in range(1, catalog.list_pages(column) + 1):
            first = listed[(number - 1) * column.per_page]
            dates[column_page_path(column, number)] = first.published.date()
    return dates
