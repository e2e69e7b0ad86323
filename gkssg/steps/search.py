"""Search: ``search/index.html``, the exact look-up shards, and the Pagefind index.

The index is built by the extended Pagefind binary bundled with
``pagefind[extended]`` (it splits Chinese into words; the plain one does not),
run as a command: on 10,000 items it was about a third faster than one
``add_directory`` call through the ``pagefind`` Python API (bench/search_index.py).
Items are indexed in bundles of whole years (gkssg.search_years): a changed
item re-indexes its bundle only, and bundles are indexed one Pagefind per core.
Each run reads a temporary folder holding hard links to the bundle's staged item
pages only, so list pages, the home page and the search page stay out even when
a site's own layout lacks ``data-pagefind-body``. Pagefind writes a fresh
``pagefind/<years>/`` folder into the staging folder, which never has one (no
planned output lives there): no file shared by hard link with the live output
is modified.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from importlib.metadata import version
from pathlib import Path

from gkssg.errors import Superseded
from gkssg.outputs import OutputPlan
from gkssg.parallel import available_cores
from gkssg.rendering import link_or_copy
from gkssg.rowcache import site_context
from gkssg.search_bundle import canonicalise_bundle
from gkssg.search_exact import exact_row, exact_shards, shard_count, shard_paths
from gkssg.search_years import (
    Bundle,
    is_index_data,
    merge_is_patched,
    patch_merge_order,
    plan_bundles,
)
from gkssg.site import Site
from gkssg.steps import PreviousOutput

SEARCH_PAGE = "search/index.html"


class SearchIndexError(Exception):
    """Pagefind could not index the staged site."""


class SearchStep:
    name = "search"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        plan.add_page(SEARCH_PAGE, ("search",), self.name)
        items = site.catalog.items
        count = shard_count(len(items))

        def shards() -> dict[str, bytes]:
            context, urls = site_context(site.config), site.urls
            rows = [
                plan.rows.row(
                    "exact",
                    item.source,
                    site.content.fingerprint_of(item),
                    context,
                    partial(exact_row, item, urls),
                )
                for item in plan.checked(items, self.name)
            ]
            made = exact_shards(rows, count)
            return {path: text.encode("utf-8") for path, text in made.items()}

        plan.add_later(shard_paths(count), shards, self.name)


class SearchIndexStep:
    name = "index"

    def after_write(
        self,
        site: Site,
        folder: Path,
        cancelled: Callable[[], bool] | None = None,
        previous: PreviousOutput | None = None,
        started: Callable[[], None] | None = None,
    ) -> None:
        """Index the item pages into bundles of whole years (see gkssg.search_years).

        A bundle of ``previous`` whose pages are all unchanged is kept (linked in
        while Pagefind runs); the others are indexed, one Pagefind per core.
        ``started()`` is called once the first of them run (or when none needs to).
        """
        bundles = plan_bundles(site.catalog.items, site.config.search_bundle_items)
        if not bundles:
            if started is not None:
                started()
            return  # nothing to index; the search page says so when it finds no bundle
        primary = bundles[0]
        to_index: list[Bundle] = []
        to_link: list[tuple[Bundle, Path]] = []
        for bundle in bundles:
            kept = reusable_bundle(previous, bundle) if previous else None
            if kept is not None and (bundle is not primary or merge_is_patched(kept)):
                to_link.append((bundle, kept))
            else:
                to_index.append(bundle)
        to_index.sort(key=lambda bundle: -len(bundle.pages))  # the longest first: cores stay busy
        workers = max(1, min(available_cores(), len(to_index)))
        launched = _Countdown(min(workers, len(to_index)), started)
        failed = threading.Event()

        def stop() -> bool:
            return failed.is_set() or (cancelled is not None and cancelled())

        def index_bundle(bundle: Bundle) -> None:
            try:
                if stop():  # queued behind a bundle that failed, or the preview moved on
                    raise Superseded("search index")
                target = folder / bundle.path
                count = index_item_pages(folder, bundle.pages, target, stop, launched.count)
                if count != len(bundle.pages):
                    raise SearchIndexError(
                        f"Pagefind indexed {count} pages into {bundle.path}, "
                        f"expected {len(bundle.pages)}"
                    )
                if bundle is primary:
                    patch_merge_order(target)
                else:
                    prune_to_index_data(target)
            except BaseException:
                failed.set()  # the other bundles stop too: this build will not be swapped in
                raise

        errors: list[BaseException] = []
        with ThreadPoolExecutor(workers, thread_name_prefix="pagefind") as pool:
            futures = [pool.submit(index_bundle, bundle) for bundle in to_index]
            try:  # while Pagefind runs
                for bundle, kept in to_link:
                    if stop():
                        raise Superseded("search index")
                    link_bundle(kept, folder / bundle.path, scripts=bundle is primary)
            except BaseException as error:
                failed.set()
                errors.append(error)
        errors += [failure for future in futures if (failure := future.exception()) is not None]
        # the error that stopped the others, not the Superseded it caused them to raise
        errors.sort(key=lambda error: isinstance(error, Superseded))
        if errors:
            raise errors[0]


class _Countdown:
    """Calls ``then()`` when :meth:`count` has been called ``times`` times (at once for 0)."""

    def __init__(self, times: int, then: Callable[[], None] | None) -> None:
        self._left = times
        self._then = then
        self._lock = threading.Lock()
        if times == 0:
            self._call()

    def count(self) -> None:
        with self._lock:
            self._left -= 1
            if self._left != 0:
                return
        self._call()

    def _call(self) -> None:
        if self._then is not None:
            self._then()


def index_item_pages(
    folder: Path,
    items: Sequence[str],
    bundle: Path,
    cancelled: Callable[[], bool] | None = None,
    running: Callable[[], None] | None = None,
) -> int:
    """Index the item pages ``items`` of ``folder`` (and nothing else) into ``bundle``;
    ``running()`` is called once Pagefind has started."""
    # named like the staging folder, so a killed build's leftovers are removed with it
    with tempfile.TemporaryDirectory(prefix=f"{folder.name}-search-", dir=folder.parent) as temp:
        staged = os.fspath(folder)
        for path in items:  # text paths, as in link_bundle
            link_or_copy(f"{staged}/{path}", f"{temp}/{path}")
        return index_folder(Path(temp), bundle, cancelled, running)


def reusable_bundle(previous: PreviousOutput, planned: Bundle) -> Path | None:
    """The previous copy of ``planned`` when it indexed exactly the same pages, all
    unchanged since (a page added or removed changes the count)."""
    bundle = previous.folder / planned.path
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        if entry["version"] != version("pagefind_bin_extended"):
            return None
        if indexed_pages(bundle) != len(planned.pages):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all(previous.unchanged(path) for path in planned.pages):
        return None
    return bundle


def link_bundle(previous: Path, target: Path, *, scripts: bool) -> None:
    """Link a reused bundle in; without ``scripts``, its index data alone."""
    # text paths: pathlib cost 0.2 s of the 0.4 s for 10,000 files, in a thread that
    # shares the interpreter with the data files being made
    source_root, target_root = os.fspath(previous), os.fspath(target)
    for directory, _, files in os.walk(source_root):
        relative = os.path.relpath(directory, source_root)
        into = target_root if relative == "." else f"{target_root}/{relative}"
        Path(into).mkdir(parents=True, exist_ok=True)  # a few folders per bundle
        for name in files:
            path = name if relative == "." else f"{relative}/{name}"
            if scripts or is_index_data(path):
                link_or_copy(f"{directory}/{name}", f"{into}/{name}")


def prune_to_index_data(bundle: Path) -> None:
    """Remove what only a primary bundle needs (scripts, styles, WebAssembly)."""
    for file in bundle.iterdir():
        if file.is_file() and not is_index_data(file.name):
            file.unlink()


def index_folder(
    folder: Path,
    bundle: Path,
    cancelled: Callable[[], bool] | None = None,
    running: Callable[[], None] | None = None,
) -> int:
    """Index the pages in ``folder`` into ``bundle``; returns the number of pages indexed.
    ``running()`` is called once Pagefind has started.

    Pagefind is ended (and :class:`Superseded` raised) as soon as ``cancelled()`` is
    true, so a preview that stops or moves on leaves no indexer running behind it.
    """
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    command = [str(get_executable()), "--site", str(folder), "--output-path", str(bundle)]
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: it never fills up
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        if running is not None:
            running()
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
