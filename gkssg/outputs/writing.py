"""Rendering the planned pages into the staging folder, on every core.

A page whose inputs hash (:meth:`PageRenderer.page_key`) equals the one the
previous build recorded is hard-linked from the previous output instead of
being rendered again; every other page is rendered and written. Workers are
forked with the renderer in memory and send back only what they learned:
problems, page records and newly rendered Markdown.

On two cores, while the build has other work beside the renderer (Pagefind
over an edited item's bundle), pages are taken in this process, in order: after
an edit nearly all of them are linked unchanged from the previous output, the
few to render cost less than forking, and the other core is left to Pagefind.
Once that work is done, or more than :data:`RENDERED_IN_PROCESS` pages had to
be rendered (a layout or site.yaml changed too), the rest goes to workers on
every core.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.base.errors import Problem
from gkssg.base.parallel import available_cores, map_in_workers
from gkssg.cache.store import PageRecord, record_for, valid_file
from gkssg.content.site import Site
from gkssg.outputs.plan import PlannedPage
from gkssg.outputs.staging import Staging, link_or_copy, write_file
from gkssg.render.renderer import PageRenderer
from gkssg.source.theme import template_problem

#: pages rendered in this process before the others go to workers (about a second)
RENDERED_IN_PROCESS = 300
IN_PROCESS_CORES = 2  # the most cores on which the renderer leaves one to other work
CHUNK = 200  # pages per piece of work, as map_in_workers hands them out

ProgressCallback = Callable[[int], None]
StagedCallback = Callable[[Sequence[str], set[str]], None]


@dataclass
class RenderOutcome:
    problems: list[Problem] = field(default_factory=list)
    records: dict[str, PageRecord] = field(default_factory=dict)
    new_markdown: dict[str, str] = field(default_factory=dict)
    rendered: set[str] = field(default_factory=set)  # the paths not linked from before

    def merge(self, other: RenderOutcome) -> None:
        self.problems.extend(other.problems)
        self.records.update(other.records)
        self.new_markdown.update(other.new_markdown)
        self.rendered.update(other.rendered)


@dataclass(frozen=True)
class RenderTask:
    """What every worker needs: the renderer, where to write, what was there before."""

    renderer: PageRenderer
    staging: Staging  # the folder to write into, and what it held when the build took it
    previous: Path | None
    records: Mapping[str, PageRecord]


def make_renderer(
    site: Site, serve_script: str = "", markdown_cache: Mapping[str, str] | None = None
) -> PageRenderer:
    return PageRenderer(
        site.catalog,
        site.theme,
        site.urls,
        serve_script=serve_script,
        markdown_cache=markdown_cache if markdown_cache is not None else {},
        item_fingerprints=site.content.fingerprints,
        scheduled=site.scheduled,
    )


def render_pages(
    task: RenderTask,
    pages: Sequence[PlannedPage],
    *,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    staged: StagedCallback | None = None,
    beside: Callable[[], bool] | None = None,
    alongside: Callable[[], object] | None = None,
) -> RenderOutcome:
    """Render (or reuse) ``pages`` into ``task.staging``; ``staged(paths, rendered)`` is
    told of each chunk of pages once it is in the folder, and which were rendered.
    ``beside()`` tells whether the build has other work running beside (see above);
    ``alongside()``, other work of the build, runs once meanwhile, in a worker when
    there are any (:func:`gkssg.base.parallel.map_in_workers`)."""
    outcome = RenderOutcome()

    def done(chunk: Sequence[PlannedPage], part: RenderOutcome) -> None:
        outcome.merge(part)
        if staged:
            staged([page.path for page in chunk], part.rendered)
        if progress:
            progress(len(chunk))

    start = 0
    cores = jobs or available_cores()
    if beside is not None and task.previous is not None and 1 < cores <= IN_PROCESS_CORES:
        while start < len(pages) and len(outcome.rendered) <= RENDERED_IN_PROCESS and beside():
            chunk = pages[start : start + CHUNK]
            done(chunk, _render_chunk(task, chunk))
            start += len(chunk)
    for chunk, part in map_in_workers(
        _render_chunk, task, pages[start:], jobs=jobs, chunk_size=CHUNK, alongside=alongside
    ):
        done(chunk, part)
    return outcome


def _render_chunk(task: RenderTask, pages: Sequence[PlannedPage]) -> RenderOutcome:
    renderer = task.renderer
    renderer.new_markdown.clear()
    outcome = RenderOutcome()
    # text paths: pathlib cost 0.3 s per build at 10,000 pages, nearly all of them linked
    staging = task.staging
    folder = os.fspath(staging.folder)
    before = os.fspath(task.previous) if task.previous is not None else None
    for page in pages:
        key = renderer.page_key(page.job)
        if key is not None and before is not None:
            previous = f"{before}/{page.path}"
            valid = valid_file(previous, task.records.get(page.path), key)
            if valid is not None:
                if not staging.holds_file(page.path, valid.st_ino):
                    link_or_copy(previous, f"{folder}/{page.path}")
                outcome.records[page.path] = task.records[page.path]
                continue
        target = staging.folder / page.path
        try:
            data = renderer.render(page.job)
        except Exception as exc:  # a site's own layout may raise anything
            problem = template_problem(exc, page.path, renderer.theme)
            if problem is None:
                raise
            outcome.problems.append(problem)
            continue
        write_file(target, data, absent=page.path not in staging.held)
        outcome.rendered.add(page.path)
        if key is not None:
            outcome.records[page.path] = record_for(target, key)
    outcome.new_markdown.update(renderer.new_markdown)
    return outcome
