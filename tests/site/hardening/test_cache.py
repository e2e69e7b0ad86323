"""The build cache sits in the site folder: a file put there by a pull request is never loaded."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import gkssg.cache.store as buildcache
from gkssg.cache.store import (
    CACHE_DIR,
    CACHE_FILE,
    FORMAT,
    PARTS,
    SHARDS,
    BuildCache,
    LazyShards,
    shard_file,
    shard_of,
)
from gkssg.content import itemcache
from gkssg.pipeline.build import build
from gkssg.pipeline.context import BuildOptions
from gkssg.search.indexing import BundleIndexing
from gkssg.search.pagefind import SearchIndexError

from support.sites import SiteFiles, default_item, item_file


class _RunsCodeWhenLoaded:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_a_planted_cache_file_is_never_unpickled(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    marker = tmp_path / "pwned"
    planted = {"format": ("gkssg", FORMAT), "entries": {"x": _RunsCodeWhenLoaded(marker)}}
    folder = tmp_path / "site" / CACHE_DIR
    names = [CACHE_FILE] + [shard_file(part, n) for part in PARTS for n in range(SHARDS)]
    for name in names:
        (folder / name).write_bytes(pickle.dumps(planted))
    site.build()
    assert not marker.exists()
    assert "测试信息1" in site.read("output/catalog/regulations/2008-00001.html")


def test_the_cache_a_build_writes_is_read_back(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    loaded = BuildCache.load(tmp_path / "site", tmp_path / "site" / "output")
    assert loaded.items and loaded.pages


def test_a_build_that_fails_while_indexing_keeps_the_cache_it_had(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is written while Pagefind runs but put in place only with the output it
    describes: a failed index leaves both as they were, and no half-made cache file."""
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    folder = tmp_path / "site" / CACHE_DIR
    before = (folder / CACHE_FILE).read_bytes()
    page = site.read("output/catalog/regulations/2008-00001.html")

    def failing(*args: object, **kwargs: object) -> None:
        raise SearchIndexError("pagefind exited with 1")

    monkeypatch.setattr(BundleIndexing, "finish", failing)
    site.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1))
    result = site.run("build")
    assert result.exit_code != 0
    assert (folder / CACHE_FILE).read_bytes() == before
    assert not [path.name for path in folder.iterdir() if path.name.startswith(".")]
    assert site.read("output/catalog/regulations/2008-00001.html") == page


def _shard_files(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in folder.iterdir()
        if path.name != CACHE_FILE
    }


