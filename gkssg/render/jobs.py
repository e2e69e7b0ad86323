"""Page jobs: what to render for one page, small and picklable, typed by kind.

The plan holds one job per page; a render worker turns it into bytes with
:meth:`PageJob.render` and tells whether the last build's page still stands
with :meth:`PageJob.key`. Each kind knows both, so a new kind of page (the
statistics page of :mod:`gkssg.report`, the search page of :mod:`gkssg.search`)
is a new job class in its own stage, not a branch in the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from gkssg.base.hashing import digest, digest_text

if TYPE_CHECKING:
    from gkssg.render.renderer import PageRenderer


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page to render. Subclasses are frozen dataclasses of plain values."""

    #: a page kind that takes long to render is handed to the workers first
    slow: ClassVar[bool] = False

    def render(self, renderer: PageRenderer) -> bytes:
        raise NotImplementedError

    def key(self, renderer: PageRenderer) -> str | None:
        """A hash of every value the page's template receives; equal keys, equal pages.

        None for a kind whose inputs are not tracked: such a page is always rendered.
        """
        return None


@dataclass(frozen=True, slots=True)
class HomePage(PageJob):
    def render(self, renderer: PageRenderer) -> bytes:
        return renderer.home()

    def key(self, renderer: PageRenderer) -> str | None:
        catalog = renderer.catalog
        newest = catalog.items[: catalog.config.home_items]
        return digest(renderer.site_key, self, renderer.items_print(newest), len(catalog.items))


@dataclass(frozen=True, slots=True)
class NotFoundPage(PageJob):
    def render(self, renderer: PageRenderer) -> bytes:
        return renderer.not_found()

    def key(self, renderer: PageRenderer) -> str | None:
        return digest(renderer.site_key, self)


@dataclass(frozen=True, slots=True)
class ColumnPage(PageJob):
    """List page ``number`` (from 1) of the column at ``path``."""

    path: str
    number: int

    def render(self, renderer: PageRenderer) -> bytes:
        return renderer.column_page(renderer.catalog.column(self.path), self.number)

    def key(self, renderer: PageRenderer) -> str | None:
        catalog = renderer.catalog
        column = catalog.column(self.path)
        start = (self.number - 1) * column.per_page
        listed = catalog.listed_in(column) if column.layout != "page" else ()
        return digest(
            renderer.site_key,
            self,
            renderer.columns_print(catalog.ancestors(column)),
            len(listed),
            renderer.items_print(listed[start : start + column.per_page]),
        )


@dataclass(frozen=True, slots=True)
class ItemPage(PageJob):
    """The page of the item numbered ``index_no``."""

    index_no: str

    def render(self, renderer: PageRenderer) -> bytes:
        item = renderer.catalog.item(self.index_no)
        assert item is not None, self
        return renderer.item_page(item)

    def key(self, renderer: PageRenderer) -> str | None:
        # nine pages in ten: the parts are joined, then hashed once
        catalog = renderer.catalog
        item = catalog.item(self.index_no)
        assert item is not None, self
        item_print = renderer.item_print
        older, newer = catalog.neighbours(item)
        return digest_text(
            "\x1f".join(
                (
                    renderer.site_key,
                    repr(self),
                    "scheduled" if self.index_no in renderer.scheduled else "",
                    item_print(item),
                    renderer.lineage_print(item.column),
                    item_print(older) if older else "-",
                    item_print(newer) if newer else "-",
                    *map(item_print, catalog.related(item)),
                )
            )
        )
