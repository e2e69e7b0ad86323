"""The live preview's incremental update equals a clean build, byte for byte.

Each test copies the sample site, starts a :class:`LiveSite` on it, makes one
kind of change, lets the live site update only what it reaches, and compares the
serve folder with a clean ``gkssg build`` (same serve script) of a fresh copy,
every file byte for byte, the search bundle included.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gkssg.base.errors import Problems, Superseded
from gkssg.content.site import load_site
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions
from gkssg.pipeline.planning import plan_outputs
from gkssg.search import indexing as search_step
from gkssg.search.indexing import index_folder
from gkssg.serve.changes import classify
from gkssg.serve.folder import Background
from gkssg.serve.live_site import LiveSite, Update
from gkssg.serve.reload import serve_script
from gkssg.serve.watcher import Watcher
from gkssg.source.scan import scan_content

from conftest import REPO
from support.processes import pagefind_children, use_failing_pagefind
from support.sample import ITEM, PLAIN, REGULATIONS, copy_sample
from support.trees import tree_digest

NEWS = "content/catalog/news"

Change = Callable[[Path], list[str]]  # makes a change, returns the paths it touched


def _replace(root: Path, path: str, old: str, new: str) -> list[str]:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), "utf-8")
    return [path]


def _item_body(root: Path) -> list[str]:
    return _replace(root, ITEM, "\n---\n", "\n---\n\n开头新加的一段正文，用来检查预览。\n")


def _item_title(root: Path) -> list[str]:  # shown by neighbours, lists, home, the 解读
    return _replace(root, ITEM, "title: 关于调整全省失业保险金标准的通知", "title: 调整后的标题")


def _plain_item_body(root: Path) -> list[str]:
    return _replace(root, PLAIN, "各市劳动和社会保障局", "各市人力资源和社会保障局")


def _plain_item_title(root: Path) -> list[str]:  # shown by its neighbours and lists
    return _replace(root, PLAIN, "title: 关于做好2008年国庆节", "title: 关于做好国庆节")


def _item_date(root: Path) -> list[str]:  # moves it among its neighbours and list pages
    return _replace(root, ITEM, "published: 2008-03-04", "published: 2009-06-30")


def _column(root: Path) -> list[str]:
    path = f"{REGULATIONS}/_index.md"
    return _replace(root, path, "per_page: 10", "per_page: 4")


def _column_title(root: Path) -> list[str]:  # in the navigation of every page
    return _replace(root, f"{REGULATIONS}/_index.md", "title: 规范性文件", "title: 规范性文件库")


def _layout(root: Path) -> list[str]:
    target = root / "layouts/partials/footer.html"
    target.parent.mkdir(parents=True)
    footer = (REPO / "layouts/partials/footer.html").read_text("utf-8")
    target.write_text(footer.replace("</footer>", "<p>预览页脚</p></footer>"), "utf-8")
    return ["layouts", "layouts/partials", "layouts/partials/footer.html"]


def _site_yaml(root: Path) -> list[str]:
    text = (root / "site.yaml").read_text("utf-8")
    (root / "site.yaml").write_text(text + "home_items: 4\n", "utf-8")
    return ["site.yaml"]


def _deletion(root: Path) -> list[str]:
    (root / ITEM).unlink()
    (root / "content/catalog/interpretation/失业保险金标准调整政策解读.md").unlink()
    return [ITEM, "content/catalog/interpretation/失业保险金标准调整政策解读.md"]


def _rename(root: Path) -> list[str]:  # into another column: another URL
    source = f"{REGULATIONS}/关于做好2008年全省就业再就业工作的通知.md"
    moved = f"{NEWS}/改放到部门动态的通知.md"
    (root / source).rename(root / moved)
    return [source, moved]


def _addition(root: Path) -> list[str]:
    source = (root / ITEM).read_text("utf-8")
    added = f"{REGULATIONS}/新增的通知.md"
    (root / added).write_text(
        source.replace("2008-00010", "2009-00999")
        .replace("published: 2008-03-04", "published: 2009-12-30")
        .replace("title: 关于调整全省失业保险金标准的通知", "title: 新增的通知"),
        "utf-8",
    )
    return [added]


CHANGES: dict[str, Change] = {
    "item_body": _item_body,
    "item_title": _item_title,
    "item_date": _item_date,
    "plain_item_body": _plain_item_body,
    "plain_item_title": _plain_item_title,
    "column": _column,
    "column_title": _column_title,
    "layout": _layout,
    "site_yaml": _site_yaml,
    "deletion": _deletion,
    "rename": _rename,
    "addition": _addition,
}


def clean_build(root: Path, work: Path) -> dict[str, str]:
    """A fresh copy of the site's sources, built from nothing with the serve script."""
    copy = work / "clean-site"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".gkssg", "output"))
    out = work / "clean-out"
    build(copy, BuildOptions(out=out, serve_script=serve_script("/")))
    return tree_digest(out)


