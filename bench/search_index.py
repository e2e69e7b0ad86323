"""Indexing a built site for search: Pagefind's command, its Python API, gkssg's client.

    python bench/corpus.py --n 10000 --out DIR && gkssg --site DIR build
    python bench/search_index.py DIR [--runs 3]

All three index the same folder of the item pages as Pagefind reads them in a build
(``gkssg.search.indexing.link_pages``: each page with the words of its character
pairs, gkssg.search.ngrams) with Pagefind's extended binary, as one bundle,
alternately: by running its command line, through the ``pagefind`` Python API
(one ``add_directory`` call), and through gkssg's own client of the same service
(gkssg.search.pagefind; a new process each time, so its start-up is counted).
``--plain`` adds gkssg's client over hard links to the pages as published (no
pairs: the index before substring search). It prints the median time of each,
the pages indexed and the bundle size, and the time to make the pages' copies.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.content.site import load_site
from gkssg.outputs.staging import link_or_copy
from gkssg.search.indexing import index_folder, indexed_pages, link_pages
from gkssg.search.pagefind import pagefind_executable


def item_pages(site_root: Path, into: Path) -> list[str]:
    """Hard links to the item pages as published, in ``into``; their paths."""
    site = load_site(site_root, Problems())
    assert site is not None, "the site does not load; run gkssg check"
    for item in site.catalog.items:
        link_or_copy(site_root / "output" / item.output_path, into / item.output_path)
    return [item.output_path for item in site.catalog.items]


def with_api(pages: Path, bundle: Path) -> None:
    async def index() -> None:
        from pagefind.index import IndexConfig, PagefindIndex

        async with PagefindIndex(config=IndexConfig(output_path=str(bundle))) as pagefind:
            await pagefind.add_directory(str(pages))

    asyncio.run(index())


def with_command(pages: Path, bundle: Path) -> None:
    command = [pagefind_executable(), "--site", str(pages), "--output-path", str(bundle)]
    subprocess.run(command, check=True, capture_output=True)


def with_service(pages: Path, bundle: Path) -> None:
    index_folder(pages, bundle)  # what the build does, less the warm-up ahead of time


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(index: Callable[[Path, Path], None], pages: Path, bundle: Path) -> tuple[float, float]:
    """Wall-clock seconds and the CPU seconds of Pagefind's process (less noisy when busy)."""
    shutil.rmtree(bundle, ignore_errors=True)
    start, cpu = time.perf_counter(), children_cpu()
    index(pages, bundle)
    return time.perf_counter() - start, children_cpu() - cpu


def report(name: str, runs: list[tuple[float, float]], bundle: Path) -> None:
    count, size = folder_size(bundle)
    wall = [run[0] for run in runs]
    print(
        f"{name}: {statistics.median(wall):.2f} s (median of {len(runs)}: "
        f"{', '.join(f'{s:.1f}' for s in wall)}), "
        f"CPU {statistics.median(run[1] for run in runs):.1f} s, "
        f"{indexed_pages(bundle)} pages, {count} files, {size / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="also index the pages without pairs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        published = Path(temp) / "published"
        paths = item_pages(args.site, published)
        start = time.perf_counter()
        pages = link_pages(published, paths)  # what a build gives Pagefind
        print(
            f"{len(paths)} item pages; their copies with pairs made in "
            f"{time.perf_counter() - start:.2f} s"
        )
        ways = {"command": with_command, "python-api": with_api, "gkssg-client": with_service}
        if args.plain:
            ways["gkssg-client-no-pairs"] = lambda _, bundle: with_service(published, bundle)
        seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        for _ in range(args.runs):  # alternated, so a busy moment hits both alike
            for name, index in ways.items():
                seconds[name].append(timed(index, pages, Path(temp) / name))
        for name in ways:
            report(name, seconds[name], Path(temp) / name)


if __name__ == "__main__":
    main()
