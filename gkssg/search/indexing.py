"""Indexing item pages with Pagefind, bundle by bundle, as soon as they are staged.

The index is built by the extended Pagefind binary bundled with
``pagefind[extended]`` (it splits Chinese into words; the plain one does not),
run as a service that indexes bundle after bundle (gkssg.search.pagefind).
Items are indexed in bundles of whole years (gkssg.search.years): a changed item
re-indexes its bundle only, and bundles are indexed one Pagefind per core.

A :class:`BundleIndexing` is told which pages are staged while the build still
renders the others (:meth:`BundleIndexing.staged`). After an edit, the bundles
holding an item read anew (no more than one per core) have their pages rendered
first, and their Pagefind starts as soon as the last of those pages is there,
beside the rest of the rendering instead of after it. Other bundles to index
wait for the end of rendering: when every bundle is indexed (a first build),
Pagefinds beside the renderer's processes made the cold build at 10,000 items
about a fifth slower (more processes than cores; CPU time rose by a quarter).
A bundle whose pages were all linked unchanged from the previous output is
linked from there, in a thread, as soon as that is known.

Pagefind reads, for each bundle, a temporary folder holding a copy of each of the
bundle's staged item pages only, with the words of its character pairs added
(gkssg.search.ngrams), so list pages, the home page and the search page stay out
even when a site's own layout lacks ``data-pagefind-body``. The
bundle's files are written into a fresh ``pagefind/<years>/`` folder of the
staging folder, which never has one (no planned output lives there), as new
files or as hard links to the bundle's previous files holding the same bytes;
what is changed after (canonical order, the merge patch) is replaced, never
edited in place, so no file shared with the live output is modified.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from gkssg.base.errors import Superseded
from gkssg.base.parallel import available_cores
from gkssg.content.site import Site
from gkssg.outputs.staging import Staging, link_or_copy, walk_files
from gkssg.search.bundle import canonicalise_bundle
from gkssg.search.ngrams import searchable_copy
from gkssg.search.pagefind import PagefindPool, PagefindProcess, SearchIndexError
from gkssg.search.years import (
    BUNDLE_FOLDER,
    Bundle,
    is_index_data,
    merge_is_patched,
    patch_merge_order,
    plan_bundles,
)


class BundleIndexing:
    """One build's search index over ``folder``, the staging folder being filled.

    Report every item page once with :meth:`staged` (or all at once with
    :meth:`staged_all`), then call :meth:`finish`; :meth:`close` always, last: it
    stops whatever still runs (Pagefind is killed) when the build ends otherwise.
    ``previous`` is the output being replaced, whose bundles may be kept.
    """

    def __init__(
        self,
        site: Site,
        folder: Path,
        previous: Path | None = None,
        cancelled: Callable[[], bool] | None = None,
        pool: PagefindPool | None = None,
        staging: Staging | None = None,
    ) -> None:
        self._folder = folder
        self._own_pool = pool is None
        self._pool = pool if pool is not None else PagefindPool()
        self._previous = previous
        self._cancelled = cancelled
        self._bundles = plan_bundles(site.catalog.items, site.config.search_bundle_items)
        self._primary = self._bundles[0] if self._bundles else None
        self._bundle_of = {page: bundle for bundle in self._bundles for page in bundle.pages}
        self._held = self._held_bundles(staging) if staging is not None else {}
        self._left = {bundle.name: len(bundle.pages) for bundle in self._bundles}
        self._changed: set[str] = set()  # bundles with a page rendered anew
        self._workers = available_cores()
        # the bundles of the items read anew, when few: indexed while the rest renders
        read_now = {
            item.output_path for item in site.catalog.items if item.source in site.content.parsed
        }
        early = [bundle for bundle in self._bundles if not read_now.isdisjoint(bundle.pages)]
        self._early = early if len(early) <= self._workers else []
        if self._early:  # a Pagefind warms up while the early bundles' pages render
            self._pool.prestart()
        self._deferred: list[Bundle] = []  # to index once rendering is done
        self._early_work: list[Future[None]] = []  # the early bundles' indexing (or link)
        self._failed = threading.Event()
        self._pagefind = ThreadPoolExecutor(self._workers, thread_name_prefix="pagefind")
        self._linker = ThreadPoolExecutor(1, thread_name_prefix="pagefind-link")
        self._futures: list[Future[None]] = []
        self._linked: list[Path] = []  # the folders of copies Pagefind reads, one per bundle
        self._settled = threading.Condition()
        self._indexing = 0  # bundles given to Pagefind
        self._launched = 0  # of them, those whose Pagefind runs (or ended without)

    def wanted_first(self) -> set[str]:
        """The pages to render first: those of the bundles indexed while the rest
        renders (see above). A hint for the order of rendering only."""
        return {page for bundle in self._early for page in bundle.pages}

    def working_beside(self) -> bool:
        """Whether Pagefind has early bundles to index beside the renderer, now or once
        their pages are staged (a hint for where the renderer works)."""
        if len(self._early_work) < len(self._early):
            return not self._stopped()
        return not all(work.done() for work in self._early_work)

    def staged(self, pages: Iterable[str], rendered: Container[str]) -> None:
        """``pages`` are in the staging folder; those in ``rendered`` were rendered
        anew, the others linked unchanged from the previous output."""
        for page in pages:
            bundle = self._bundle_of.get(page)
            if bundle is None:
                continue
            if page in rendered:
                self._changed.add(bundle.name)
            self._left[bundle.name] -= 1
            if self._left[bundle.name] == 0:
                self._start(bundle, now=bundle in self._early)

    def staged_all(self, unchanged: Callable[[str], bool] | None = None) -> None:
        """Every item page is staged; those ``unchanged()`` were linked from before."""
        for bundle in self._bundles:
            pages = bundle.pages
            self.staged(pages, {page for page in pages if unchanged is None or not unchanged(page)})

    def finish(self, started: Callable[[], None] | None = None) -> None:
        """Wait until every bundle is indexed or linked in; raise the first failure.

        ``started()`` is called once the first Pagefinds run (one per core), or at
        once when none has to."""
        for bundle in self._bundles:  # pages never reported: index what is there
            if self._left[bundle.name] > 0:
                self._left[bundle.name] = 0
                self._changed.add(bundle.name)
                self._start(bundle, now=False)
        self._deferred.sort(key=lambda bundle: -len(bundle.pages))  # the cores stay busy
        for bundle in self._deferred:
            self._index_now(bundle)
        self._deferred.clear()
        if started is not None:
            with self._settled:
                self._settled.wait_for(
                    lambda: (
                        self._launched >= min(self._workers, self._indexing)
                        or self._failed.is_set()
                    )
                )
            started()
        errors = [failure for future in self._futures if (failure := _failure(future))]
        # the error that stopped the others, not the Superseded it caused them to raise
        errors.sort(key=lambda error: isinstance(error, Superseded))
        if errors:
            raise errors[0]

    def owns(self, path: str) -> bool:
        """The bundles' folder is the index's: what the spare held there is kept or
        removed here (the bundles it held that this build does not have, at once)."""
        return path.startswith(f"{BUNDLE_FOLDER}/")

    def close(self) -> None:
        """Stop what still runs (killing Pagefind) and wait for it; errors are dropped."""
        if not all(future.done() for future in self._futures):
            with self._settled:
                self._failed.set()
                self._settled.notify_all()  # finish() waits no longer for launches
        self._pagefind.shutdown(wait=True, cancel_futures=True)
        self._linker.shutdown(wait=True, cancel_futures=True)
        for pages in self._linked:  # removed by each bundle's work, unless it never ran
            shutil.rmtree(pages, ignore_errors=True)
        if self._own_pool:
            self._pool.close()

    # -- inside ------------------------------------------------------------------

    def _held_bundles(self, staging: Staging) -> dict[str, dict[str, int]]:
        """The files the staging folder held of each bundle this build has, by bundle and
        path within it (with their inodes, as :class:`Staging` holds them); the others
        are removed."""
        names = {bundle.name for bundle in self._bundles}
        held: dict[str, dict[str, int]] = {}
        prefix = f"{BUNDLE_FOLDER}/"
        for path, inode in staging.held.items():
            if not path.startswith(prefix):
                continue
            name, _, within = path.removeprefix(prefix).partition("/")
            if name in names and within:
                held.setdefault(name, {})[within] = inode
            else:
                (self._folder / path).unlink(missing_ok=True)
        return held

    def _stopped(self) -> bool:
        return self._failed.is_set() or (self._cancelled is not None and self._cancelled())

    def _start(self, bundle: Bundle, *, now: bool) -> None:
        """Link ``bundle`` in from the previous output if it can be kept; otherwise index
        it, ``now`` or once every page is staged."""
        kept = self._kept(bundle)
        if kept is not None:
            work = self._linker.submit(self._link, bundle, kept)
            self._futures.append(work)
        elif now:
            work = self._index_now(bundle, early=True)
        else:
            self._deferred.append(bundle)
            return
        if bundle in self._early:
            self._early_work.append(work)

    def _index_now(self, bundle: Bundle, *, early: bool = False) -> Future[None]:
        with self._settled:
            self._indexing += 1
        pages = None
        if early:
            # copied (and the spare's version removed) here, by the renderer's thread:
            # in the Pagefind thread, each file waited for the interpreter beside the
            # busy renderer, and Pagefind started 0.13-0.31 s later. The bundles left
            # to finish() are linked by their own Pagefind threads, side by side.
            self._clear(bundle)
            pages = link_pages(self._folder, bundle.pages)
            self._linked.append(pages)
        work = self._pagefind.submit(self._index, bundle, pages)
        self._futures.append(work)
        return work

    def _clear(self, bundle: Bundle) -> None:
        """Remove the spare's older version of ``bundle``: it is written anew."""
        if bundle.name in self._held:
            shutil.rmtree(self._folder / bundle.path, ignore_errors=True)

    def _kept(self, bundle: Bundle) -> Path | None:
        if self._previous is None or bundle.name in self._changed:
            return None
        kept = reusable_bundle(self._previous / bundle.path, len(bundle.pages))
        if kept is None or (bundle is self._primary and not merge_is_patched(kept)):
            return None
        return kept

    def _link(self, bundle: Bundle, kept: Path) -> None:
        try:
            if self._stopped():
                raise Superseded("search index")
            target = self._folder / bundle.path
            held = self._held.get(bundle.name, {})
            link_bundle(kept, target, scripts=bundle is self._primary, held=held)
        except BaseException:
            self._failed.set()  # the others stop too: this build will not be swapped in
            raise

    def _index(self, bundle: Bundle, pages: Path | None) -> None:
        launched = False

        def running() -> None:
            nonlocal launched
            launched = True
            self._count_launch()

        try:
            if self._stopped():  # queued behind a bundle that failed, or the preview moved on
                raise Superseded("search index")
            target = self._folder / bundle.path
            if pages is None:
                self._clear(bundle)
            with self._pool.process() as pagefind:
                running()
                count = index_item_pages(
                    self._folder,
                    bundle.pages,
                    target,
                    pagefind,
                    self._stopped,
                    self._previous / bundle.path if self._previous is not None else None,
                    pages,
                )
            if count != len(bundle.pages):
                raise SearchIndexError(
                    f"Pagefind indexed {count} pages into {bundle.path}, "
                    f"expected {len(bundle.pages)}"
                )
            if bundle is self._primary:
                patch_merge_order(target)
            else:
                prune_to_index_data(target)
        except BaseException:
            self._failed.set()  # the other bundles stop too: this build will not be swapped in
            raise
        finally:
            if not launched:
                self._count_launch()

    def _count_launch(self) -> None:
        with self._settled:
            self._launched += 1
            self._settled.notify_all()


