"""The search page in Chromium: time to results, and the files fetched, per query.

    python bench/search_latency.py corpus-10k/output                  # a built site
    python bench/search_latency.py a/output b/output --runs 5          # two, alternating

Every search bundle is one more set of files a browser fetches for a query
(gkssg/search/years.py): smaller bundles would make an edit's re-index cheaper
and each query dearer. This measures the dearer side: for each built site, it
serves the output folder on localhost, opens ``search/?q=…`` in a fresh browser
context (nothing cached), and times it until Pagefind and the exact look-up
have answered; then a second query in the same context (what the first
fetched is in the browser's cache). It prints the medians and the files
requested per query.

Needs Playwright and Debian's ``chromium`` (as the tests do); not part of the
test suite. Localhost has no latency of its own: on a network, add a round
trip for each wave of requests the counts imply.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
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
    """``folder`` on a local port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


_ANSWERED = """(q) => {
    const root = document.getElementById("search");
    const message = root && root.querySelector(".pagefind-ui__message");
    return root && root.getAttribute("data-exact-for") === q && message
        && !message.textContent.includes("正在");
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
        page.wait_for_function(_ANSWERED, arg=first, timeout=60_000)
        cold, cold_files = time.perf_counter() - start, len(fetched)
        fetched.clear()
        start = time.perf_counter()
        page.goto(f"{base}search/?q={quote(second)}")
        page.wait_for_function(_ANSWERED, arg=second, timeout=60_000)
        warm, warm_files = time.perf_counter() - start, len(fetched)
        return cold, cold_files, warm, warm_files
    finally:
        context.close()


def bundles(folder: Path) -> int:
    return sum(1 for path in (folder / "pagefind").iterdir() if path.is_dir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outputs", type=Path, nargs="+", help="built output folders")
    parser.add_argument("--runs", type=int, default=3, help="queries of each kind per site")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[Path, list[tuple[float, int, float, int]]] = {out: [] for out in args.outputs}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for run in range(args.runs):
                first = QUERIES[run % len(QUERIES)]
                second = QUERIES[(run + 1) % len(QUERIES)]
                for out in args.outputs:  # alternating: the machine's noise falls on all
                    with served(out) as base:
                        results[out].append(measure(browser, base, first, second))
        finally:
            browser.close()
    for out, rows in results.items():
        columns = zip(*rows, strict=True)
        cold, cold_files, warm, warm_files = (statistics.median(column) for column in columns)
        print(
            f"{out}: {bundles(out)} bundles; fresh page {cold:.2f} s, {cold_files:.0f} files; "
            f"next query {warm:.2f} s, {warm_files:.0f} files (medians of {args.runs})"
        )


if __name__ == "__main__":
    main()
