"""The phases of ``gkssg build``: load, plan, stage, render into the staging folder,
index for search (beside the data files), swap in. Each takes the build's context
and what the phase before it made (:class:`Planned`, then :class:`StagedBuild`)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from gkssg.base.errors import ContentError
from gkssg.cache.rows import RowCache
from gkssg.cache.stamp import BuildStamp, InputSnapshot, finished_now, record_build
from gkssg.cache.store import BuildCache, StagedCache
from gkssg.content.site import Publication, Site, assemble_site, check_site, read_site
from gkssg.outputs.files import make_files
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.staging import (
    Staging,
    output_lock,
    remove_stale_staging,
    staging_for,
    swap_in,
    sweep,
)
from gkssg.outputs.steps import PostWriteRun, PostWriteStep
from gkssg.outputs.writing import RenderTask, make_renderer, render_pages
from gkssg.pipeline.context import BuildContext
from gkssg.pipeline.planning import plan_outputs


@dataclass(frozen=True)
class Planned:
    """A loaded site, its outputs planned, with what the last build left to reuse."""

    site: Site
    plan: OutputPlan
    cache: BuildCache


@dataclass(frozen=True)
class StagedBuild(Planned):
    """A planned build, its staging folder taken and its post-write runs begun."""

    staging: Staging
    previous: Path | None  # the output being replaced, when there is one
    runs: Sequence[PostWriteRun]
    planned: frozenset[str]  # every path the plan makes

    def files(self, root: Path) -> Callable[[], None]:
        """The work that makes the files that do not wait for the pages."""
        folder = self.staging.folder
        return functools.partial(make_files, root, self.plan, folder, self.cache, self.previous)


def load(ctx: BuildContext) -> tuple[Site, BuildCache]:
    """Read the configuration and the content (items reused from the cache), check
    them, and assemble the catalog, each a phase; raises :class:`ContentError` on any
    error."""
    options = ctx.options
    with ctx.phase("load"):
        cache = BuildCache.load(ctx.root, ctx.out)
        read = read_site(
            ctx.root,
            ctx.problems,
            drafts=options.drafts,
            base_url=options.base_url,
            cache=cache.items,
            publication=Publication(ctx.now, options.future),
        )
    if read is None:
        raise ContentError(ctx.problems)
    with ctx.phase("check"):
        check_site(ctx.root, read, ctx.problems)
    ctx.stop_on_errors()
    with ctx.phase("catalog"):
        site = assemble_site(ctx.root, read)
    return site, cache


def plan(ctx: BuildContext, site: Site, cache: BuildCache) -> OutputPlan:
    """Every output of ``site``, the data files left to be made beside the render."""
    with ctx.phase("plan"):
        made = plan_outputs(site, ctx.problems, later=True, rows=RowCache(cache.load_rows))
    ctx.stop_on_errors()
    return made


def stage(
    ctx: BuildContext, stack: ExitStack, planned: Planned, steps: Sequence[PostWriteStep]
) -> StagedBuild:
    """Take the output (its lock, then a staging folder: the spare or a new one) for as
    long as ``stack`` lasts, and begin the post-write steps' runs over it."""
    out = ctx.out
    stack.enter_context(output_lock(out, wait=ctx.options.wait_for_lock))
    remove_stale_staging(out)
    previous = out if out.is_dir() else None  # what unchanged files are linked from
    paths = frozenset(planned.plan.paths())
    # kept as the spare when the build stops for a layout's error (ContentError)
    taken = stack.enter_context(staging_for(out, paths, keep_on=(ContentError,)))
    # begun before rendering: a search bundle is indexed once its pages are staged
    runs = [step.begin(planned.site, taken.folder, previous, staging=taken) for step in steps]
    for run in runs:  # a failed build stops its Pagefinds before the folder goes
        stack.callback(run.close)
    site, plan, cache = planned.site, planned.plan, planned.cache
    return StagedBuild(site, plan, cache, taken, previous, runs, paths)


@contextmanager
def prepared(steps: Sequence[PostWriteStep]) -> Iterator[None]:
    """``steps`` prepared for a build, and closed after it, however it ends."""
    with ExitStack() as closing:
        for step in steps:
            closing.callback(step.close)
            step.prepare()
        yield