def _failure(future: Future[None]) -> BaseException | None:
    """What ``future`` raised once done; a job cancelled before it ran was superseded."""
    if future.cancelled():
        return Superseded("search index")
    return future.exception()


def index_item_pages(
    folder: Path,
    items: Sequence[str],
    bundle: Path,
    pagefind: PagefindProcess,
    cancelled: Callable[[], bool] | None = None,
    reuse: Path | None = None,
    linked: Path | None = None,
) -> int:
    """Index the item pages ``items`` of ``folder`` (and nothing else) into ``bundle``
    with the service ``pagefind``; files equal to those of ``reuse`` (the bundle's
    previous version) are linked from there. ``linked``: a folder holding Pagefind's
    copies of those pages already (:func:`link_pages`); it is removed afterwards."""
    pages = linked if linked is not None else link_pages(folder, items)
    try:
        return index_folder(pages, bundle, cancelled, pagefind, reuse)
    finally:
        shutil.rmtree(pages, ignore_errors=True)


def link_pages(folder: Path, items: Sequence[str]) -> Path:
    """A new folder beside ``folder`` holding Pagefind's copy of each of its pages
    ``items`` (:func:`gkssg.search.ngrams.searchable_copy`: the page and the words of
    its character pairs): what Pagefind reads, so that it indexes those pages and
    nothing else."""
    # named like the staging folder, so a killed build's leftovers are removed with it
    pages = tempfile.mkdtemp(prefix=f"{folder.name}-search-", dir=folder.parent)
    try:
        staged = os.fspath(folder)
        made: set[str] = set()
        for path in items:  # text paths, as in link_bundle
            parent = path.rpartition("/")[0]
            if parent not in made:
                Path(f"{pages}/{parent}").mkdir(parents=True, exist_ok=True)
                made.add(parent)
            with open(f"{staged}/{path}", encoding="utf-8") as page:  # noqa: PTH123
                text = searchable_copy(page.read())
            with open(f"{pages}/{path}", "x", encoding="utf-8") as copy:  # noqa: PTH123
                copy.write(text)
    except BaseException:
        shutil.rmtree(pages, ignore_errors=True)
        raise
    return Path(pages)


