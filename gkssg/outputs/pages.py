"""HTML pages: home, every column's list pages, every item, 404."""

from __future__ import annotations

from gkssg.content.site import Site
from gkssg.content.urls import column_page_path
from gkssg.outputs.plan import OutputPlan
from gkssg.render.renderer import page_count


class PagesStep:
    name = "pages"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        catalog = site.catalog
        plan.add_page("index.html", ("home",), self.name)
        plan.add_page("404.html", ("not_found",), self.name)
        for column in catalog.columns:
            pages = (
                1
                if column.layout == "page"
                else page_count(len(catalog.listed_in(column)), column.per_page)
            )
            for number in range(1, pages + 1):
                plan.add_page(
                    column_page_path(column, number),
                    ("column", column.path, str(number)),
                    column.source,
                )
        for item in plan.checked(catalog.items, self.name):
            plan.add_page(item.output_path, ("item", item.index_no.text), item.source)
