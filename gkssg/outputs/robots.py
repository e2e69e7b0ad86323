"""robots.txt, pointing crawlers at the sitemap."""

from __future__ import annotations

from gkssg.content.site import Site
from gkssg.outputs.plan import OutputPlan


class RobotsStep:
    name = "robots"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        sitemap = site.urls.absolute("sitemap.xml")
        plan.add_text("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", self.name)
