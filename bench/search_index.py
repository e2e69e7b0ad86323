"""Indexing a built site for search: the ``pagefind`` Python API against the CLI binary.

    python bench/corpus.py --n 10000 --out DIR && gkssg --site DIR build
    python bench/search_index.py DIR [--runs 3]

Both index the same folder of hard links to the item pages (what
``gkssg.steps.search`` does) with Pagefind's extended binary: once with one
``add_directory`` call through the Python API, once by running the binary's
CLI. It prints the median time of each, the pages indexed and the bundle size.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gkssg.errors import Problems
from gkssg.rendering import link_or_copy
from gkssg.site import load_site
from gkssg.steps.search import index_folder, indexed_pages


def item_pages(site_root: Path, into: Path) -> int:
    site = load_site(site_root, Problems())
    assert site is not None, "the site does not load; run gkssg check"
    for item in site.catalog.items:
        link_or_copy(site_root / "output" / item.output_path, into / item.output_path)
    return len(site.catalog.items)


def with_api(pages: Path, bundle: Path) -> None:
    async def index() -> None:
        from pagefind.index import IndexConfig, PagefindIndex

        async with PagefindIndex(config=IndexConfig(output_path=str(bundle))) as pagefind:
            await pagefind.add_directory(str(pages))

    asyncio.run(index())


def with_cli(pages: Path, bundle: Path) -> None:
    index_folder(pages, bundle)  # what the build does


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def measure(name: str, index: Callable[[Path, Path], None], pages: Path, runs: int) -> None:
    seconds = []
    for _ in range(runs):
        bundle = pages.parent / f"bundle-{name}"
        shutil.rmtree(bundle, ignore_errors=True)
        start = time.perf_counter()
        index(pages, bundle)
        seconds.append(time.perf_counter() - start)
    count, size = folder_size(bundle)
    print(
        f"{name}: {statistics.median(seconds):.2f} s (median of {runs}), "
        f"{indexed_pages(bundle)} pages, {count} files, {size / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        pages = Path(temp) / "pages"
        print(f"{item_pages(args.site, pages)} item pages")
        measure("python-api", with_api, pages, args.runs)
        measure("cli", with_cli, pages, args.runs)


if __name__ == "__main__":
    main()
