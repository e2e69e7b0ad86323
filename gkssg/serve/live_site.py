"""The live site: the loaded site and its renderer in memory, and the serve folder kept current.

The first build is the normal pipeline (:func:`gkssg.pipeline.build.build`) into the
serve folder. After that, each batch of changed files goes:

1. re-read the changed files only, check, assemble the catalog (:mod:`.sources`);
2. render the pages the change reaches (:mod:`.affected`) and write those whose
   bytes differ; remove pages that no longer exist — then tell the browsers;
3. in the background, plan every output again (:func:`gkssg.pipeline.steps.plan_steps`),
   write the generated and copied files whose bytes changed, render pages of
   kinds not tracked in step 2, remove outputs no longer planned — and tell
   again; a newer change arriving meanwhile goes first, and this step starts over;
4. then, still in the background, run the post-write steps (the search index),
   always after the pages it indexes are in place.

Every file is replaced by a rename (:mod:`.folder`), so the server never reads
half a file. The result equals a clean build with the same options, byte for byte
(``tests/site/serve/test_incremental.py``).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from gkssg.base.errors import ContentError, Problems, Superseded, until_superseded
from gkssg.base.heap import keep_out_of_collections
from gkssg.base.i18n import ENGLISH, Language
from gkssg.cache.store import BuildCache
from gkssg.content.config import load_config
from gkssg.content.site import Site
from gkssg.content.urls import NOT_FOUND_PAGE
from gkssg.outputs.pages import PAGE_KINDS, all_pages
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.staging import holds, link_or_copy, same_bytes, same_file
from gkssg.outputs.steps import PreviousOutput
from gkssg.outputs.writing import make_renderer
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions
from gkssg.pipeline.planning import plan_outputs
from gkssg.pipeline.steps import post_write_steps
from gkssg.render.jobs import NotFoundPage, PageJob
from gkssg.render.renderer import PageRenderer
from gkssg.serve.affected import PageChanges, changed_pages, site_wide
from gkssg.serve.changes import ChangeSet, classify
from gkssg.serve.folder import (
    Background,
    copy_if_changed,
    remove_file,
    write_if_changed,
)
from gkssg.serve.sources import SiteSources
from gkssg.source.theme import template_problem

SERVE_DIR = ".gkssg/serve"
#: Seconds between the pages being written and the other outputs being refreshed.
CATCH_UP_DELAY = 0.4

T = TypeVar("T")
ScriptFor = Callable[[str], str]  # base_url → the script injected into every page


@dataclass
class Update:
    """What one batch of changes did."""

    changed: set[str] = field(default_factory=set)  # output paths written or removed
    problems: Problems = field(default_factory=Problems)
    everything: bool = False  # every page was rendered again
    fresh: bool = False  # a new clean build: treat every file as changed
    pages: int = 0  # pages rendered
    seconds: float = 0.0
    phase: str = "pages"  # "pages" (what the browser waits for) or "files"

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors


UpdateCallback = Callable[[Update], None]


class LiveSite:
    def __init__(
        self,
        site_root: Path,
        folder: Path,
        *,
        script_for: ScriptFor,
        drafts: bool = False,
        on_update: UpdateCallback | None = None,
        language: Language = ENGLISH,
    ) -> None:
        self.root = site_root
        self.folder = folder
        self.drafts = drafts
        self._script_for = script_for
        self._on_update = on_update or (lambda update: None)
        self.sources = SiteSources(site_root, drafts=drafts)
        self.site: Site | None = None  # the last site that built without errors
        self._renderer: PageRenderer | None = None
        self._markdown: dict[str, str] = {}
        self._outputs: set[str] = set()  # every planned output path, as written
        self._post_outputs: set[str] = set()  # what the post-write steps made (search)
        # the pages the search bundles in the folder were made from: path → file identity
        self._indexed: dict[str, FileIdentity] = {}
        self._lock = threading.Lock()  # held while the folder or the state changes
        self._generation = 0  # counts sites put in place
        self._background = Background(self._catch_up, "gkssg-catch-up", CATCH_UP_DELAY, language)
        # set while a change waits for or holds the lock: the background work then gives
        # way (its result would be thrown away anyway) instead of sharing the GIL with it
        self._change_waiting = threading.Event()
        self._closing = threading.Event()  # the preview is stopping: end background work
        # kept for the whole preview: a warm Pagefind indexes each edit's bundle
        self._post_write_steps = post_write_steps()

    # -- the first build --------------------------------------------------------

    def start(self) -> Update:
        """A clean build into the serve folder; on content errors, only the problems."""
        with self._lock:
            return self._start()

    def _start(self) -> Update:
        started = time.perf_counter()
        update = Update(everything=True, fresh=True)
        config = load_config(self.root, Problems())
        script = self._script_for(config.base_url if config else "/")
        # Worker processes are forked only while this process has no other thread
        # (the first build); forking beside running threads can deadlock.
        jobs = None if threading.active_count() == 1 else 1
        options = BuildOptions(
            drafts=self.drafts, future=True, out=self.folder, serve_script=script, jobs=jobs
        )
        try:
            result = build(self.root, options)
        except ContentError as exc:
            self.sources.load_all(BuildCache.load(self.root, self.folder).items, jobs=jobs)
            update.problems = exc.problems
            return self._rebuild_later(update, started)
        self.sources.load_all(BuildCache.load(self.root, self.folder).items, jobs=jobs)
        site, update.problems = self.sources.assemble()
        if site is None or update.problems.has_errors:  # changed while building
            return self._rebuild_later(update, started)
        self.site = site
        self._renderer = make_renderer(site, script, self._markdown)
        self._outputs = set(plan_outputs(site, Problems(), later=True).paths())
        self._post_outputs = {
            path.relative_to(self.folder).as_posix()
            for path in self.folder.rglob("*")
            if path.is_file()
        } - self._outputs
        self._indexed = _identities(self.folder, self._outputs)
        self._generation += 1
        update.pages = result.pages
        keep_out_of_collections()
        return self._report(update, started)

    def _rebuild_later(self, update: Update, started: float) -> Update:
        self.site = None
        return self._report(update, started)

    # -- each change ------------------------------------------------------------

    def apply(self, paths: Iterable[str]) -> Update | None:
        """Bring the serve folder up to date with the changed ``paths`` (site-relative)."""
        started = time.perf_counter()
        self._change_waiting.set()
        try:
            with self._lock:
                return self._apply(paths, started)
        finally:
            self._change_waiting.clear()

    def _apply(self, paths: Iterable[str], started: float) -> Update | None:
        change = classify(paths, self.sources.files, self.root)
        if change.empty:
            return None
        self.sources.apply(change)
        site, problems = self.sources.assemble()
        if site is None or problems.has_errors:
            return self._report(Update(problems=problems), started)
        if self.site is None or self._renderer is None:
            return self._start()  # the site builds again: start afresh
        return self._update(site, change, problems, started)

    def _update(self, site: Site, change: ChangeSet, problems: Problems, started: float) -> Update:
        assert self.site is not None and self._renderer is not None
        old_site, old_renderer = self.site, self._renderer
        renderer = self._new_renderer(site, reuse=None if change.full else old_renderer)
        everything = (
            change.full
            or site.config != old_site.config
            or site_wide(old_renderer.site, renderer.site)
            or self._differs(NOT_FOUND_PAGE, renderer, NotFoundPage())
        )
        if everything:
            pages = PageChanges(render=all_pages(site.catalog))
            pages.remove = set(all_pages(old_site.catalog)) - pages.render.keys()
        else:
            pages = changed_pages(old_site.catalog, site.catalog)
        update = Update(problems=problems, everything=everything)
        for path, data in _render(renderer, pages.render, update).items():
            if write_if_changed(self.folder / path, data):
                update.changed.add(path)
        if update.problems.has_errors:  # a template failed: keep the old state
            return self._report(update, started)
        for path in sorted(pages.remove):
            self._remove(path, update)
        self.site, self._renderer = site, renderer
        self._generation += 1
        self._report(update, started)
        self._background.request()
        return update

    def _new_renderer(self, site: Site, reuse: PageRenderer | None) -> PageRenderer:
        self._markdown.update(self._renderer.new_markdown if self._renderer else {})
        renderer = make_renderer(site, self._script_for(site.config.base_url), self._markdown)
        if reuse is not None:
            renderer.env = reuse.env  # same templates, same URLs: keep them compiled
        return renderer

    def _differs(self, path: str, renderer: PageRenderer, job: PageJob) -> bool:
        try:
            return renderer.render(job) != (self.folder / path).read_bytes()
        except Exception:  # a broken layout: rendering every page below reports it
            return True

    # -- writing ----------------------------------------------------------------

    def _catch_up(self) -> None:
        """Steps 3 and 4: the other outputs, then the post-write steps (search).

        A change arriving meanwhile makes this work stop at its next step and start
        again a moment later, for the newer site.
        """
        try:
            self._catch_up_once()
        except Superseded:
            self._background.request()

    def _catch_up_once(self) -> None:
        with self._lock:
            site, renderer, generation = self.site, self._renderer, self._generation
            outputs = set(self._outputs)
        if site is None or renderer is None:
            return
        started = time.perf_counter()
        update = Update(phase="files")
        plan = plan_outputs(site, update.problems, self._superseded)
        extra = {
            page.path: page.job
            for page in plan.pages
            if not isinstance(page.job, PAGE_KINDS) or page.path not in outputs
        }
        rendered = _render(renderer, extra, update, self._superseded)  # outside the lock
        # compared outside the lock too: a change then waits for the files that differ
        differ = {
            path: data
            for path, data in self._checked((*rendered.items(), *plan.generated.items()))
            if not holds(self.folder / path, data)
        }
        copies = {
            path: source
            for path, source in self._checked(plan.copied.items())
            if not same_bytes(source, self.folder / path)
        }
        with self._lock:
            if generation != self._generation:
                return  # a newer site is in place: its update asked for this work again
            if not update.problems.has_errors:
                self._write_files(plan, differ, copies, update)
        self._report(update, started)
        self._post_write(site, generation)

    def _post_write(self, site: Site, generation: int) -> None:
        """Post-write steps expect a folder without their earlier output: give them one.

        A shadow of the planned outputs (hard links) is indexed; what the steps
        made there is then copied in where its bytes changed, and what they made
        last time but not now is removed — the search never goes missing meanwhile.
        """
        steps = self._post_write_steps
        if not steps:
            return
        for step in steps:
            step.prepare()  # once: the steps keep their processes until close()
        shadow = self.folder.parent / f".{self.folder.name}-post-write"
        shutil.rmtree(shadow, ignore_errors=True)
        try:
            planned = self._link_outputs(shadow)
            linked, indexed = _identities(shadow, self._checked(planned)), self._indexed
            # a search bundle made from pages that are all still the same files is kept
            previous = PreviousOutput(
                self.folder, lambda path: path in linked and indexed.get(path) == linked[path]
            )
            for step in steps:
                if self._superseded():
                    raise Superseded(step.name)
                step.after_write(site, shadow, self._superseded, previous)
            made = {
                path.relative_to(shadow).as_posix() for path in shadow.rglob("*") if path.is_file()
            } - planned
            # compared outside the lock, so that a change waits for a few renames at most:
            # only this thread writes what the steps make (a fresh build is a new generation)
            differ = [
                path
                for path in self._checked(sorted(made))
                if not same_file(shadow / path, self.folder / path)  # else kept: a link
                and not same_bytes(shadow / path, self.folder / path)
            ]
            update = Update(phase="search")
            with self._lock:
                if generation != self._generation:
                    return  # a newer site: the next run indexes that one
                for path in differ:
                    if write_if_changed(self.folder / path, (shadow / path).read_bytes()):
                        update.changed.add(path)
                for path in sorted(self._post_outputs - made):
                    self._remove(path, update)
                self._post_outputs = made
                self._indexed = linked
            self._report(update, time.perf_counter())
        finally:
            shutil.rmtree(shadow, ignore_errors=True)

    def _link_outputs(self, shadow: Path) -> set[str]:
        with self._lock:
            planned = set(self._outputs)
        for path in self._checked(planned):
            source = self.folder / path
            if source.is_file():
                link_or_copy(source, shadow / path)
        return planned

    def _write_files(
        self,
        plan: OutputPlan,
        differ: Mapping[str, bytes],
        copies: Mapping[str, Path],
        update: Update,
    ) -> None:
        for path, data in differ.items():
            if write_if_changed(self.folder / path, data):
                update.changed.add(path)
        for path, source in copies.items():
            if copy_if_changed(source, self.folder / path):
                update.changed.add(path)
        planned = set(plan.paths())
        for path in sorted(self._outputs - planned):
            self._remove(path, update)
        self._outputs = planned

    def _remove(self, path: str, update: Update) -> None:
        if remove_file(self.folder / path):
            update.changed.add(path)

    def wait_idle(self, timeout: float = 120.0) -> None:
        """Wait until the background work (other outputs, the search index) has caught up."""
        assert self._background.wait_idle(timeout), "the background work did not finish"

    def close(self) -> None:
        self._closing.set()  # a running Pagefind is ended, not left behind
        self._background.stop()
        for step in self._post_write_steps:
            step.close()

    def _checked(self, values: Iterable[T]) -> Iterator[T]:
        """``values``; raises :class:`Superseded` when a change waits (background loops)."""
        return until_superseded(values, self._superseded, "background work")

    def _superseded(self) -> bool:
        """Background work should stop: a change waits, or the preview is stopping."""
        return self._change_waiting.is_set() or self._closing.is_set()

    def _report(self, update: Update, started: float) -> Update:
        update.seconds = time.perf_counter() - started
        self._on_update(update)
        return update


#: What tells one written file from another at the same path: inode, mtime, size.
#: (The inode alone could be reused by a later file; ctime moves with every link.)
FileIdentity = tuple[int, int, int]


def _identities(folder: Path, paths: Iterable[str]) -> dict[str, FileIdentity]:
    """The identity of each HTML page of ``paths`` in ``folder`` (the pages Pagefind reads)."""
    root = os.fspath(folder)
    found: dict[str, FileIdentity] = {}
    for path in paths:
        if path.endswith(".html"):
            try:
                stat = os.stat(f"{root}/{path}")  # noqa: PTH116 - text paths, 10,000 pages
            except OSError:
                continue
            found[path] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return found


def _render(
    renderer: PageRenderer,
    pages: Mapping[str, PageJob],
    update: Update,
    superseded: Callable[[], bool] | None = None,
) -> dict[str, bytes]:
    rendered: dict[str, bytes] = {}
    for path, job in sorted(pages.items()):
        if superseded is not None and superseded():
            raise Superseded(path)
        try:
            rendered[path] = renderer.render(job)
        except Exception as exc:  # a site's own layout may raise anything
            problem = template_problem(exc, path, renderer.theme)
            if problem is None:
                raise
            update.problems.add(problem)
    update.pages += len(rendered)
    return rendered