def live_site(root: Path, updates: list[Update]) -> LiveSite:
    live = LiveSite(root, root / ".gkssg/serve", script_for=serve_script, on_update=updates.append)
    started = live.start()
    assert started.ok, [p.format() for p in started.problems]
    return live


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_an_incremental_update_equals_a_clean_build(tmp_path: Path, name: str) -> None:
    root = copy_sample(tmp_path / "site")
    updates: list[Update] = []
    live = live_site(root, updates)
    try:
        before = tree_digest(live.folder)
        touched = CHANGES[name](root)
        update = live.apply(touched)
        live.wait_idle()
    finally:
        live.close()
    assert update is not None and update.ok, [p.format() for p in update.problems]
    after = tree_digest(live.folder)
    assert after != before
    clean = clean_build(root, tmp_path)
    differing = sorted(k for k in after.keys() | clean.keys() if after.get(k) != clean.get(k))
    assert not differing, differing


@pytest.mark.parametrize(
    ("name", "indexed_again"),
    [
        ("item_body", {"2008"}),
        ("item_date", {"2008", "2009"}),  # moved from 2008 to 2009
        ("deletion", {"2008"}),
        ("addition", {"2009"}),
    ],
)
def test_only_the_search_bundles_of_changed_pages_are_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, indexed_again: set[str]
) -> None:
    root = copy_sample(tmp_path / "site")
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("search_bundle_items: 1\n")  # one bundle per year: 2007, 2008, 2009
    indexed: list[str] = []
    index = search_step.index_item_pages

    def recorded(folder: Path, items: Any, bundle: Path, *args: Any) -> int:
        indexed.append(bundle.name)  # then index it for real
        return index(folder, items, bundle, *args)

    monkeypatch.setattr(search_step, "index_item_pages", recorded)
    live = live_site(root, [])
    try:
        assert sorted(indexed) == ["2007", "2008", "2009"]  # the first build
        indexed.clear()
        update = live.apply(CHANGES[name](root))
        live.wait_idle()
    finally:
        live.close()
    assert update is not None and update.ok
    assert set(indexed) == indexed_again
    assert tree_digest(live.folder) == clean_build(root, tmp_path)


def test_an_item_edit_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    live = live_site(root, [])
    try:
        update = live.apply(_item_body(root))
    finally:
        live.close()
    assert update is not None and not update.everything
    assert update.changed == {"catalog/regulations/2008-00010.html"}
    assert update.pages < 10  # its page, neighbours, related, list pages, home


