"""The registry of output steps: which steps a build runs, in which order.

The steps' protocols are in :mod:`gkssg.outputs.steps`; adding an output to
gkssg means writing a step and listing it here.
"""

from __future__ import annotations

from gkssg.outputs.assets import AssetsStep
from gkssg.outputs.exports import ExportsStep
from gkssg.outputs.feeds import FeedsStep
from gkssg.outputs.pages import PagesStep
from gkssg.outputs.robots import RobotsStep
from gkssg.outputs.sitemap import SitemapStep
from gkssg.outputs.steps import OutputStep, PostWriteStep
from gkssg.outputs.withdrawn import WithdrawnStep
from gkssg.report.step import StatsStep
from gkssg.search.step import SearchIndexStep, SearchStep


def plan_steps() -> list[OutputStep]:
    """The steps in the order they plan; the sitemap comes last, as it lists the others."""
    return [
        PagesStep(),
        AssetsStep(),
        RobotsStep(),
        StatsStep(),
        SearchStep(),
        FeedsStep(),
        ExportsStep(),
        WithdrawnStep(),
        SitemapStep(),  # last: it lists every page the others planned
    ]


def post_write_steps() -> list[PostWriteStep]:
    return [SearchIndexStep()]
