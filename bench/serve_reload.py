"""Save-to-reload time of ``gkssg serve`` in a real Chromium, on any site.

    python bench/serve_reload.py SITE_DIR [--edits 7] [--item content/…/x.md]

Starts ``gkssg serve`` on SITE_DIR, opens an item's page in Debian's Chromium
(Playwright), then saves the item with a new first paragraph several times and
reports, for each save, the time until the page had reloaded itself with the
new text. The item is restored afterwards. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def first_item(site: Path) -> Path:
    for path in sorted((site / "content").rglob("*.md")):
        if path.name != "_index.md" and "\nindex_no:" in path.read_text("utf-8"):
            return path
    raise SystemExit("no item with an index_no found")


def page_url(site: Path, item: Path, base: str) -> str:
    for line in item.read_text("utf-8").splitlines():
        if line.startswith("index_no:"):
            slug = line.split(":", 1)[1].strip().strip("\"'").rsplit("/", 1)[-1]
            column = item.parent.relative_to(site / "content").as_posix()
            return f"{base}{column}/{slug}.html"
    raise SystemExit(f"{item} has no index_no")


def save(path: Path, text: str) -> float:
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)
    return time.perf_counter()


def measure(site: Path, item: Path, edits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    command = [sys.executable, "-m", "gkssg", "--site", str(site), "serve", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    started = time.perf_counter()
    base = server.stdout.readline().split()[1]
    print(f"gkssg serve ready after {time.perf_counter() - started:.1f} s at {base}")
    original = item.read_text("utf-8")
    timings: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
            )
            page = browser.new_page()
            page.goto(page_url(site, item, base))
            for edit in range(edits):
                page.wait_for_selector("html[data-gkssg-live=connected]", state="attached")
                time.sleep(1.5)  # let the previous change's background work finish
                marker = f"重载计时第{edit}次"
                with page.expect_event("load", timeout=30_000):
                    saved = save(item, original.replace("\n---\n", f"\n---\n\n{marker}。\n", 1))
                timings.append(time.perf_counter() - saved)
                assert marker in page.inner_text("main")
            browser.close()
    finally:
        save(item, original)
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--item", type=Path, help="an item file, relative to the site")
    args = parser.parse_args()
    site = args.site.resolve()
    item = site / args.item if args.item else first_item(site)
    timings = measure(site, item, args.edits)
    shown = ", ".join(f"{t * 1000:.0f}" for t in timings)
    print(f"save-to-reload ms: {shown}; median {statistics.median(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
