"""``gkssg build``: the pipeline, one named and timed phase after another.

load config → read content → check → assemble the catalog → plan outputs →
render and write into a staging folder → index for search → swap in.
Nothing is written to the output folder until every phase has succeeded; the
phases themselves are in :mod:`gkssg.pipeline.phases`.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from gkssg.base.heap import long_lived_heap
from gkssg.cache.stamp import snapshot_inputs
from gkssg.pipeline import phases
from gkssg.pipeline.context import BuildContext, BuildOptions, BuildResult, Reporter
from gkssg.pipeline.steps import post_write_steps


def build(
    site_root: Path, options: BuildOptions | None = None, reporter: Reporter | None = None
) -> BuildResult:
    """Build the site at ``site_root``; raises :class:`ContentError` on content errors."""
    ctx = BuildContext.start(site_root, options or BuildOptions(), reporter or Reporter())
    post_write = post_write_steps() if ctx.options.search else []
    with ExitStack() as stack:
        stack.enter_context(phases.prepared(post_write))  # Pagefind, kept to the end
        loaded = stack.enter_context(long_lived_heap())
        inputs = snapshot_inputs(site_root)  # before reading: a later save makes it stale
        site, cache = phases.load(ctx)
        loaded()
        plan = phases.plan(ctx, site, cache)
        staged = phases.stage(ctx, stack, phases.Planned(site, plan, cache), post_write)
        rendered = phases.render(ctx, staged)
        ctx.stop_on_errors()
        with ctx.phase("index" if ctx.options.search else "write"):
            records = phases.index(ctx, staged)
            if records is not None:
                stack.callback(records.discard)  # a no-op once committed
        with ctx.phase("publish"):
            phases.swap(ctx, staged, records, rendered)
            phases.stamp(ctx, len(site.catalog.items), inputs)
    return BuildResult(
        out=ctx.out,
        pages=len(plan.pages),
        files=len(staged.planned),
        items=len(site.catalog.items),
        problems=ctx.problems,
        timings=ctx.timings,
    )
