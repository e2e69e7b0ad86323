"""Withdrawn items (撤回): at each one's old URL, a short notice instead of a 404.

``gkssg withdraw`` records the withdrawal in the 索引号 ledger; from the next build
the item is on no page, feed, export, sitemap or search index, and its address
says what it was, when and why it was withdrawn (``noindex``: search engines drop it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gkssg.base.hashing import digest
from gkssg.content.site import Site
from gkssg.outputs.plan import OutputPlan
from gkssg.render.jobs import PageJob
from gkssg.render.renderer import PageView
from gkssg.render.views import Link, Meta

if TYPE_CHECKING:
    from gkssg.render.renderer import PageRenderer


@dataclass(frozen=True, slots=True)
class WithdrawnPage(PageJob):
    """The notice served at a withdrawn item's old address."""

    path: str  # the item's output path
    number: str
    title: str
    withdrawn_on: str
    reason: str

    def render(self, renderer: PageRenderer) -> bytes:
        urls = renderer.urls
        page = PageView(
            kind="withdrawn",
            title=f"已撤回：{self.title}",
            url=urls.path(self.path),
            meta=(*renderer.site_meta(), Meta("robots", "noindex")),
            breadcrumbs=(Link("首页", urls.home()),),
            current_column="",
        )
        return renderer.template(
            "withdrawn.html",
            page,
            title=self.title,
            index_no=self.number,
            withdrawn_on=self.withdrawn_on,
            reason=self.reason,
        )

    def key(self, renderer: PageRenderer) -> str | None:
        return digest(renderer.site_key, self)


def withdrawn_pages(site: Site) -> dict[str, WithdrawnPage]:
    """Output path → notice, for every withdrawal the ledger records."""
    return {
        row.url: WithdrawnPage(row.url, row.number, row.title, row.time[:10], row.reason)
        for row in site.withdrawn
        if row.url
    }


class WithdrawnStep:
    name = "withdrawn"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        for path, job in withdrawn_pages(site).items():
            plan.add_page(path, job, self.name)
