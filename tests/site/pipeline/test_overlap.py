"""The search index runs while the pages render and the data files are made.

Pagefind reads only the rendered item pages, so the build starts a bundle's
Pagefind as soon as its pages are staged, while the others still render; the
exports, the exact-search shards and the sitemap are planned at once (their
paths) but made meanwhile. These tests hold that what is made later is what
would have been made at once, that the pages a changed bundle needs are staged
first, and that a failure on either side stops the other and leaves the output
and the cache as they were.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import gkssg.pipeline.phases as build_module
import gkssg.search.indexing as search
import gkssg.search.pagefind as pagefind_service
from gkssg.base.errors import ContentError, Problems
from gkssg.cache.store import CACHE_DIR, CACHE_FILE, BuildCache
from gkssg.content.site import load_site
from gkssg.outputs.plan import OutputCollision, OutputPlan
from gkssg.outputs.staging import STAGING_MARK
from gkssg.outputs.steps import PreviousOutput
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions
from gkssg.pipeline.planning import plan_outputs
from gkssg.search.pagefind import PagefindProcess
from gkssg.search.step import SearchIndexStep
from gkssg.search.years import plan_bundles

from support.sites import SiteFiles, default_item


def test_outputs_planned_later_claim_their_paths_at_once() -> None:
    plan = OutputPlan()
    plan.add_later(("a.json", "b.csv"), lambda: {"a.json": b"{}", "b.csv": b""}, "exports")
    assert plan.paths() == ["a.json", "b.csv"]
    with pytest.raises(OutputCollision):
        plan.add_bytes("b.csv", b"x", "other")
    assert plan.generated == {}
    plan.produce_later()
    assert plan.generated == {"a.json": b"{}", "b.csv": b""}
    assert plan.later == []


def test_a_producer_must_make_exactly_the_paths_it_planned() -> None:
    plan = OutputPlan()
    plan.add_later(("a.json",), lambda: {"a.json": b"{}", "b.json": b"{}"}, "exports")
    with pytest.raises(ValueError, match="exports made"):
        plan.produce_later()


def test_what_is_made_later_is_what_a_plan_makes_at_once(tmp_path: Path) -> None:
    SiteFiles(tmp_path).with_items(4).write()
    site = load_site(tmp_path, Problems())
    assert site is not None
    later = plan_outputs(site, Problems(), later=True)
    assert {"catalog.json", "catalog.csv", "feed.json", "sitemap.xml"} <= set(later.paths())
    assert "catalog.json" not in later.generated
    at_once = plan_outputs(site, Problems())
    later.produce_later()
    assert later.generated == at_once.generated
    assert later.paths() == at_once.paths()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_failure_while_making_the_data_files_stops_pagefind_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = SiteFiles(tmp_path / "site").with_items(3)
    files.build()
    root = tmp_path / "site"
    output, cache = _snapshot(root / "output"), (root / CACHE_DIR / CACHE_FILE).read_bytes()
    files.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1)).write()

    recorded = _record_pagefind(monkeypatch)
    _wait_for_the_early_bundle(monkeypatch, recorded)

    def failing(records: object) -> bytes:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("gkssg.outputs.exports.catalog_csv", failing)
    with pytest.raises(RuntimeError, match="the disk is full"):
        build(root, BuildOptions())
    assert recorded.indexed == ["2008"], "Pagefind was not given the bundle before the data"
    # its processes were stopped with the build, not waited for
    codes = [process.returncode for process in recorded.started]
    assert codes and codes == [-signal.SIGKILL] * len(codes)
    assert _snapshot(root / "output") == output
    assert (root / CACHE_DIR / CACHE_FILE).read_bytes() == cache
    assert not [path.name for path in (root / CACHE_DIR).iterdir() if path.name.startswith(".")]
    assert not [path for path in root.iterdir() if STAGING_MARK in path.name]


@dataclass
class _Recorded:
    started: list[subprocess.Popen[Any]] = field(default_factory=list)  # Pagefind processes
    indexed: list[str] = field(default_factory=list)  # the bundles given to them, by name
    begun: threading.Event = field(default_factory=threading.Event)  # the first was given


def _record_pagefind(monkeypatch: pytest.MonkeyPatch) -> _Recorded:
    recorded = _Recorded()

    class RecordedPopen(subprocess.Popen[Any]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            recorded.started.append(self)

    index = PagefindProcess.index

    def recorded_index(process: PagefindProcess, folder: Path, bundle: Path, *args: Any) -> int:
        recorded.indexed.append(bundle.name)
        recorded.begun.set()
        return index(process, folder, bundle, *args)

    monkeypatch.setattr(pagefind_service.subprocess, "Popen", RecordedPopen)
    monkeypatch.setattr(PagefindProcess, "index", recorded_index)
    return recorded


def _wait_for_the_early_bundle(monkeypatch: pytest.MonkeyPatch, recorded: _Recorded) -> None:
    """Once the pages of an edited item's bundle are staged, the build goes on only when
    Pagefind has been given that bundle (or after 10 s): what comes after is then sure
    to find Pagefind at work."""
    staged = search.BundleIndexing.staged

    def staged_then_wait(indexing: search.BundleIndexing, pages: Any, rendered: Any) -> None:
        pages = list(pages)
        staged(indexing, pages, rendered)
        if indexing.wanted_first() & set(pages):
            recorded.begun.wait(timeout=10)

    monkeypatch.setattr(search.BundleIndexing, "staged", staged_then_wait)


def test_the_index_says_when_pagefind_runs_so_the_build_can_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``started()`` comes once, after Pagefind was launched and before it is done; with
    nothing to index (no items, or every bundle kept), at once."""
    files = SiteFiles(tmp_path).with_items(2)
    files.build()
    site = load_site(tmp_path, Problems())
    assert site is not None
    folder = tmp_path / "output"
    entry = folder / "pagefind" / "2008" / "pagefind-entry.json"
    shutil.rmtree(folder / "pagefind")
    seen: list[bool] = []
    SearchIndexStep().after_write(site, folder, started=lambda: seen.append(entry.exists()))
    assert seen == [False]  # called while Pagefind was still at work
    assert entry.exists()

    calls: list[int] = []
    empty = load_site(SiteFiles(tmp_path / "empty").write(), Problems())
    assert empty is not None
    SearchIndexStep().after_write(empty, tmp_path / "elsewhere", started=lambda: calls.append(1))
    assert calls == [1]

    unchanged = PreviousOutput(folder, lambda path: True)
    kept = tmp_path / "kept"
    linking, called = threading.Event(), threading.Event()
    link = search.link_bundle
    waited: list[bool] = []

    def slow_link(*args: Any, **kwargs: Any) -> None:
        linking.set()
        waited.append(called.wait(timeout=10))  # started() comes while this still links
        link(*args, **kwargs)

    monkeypatch.setattr(search, "link_bundle", slow_link)
    SearchIndexStep().after_write(site, kept, previous=unchanged, started=called.set)
    assert linking.is_set() and waited == [True]  # at once, not after the kept bundle
    assert (kept / "pagefind" / "2008" / "pagefind-entry.json").stat().st_ino == entry.stat().st_ino