def test_an_edit_rewrites_only_the_cache_shards_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 items the cache is 130 MB; one edited item changes four shards of it at
    most: its item's, its Markdown's, and those of its two rows (catalog, exact search)."""
    # files written just now are read again (and their entries made anew) until their
    # times are 2 s older than the read: this test does not wait for that
    monkeypatch.setattr(itemcache, "RACY_NS", 0)
    site = SiteFiles(tmp_path / "site").with_items(12)
    site.build()
    root, folder = tmp_path / "site", tmp_path / "site" / CACHE_DIR
    before = _shard_files(folder)
    markdown_before = set(BuildCache.load(root, root / "output").markdown)
    assert site.invoke("build").exit_code == 0  # nothing changed: no shard is written
    assert _shard_files(folder) == before
    source = "content/catalog/regulations/item005.md"
    (root / source).write_text(item_file("改过的正文。\n", **default_item(5)), encoding="utf-8")
    assert site.invoke("build").exit_code == 0
    after = _shard_files(folder)
    loaded = BuildCache.load(root, root / "output")
    new_markdown = set(loaded.markdown) - markdown_before
    assert len(new_markdown) == 1
    expected = (
        {shard_file("items", shard_of(source))}
        | {shard_file("markdown", shard_of(key)) for key in new_markdown}
        | {shard_file("rows", shard_of(f"{kind}:{source}")) for kind in ("catalog", "exact")}
    )
    assert {name for name in after if after[name] != before.get(name)} == expected
    assert source in loaded.items and len(loaded.items) == 12


def test_a_damaged_shard_loses_its_entries_only(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(12)
    site.build()
    root, folder = tmp_path / "site", tmp_path / "site" / CACHE_DIR
    whole = BuildCache.load(root, root / "output")
    damaged = folder / shard_file("items", 3)
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    loaded = BuildCache.load(root, root / "output")
    lost = {source for source in whole.items if shard_of(source) == 3}
    assert lost and set(loaded.items) == set(whole.items) - lost
    assert loaded.markdown == whole.markdown and loaded.pages == whole.pages
    page = site.read("output/catalog/regulations/2008-00001.html")
    site.build()  # reads those items again, and writes their shard anew
    assert site.read("output/catalog/regulations/2008-00001.html") == page
    assert set(BuildCache.load(root, root / "output").items) == set(whole.items)


def test_temporary_files_of_killed_builds_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    folder = tmp_path / "site" / CACHE_DIR
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [folder / f".{CACHE_FILE}.{ended.pid}", folder / f".items.03.pickle.{ended.pid}"]
        live = folder / f".{CACHE_FILE}.{running.pid}"  # a build of another output, say
        for path in (*stale, live):
            path.write_bytes(b"half written")
        site.build()
        assert not any(path.exists() for path in stale)
        assert live.exists()
    finally:
        running.kill()
        running.wait()


def test_a_build_reads_the_markdown_shards_of_what_it_renders_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown of 10,000 items is 47 MB: a no-change rebuild reads none of it, and
    after an edit the build reads the shards of the Markdown it asks for, no other."""
    monkeypatch.setattr(itemcache, "RACY_NS", 0)
    site = SiteFiles(tmp_path / "site").with_items(12)
    site.build()
    root = tmp_path / "site"
    read: list[str] = []
    asked: set[str] = set()
    real_read, real_get = buildcache._read, LazyShards.get

    def recorded_read(path: Path, key: bytes | None) -> object:
        read.append(path.name)
        return real_read(path, key)

    def recorded_get(self: LazyShards, name: str, default: object = None) -> object:
        asked.add(name)
        return real_get(self, name, default)

    monkeypatch.setattr(buildcache, "_read", recorded_read)
    monkeypatch.setattr(LazyShards, "get", recorded_get)
    build(root, BuildOptions(search=False))
    assert asked == set() and not [name for name in read if name.startswith("markdown.")]

    source = "content/catalog/regulations/item005.md"
    (root / source).write_text(item_file("改过的正文。\n", **default_item(5)), encoding="utf-8")
    build(root, BuildOptions(search=False))
    shards = {name for name in read if name.startswith("markdown.")}
    assert asked and shards == {shard_file("markdown", shard_of(key)) for key in asked}
    assert len(shards) < SHARDS


def test_markdown_shards_are_written_with_what_was_added(tmp_path: Path) -> None:
    """A shard is written when an entry added to it is new (not when it was made again
    as it was), with the entries read; past the limit, with the added entries alone."""
    key = b"k" * 32
    names = [f"entry {n}" for n in range(40)]
    by_shard: dict[int, dict[str, str]] = {}
    for name in names:
        by_shard.setdefault(shard_of(name), {})[name] = f"<p>{name}</p>"
    for number, entries in by_shard.items():
        buildcache._write(tmp_path / shard_file("markdown", number), entries, key)
    old = names[0]
    shards = LazyShards(tmp_path, "markdown", key)
    assert shards.get(old) == f"<p>{old}</p>" and shards.get("missing") is None
    shards.add({old: f"<p>{old}</p>"})
    assert shards.changed_shards() == {}  # made again, as it was

    new = next(f"new {n}" for n in range(100) if shard_of(f"new {n}") == shard_of(old))
    shards.add({new: "<p>new</p>"})
    assert shards.changed_shards() == {
        shard_of(old): {**by_shard[shard_of(old)], new: "<p>new</p>"}
    }
    shards.add({}, most=SHARDS)  # one entry per shard at most: the old ones go
    assert shards.changed_shards() == {shard_of(old): {old: f"<p>{old}</p>", new: "<p>new</p>"}}
    assert set(shards) == {*names, new} and len(shards) == len(names) + 1
