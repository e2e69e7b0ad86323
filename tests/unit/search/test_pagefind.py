"""Pagefind as a service: one warm process indexes bundle after bundle.

The bundles must be those of Pagefind's command, byte for byte; a process that
failed is not used again; nothing is left running when the pool closes; and a
build starts a Pagefind per core, not one per bundle.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

import gkssg.search.pagefind as service
from gkssg.base.errors import Superseded
from gkssg.base.parallel import available_cores
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions
from gkssg.search.bundle import canonicalise_bundle
from gkssg.search.indexing import index_folder, indexed_pages
from gkssg.search.pagefind import PagefindPool, PagefindProcess, SearchIndexError

from support.processes import pagefind_children
from support.sites import SiteFiles, default_item


def _pages(sample_site: Path, into: Path, year: str) -> Path:
    """A folder holding the sample site's item pages of ``year``."""
    for page in (sample_site / "output/catalog").rglob(f"{year}-*.html"):
        target = into / page.relative_to(sample_site / "output")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    assert list(into.rglob("*.html")), f"the sample site has no item of {year}"
    return into


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _pagefind_command(pages: Path, bundle: Path) -> None:
    """Pagefind's own command line, as gkssg ran it before the service."""
    command = [service.pagefind_executable(), "--site", str(pages), "--output-path", str(bundle)]
    subprocess.run(command, check=True, capture_output=True)
    canonicalise_bundle(bundle)


