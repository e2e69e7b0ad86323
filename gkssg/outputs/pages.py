"""HTML pages: home, every column's list pages, every item, 404."""

from __future__ import annotations

from gkssg.content.catalog import Catalog
from gkssg.content.model import Column, Item
from gkssg.content.site import Site
from gkssg.content.urls import HOME_PAGE, NOT_FOUND_PAGE, column_page_path
from gkssg.outputs.plan import OutputPlan
from gkssg.render.jobs import ColumnPage, HomePage, ItemPage, NotFoundPage, PageJob

#: The pages of this step whose inputs are known (what `gkssg serve` re-renders by itself).
PAGE_KINDS = (HomePage, NotFoundPage, ColumnPage, ItemPage)


class PagesStep:
    name = "pages"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        catalog = site.catalog
        for path, job in fixed_pages().items():
            plan.add_page(path, job, self.name)
        for column in catalog.columns:
            for path, job in column_pages(catalog, column).items():
                plan.add_page(path, job, column.source)
        for item in plan.checked(catalog.items, self.name):
            plan.add_page(item.output_path, item_page(item), item.source)


def fixed_pages() -> dict[str, PageJob]:
    return {HOME_PAGE: HomePage(), NOT_FOUND_PAGE: NotFoundPage()}


def column_pages(catalog: Catalog, column: Column) -> dict[str, PageJob]:
    """A column's list pages, path → job."""
    return {
        column_page_path(column, number): ColumnPage(column.path, number)
        for number in range(1, catalog.list_pages(column) + 1)
    }


def item_page(item: Item) -> ItemPage:
    return ItemPage(item.index_no.text)


def all_pages(catalog: Catalog) -> dict[str, PageJob]:
    """Every page this step plans, path → job."""
    pages = fixed_pages()
    for column in catalog.columns:
        pages.update(column_pages(catalog, column))
    for item in catalog.items:
        pages[item.output_path] = item_page(item)
    return pages
