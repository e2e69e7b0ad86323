"""定时发布: an item dated later than the build's clock (GKSSG_NOW) is published nowhere,
and the output is otherwise the output without it; the first build after publishes it."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from support.cli import run_gkssg
from support.sample import copy_sample
from support.trees import tree_digest

ITEM = "content/catalog/news/2030年元旦节后就业服务活动安排.md"
NUMBER = "00298196X/2030-00001"
TITLE = "2030年元旦节后就业服务活动安排"
TEXT = f"""---
title: {TITLE}
index_no: {NUMBER}
published: 2030-01-02 09:00
topic: 劳动就业
genre: 动态
review: {{by: 办公室 刘芳, date: 2029-12-28}}
---
元旦节后，全省各级公共就业服务机构集中开展就业服务活动。
"""
BEFORE, AFTER = "2030-01-02T08:59", "2030-01-02T09:00"


def _build(root: Path, now: str, *args: str) -> str:
    result = run_gkssg(
        "--site", str(root), "build", *args, env={"GKSSG_NOW": now, "GKSSG_LANG": "en"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _indexed(output: Path) -> set[str]:
    return {
        json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        for f in output.glob("pagefind/**/fragment/*.pf_fragment")
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("scheduled")
    with_item = copy_sample(base / "with")
    (with_item / ITEM).write_text(TEXT, encoding="utf-8")
    without = copy_sample(base / "without")
    return with_item, without


def test_before_its_time_the_item_is_nowhere_and_the_rest_is_byte_identical(
    sites: tuple[Path, Path],
) -> None:
    with_item, without = sites
    said = _build(with_item, BEFORE)
    assert "SCHEDULED" in said and ITEM in said
    _build(without, BEFORE)
    assert tree_digest(with_item / "output") == tree_digest(without / "output")
    check = run_gkssg("--site", str(with_item), "check", env={"GKSSG_NOW": BEFORE})
    assert check.returncode == 0  # a note, not an error
    assert f"{ITEM}:4: SCHEDULED" in check.stdout


def test_the_first_build_after_its_time_publishes_it_everywhere(sites: tuple[Path, Path]) -> None:
    with_item, _ = sites
    _build(with_item, AFTER)
    output = with_item / "output"
    page = output / "catalog/news/2030-00001.html"
    assert TITLE in page.read_text("utf-8")
    assert "预约发布" not in page.read_text("utf-8")
    for name in ("index.html", "feed.xml", "feed.json", "catalog.json", "sitemap.xml"):
        assert "2030-00001" in (output / name).read_text("utf-8"), name  # its number or URL
    assert "/catalog/news/2030-00001.html" in _indexed(output)


def test_future_builds_it_ahead_marked_as_scheduled(
    tmp_path: Path, sites: tuple[Path, Path]
) -> None:
    with_item, _ = sites
    root = tmp_path / "ahead"
    shutil.copytree(with_item, root, ignore=shutil.ignore_patterns("output", ".gkssg"))
    _build(root, BEFORE, "--future", "--no-search")
    page = (root / "output/catalog/news/2030-00001.html").read_text("utf-8")
    assert TITLE in page and "预约发布" in page
