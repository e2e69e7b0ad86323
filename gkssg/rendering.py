"""Rendering the planned pages into a folder, on every core.

Workers are forked with the loaded site already in memory (nothing is pickled
but the small page jobs and the problems found), each builds its own
:class:`~gkssg.render.PageRenderer` once, and writes its pages itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2

from gkssg.errors import Problem
from gkssg.outputs import PlannedPage
from gkssg.render import PageRenderer
from gkssg.site import Site
from gkssg.writer import write_file

#: Below this many pages, forking costs more than it saves.
PARALLEL_THRESHOLD = 400
CHUNK = 200

ProgressCallback = Callable[[int], None]

# The renderer of a worker process, set once by the pool initializer. It exists
# only inside worker processes; the parent never reads or sets it.
_worker_renderer: PageRenderer | None = None


def make_renderer(site: Site, serve_script: str = "") -> PageRenderer:
    return PageRenderer(site.catalog, site.theme, site.urls, serve_script=serve_script)


def render_pages(
    renderer: PageRenderer,
    pages: Sequence[PlannedPage],
    folder: Path,
    *,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
) -> list[Problem]:
    """Render ``pages`` into ``folder``; template failures come back as problems."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(pages) < PARALLEL_THRESHOLD:
        problems = _render_chunk(renderer, pages, folder)
        if progress:
            progress(len(pages))
        return problems
    chunks = [pages[i : i + CHUNK] for i in range(0, len(pages), CHUNK)]
    context = multiprocessing.get_context("fork")
    found: list[Problem] = []
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(renderer,)
    ) as pool:
        futures = [pool.submit(_render_in_worker, chunk, folder) for chunk in chunks]
        for future, chunk in zip(futures, chunks, strict=True):
            found.extend(future.result())
            if progress:
                progress(len(chunk))
    return found


def _init_worker(renderer: PageRenderer) -> None:
    global _worker_renderer
    _worker_renderer = renderer


def _render_in_worker(pages: Sequence[PlannedPage], folder: Path) -> list[Problem]:
    assert _worker_renderer is not None
    return _render_chunk(_worker_renderer, pages, folder)


def _render_chunk(
    renderer: PageRenderer, pages: Sequence[PlannedPage], folder: Path
) -> list[Problem]:
    problems: list[Problem] = []
    for page in pages:
        try:
            html = renderer.render(page.job)
        except jinja2.TemplateError as exc:
            name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "layouts"
            line = getattr(exc, "lineno", None)
            problems.append(
                Problem(
                    str(name),
                    line,
                    "TEMPLATE",
                    f"rendering {page.path} failed: {exc}",
                    "fix the layout template",
                )
            )
            continue
        write_file(folder / page.path, html.encode("utf-8"))
    return problems