def _recorded_popen(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[Any]]:
    started: list[subprocess.Popen[Any]] = []

    class RecordedPopen(subprocess.Popen[Any]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(service.subprocess, "Popen", RecordedPopen)
    return started


def test_one_warm_process_makes_the_commands_bundles_one_after_another(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    years = ("2007", "2008", "2009")
    folders = {year: _pages(sample_site, tmp_path / f"pages-{year}", year) for year in years}
    started = _recorded_popen(monkeypatch)
    pool = PagefindPool()
    try:
        pool.prestart()  # warms up on its own; the first bundle reads its answers first
        for year in years:
            with pool.process() as pagefind:
                count = index_folder(folders[year], tmp_path / f"service-{year}", None, pagefind)
            assert count == len(list(folders[year].rglob("*.html")))
    finally:
        pool.close()
    assert len(started) == 1, "each bundle started a Pagefind of its own"
    assert started[0].returncode == -signal.SIGKILL  # ended with the pool
    for year in years:
        _pagefind_command(folders[year], tmp_path / f"command-{year}")
        assert _files(tmp_path / f"service-{year}") == _files(tmp_path / f"command-{year}")


def test_a_process_that_failed_is_not_lent_again(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(sample_site, tmp_path / "pages", "2008")
    started = _recorded_popen(monkeypatch)
    pool = PagefindPool()
    try:
        stopped = pytest.raises(SearchIndexError, match=r"Pagefind stopped \(-9\)")
        with stopped, pool.process() as pagefind:
            pagefind.kill()  # as if it had crashed
            pagefind.index(pages, tmp_path / "lost")
        with pool.process() as pagefind:
            assert pagefind.index(pages, tmp_path / "bundle") == len(list(pages.rglob("*.html")))
    finally:
        pool.close()
    assert len(started) == 2 and started[0].returncode == -signal.SIGKILL
    assert indexed_pages(tmp_path / "bundle") == len(list(pages.rglob("*.html")))


def test_a_process_that_ends_before_its_warm_up_is_closed_and_not_lent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Pagefind that ended at once (one that cannot run) is closed by prestart(), not
    left with its pipes open for the garbage collector to find in a later test."""
    started = _recorded_popen(monkeypatch)
    warm_up = PagefindProcess.warm_up

    def after_its_end(process: PagefindProcess) -> None:
        started[-1].kill()
        started[-1].wait()
        warm_up(process)  # writes into a closed pipe

    monkeypatch.setattr(PagefindProcess, "warm_up", after_its_end)
    pool = PagefindPool()
    try:
        pool.prestart()
        assert len(started) == 1
        assert started[0].stdin is not None and started[0].stdin.closed
        assert started[0].stdout is not None and started[0].stdout.closed
        with pool.process():  # not the ended one: a new process (no warm-up)
            assert len(started) == 2
    finally:
        pool.close()
    assert pagefind_children() == []


def test_pagefinds_refusal_is_reported_in_its_words(tmp_path: Path) -> None:
    process = PagefindProcess()
    try:
        with pytest.raises(SearchIndexError, match=r"^Pagefind: "):
            process._call({"type": "AddDir", "index_id": 99, "path": str(tmp_path)}, None)
    finally:
        process.close()


def test_a_closed_pool_ends_its_processes_and_lends_none(tmp_path: Path, sample_site: Path) -> None:
    pages = _pages(sample_site, tmp_path / "pages", "2008")
    pool = PagefindPool()
    pool.prestart()
    with pool.process() as pagefind:
        pagefind.index(pages, tmp_path / "bundle")
    assert pagefind_children()  # idle, kept for the next bundle
    pool.close()
    assert pagefind_children() == []
    with pytest.raises(Superseded), pool.process():
        pass


def test_a_build_runs_a_pagefind_per_core_not_per_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = SiteFiles(tmp_path, config=SiteFiles(tmp_path).config + "search_bundle_items: 1\n")
    years = range(2010, 2018)
    for seq, year in enumerate(years, start=1):
        number, review = f"00298196X/{year}-{seq:05d}", {"by": "办公室", "date": f"{year}-05-04"}
        front = default_item(seq, index_no=number, published=f"{year}-05-04", review=review)
        files.with_item(f"catalog/regulations/item{seq:03d}.md", **front)
    files.write()
    started = _recorded_popen(monkeypatch)
    build(tmp_path, BuildOptions())
    bundles = sorted(path.name for path in (tmp_path / "output/pagefind").iterdir())
    assert bundles == [str(year) for year in years]
    assert 1 <= len(started) <= available_cores() + 1  # the one started ahead, one per thread
    assert all(process.returncode is not None for process in started)
    assert pagefind_children() == []


@pytest.mark.parametrize("path", ["../outside.js", "/etc/outside", "fragment//x", ""])
def test_a_file_named_outside_the_bundle_is_refused(tmp_path: Path, path: str) -> None:
    bundle = tmp_path / "bundle"
    with pytest.raises(SearchIndexError, match="outside its bundle"):
        service._write_bundle(bundle, [{"path": path, "content": ""}])
    assert not (tmp_path / "outside.js").exists()
    assert not bundle.exists()  # checked before anything is written


def test_files_a_previous_bundle_holds_are_linked_from_it_not_written(
    tmp_path: Path, sample_site: Path
) -> None:
    pages = _pages(sample_site, tmp_path / "pages", "2008")
    edited = sorted(pages.rglob("*.html"))[0]
    before, after, fresh = tmp_path / "before", tmp_path / "after", tmp_path / "fresh"
    process = PagefindProcess()
    try:
        index_folder(pages, before, None, process)
        html = edited.read_text(encoding="utf-8")
        edited.write_text(html.replace("</article>", "<p>本条目更新。</p></article>", 1))
        index_folder(pages, after, None, process, reuse=before)
        index_folder(pages, fresh, None, process)
    finally:
        process.close()
    assert _files(after) == _files(fresh)  # what a bundle written anew holds
    old = _files(before)
    linked = {
        relative
        for relative in _files(after)
        if (before / relative).exists() and (after / relative).samefile(before / relative)
    }
    same = {relative for relative, data in _files(after).items() if old.get(relative) == data}
    # every file Pagefind made as it was, and no other (the canonical order's are new)
    canonical = [name for name in same if name.startswith("filter/") or name.endswith("pf_meta")]
    assert linked == same - {*canonical, "pagefind-entry.json"}
    assert any(relative.startswith("fragment/") for relative in linked)
    assert any(relative.startswith("fragment/") for relative in set(_files(after)) - linked)
