"""Where pages are rendered: in the build's own process while Pagefind indexes an
edited item's bundle beside the renderer on a two-core machine, on every core
otherwise.

After an edit nearly every page is linked unchanged from the previous output: the
few to render cost less than forking workers, and the core left free runs
Pagefind. A change that renders many pages, more cores, or no work beside the
renderer: the workers take the pages.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import gkssg.outputs.writing as rendering
import gkssg.pipeline.phases as build_module
import gkssg.search.indexing as search
from gkssg.content.urls import STATS_PAGE
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions
from gkssg.search.pagefind import PagefindProcess

from support.sites import SITE_YAML, SiteFiles, default_item


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of pages each build gives to the workers (forked processes when there
    are enough of them: gkssg.base.parallel), in pieces of 4 pages."""
    counts: list[int] = []
    hand = rendering.map_in_workers

    def recorded(function: Any, state: Any, values: Sequence[Any], **kwargs: Any) -> Any:
        counts.append(len(values))
        return hand(function, state, values, **kwargs)

    monkeypatch.setattr(rendering, "map_in_workers", recorded)
    monkeypatch.setattr(rendering, "CHUNK", 4)
    monkeypatch.setattr(rendering, "RENDERED_IN_PROCESS", 10)
    return counts


@pytest.fixture
def pagefind_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pagefind starts its bundle only once the pages are rendered: it is at work
    beside the renderer for as long as the renderer runs."""
    rendered = threading.Event()
    render, index = build_module.render_pages, PagefindProcess.index

    def render_then_release(*args: Any, **kwargs: Any) -> Any:
        try:
            return render(*args, **kwargs)
        finally:
            rendered.set()

    def held_index(process: PagefindProcess, *args: Any) -> int:
        rendered.wait(timeout=30)
        return index(process, *args)

    monkeypatch.setattr(build_module, "render_pages", render_then_release)
    monkeypatch.setattr(PagefindProcess, "index", held_index)
    yield
    rendered.set()


def _site(root: Path) -> SiteFiles:
    files = SiteFiles(root)
    for seq in range(1, 21):  # all of 2008: one search bundle
        files.with_item(f"catalog/regulations/item{seq:03d}.md", **default_item(seq))
    files.write()
    return files


def _edit(files: SiteFiles) -> None:
    files.with_item("catalog/regulations/item007.md", "改过的正文。\n", **default_item(7)).write()


def _pages(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.mark.usefixtures("pagefind_held")
def test_beside_pagefind_an_edit_renders_in_the_builds_own_process(
    tmp_path: Path, handed: list[int]
) -> None:
    files = _site(tmp_path)
    first = build(tmp_path, BuildOptions(jobs=2))
    assert handed == [first.pages]  # nothing to link: every page to the workers

    _edit(files)
    build(tmp_path, BuildOptions(jobs=2))
    assert handed[1:] == [0]  # the edited page and its lists, here

    clean = tmp_path / "clean"
    build(tmp_path, BuildOptions(jobs=2, out=clean))
    assert _pages(tmp_path / "output") == _pages(clean)


@pytest.mark.usefixtures("pagefind_held")
def test_a_change_to_many_pages_goes_to_the_workers_after_a_few(
    tmp_path: Path, handed: list[int]
) -> None:
    files = _site(tmp_path)
    first = build(tmp_path, BuildOptions(jobs=2))
    files.config = SITE_YAML.replace("测试厅政府信息公开", "测试厅政府信息公开网", 1)
    _edit(files)  # and the site's title, which every page shows
    build(tmp_path, BuildOptions(jobs=2))
    assert handed[1:] == [first.pages - 12]  # 3 pieces of 4 here: 12 rendered > 10


@pytest.mark.usefixtures("pagefind_held")
def test_on_more_cores_the_workers_take_every_page(tmp_path: Path, handed: list[int]) -> None:
    files = _site(tmp_path)
    first = build(tmp_path, BuildOptions(jobs=3))
    _edit(files)
    build(tmp_path, BuildOptions(jobs=3))
    assert handed == [first.pages, first.pages]


def test_without_work_beside_the_workers_take_every_page(tmp_path: Path, handed: list[int]) -> None:
    files = _site(tmp_path)
    first = build(tmp_path, BuildOptions(jobs=2, search=False))
    _edit(files)
    build(tmp_path, BuildOptions(jobs=2, search=False))
    build(tmp_path, BuildOptions(jobs=2))  # the index made; nothing edited since
    assert handed == [first.pages] * 3


def test_once_pagefind_is_done_the_rest_goes_to_the_workers(
    tmp_path: Path, handed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _site(tmp_path)
    first = build(tmp_path, BuildOptions(jobs=2))
    staged_before: list[int] = []
    staged = search.BundleIndexing.staged

    def staged_then_wait(indexing: search.BundleIndexing, pages: Any, rendered: Any) -> None:
        staged(indexing, pages, rendered)
        staged_before.append(len(list(pages)))
        if indexing.wanted_first() and len(staged_before) == 5:  # the bundle's 20 pages
            deadline = time.monotonic() + 30
            while indexing.working_beside() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not indexing.working_beside(), "Pagefind did not finish in 30 s"

    monkeypatch.setattr(search.BundleIndexing, "staged", staged_then_wait)
    _edit(files)
    build(tmp_path, BuildOptions(jobs=2))
    assert handed[1:] == [first.pages - 20]  # the bundle's pages here, the rest there


def test_without_pagefind_a_worker_makes_the_data_files_beside_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Pagefind, the data files and the items' cache are made while it runs;
    without, by one of the render workers while the others render."""
    _site(tmp_path)
    hand = rendering.map_in_workers

    def forked(*args: Any, **kwargs: Any) -> Any:  # workers even for 20 items
        return hand(*args, **{**kwargs, "threshold": 1})

    monkeypatch.setattr(rendering, "map_in_workers", forked)
    monkeypatch.setattr(rendering, "CHUNK", 4)
    makers = tmp_path / "makers"
    make = build_module.make_files

    def recorded(*args: Any) -> None:
        with makers.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        make(*args)

    monkeypatch.setattr(build_module, "make_files", recorded)
    build(tmp_path, BuildOptions(jobs=2, search=False))
    made = _pages(tmp_path / "output")
    cache = sorted(path.name for path in (tmp_path / ".gkssg" / "cache").iterdir())
    build(tmp_path, BuildOptions(jobs=1, search=False, out=tmp_path / "clean"))
    build(tmp_path, BuildOptions(jobs=2))

    by = [int(pid) for pid in makers.read_text(encoding="utf-8").split()]
    assert len(by) == 3
    assert by[0] != os.getpid() and by[1:] == [os.getpid()] * 2
    assert {"catalog.json", "catalog.csv", "feed.json", "sitemap.xml"} <= set(made)
    assert made == _pages(tmp_path / "clean")
    assert {name.split(".")[0] for name in cache} == {"build", "items", "markdown", "rows"}


def test_the_slow_statistics_page_is_rendered_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planned among the last, it was rendered in the last piece of work, by one worker
    while the others had nothing left to do."""
    _site(tmp_path)
    orders: list[list[str]] = []
    hand = rendering.map_in_workers

    def recorded(function: Any, state: Any, values: Sequence[Any], **kwargs: Any) -> Any:
        orders.append([page.path for page in values])
        return hand(function, state, values, **kwargs)

    monkeypatch.setattr(rendering, "map_in_workers", recorded)
    build(tmp_path, BuildOptions(jobs=2, search=False))
    (order,) = orders
    assert order[0] == STATS_PAGE
    assert order[1:] == [page for page in order[1:] if page != STATS_PAGE]
    assert len(order) == len(set(order))
