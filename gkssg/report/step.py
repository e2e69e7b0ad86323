"""``stats/index.html``: counts per column and year, publication latency, charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from gkssg.base.hashing import digest
from gkssg.content.site import Site
from gkssg.content.urls import STATS_PAGE
from gkssg.content.workdays import calendar_data
from gkssg.outputs.plan import OutputPlan
from gkssg.render.jobs import PageJob
from gkssg.render.renderer import PageView
from gkssg.render.views import Link, Meta
from gkssg.report.compute import WORKDAY_LIMIT, figures_input
from gkssg.report.stats_view import stats_years

if TYPE_CHECKING:
    from gkssg.render.renderer import PageRenderer


@dataclass(frozen=True, slots=True)
class StatsPage(PageJob):
    """The yearly figures, as tables and SVG charts."""

    slow: ClassVar[bool] = True  # 0.2 s of figures at 10,000 items

    def render(self, renderer: PageRenderer) -> bytes:
        url = renderer.urls.path(STATS_PAGE)
        page = PageView(
            kind="stats",
            title="政府信息公开统计",
            url=url,
            meta=(
                *renderer.site_meta(),
                Meta("description", "政府信息公开数量、栏目分布和公开时效统计"),
            ),
            breadcrumbs=(Link("首页", renderer.urls.home()), Link("公开统计", url)),
            current_column="stats",
        )
        years = stats_years(renderer.catalog, renderer.urls)
        return renderer.template("stats.html", page, years=years, workday_limit=WORKDAY_LIMIT)

    def key(self, renderer: PageRenderer) -> str | None:
        # every item's dates and column, on the site's calendar; not the bodies
        catalog = renderer.catalog
        return digest(
            renderer.site_key,
            self,
            calendar_data(),
            renderer.columns_print(catalog.columns),
            tuple(map(figures_input, catalog.items)),
        )


class StatsStep:
    name = "stats"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        plan.add_page(STATS_PAGE, StatsPage(), self.name)
