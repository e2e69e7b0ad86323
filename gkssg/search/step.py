"""Search: ``search/index.html``, the exact look-up shards, and the Pagefind index
(bundles of whole years, made by gkssg.search.indexing while the pages render)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from gkssg.cache.rows import site_context
from gkssg.content.site import Site
from gkssg.content.urls import SEARCH_PAGE
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.staging import Staging
from gkssg.outputs.steps import PreviousOutput
from gkssg.search.exact import exact_row, exact_shards, shard_count, shard_paths
from gkssg.search.form import FIELDS_FILE, field_values
from gkssg.search.indexing import BundleIndexing
from gkssg.search.page import SearchPage
from gkssg.search.pagefind import PagefindPool


class SearchStep:
    name = "search"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        plan.add_page(SEARCH_PAGE, SearchPage(), self.name)
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

        def fields() -> dict[str, bytes]:
            return {FIELDS_FILE: field_values(plan.checked(items, self.name))}

        plan.add_later([FIELDS_FILE], fields, self.name)


class SearchIndexStep:
    """The Pagefind bundles; the Pagefind processes are kept for every run from
    :meth:`prepare` to :meth:`close` (a build, or a whole preview)."""

    name = "index"

    def __init__(self) -> None:
        self._pool: PagefindPool | None = None

    def prepare(self) -> None:
        """Make the pool and start a Pagefind at once: it readies its Chinese segmenter
        (about 0.3 s of a core) while the build loads the site on the other, instead
        of after an edited item's pages are rendered (up to 0.1 s of a rebuild's 3 s
        lay there); a no-change rebuild, which indexes nothing, leaves it unused."""
        if self._pool is None:
            self._pool = PagefindPool()
            self._pool.prestart()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def begin(
        self,
        site: Site,
        folder: Path,
        previous: Path | None = None,
        cancelled: Callable[[], bool] | None = None,
        staging: Staging | None = None,
    ) -> BundleIndexing:
        """The index of the pages being staged into ``folder`` (see gkssg.search.indexing)."""
        return BundleIndexing(site, folder, previous, cancelled, self._pool, staging)

    def after_write(
        self,
        site: Site,
        folder: Path,
        cancelled: Callable[[], bool] | None = None,
        previous: PreviousOutput | None = None,
        started: Callable[[], None] | None = None,
    ) -> None:
        """Index the item pages of the rendered ``folder`` into bundles of whole years.

        A bundle of ``previous`` whose pages are all unchanged is kept (linked in
        while Pagefind runs); the others are indexed, one Pagefind per core.
        ``started()`` is called once the first of them run (or when none needs to).
        """
        indexing = self.begin(site, folder, previous.folder if previous else None, cancelled)
        try:
            indexing.staged_all(previous.unchanged if previous else None)
            indexing.finish(started)
        finally:
            indexing.close()