def render(ctx: BuildContext, build: StagedBuild) -> int:
    """Render every planned page into the staging folder, tell the runs of each page
    staged, and update the cache to describe them; returns how many were rendered
    anew (not linked unchanged).

    The files that do not wait for the pages are made beside Pagefind (in
    :func:`index`) or, when there is none, by a render worker beside the others.
    Pages whose inputs are unchanged are hard-linked from the output being replaced
    instead of rendered again, unless the staging folder holds that very file already
    (gkssg.outputs.staging). The pages the runs want first are staged first, or else
    the slow ones; the order makes no other difference.
    """
    runs, plan = build.runs, build.plan
    first = set().union(*(run.wanted_first() for run in runs))
    if first:  # stable: those pages, then the plan's order
        pages = sorted(plan.pages, key=lambda page: page.path not in first)
    else:  # the slow ones first (beside Pagefind, they would take a core from it)
        pages = sorted(plan.pages, key=lambda page: not page.job.slow)

    def staged(paths: Sequence[str], rendered: set[str]) -> None:
        for run in runs:
            run.staged(paths, rendered)

    cache = build.cache
    with ctx.phase("render", len(pages)):
        renderer = make_renderer(build.site, ctx.options.serve_script, cache.markdown)
        records = cache.pages if build.previous else {}
        outcome = render_pages(
            RenderTask(renderer, build.staging, build.previous, records),
            pages,
            jobs=ctx.options.jobs,
            progress=ctx.reporter.advance,
            staged=staged,
            beside=lambda: any(run.working_beside() for run in runs),
            alongside=None if runs else build.files(ctx.root),
        )
        ctx.problems.extend(outcome.problems)
    cache.pages = outcome.records
    cache.markdown.add(outcome.new_markdown, most=2 * len(build.site.catalog.items) + 1000)
    return len(outcome.rendered)


def index(ctx: BuildContext, build: StagedBuild) -> StagedCache | None:
    """Finish the runs (the search index) over the rendered folder and, meanwhile,
    make the files not made yet and stage the cache; returns the staged cache (None
    when there is none), for :func:`swap` to commit. Nothing is left staged on failure.

    Pagefind reads only item pages, already rendered, and runs in processes of its
    own: the data files and the cache are made in the time it takes.
    """
    runs = build.runs
    files = build.files(ctx.root) if runs else None
    started = threading.Event()

    def finish() -> None:
        try:
            for run in runs:
                run.finish(started.set)
        finally:
            started.set()

    staged: StagedCache | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index") as pool:
        finished = pool.submit(finish) if runs else None
        try:
            # not before Pagefind runs: beside a busy thread, each file the index links
            # first would wait for the interpreter (up to 5 ms; 1 s at 10,000 items)
            if finished is not None:
                started.wait()
            if files is not None:
                files()
            staged = build.cache.stage(ctx.root)
            if finished is not None:
                finished.result()
        except BaseException:
            for run in runs:  # Pagefind is stopped too: this build will not be swapped in
                run.close()
            if staged is not None:
                staged.discard()
            raise
    return staged


def swap(ctx: BuildContext, build: StagedBuild, staged: StagedCache | None, rendered: int) -> None:
    """Put the staged output in place of the live one, then commit what describes it."""
    planned, runs = build.planned, build.runs
    sweep(build.staging, lambda path: path in planned or any(r.owns(path) for r in runs))
    # the old output is kept as the next build's spare while most of its pages are the
    # new output's too (see gkssg.outputs.staging)
    swap_in(build.staging.folder, ctx.out, spare=rendered <= len(build.plan.pages) // 2)
    if staged is not None:
        staged.commit()  # it describes the output now in place


def stamp(ctx: BuildContext, items: int, inputs: InputSnapshot) -> None:
    """Record what was built from what, for ``gkssg publish``'s checks."""
    options = ctx.options
    record_build(
        ctx.root,
        ctx.out,
        BuildStamp(
            out=str(ctx.out),
            finished=finished_now(),
            items=items,
            drafts=options.drafts,
            base_url=options.base_url,
            live_reload=bool(options.serve_script),
            inputs=inputs,
        ),
    )
