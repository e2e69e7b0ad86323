"""The build cache sits in the site folder: a file put there by a pull request is never loaded."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from gkssg.buildcache import CACHE_DIR, CACHE_FILE, BuildCache
from gkssg.steps.search import SearchIndexError, SearchIndexStep

from support.sites import SiteFiles, default_item


class _RunsCodeWhenLoaded:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_a_planted_cache_file_is_never_unpickled(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    marker = tmp_path / "pwned"
    planted = {"format": ("gkssg", 1), "markdown": {"x": _RunsCodeWhenLoaded(marker)}}
    cache = tmp_path / "site" / CACHE_DIR / CACHE_FILE
    cache.write_bytes(pickle.dumps(planted))
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

    monkeypatch.setattr(SearchIndexStep, "after_write", failing)
    site.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1))
    result = site.run("build")
    assert result.exit_code != 0
    assert (folder / CACHE_FILE).read_bytes() == before
    assert [path.name for path in folder.iterdir()] == [CACHE_FILE]
    assert site.read("output/catalog/regulations/2008-00001.html") == page
