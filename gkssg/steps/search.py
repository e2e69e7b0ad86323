"""Search: ``search/index.html``, the exact look-up shards, and the Pagefind index.

The index is built by Pagefind's extended binary (it splits Chinese into
words) over the staged output, in one ``add_directory`` call through the
``pagefind`` Python API. Only pages with ``data-pagefind-body`` are indexed,
and only item pages have it, so list pages, the home page and the search page
itself stay out. Pagefind writes a fresh ``pagefind/`` folder: the staging
folder never has one (no planned output lives there), so no file shared by
hard link with the live output is touched.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from gkssg.outputs import OutputPlan
from gkssg.search_exact import exact_shards, shard_count
from gkssg.site import Site

SEARCH_PAGE = "search/index.html"
BUNDLE_FOLDER = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not index the staged site."""


class SearchStep:
    name = "search"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        plan.add_page(SEARCH_PAGE, ("search",), self.name)
        items = site.catalog.items
        for path, text in exact_shards(items, site.urls, shard_count(len(items))).items():
            plan.add_text(path, text, self.name)


class SearchIndexStep:
    name = "index"

    def after_write(self, site: Site, folder: Path) -> None:
        if not site.catalog.items:
            return  # nothing to index; the search page says so when it finds no bundle
        pages = asyncio.run(index_folder(folder))
        if pages != len(site.catalog.items):
            raise SearchIndexError(
                f"Pagefind indexed {pages} pages, expected {len(site.catalog.items)} items"
            )


async def index_folder(folder: Path) -> int:
    """Index ``folder`` into ``folder/pagefind``; returns the number of pages indexed."""
    from pagefind.index import IndexConfig, PagefindIndex

    bundle = folder / BUNDLE_FOLDER
    async with PagefindIndex(config=IndexConfig(output_path=str(bundle))) as index:
        await index.add_directory(str(folder))  # its page count includes skipped pages
    return indexed_pages(bundle)


def indexed_pages(bundle: Path) -> int:
    """The number of pages in a written Pagefind bundle, from ``pagefind-entry.json``."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
