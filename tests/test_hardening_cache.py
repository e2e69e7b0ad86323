"""The build cache sits in the site folder: a file put there by a pull request is never loaded."""

from __future__ import annotations

import pickle
from pathlib import Path

from gkssg.buildcache import CACHE_DIR, CACHE_FILE, BuildCache

from support.sites import SiteFiles


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