@functools.cache
def _pagefind_version() -> str:
    from importlib.metadata import version  # read when a bundle may be kept: 0.03 s to import

    return version("pagefind_bin_extended")


def reusable_bundle(bundle: Path, pages: int) -> Path | None:
    """``bundle`` (of the previous output) when this Pagefind made it from ``pages``
    pages; the caller knows that those pages are unchanged."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        if entry["version"] != _pagefind_version():
            return None
        if indexed_pages(bundle) != pages:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return bundle


def link_bundle(
    previous: Path, target: Path, *, scripts: bool, held: Mapping[str, int] | None = None
) -> None:
    """Link a reused bundle in; without ``scripts``, its index data alone.

    ``held``: the files ``target`` holds already (path within it → inode; the
    spare's version of the bundle): those that are the previous bundle's very files
    are kept, the others removed or replaced.
    """
    held = held or {}
    files, _, _ = walk_files(previous)
    wanted = {path: inode for path, inode in files.items() if scripts or is_index_data(path)}
    # text paths: pathlib cost 0.2 s of the 0.4 s for 10,000 files, in a thread that
    # shares the interpreter with the build's other work
    source_root, target_root = os.fspath(previous), os.fspath(target)
    for path in held.keys() - wanted.keys():
        Path(f"{target_root}/{path}").unlink(missing_ok=True)
    for path, inode in wanted.items():
        if held.get(path) != inode:
            link_or_copy(f"{source_root}/{path}", f"{target_root}/{path}")


def prune_to_index_data(bundle: Path) -> None:
    """Remove what only a primary bundle needs (scripts, styles, WebAssembly)."""
    for file in bundle.iterdir():
        if file.is_file() and not is_index_data(file.name):
            file.unlink()


def index_folder(
    folder: Path,
    bundle: Path,
    cancelled: Callable[[], bool] | None = None,
    pagefind: PagefindProcess | None = None,
    reuse: Path | None = None,
) -> int:
    """Index the pages in ``folder`` into ``bundle`` with ``pagefind`` (or a process of
    its own); returns the number of pages indexed. Files equal to those of ``reuse``
    are linked from there (see :meth:`PagefindProcess.index`).

    Pagefind is ended (and :class:`Superseded` raised) as soon as ``cancelled()`` is
    true, so a build that fails or a preview that moves on leaves no indexer running.
    """
    if pagefind is None:
        own = PagefindProcess()
        try:
            return index_folder(folder, bundle, cancelled, own, reuse)
        finally:
            own.close()
    count = pagefind.index(folder, bundle, cancelled, reuse)
    canonicalise_bundle(bundle)  # Pagefind's filter files are in hash-map order
    return count


def indexed_pages(bundle: Path) -> int:
    """The number of pages in a written Pagefind bundle, from ``pagefind-entry.json``."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
