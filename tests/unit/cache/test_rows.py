"""The items' rows in the data files are kept between builds and made again exactly when
their item or what else they show changed (gkssg.cache.rows)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gkssg.cache.rows import RowCache
from gkssg.content import itemcache
from gkssg.outputs import exports
from gkssg.search import step as search

from support.sites import SiteFiles, default_item, item_file
from support.trees import tree_digest


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many catalog and exact-search rows the builds in the test made."""
    counts: Counter[str] = Counter()
    for module, name in ((exports, "catalog_row"), (search, "exact_row")):
        original = getattr(module, name)

        def counting(*args: Any, _original: Any = original, _name: str = name) -> Any:
            counts[_name] += 1
            return _original(*args)

        monkeypatch.setattr(module, name, counting)
    # files written just now would be parsed again on each build: it makes no new rows
    # (their fingerprints are the same), but the test need not wait 2 s to show it
    monkeypatch.setattr(itemcache, "RACY_NS", 0)
    return counts


def _edit(root: Path, source: str, old: str, new: str) -> None:
    path = root / source
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def _clean_build_digest(root: Path, tmp_path: Path) -> str:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".gkssg"))
    assert SiteFiles(clean).invoke("build", "--no-search").exit_code == 0
    return tree_digest(clean / "output")


def test_a_rebuild_makes_only_the_rows_of_what_changed(tmp_path: Path, made: Counter[str]) -> None:
    site = SiteFiles(tmp_path / "site").with_items(12)
    site.build("--no-search")
    assert made == {"catalog_row": 12, "exact_row": 12}
    made.clear()
    assert site.invoke("build", "--no-search").exit_code == 0
    assert made == {}  # nothing changed: every row kept
    _edit(site.root, "content/catalog/regulations/item005.md", "测试信息5", "改过标题的信息")
    assert site.invoke("build", "--no-search").exit_code == 0
    assert made == {"catalog_row": 1, "exact_row": 1}
    assert "改过标题的信息" in site.read("output/catalog.csv")
    assert tree_digest(site.root / "output") == _clean_build_digest(site.root, tmp_path)


def test_a_change_of_what_every_row_shows_makes_every_row(
    tmp_path: Path, made: Counter[str]
) -> None:
    site = SiteFiles(tmp_path / "site").with_items(6)
    site.build("--no-search")
    made.clear()
    assert site.invoke("build", "--no-search", "--base-url", "/xxgk/").exit_code == 0
    assert made == {"catalog_row": 6, "exact_row": 6}
    assert '"url":"https://xxgk.example.gov.cn/xxgk/catalog/' in site.read("output/catalog.json")
    made.clear()
    _edit(site.root, "content/catalog/regulations/_index.md", "规范性文件", "规范性文件汇编")
    assert site.invoke("build", "--no-search", "--base-url", "/xxgk/").exit_code == 0
    assert made == {"catalog_row": 6}  # the column's title is in the catalog rows only
    assert site.read("output/catalog.csv").count("规范性文件汇编") == 6


def test_masked_rows_follow_their_item(tmp_path: Path, made: Counter[str]) -> None:
    """With ``privacy: mask`` the catalog holds masked copies of the items read; their
    rows are kept under the fingerprint of the item read, and follow its edits."""
    site = SiteFiles(tmp_path / "site")
    site.config = site.config.replace("privacy: error", "privacy: mask")
    site.with_items(4)
    site.with_item("catalog/regulations/x.md", **default_item(9, title="联系手机13912345678"))
    site.build("--no-search")
    made.clear()
    assert site.invoke("build", "--no-search").exit_code == 0
    assert made == {}
    x = site.root / "content/catalog/regulations/x.md"
    x.write_text(item_file(**default_item(9, title="联系手机13987654321")), "utf-8")
    assert site.invoke("build", "--no-search").exit_code == 0
    assert made == {"catalog_row": 1, "exact_row": 1}
    catalog = site.read("output/catalog.json")
    assert "139****4321" in catalog and "13987654321" not in catalog and "5678" not in catalog
    assert tree_digest(site.root / "output") == _clean_build_digest(site.root, tmp_path)


def test_a_row_is_kept_for_the_same_fingerprint_and_context_only() -> None:
    made: list[str] = []

    def maker(text: str) -> Callable[[], str]:
        def make() -> str:
            made.append(text)
            return text

        return make

    first = RowCache()
    assert first.row("catalog", "a.md", "fp1", ("ctx",), maker("one")) == "one"
    again = RowCache(load=lambda: first.made)
    assert again.row("catalog", "a.md", "fp1", ("ctx",), maker("two")) == "one"
    assert again.row("exact", "a.md", "fp1", ("ctx",), maker("three")) == "three"
    assert again.row("catalog", "b.md", "fp1", ("ctx",), maker("four")) == "four"
    edited = RowCache(load=lambda: first.made)
    assert edited.row("catalog", "a.md", "fp2", ("ctx",), maker("five")) == "five"
    moved = RowCache(load=lambda: first.made)
    assert moved.row("catalog", "a.md", "fp1", ("other",), maker("six")) == "six"
    assert moved.row("catalog", "a.md", None, ("other",), maker("seven")) == "seven"
    assert made == ["one", "three", "four", "five", "six", "seven"]
    unknown = RowCache(load=lambda: first.made)
    assert unknown.row("catalog", "a.md", None, ("ctx",), maker("eight")) == "eight"
    assert unknown.made == {}  # a row made without a fingerprint is not kept
