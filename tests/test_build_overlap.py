"""The search index runs while the data files and the cache are made.

Pagefind reads only the rendered item pages, so the build starts it right after
rendering; the exports, the exact-search shards and the sitemap are planned at
once (their paths) but made meanwhile. These tests hold that what is made later
is what would have been made at once, and that a failure on either side stops
the other and leaves the output and the cache as they were.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

import gkssg.steps.search as search
from gkssg.build import BuildOptions, build, plan_outputs
from gkssg.buildcache import CACHE_DIR, CACHE_FILE
from gkssg.errors import Problems
from gkssg.outputs import OutputCollision, OutputPlan
from gkssg.site import load_site
from gkssg.steps import PreviousOutput
from gkssg.steps.search import SearchIndexStep
from gkssg.writer import STAGING_MARK

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

    started: list[subprocess.Popen[Any]] = []

    class RecordedPopen(subprocess.Popen[Any]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    def failing(records: object) -> bytes:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(search.subprocess, "Popen", RecordedPopen)
    monkeypatch.setattr("gkssg.steps.exports.catalog_csv", failing)
    with pytest.raises(RuntimeError, match="the disk is full"):
        build(root, BuildOptions())
    assert started, "Pagefind was started before the data files were made"
    # it was still running when the data files failed, and was stopped, not waited for
    assert [process.returncode for process in started] == [-signal.SIGKILL] * len(started)
    assert _snapshot(root / "output") == output
    assert (root / CACHE_DIR / CACHE_FILE).read_bytes() == cache
    assert not [path.name for path in (root / CACHE_DIR).iterdir() if path.name.startswith(".")]
    assert not [path for path in root.iterdir() if STAGING_MARK in path.name]


def test_the_index_says_when_pagefind_runs_so_the_build_can_go_on(tmp_path: Path) -> None:
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
    linked: list[bool] = []
    SearchIndexStep().after_write(
        site, kept, previous=unchanged, started=lambda: linked.append(kept.exists())
    )
    assert linked == [False]  # at once, before the kept bundle is linked in
    assert (kept / "pagefind" / "2008" / "pagefind-entry.json").stat().st_ino == entry.stat().st_ino
