"""``gkssg build``: the pipeline, one named and timed phase after another.

load config → read content → check → assemble the catalog → plan outputs →
render and write into a staging folder → index for search → swap in.
Nothing is written to the output folder until every phase has succeeded.
"""

from __future__ import annotations

import functools
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.buildcache import BuildCache, StagedCache
from gkssg.buildstamp import (
    BuildStamp,
    InputSnapshot,
    finished_now,
    record_build,
    snapshot_inputs,
)
from gkssg.config import normalise_base_url
from gkssg.errors import ContentError, Problems, Superseded, UsageError
from gkssg.heap import long_lived_heap
from gkssg.outputs import OutputCollision, OutputPlan
from gkssg.rendering import RenderTask, link_or_copy, make_renderer, render_pages, same_file
from gkssg.site import Site, load_site
from gkssg.steps import PreviousOutput, plan_steps, post_write_steps
from gkssg.theme import template_problem
from gkssg.writer import (
    holds,
    output_lock,
    remove_stale_staging,
    same_bytes,
    staging_dir,
    swap_in,
    write_file,
)

OUTPUT_DIR = "output"
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
    inputs = snapshot_inputs(site_root)  # before reading: a later save makes it stale
    with long_lived_heap() as loaded:
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
            plan = plan_outputs(site, problems)
        if problems.has_errors:
            raise ContentError(problems)
        with output_lock(out, wait=options.wait_for_lock):
            remove_stale_staging(out)
            staging = staging_dir(out)
            previous = out if out.is_dir() else None  # what unchanged files are linked from
            staged: StagedCache | None = None
            try:
                write_site(
                    site,
                    plan,
                    staging,
                    timer,
                    options,
                    problems,
                    cache,
                    serve_script=options.serve_script,
                    previous=previous,
                )
                if problems.has_errors:
                    raise ContentError(problems)
                # the cache is final: written (not yet in place) while Pagefind runs
                with ThreadPoolExecutor(max_workers=1) as pool:
                    cache_written = pool.submit(cache.stage, site_root)
                    try:
                        index_site(site, staging, timer, options, previous)
                    finally:
                        staged = cache_written.result()
                with timer.phase("publish"):
                    swap_in(staging, out)
                    if staged is not None:
                        staged.commit()  # it describes the output now in place
                        staged = None
                    record_build(
                        site_root, out, _stamp(out, options, len(site.catalog.items), inputs)
                    )
            finally:
                if staged is not None:
                    staged.discard()
                if staging.exists():
                    shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(
        out=out,
        pages=len(plan.pages),
        files=len(plan.paths()),
        items=len(site.catalog.items),
        problems=problems,
        timings=timer.timings,
    )


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
    site: Site, problems: Problems, superseded: Callable[[], bool] | None = None
) -> OutputPlan:
    """Every output of ``site``; raises :class:`Superseded` between steps, and within
    their long loops, once ``superseded()`` is true."""
    plan = OutputPlan(cancelled=superseded)
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
    return plan


def write_site(
    site: Site,
    plan: OutputPlan,
    folder: Path,
    timer: _Timer,
    options: BuildOptions,
    problems: Problems,
    cache: BuildCache,
    serve_script: str = "",
    previous: Path | None = None,
) -> None:
    """Write every planned output into ``folder`` (which must not exist yet), and update
    ``cache`` to describe it.

    Files whose bytes would not change are hard-linked from ``previous`` (the
    output being replaced, None when there is none), so only changed files are written.
    """
    folder.mkdir(parents=True)
    with timer.phase("render", len(plan.pages)):
        renderer = make_renderer(site, serve_script, cache.markdown)
        task = RenderTask(renderer, folder, previous, cache.pages if previous else {})
        outcome = render_pages(task, plan.pages, jobs=options.jobs, progress=timer.reporter.advance)
        problems.extend(outcome.problems)
    with timer.phase("write", len(plan.generated) + len(plan.copied)):
        for path, data in plan.generated.items():
            write_unless_unchanged(folder / path, data, previous / path if previous else None)
        for path, source in plan.copied.items():
            copy_unless_unchanged(source, folder / path, previous / path if previous else None)
    cache.pages = outcome.records
    cache.markdown.update(outcome.new_markdown)
    if len(cache.markdown) > 2 * len(site.catalog.items) + 1000:
        cache.markdown = dict(outcome.new_markdown)  # drop what no longer exists


def index_site(
    site: Site, folder: Path, timer: _Timer, options: BuildOptions, previous: Path | None
) -> None:
    """The post-write steps (the search index) over the written ``folder``; what they
    made in ``previous`` from pages that are still the same files may be kept."""
    kept = (
        PreviousOutput(previous, functools.partial(_linked, previous, folder)) if previous else None
    )
    for step in post_write_steps() if options.search else ():
        with timer.phase(step.name):
            step.after_write(site, folder, previous=kept)


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
    shutil.copyfile(source, target)


def _linked(previous: Path, folder: Path, path: str) -> bool:
    """Whether the staged ``path`` is a hard link to the previous output's (unchanged)."""
    return same_file(f"{previous}/{path}", f"{folder}/{path}")
