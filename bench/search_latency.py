"""The search page in Chromium: time to results, and the files fetched, per query.

    python bench/search_latency.py corpus-10k/output                  # a built site
    python bench/search_latency.py a/output b/output --runs 5          # two, alternating

Every search bundle is one more set of files a browser fetches for a query
(gkssg/search/years.py): smaller bundles would make an edit's re-index cheaper
and each query dearer. This measures the dearer side: for each built site, it
serves the output folder on localhost, opens ``search/?q=…`` in a fresh browser
context (nothing cached), and times it until the page has shown its results;
then a second query in the same context (what the first fetched is in the
browser's cache). It prints the medians and the files requested per query.

Then, on the page left open, the query-to-results time a visitor waits: each of
``QUERIES_TYPED`` (whole words, runs cut inside words, a 文号, by relevance and by
date) typed into the box and sent, timed in the page from the submit to the
results shown; it prints the median and the 95th percentile.

Needs Playwright and Debian's ``chromium`` (as the tests do); not part of the
test suite. Localhost has no latency of its own: on a network, add a round
trip for each wave of requests the counts imply.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

QUERIES = ("养老保险", "劳动合同 工资", "就业")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` on a local port, by nginx when it is installed (as the tests serve a
    site) or else by Python; yields its base URL."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from support.nginx import nginx_available, serve_with_nginx

    if nginx_available():
        with (
            tempfile.TemporaryDirectory() as work,
            serve_with_nginx(folder.resolve(), Path(work)) as base,
        ):
            yield base
        return
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


_ANSWERED = """() => {
    const root = document.getElementById("search");
    return root && root.dataset.done === location.search;
}"""
QUERIES_TYPED = (
    "养老保险", "劳动合同 工资", "就业", "失业保险金", "险登记", "徽省劳动", "技能培训",
    "农民工工资", "皖劳社〔2015〕12号", "人才引进", "社会保险", "保障监察", "医疗保险",
    "工伤认定", "鉴定",
)  # fmt: skip
_TYPED = """async ([query, sort]) => {
    const root = document.getElementById("search");
    const form = document.getElementById("search-form");
    form.elements.q.value = query;
    form.querySelector(`input[name=sort][value=${sort}]`).checked = true;
    const start = performance.now();
    const shown = new Promise((resolve) => {
        const watch = new MutationObserver(() => {
            if (root.dataset.done === location.search) { watch.disconnect(); resolve(); }
        });
        watch.observe(root, { attributes: true, attributeFilter: ["data-done"] });
    });
    form.requestSubmit();
    await shown;
    return performance.now() - start;
}"""


def measure(browser: Any, base: str, first: str, second: str) -> tuple[float, int, float, int]:
    """Seconds and files requested for ``first`` in a fresh context, then for ``second``
    in the same context (the browser's cache holds what the first fetched)."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        start = time.perf_counter()
        page.goto(f"{base}search/?q={quote(first)}")
        page.wait_for_function(_ANSWERED, timeout=60_000)
        cold, cold_files = time.perf_counter() - start, len(fetched)
        fetched.clear()
        start = time.perf_counter()
        page.goto(f"{base}search/?q={quote(second)}")
        page.wait_for_function(_ANSWERED, timeout=60_000)
        warm, warm_files = time.perf_counter() - start, len(fetched)
        for query in QUERIES_TYPED:
            for sort in ("relevance", "date"):
                TYPED.setdefault(base, []).append(page.evaluate(_TYPED, [query, sort]) / 1000)
        return cold, cold_files, warm, warm_files
    finally:
        context.close()


TYPED: dict[str, list[float]] = {}  # base URL → seconds from submit to results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bundles(folder: Path) -> int:
    return sum(1 for path in (folder / "pagefind").iterdir() if path.is_dir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outputs", type=Path, nargs="+", help="built output folders")
    parser.add_argument("--runs", type=int, default=3, help="queries of each kind per site")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[Path, list[tuple[float, int, float, int]]] = {out: [] for out in args.outputs}
    typed: dict[Path, list[float]] = {out: [] for out in args.outputs}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for run in range(args.runs):
                first = QUERIES[run % len(QUERIES)]
                second = QUERIES[(run + 1) % len(QUERIES)]
                for out in args.outputs:  # alternating: the machine's noise falls on all
                    with served(out) as base:
                        results[out].append(measure(browser, base, first, second))
                        typed[out].extend(TYPED.pop(base, []))
        finally:
            browser.close()
    for out, rows in results.items():
        columns = zip(*rows, strict=True)
        cold, cold_files, warm, warm_files = (statistics.median(column) for column in columns)
        print(
            f"{out}: {bundles(out)} bundles; fresh page {cold:.2f} s, {cold_files:.0f} files; "
            f"next query {warm:.2f} s, {warm_files:.0f} files (medians of {args.runs}); "
            f"typed query to results: median {statistics.median(typed[out]) * 1000:.0f} ms, "
            f"95th percentile {percentile(typed[out], 0.95) * 1000:.0f} ms "
            f"({len(typed[out])} queries)"
        )


if __name__ == "__main__":
    main()
