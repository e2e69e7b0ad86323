"""``gkssg build``: the pipeline, one named and timed phase after another.

load config → read content → check → assemble the catalog → plan outputs →
render and write into a staging folder → index for search → swap in.
Nothing is written to the output folder until every phase has succeeded.
"""

from __future__ import annotations

import functools
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.cache.store import BuildCache, StagedCache
from gkssg.cache.stamp import (
    BuildStamp,
    InputSnapshot,
    finished_now,
    record_build,
    snapshot_inputs,
)
from gkssg.content.config import normalise_base_url
from gkssg.base.errors import ContentError, Problems, Superseded, UsageError
from gkssg.base.heap import long_lived_heap
from gkssg.outputs.plan import OutputCollision, OutputPlan
from gkssg.outputs.writing import RenderTask, link_or_copy, make_renderer, render_pages
from gkssg.cache.rows import RowCache
from gkssg.content.site import Site, load_site
from gkssg.build.steps import plan_steps, post_write_steps
from gkssg.outputs.steps import PostWriteRun, PostWriteStep
from gkssg.source.theme import template_problem
from gkssg.outputs.staging import (
    Staging,
    holds,
    output_lock,
    remove_stale_staging,
    same_bytes,
    staging_for,
    swap_in,
    sweep,
    write_file,
)

OUTPUT_DIR = "output"
#: Page kinds that take long to render (the statistics page: 0.2 s of figures at
#: 10,000 items), rendered first when no run wants pages first: last, one worker
#: rendered them alone at the end.
SLOW_PAGES = frozenset({"stats"})
PROTECTED = ("content", "layouts", "data", "site.yaml")


class Reporter:
    """Receives progress; the CLI shows it on a terminal, tests ignore it."""

    def phase(self, name: str, total: int | None = None) -> None:
        """A new phase starts (with a count of units when known)."""

    def advance(self, amount: int) -> None:
        """``amount`` more units of the current phase are done."""


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    base_url: str | None = None
    out: Path | None = None
    jobs: int | None = None
    wait_for_lock: bool = False
    search: bool = True  # run the post-write steps (the search index)
    serve_script: str = ""  # `gkssg serve` only: injected before </body> of every page


@dataclass
class BuildResult:
    out: Path
    pages: int
    files: int
    items: int
    problems: Problems
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class _Timer:
    reporter: Reporter
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[None]:
        self.reporter.phase(name, total)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - start


def resolve_out(site_root: Path, out: Path | None) -> Path:
    """The output folder; refuses the site itself, its sources, and their parents."""
    target = (out if out is not None else site_root / OUTPUT_DIR).absolute().resolve()
    root = site_root.absolute().resolve()
    protected = [root] + [root / name for name in PROTECTED]
    for path in protected:
        if target == path or path.is_relative_to(target):
            raise UsageError(
                f"--out {out} would overwrite the site's own files ({path.name or path}); "
                "choose a separate folder such as output/"
            )
        if path != root and target.is_relative_to(path):  # read back as sources next time
            raise UsageError(f"--out {out} is inside the site's {path.name}; choose another folder")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    return target


