"""One Pagefind bundle per year: the merge patch, and what a merged bundle keeps.

The browser side (results in date order across years, filters, sub-paths) is in
browser/test_search.py; these check the pieces without a browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from gkssg.content.model import Item
from gkssg.search.years import (
    MERGING_SCRIPTS,
    UnsupportedPagefind,
    is_index_data,
    merge_is_patched,
    patch_merge_order,
    plan_bundles,
)

# the shape of Pagefind 1.5's merge, as its minified pagefind.js writes it
MERGE = (
    "async search(term,opts={}){let found=await Promise.all(this.instances.map("
    "(i2)=>i2.search(term,opts)));const filters=1;"
    "const results=found.map((s)=>s.results).flat().sort((a,b)=>b.score-a.score);}"
)


def scripts(folder: Path, text: str) -> Path:
    for name in MERGING_SCRIPTS:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_patch_orders_each_bundle_then_keeps_bundle_order_under_a_sort(
    tmp_path: Path,
) -> None:
    bundle = scripts(tmp_path, MERGE)
    assert not merge_is_patched(bundle)
    patch_merge_order(bundle)
    assert merge_is_patched(bundle)
    for name in MERGING_SCRIPTS:
        text = (bundle / name).read_text(encoding="utf-8")
        assert "found.map((s)=>s.results.sort((a,b)=>b.score-a.score)).flat()" in text
        assert ".sort((a,b)=>opts&&opts.sort?0:b.score-a.score)" in text


def test_the_patch_writes_new_files_and_leaves_hard_links_alone(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    scripts(bundle, MERGE)
    other = tmp_path / "linked.js"
    other.hardlink_to(bundle / "pagefind.js")
    patch_merge_order(bundle)
    assert other.read_text(encoding="utf-8") == MERGE


@pytest.mark.parametrize(
    "text",
    [
        "results.flat()",  # no merge at all
        MERGE + MERGE,  # twice: which one is the merge?
        MERGE.replace("b.score-a.score", "a.score-b.score"),
    ],
)
def test_an_unknown_merge_is_refused_not_guessed(tmp_path: Path, text: str) -> None:
    bundle = scripts(tmp_path, text)
    with pytest.raises(UnsupportedPagefind, match=r"Pagefind 1\.5"):
        patch_merge_order(bundle)


def test_a_merged_bundle_keeps_its_index_data_only() -> None:
    kept = ["pagefind-entry.json", "pagefind.zh-cn_1a2b.pf_meta", "index/zh-cn_1.pf_index"]
    kept += ["fragment/zh-cn_2.pf_fragment", "filter/zh-cn_3.pf_filter"]
    dropped = ["pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css"]
    dropped += ["wasm.unknown.pagefind", "pagefind-highlight.js"]
    assert all(is_index_data(path) for path in kept)
    assert not any(is_index_data(path) for path in dropped)


def items_per_year(counts: dict[int, int]) -> list[Item]:
    """Items, newest first as the catalog holds them, ``counts[year]`` in each year."""
    items = []
    for year, count in sorted(counts.items(), reverse=True):
        for seq in range(count, 0, -1):
            items.append(
                SimpleNamespace(
                    published=dt.datetime(year, 1, 1) + dt.timedelta(hours=seq),
                    output_path=f"catalog/{year}-{seq:05d}.html",
                )
            )
    return items  # type: ignore[return-value]  # what plan_bundles reads of an Item


def test_years_are_taken_oldest_first_until_a_bundle_is_full() -> None:
    items = items_per_year({2004: 300, 2005: 300, 2006: 600, 2007: 100, 2008: 100})
    bundles = plan_bundles(items, 500)
    assert [bundle.name for bundle in bundles] == ["2007-2008", "2006", "2004-2005"]
    assert [len(bundle.pages) for bundle in bundles] == [200, 600, 600]
    assert bundles[0].path == "pagefind/2007-2008/"
    every = [page for bundle in bundles for page in bundle.pages]
    assert sorted(every) == sorted(item.output_path for item in items)


def test_one_item_per_bundle_gives_one_bundle_per_year_and_none_for_no_items() -> None:
    bundles = plan_bundles(items_per_year({2007: 5, 2008: 44, 2009: 6}), 1)
    assert [bundle.name for bundle in bundles] == ["2009", "2008", "2007"]
    assert plan_bundles([], 500) == []


def test_new_items_of_the_current_year_change_the_newest_bundle_only() -> None:
    before = plan_bundles(items_per_year({2004: 520, 2005: 480, 2006: 10}), 500)
    during = plan_bundles(items_per_year({2004: 520, 2005: 480, 2006: 300}), 500)
    after = plan_bundles(items_per_year({2004: 520, 2005: 480, 2006: 300, 2007: 8}), 500)
    assert [bundle.name for bundle in before] == ["2005-2006", "2004"]
    assert [bundle.name for bundle in during] == ["2005-2006", "2004"]
    assert before[1:] == during[1:]  # 2006 grew: its own bundle changed, no other
    assert [bundle.name for bundle in after] == ["2007", "2005-2006", "2004"]
    assert after[1:] == during  # a new year starts a bundle of its own
