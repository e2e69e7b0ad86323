"""Search: ``search/index.html``, the exact look-up shards, and the Pagefind index.

The index is built by the extended Pagefind binary bundled with
``pagefind[extended]`` (it splits Chinese into words; the plain one does not),
run once as a command: on 10,000 items it was about a third faster than one
``add_directory`` call through the ``pagefind`` Python API (bench/search_index.py).
It reads a temporary folder holding hard links to the staged item pages only,
so list pages, the home page and the search page stay out even when a site's
own layout lacks ``data-pagefind-body``. Pagefind reads those pages and writes a
fresh ``pagefind/`` folder into the staging folder, which never has one (no
planned output lives there): no file shared by hard link with the live output
is modified.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from gkssg.errors import Superseded
from gkssg.outputs import OutputPlan
from gkssg.rendering import link_or_copy
from gkssg.search_bundle import canonicalise_bundle
from gkssg.search_exact import exact_shards, shard_count
from gkssg.site import Site
from gkssg.writer import STAGING_MARK

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

    def after_write(
        self, site: Site, folder: Path, cancelled: Callable[[], bool] | None = None
    ) -> None:
        if not site.catalog.items:
            return  # nothing to index; the search page says so when it finds no bundle
        items = [item.output_path for item in site.catalog.items]
        previous = reusable_bundle(folder, items)
        if previous is not None:  # no item page changed: the last index still holds
            for file in previous.rglob("*"):
                if file.is_file():
                    link_or_copy(file, folder / BUNDLE_FOLDER / file.relative_to(previous))
            return
        pages = index_item_pages(folder, items, cancelled)
        if pages != len(site.catalog.items):
            raise SearchIndexError(
                f"Pagefind indexed {pages} pages, expected {len(site.catalog.items)} items"
            )


def index_item_pages(
    folder: Path, items: list[str], cancelled: Callable[[], bool] | None = None
) -> int:
    """Index the item pages of ``folder`` (and nothing else) into ``folder/pagefind``."""
    # named like the staging folder, so a killed build's leftovers are removed with it
    with tempfile.TemporaryDirectory(prefix=f"{folder.name}-search-", dir=folder.parent) as temp:
        pages = Path(temp)
        for path in items:
            link_or_copy(folder / path, pages / path)
        return index_folder(pages, folder / BUNDLE_FOLDER, cancelled)


def reusable_bundle(folder: Path, items: list[str]) -> Path | None:
    """The live output's bundle when every item page in ``folder`` is a hard link to the
    same page there (the build links unchanged files) and nothing was added or removed."""
    name = folder.name
    if not name.startswith(".") or STAGING_MARK not in name:
        return None
    live = folder.parent / name[1 : name.index(STAGING_MARK)]
    bundle = live / BUNDLE_FOLDER
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        if entry["version"] != version("pagefind_bin_extended"):
            return None
        if indexed_pages(bundle) != len(items):
            return None
        if not all((live / path).samefile(folder / path) for path in items):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return bundle


def index_folder(folder: Path, bundle: Path, cancelled: Callable[[], bool] | None = None) -> int:
    """Index the pages in ``folder`` into ``bundle``; returns the number of pages indexed.

    Pagefind is ended (and :class:`Superseded` raised) as soon as ``cancelled()`` is
    true, so a preview that stops or moves on leaves no indexer running behind it.
    """
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    command = [str(get_executable()), "--site", str(folder), "--output-path", str(bundle)]
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: it never fills up
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            while True:
                try:
                    returncode = process.wait(timeout=None if cancelled is None else 0.1)
                    break
                except subprocess.TimeoutExpired:
                    if cancelled is not None and cancelled():
                        raise Superseded("search index") from None
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if returncode != 0:
            output.seek(0)
            last = output.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            raise SearchIndexError(f"Pagefind failed ({returncode}): {' '.join(last)}")
    canonicalise_bundle(bundle)  # Pagefind's filter files are in hash-map order
    return indexed_pages(bundle)


def indexed_pages(bundle: Path) -> int:
    """The number of pages in a written Pagefind bundle, from ``pagefind-entry.json``."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