def build(
    site_root: Path, options: BuildOptions | None = None, reporter: Reporter | None = None
) -> BuildResult:
    """Build the site at ``site_root``; raises :class:`ContentError` on content errors."""
    options = options or BuildOptions()
    timer = _Timer(reporter or Reporter())
    out = resolve_out(site_root, options.out)
    if options.base_url is not None:
        try:
            normalise_base_url(options.base_url)
        except ValueError as exc:
            raise UsageError(f"--base-url {options.base_url}: {exc}") from exc
    problems = Problems()
    post_write = post_write_steps() if options.search else []
    # what the steps' runs share (Pagefind processes) is kept until the build ends
    with prepared(post_write), long_lived_heap() as loaded:
        inputs = snapshot_inputs(site_root)  # before reading: a later save makes it stale
        with timer.phase("load"):
            cache = BuildCache.load(site_root, out)
            site = load_site(
                site_root,
                problems,
                drafts=options.drafts,
                base_url=options.base_url,
                cache=cache.items,
            )
        loaded()
        if site is None or problems.has_errors:
            raise ContentError(problems)
        with timer.phase("plan"):
            plan = plan_outputs(site, problems, later=True, rows=RowCache(cache.load_rows))
        if problems.has_errors:
            raise ContentError(problems)
        with output_lock(out, wait=options.wait_for_lock):
            remove_stale_staging(out)
            previous = out if out.is_dir() else None  # what unchanged files are linked from
            planned = set(plan.paths())
            # the spare, or a new folder; kept as the spare after a layout's error
            with staging_for(out, planned, keep_on=(ContentError,)) as taken:
                staging = taken.folder
                staged: StagedCache | None = None
                # begun before rendering: a search bundle is indexed once its pages are staged
                runs = [step.begin(site, staging, previous, staging=taken) for step in post_write]
                # the files that do not wait for the pages are made beside Pagefind, or,
                # when there is none, by a render worker beside the others
                files = functools.partial(make_files, site_root, plan, staging, cache, previous)
                alongside, after = (None, files) if runs else (files, None)
                try:
                    rendered = render_site(
                        site,
                        plan,
                        taken,
                        timer,
                        options,
                        problems,
                        cache,
                        previous,
                        runs,
                        alongside=alongside,
                    )
                    if problems.has_errors:
                        raise ContentError(problems)
                    with timer.phase("index" if options.search else "write"):
                        staged = finish_site(site_root, cache, runs, after)
                    with timer.phase("publish"):
                        sweep(
                            taken, lambda path: path in planned or any(r.owns(path) for r in runs)
                        )
                        # the old output is kept as the next build's spare while most of
                        # its pages are the new output's too (see gkssg.outputs.staging)
                        swap_in(staging, out, spare=rendered <= len(plan.pages) // 2)
                        if staged is not None:
                            staged.commit()  # it describes the output now in place
                            staged = None
                        record_build(
                            site_root, out, _stamp(out, options, len(site.catalog.items), inputs)
                        )
                finally:
                    for run in runs:  # a failed build stops its Pagefinds before the folder goes
                        run.close()
                    if staged is not None:
                        staged.discard()
    return BuildResult(
        out=out,
        pages=len(plan.pages),
        files=len(planned),
        items=len(site.catalog.items),
        problems=problems,
        timings=timer.timings,
    )


@contextmanager
def prepared(steps: Sequence[PostWriteStep]) -> Iterator[None]:
    """``steps`` prepared for a build, and closed after it, however it ends."""
    with ExitStack() as closing:
        for step in steps:
            closing.callback(step.close)
            step.prepare()
        yield


def _stamp(out: Path, options: BuildOptions, items: int, inputs: InputSnapshot) -> BuildStamp:
    return BuildStamp(
        out=str(out),
        finished=finished_now(),
        items=items,
        drafts=options.drafts,
        base_url=options.base_url,
        live_reload=bool(options.serve_script),
        inputs=inputs,
    )


def plan_outputs(
    site: Site,
    problems: Problems,
    superseded: Callable[[], bool] | None = None,
    *,
    later: bool = False,
    rows: RowCache | None = None,
) -> OutputPlan:
    """Every output of ``site``; raises :class:`Superseded` between steps, and within
    their long loops, once ``superseded()`` is true.

    With ``later``, the outputs planned to be made later are left to the caller
    (:meth:`OutputPlan.produce_later`); otherwise the plan holds all the bytes.
    ``rows`` holds the items' rows in the data files kept from the last build.
    """
    plan = OutputPlan(cancelled=superseded, rows=rows or RowCache())
    for step in plan_steps():
        if superseded is not None and superseded():
            raise Superseded(step.name)
        try:
            step.plan(site, plan)
        except OutputCollision as exc:
            problems.error(
                exc.second if exc.second.startswith("content/") else None,
                None,
                "URL_COLLISION",
                f"{exc.path} would be written twice (also by {exc.first})",
                "rename one of them or give the item another slug",
            )
        except Exception as exc:  # a step rendering a site's own layout (feeds, stats)
            problem = template_problem(exc, step.name, site.theme)
            if problem is None:
                raise
            problems.add(problem)
    if not later:
        plan.produce_later()
    return plan


def render_site(
    site: Site,
    plan: OutputPlan,
    staging: Staging,
    timer: _Timer,
    options: BuildOptions,
    problems: Problems,
    cache: BuildCache,
    previous: Path | None = None,
    runs: Sequence[PostWriteRun] = (),
    *,
    alongside: Callable[[], object] | None = None,
) -> int:
    """Render every planned page into the ``staging`` folder, tell ``runs`` of each page
    staged, and update ``cache`` to describe them; returns how many were rendered
    anew (not linked unchanged).

    Pages whose inputs are unchanged are hard-linked from ``previous`` (the output
    being replaced, None when there is none) instead of rendered again, unless the
    staging folder holds that very file already (gkssg.outputs.staging). The pages the runs
    want first are staged first, or else the slow ones; the order makes no other
    difference. ``alongside()`` runs meanwhile, in a render worker when there are any.
    """
    first = set().union(*(run.wanted_first() for run in runs))
    if first:  # stable: those pages, then the plan's order
        pages = sorted(plan.pages, key=lambda page: page.path not in first)
    else:  # the slow ones first (beside Pagefind, they would take a core from it)
        pages = sorted(plan.pages, key=lambda page: page.job[0] not in SLOW_PAGES)

    def staged(paths: Sequence[str], rendered: set[str]) -> None:
        for run in runs:
            run.staged(paths, rendered)

    with timer.phase("render", len(pages)):
        renderer = make_renderer(site, options.serve_script, cache.markdown)
        records = cache.pages if previous else {}
        task = RenderTask(renderer, staging, previous, records)
        outcome = render_pages(
            task,
            pages,
            jobs=options.jobs,
            progress=timer.reporter.advance,
            staged=staged,
            beside=lambda: any(run.working_beside() for run in runs),
            alongside=alongside,
        )
        problems.extend(outcome.problems)
    cache.pages = outcome.records
    cache.markdown.add(outcome.new_markdown, most=2 * len(site.catalog.items) + 1000)
    return len(outcome.rendered)


def finish_site(
    site_root: Path,
    cache: BuildCache,
    runs: Sequence[PostWriteRun] = (),
    files: Callable[[], None] | None = None,
) -> StagedCache | None:
    """Finish the ``runs`` (the search index) over the rendered folder and, meanwhile,
    make the ``files`` not made yet and stage ``cache``; returns the staged cache (None
    when there is none), for the caller to commit after the swap. Nothing is left
    staged on failure.

    Pagefind reads only item pages, already rendered, and runs in processes of its
    own: the data files and the cache are made in the time it takes.
    """
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
            staged = cache.stage(site_root)
            if finished is not None:
                finished.result()
        except BaseException:
            for run in runs:  # Pagefind is stopped too: this build will not be swapped in
                run.close()
            if staged is not None:
                staged.discard()
            raise
    return staged


def make_files(
    site_root: Path, plan: OutputPlan, folder: Path, cache: BuildCache, previous: Path | None
) -> None:
    """What the build makes from the content alone, not from the pages: the plan's
    generated and copied files written into ``folder``, the items' part of ``cache``
    staged."""
    write_files(plan, folder, previous)
    cache.rows = plan.rows.made  # drop the rows of items that are gone
    cache.stage_content(site_root)


def write_files(plan: OutputPlan, folder: Path, previous: Path | None) -> None:
    """Write the plan's generated (made now if planned later) and copied files."""
    plan.produce_later()
    for path, data in plan.generated.items():
        write_unless_unchanged(folder / path, data, previous / path if previous else None)
    for path, source in plan.copied.items():
        copy_unless_unchanged(source, folder / path, previous / path if previous else None)


def write_unless_unchanged(target: Path, data: bytes, previous: Path | None) -> None:
    if previous is not None and holds(previous, data):
        link_or_copy(previous, target)
    else:
        write_file(target, data)


def copy_unless_unchanged(source: Path, target: Path, previous: Path | None) -> None:
    if previous is not None and same_bytes(source, previous):
        link_or_copy(previous, target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # the spare's: perhaps a link of the live file
    shutil.copyfile(source, target)
