"""``stats/index.html``: counts per column and year, publication latency, charts."""

from __future__ import annotations

from gkssg.content.site import Site
from gkssg.outputs.plan import OutputPlan
from gkssg.report.stats_view import STATS_PAGE


class StatsStep:
    name = "stats"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        plan.add_page(STATS_PAGE, ("stats",), self.name)
