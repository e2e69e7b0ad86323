"""One Pagefind bundle per year: the merge patch, and what a merged bundle keeps.

The browser side (results in date order across years, filters, sub-paths) is in
test_search.py; these check the pieces without a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkssg.search_years import (
    MERGING_SCRIPTS,
    UnsupportedPagefind,
    is_index_data,
    merge_is_patched,
    patch_merge_order,
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