def test_errors_keep_the_last_good_site_and_a_fix_brings_it_back(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    live = live_site(root, [])
    try:
        broken = live.apply(_replace(root, ITEM, "published: 2008-03-04", "published: 2008-02-30"))
        assert broken is not None and not broken.ok
        lines = [p.format() for p in broken.problems.errors]
        assert any(line.startswith(f"{ITEM}:4: BAD_DATE") for line in lines), lines
        assert "2008-00010.html" in "\n".join(
            p.name for p in (live.folder / "catalog/regulations").iterdir()
        )
        fixed = live.apply(_replace(root, ITEM, "published: 2008-02-30", "published: 2008-03-05"))
        live.wait_idle()
    finally:
        live.close()
    assert fixed is not None and fixed.ok
    assert tree_digest(live.folder) == clean_build(root, tmp_path)


def test_background_work_gives_way_to_a_waiting_change_and_resumes(tmp_path: Path) -> None:
    """While a change waits, the background work (feeds, catalog, search) stops at its next
    step and starts over later; in the end the folder still equals a clean build."""
    root = copy_sample(tmp_path / "site")
    updates: list[Update] = []
    live = live_site(root, updates)
    try:
        live.apply(_item_title(root))  # feeds and catalog.json show titles: background work
        live._change_waiting.set()  # as apply() does while a change waits for the lock
        time.sleep(1.5)  # the background work has started, met the waiting change, given way
        assert not [u for u in updates if u.phase == "files"], "it should have given way"
        live._change_waiting.clear()
        live.wait_idle()
    finally:
        live.close()
    assert [u.phase for u in updates if u.phase != "pages"] == ["files", "search"]
    assert tree_digest(live.folder) == clean_build(root, tmp_path)


def test_a_burst_of_edits_during_background_work_ends_equal_to_a_clean_build(
    tmp_path: Path,
) -> None:
    root = copy_sample(tmp_path / "site")
    live = live_site(root, [])
    try:
        for n in range(6):  # each edit lands while the previous one's background work runs
            live.apply(_replace(root, ITEM, "\n---\n", f"\n---\n\n第{n}次修改。\n"))
            time.sleep(0.45)
        live.wait_idle()
    finally:
        live.close()
    assert tree_digest(live.folder) == clean_build(root, tmp_path)


def test_planning_stops_between_steps_once_superseded(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    site = load_site(root, Problems())
    assert site is not None
    with pytest.raises(Superseded):
        plan_outputs(site, Problems(), superseded=lambda: True)
    assert plan_outputs(site, Problems(), superseded=lambda: False).pages


def test_planning_stops_inside_a_step_once_superseded(tmp_path: Path) -> None:
    """A step's loop over the items looks too: the preview's newer change does not wait
    for the end of a step such as the exports (0.6 s at 10,000 items)."""
    root = copy_sample(tmp_path / "site")
    site = load_site(root, Problems())
    assert site is not None
    looks: list[int] = []

    def superseded() -> bool:  # false before the first step, true from then on
        looks.append(1)
        return len(looks) > 1

    with pytest.raises(Superseded) as stopped:
        plan_outputs(site, Problems(), superseded=superseded)
    assert str(stopped.value) == "pages"  # in the first step, not before the second


def test_background_work_starts_its_delay_after_the_last_request() -> None:
    """Work that gave way to a change asks again at once; the change's own request, made
    when its pages are written, must still leave the delay to the browsers' reloads."""
    started: list[float] = []
    background = Background(lambda: started.append(time.monotonic()), "test", delay=0.4)
    try:
        background.request()
        time.sleep(0.25)
        last = time.monotonic()
        background.request()
        assert background.wait_idle(10)
    finally:
        background.stop()
    assert len(started) == 1  # the two requests were one piece of work
    assert started[0] >= last + 0.4


def test_a_layout_that_raises_is_reported_and_its_fix_brings_the_site_back(
    tmp_path: Path,
) -> None:
    """Not only Jinja's own errors: a division by zero in a site's layout is a TEMPLATE
    problem at its file and line, not an exception that would end the preview."""
    root = copy_sample(tmp_path / "site")
    live = live_site(root, [])
    layout = root / "layouts/item.html"
    default = (REPO / "layouts/item.html").read_text("utf-8")
    try:
        layout.parent.mkdir()
        layout.write_text(default.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}"))
        broken = live.apply(["layouts/item.html"])
        assert broken is not None and not broken.ok
        lines = [p.format() for p in broken.problems.errors]
        assert any(
            line.startswith("layouts/item.html:2: TEMPLATE") and "ZeroDivisionError" in line
            for line in lines
        ), lines
        layout.unlink()
        fixed = live.apply(["layouts/item.html"])
        live.wait_idle()
    finally:
        live.close()
    assert fixed is not None and fixed.ok
    assert tree_digest(live.folder) == clean_build(root, tmp_path)


def test_the_watcher_keeps_watching_after_its_callback_fails(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    batches: list[frozenset[str]] = []

    def on_batch(batch: frozenset[str]) -> None:
        batches.append(batch)
        if len(batches) == 1:
            raise RuntimeError("a bug in an update")

    watcher = Watcher(root, on_batch, quiet=0.05)
    watcher.start()
    try:
        for n in range(2):
            _replace(root, ITEM, "\n---\n", f"\n---\n\n第{n}次。\n")
            deadline = time.monotonic() + 10
            while len(batches) <= n and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        watcher.stop()
    assert [ITEM in batch for batch in batches] == [True, True]


def test_an_edit_in_place_does_not_list_content_again(tmp_path: Path) -> None:
    """Saving a file also reports its folder as modified; only a changed listing of
    that folder needs a new scan of content/ (at 10,000 items a scan costs 0.2-0.5 s)."""
    root = copy_sample(tmp_path / "site")
    known = scan_content(root, Problems())
    folder = REGULATIONS
    edited = classify([folder, ITEM], known, root)
    assert not edited.rescan and edited.items == {ITEM}
    (root / folder / ".关于调整全省失业保险金标准的通知.md.swp").write_bytes(b"vim")
    (root / folder / "_drafts-of-mine").mkdir()
    assert not classify([folder], known, root).rescan  # what the listing skips anyway
    (root / folder / "新的信息.md").write_text("---\ntitle: 新\n---\n", "utf-8")
    assert classify([folder], known, root).rescan  # a file came: only its folder said so
    (root / folder / "新的信息.md").unlink()
    (root / folder / "附件二").mkdir()
    (root / folder / "附件二/表.pdf").write_bytes(b"%PDF-1.4")
    assert classify([folder], known, root).rescan  # a folder of attachments came
    assert not classify([folder], scan_content(root, Problems()), root).rescan  # now known
    (root / folder / "子栏目").mkdir()
    assert classify([folder], known, root).rescan  # a folder came


def test_a_cancelled_search_index_ends_its_pagefind_process(
    tmp_path: Path, sample_site: Path
) -> None:
    pages = tmp_path / "pages-to-index"
    for page in (sample_site / "output/catalog").rglob("20*.html"):
        target = pages / page.relative_to(sample_site / "output")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    asked: list[float] = []

    def cancelled() -> bool:
        asked.append(time.monotonic())
        return True

    with pytest.raises(Superseded):
        index_folder(pages, tmp_path / "bundle", cancelled)
    assert asked  # it was asked while Pagefind ran
    assert pagefind_children() == []


@pytest.mark.slow
def test_stopping_the_preview_ends_a_running_search_index(tmp_path: Path) -> None:
    """A search index still being built when the preview stops is ended with it, not left
    running on the editor's machine."""
    root = tmp_path / "site"
    corpus = [sys.executable, str(REPO / "bench/corpus.py"), "--n", "1500", "--out", str(root)]
    subprocess.run(corpus, check=True, capture_output=True)
    live = live_site(root, [])
    shadow = live.folder.parent / f".{live.folder.name}-post-write"  # this test's own
    try:
        item = next(p for p in sorted((root / "content").rglob("*.md")) if p.name != "_index.md")
        item.write_text(item.read_text("utf-8") + "\n新增一段。\n", "utf-8")
        live.apply([item.relative_to(root).as_posix()])
        deadline = time.monotonic() + 60
        # the pages Pagefind reads are linked into a folder named after the shadow
        indexing = f"{shadow.name}-search-*"
        while not list(shadow.parent.glob(indexing)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert list(shadow.parent.glob(indexing)), "the background search index never started"
        assert pagefind_children()
    finally:
        live.close()  # returns once the background work has ended
    deadline = time.monotonic() + 0.5  # Pagefind alone would run on for seconds
    while pagefind_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pagefind_children() == []


def test_a_failing_pagefind_is_said_in_one_line_and_the_preview_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(tmp_path / "site")
    live = live_site(root, [])
    try:
        use_failing_pagefind(tmp_path, monkeypatch)
        for step in live._post_write_steps:
            step.close()  # the Pagefind kept since the first build goes: the next one fails
        item = root / ITEM
        item.write_text(item.read_text("utf-8") + "\n新增一段。\n", "utf-8")
        capsys.readouterr()
        update = live.apply([ITEM])
        live.wait_idle()
        assert update is not None and update.ok  # the page itself is served
        pages = (live.folder / "catalog").rglob("*.html")
        assert any("新增一段" in page.read_text("utf-8") for page in pages)
    finally:
        live.close()
    errors = capsys.readouterr().err
    assert "error: Pagefind stopped (3): memory allocation of 1 GiB failed" in errors
    assert "Traceback" not in errors