def _two_year_site(root: Path) -> SiteFiles:
    """Items of 2008 and 2009, one search bundle each."""
    files = SiteFiles(root, config=SiteFiles(root).config + "search_bundle_items: 1\n")
    for seq in (1, 2):
        files.with_item(f"catalog/regulations/item{seq:03d}.md", **default_item(seq))
    files.with_item(
        "catalog/regulations/item003.md",
        **default_item(3, index_no="00298196X/2009-00003", published="2009-05-04"),
    )
    return files


def test_an_edited_items_bundle_is_indexed_as_soon_as_its_pages_are_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit of a 2008 item, 2008's Pagefind runs, and is done, while other
    pages are still being staged; 2009, to be indexed too but not edited, waits for
    :meth:`finish` (Pagefinds beside the renderer slow a build that indexes all)."""
    root = tmp_path / "site"
    files = _two_year_site(root)
    files.build()
    files.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1)).write()
    site = load_site(root, Problems(), cache=BuildCache.load(root, root / "output").items)
    assert site is not None
    folder = root / "output"
    shutil.rmtree(folder / "pagefind")
    older, newer = sorted(plan_bundles(site.catalog.items, 1), key=lambda bundle: bundle.name)
    assert (older.name, newer.name) == ("2008", "2009")
    launched = _record_pagefind(monkeypatch).indexed
    indexing = SearchIndexStep().begin(site, folder)  # no previous output: both are indexed
    try:
        assert indexing.wanted_first() == set(older.pages)
        indexing.staged(newer.pages, set())
        indexing.staged(older.pages, set())
        entry = folder / older.path / "pagefind-entry.json"
        deadline = time.monotonic() + 30
        while not entry.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert entry.exists(), "2008 was not indexed before the staging was finished"
        assert launched == ["2008"]
        indexing.finish()
    finally:
        indexing.close()
    assert launched == ["2008", "2009"]
    assert search.indexed_pages(folder / older.path) == 2
    assert search.indexed_pages(folder / newer.path) == 1
    assert (folder / newer.path / "pagefind.js").exists()  # the newest is the primary
    assert not (folder / older.path / "pagefind.js").exists()


def test_an_edited_items_bundle_is_linked_for_pagefind_by_the_thread_that_stages_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages Pagefind reads are linked by the renderer's thread as it stages the
    last of them, and Pagefind's thread only talks to Pagefind: in that thread each
    link waited for the interpreter beside the busy renderer (0.13-0.31 s at 10,000
    items before Pagefind could start)."""
    root = tmp_path / "site"
    files = _two_year_site(root)
    files.build()
    files.build()  # the first output is the spare now: 2008's older bundle is in it
    files.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1)).write()
    threads: list[str] = []
    link = search.link_pages

    def recorded(folder: Path, items: Any) -> Path:
        threads.append(threading.current_thread().name)
        return link(folder, items)

    monkeypatch.setattr(search, "link_pages", recorded)
    build(root, BuildOptions())
    assert threads == [threading.main_thread().name]  # 2008, edited; 2009 kept
    assert search.indexed_pages(root / "output/pagefind/2008") == 2
    assert not list(root.glob(".output.staging-*"))  # the folder of links is gone


