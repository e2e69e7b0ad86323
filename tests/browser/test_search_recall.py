"""Substring recall through the site's own search page, in Chromium over nginx.

For every item of the sample site and of a 1,000-item bench corpus: three fragments cut
at random offsets from its title (2–8 characters) and three from its body (4–8); the item
must be among the results for every title fragment and for 99 % of all of them. Whole
words find at least what Pagefind's own word search (all the page ran before) finds.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gkssg.base.errors import Problems
from gkssg.content.site import load_site

from conftest import REPO, build_sample_copy, require_tool
from support.nginx import nginx_available, serve_with_nginx
from support.search_recall import ask, item_texts, probes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = [
    "失业保险", "养老保险", "工伤认定", "劳动合同", "就业", "社会保险", "农民工", "工资",
    "通知", "公告", "2008", "养老保险 通知", "劳动保障监察", "职业技能培训", "人才引进",
]  # fmt: skip
SEED = 29


def built_corpus(root: Path) -> Path:
    corpus = [sys.executable, str(REPO / "bench/corpus.py"), "--n", "1000", "--out", str(root)]
    subprocess.run(corpus, check=True, capture_output=True)
    build = [sys.executable, "-m", "gkssg", "--site", str(root), "build"]
    result = subprocess.run(build, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module", params=["sample", "corpus"])
def site(request: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The sample site (one search bundle per year: every query merges bundles) and the
    bench corpus of 1,000 items (bundles of 500), each served by nginx."""
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "sample":
        root = build_sample_copy(folder, config="search_bundle_items: 1\n")
    else:
        root = built_corpus(folder / "site")
    with serve_with_nginx(root / "output", folder / "nginx") as base:
        yield root, base


def pages(root: Path) -> list[tuple[str, str, str]]:
    loaded = load_site(root, Problems())
    assert loaded is not None
    return [
        (loaded.urls.path(item.output_path), item.title, item.output_path)
        for item in loaded.catalog.items
    ]


def test_fragments_of_titles_and_bodies_find_their_item(
    browser: Any, site: tuple[Path, str]
) -> None:
    root, base = site
    texts = item_texts(root / "output", pages(root))
    asked = probes(texts, SEED)
    assert len(asked) >= 6 * len(texts) * 0.9  # nearly every item gives all six
    context = browser.new_context(locale="zh-CN")
    try:
        recall = ask(context.new_page(), base, asked, WORDS)
    finally:
        context.close()
    assert recall.own
    title_misses = [probe for probe in recall.misses if probe.part == "title"]
    assert title_misses == []
    assert len(recall.misses) <= 0.01 * len(asked), recall.misses[:20]
    assert [(word, lost) for word, lost in recall.lost if lost] == []
