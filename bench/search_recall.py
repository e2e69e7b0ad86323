"""Substring recall of a built site's search page, in Chromium: the figure of issue #29.

    python bench/search_recall.py SITE [SITE …] [--seed 29] [--each 3]

For each built site (its ``output/`` served on localhost): three fragments cut at
random offsets from every item's title (2–8 characters) and three from its body (4–8),
asked of the site's own search page; prints the share of each kind whose item was
among the results, and the whole words (tests/browser/test_search_recall.py's) for
which Pagefind's own word search found a page the page's search did not. A build from
before substring search (Pagefind's UI) is asked through Pagefind's word search, as
that page did. Also prints the size of ``output/pagefind/``.

Needs Playwright and Debian's ``chromium`` (as the tests do); not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from search_latency import served  # noqa: E402

from gkssg.base.errors import Problems  # noqa: E402
from gkssg.content.site import load_site  # noqa: E402

from support.search_recall import ask, item_texts, probes  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WORDS = [
    "失业保险", "养老保险", "工伤认定", "劳动合同", "就业", "社会保险", "农民工", "工资",
    "通知", "公告", "2008", "养老保险 通知", "劳动保障监察", "职业技能培训", "人才引进",
]  # fmt: skip


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", type=Path, nargs="+", help="built site folders")
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--each", type=int, default=3, help="fragments of each kind per item")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for root in args.sites:
                site = load_site(root, Problems())
                assert site is not None, f"{root} does not load"
                pages = [
                    (site.urls.path(item.output_path), item.title, item.output_path)
                    for item in site.catalog.items
                ]
                asked = probes(item_texts(root / "output", pages), args.seed, args.each)
                with served(root / "output") as base:
                    context = browser.new_context(locale="zh-CN")
                    recall = ask(context.new_page(), base, asked, WORDS)
                    context.close()
                files, size = folder_size(root / "output/pagefind")
                lost = [word for word, pages in recall.lost if pages]
                print(
                    f"{root}: {'own search' if recall.own else 'Pagefind words'}; "
                    f"title {recall.rate('title'):.1%}, body {recall.rate('body'):.1%} "
                    f"of {len(asked)} fragments ({len(recall.misses)} missed); "
                    f"whole words losing pages: {lost or 'none'}; "
                    f"pagefind/ {files} files, {size / 1e6:.2f} MB"
                )
        finally:
            browser.close()


if __name__ == "__main__":
    main()