def test_the_pages_of_an_edited_items_bundle_are_rendered_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit of a 2008 item, 2008's item pages are rendered before any other
    page, and the others in the planned order."""
    root = tmp_path / "site"
    files = _two_year_site(root)
    orders: list[list[str]] = []
    render = build_module.render_pages

    def recorded(task: Any, pages: Any, **kwargs: Any) -> Any:
        orders.append([page.path for page in pages])
        return render(task, pages, **kwargs)

    monkeypatch.setattr(build_module, "render_pages", recorded)
    files.build()
    site = load_site(root, Problems())
    assert site is not None
    by_year: dict[int, set[str]] = {}
    for item in site.catalog.items:
        by_year.setdefault(item.published.year, set()).add(item.output_path)
    first = orders[0]

    files.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1)).write()
    cache = BuildCache.load(root, root / "output")
    edited = load_site(root, Problems(), cache=cache.items)
    assert edited is not None and edited.content.parsed == {
        "content/catalog/regulations/item001.md"
    }
    build(root, BuildOptions())
    again = orders[1]
    assert set(again[:2]) == by_year[2008]
    assert sorted(again) == sorted(first)
    (newer,) = by_year[2009]
    assert again.index(newer) > again.index("index.html")  # the others in the planned order


def test_a_failed_render_stops_the_pagefind_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited item's page is staged (and its bundle's Pagefind started) before a
    list page fails: the build fails with the layout's error, no Pagefind is left running, and
    the output stays as it was."""
    root = tmp_path / "site"
    files = _two_year_site(root)
    files.build()
    output = _snapshot(root / "output")
    recorded = _record_pagefind(monkeypatch)
    _wait_for_the_early_bundle(monkeypatch, recorded)
    files.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1))
    files.with_file("layouts/column.html", "{{ missing.attribute.here }}").write()
    with pytest.raises(ContentError):
        build(root, BuildOptions())
    assert recorded.indexed == ["2008"], "Pagefind was not given the bundle before the failure"
    assert recorded.started
    assert all(process.returncode is not None for process in recorded.started)
    assert _snapshot(root / "output") == output
    assert not [path for path in root.iterdir() if STAGING_MARK in path.name]
