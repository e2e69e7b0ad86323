"""Pagefind bundles by year of publication, merged in the browser.

Pagefind cannot update an index, so one bundle for the whole site meant that
any changed item page re-indexed every item. Items are indexed in bundles of
whole years, ``pagefind/<year>/`` (or ``pagefind/<first>-<last>/`` for years
indexed together): a change re-indexes only its bundle, and a cold build runs
one Pagefind per core. Every bundle is one more set of files the browser fetches
for a query (and, as a command, cost Pagefind 0.35 s before its first page), so
years with few items share a bundle: years are taken oldest first until a
bundle holds ``search_bundle_items`` (site.yaml, default 500). Taken oldest first,
new items of the current year change only the newest bundle.

The search page loads the newest year's bundle as Pagefind's primary index and
merges the others with ``mergeIndex``, newest first. Pagefind (1.5) orders the
merged results by score, and under a sort a result's score is only its position
within its own bundle. :func:`patch_merge_order` makes the merge order each bundle's
results by score, then keep the order of the bundles when a sort was asked for (a
stable sort with a comparator of 0); without a sort it still orders by relevance.
Under the page's ``date: desc`` sort every item of a newer bundle is newer than
every item of an older one, so the merged list is in exact date order. Filter
counts are summed across bundles by Pagefind itself.

Only the primary bundle needs Pagefind's scripts, styles and WebAssembly; merged
bundles keep their index data alone (:func:`is_index_data`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gkssg.content.model import Item

BUNDLE_FOLDER = "pagefind"
# the two files holding Pagefind's merge (in the page, and in its web worker)
MERGING_SCRIPTS = ("pagefind.js", "pagefind-worker.js")
_MERGE = re.compile(
    r"i2\.search\(term,(?P<options>\w+)\)\)\);(?P<between>.{0,400}?)"
    r"(?P<searches>\w+)\.map\(\(s\)=>s\.results\)\.flat\(\)\.sort\(\(a,b\)=>b\.score-a\.score\)"
)
_PATCHED = re.compile(
    r"\w+\.map\(\(s\)=>s\.results\.sort\(\(a,b\)=>b\.score-a\.score\)\)\.flat\(\)"
    r"\.sort\(\(a,b\)=>(\w+)&&\1\.sort\?0:b\.score-a\.score\)"
)
_INDEX_DATA = ("index", "fragment", "filter")


class UnsupportedPagefind(Exception):
    """The installed Pagefind merges bundles in a way gkssg does not know."""


@dataclass(frozen=True)
class Bundle:
    """The item pages of one or more consecutive years, indexed together."""

    name: str  # "2008", or "2004-2006"
    pages: tuple[str, ...]

    @property
    def path(self) -> str:
        """The bundle's output folder, ending in a slash."""
        return f"{BUNDLE_FOLDER}/{self.name}/"


def plan_bundles(items: Iterable[Item], fewest: int) -> list[Bundle]:
    """The bundles of ``items``, newest first (the first is the page's primary index).

    Years are taken oldest first into one bundle until it holds at least ``fewest``
    items; the newest bundle may hold fewer.
    """
    by_year: dict[int, list[str]] = {}
    for item in items:
        by_year.setdefault(item.published.year, []).append(item.output_path)
    bundles: list[Bundle] = []
    years: list[int] = []
    pages: list[str] = []
    for year in sorted(by_year):
        years.append(year)
        pages.extend(by_year[year])
        if len(pages) >= fewest:
            bundles.append(_bundle(years, pages))
            years, pages = [], []
    if years:
        bundles.append(_bundle(years, pages))
    return bundles[::-1]


def _bundle(years: list[int], pages: list[str]) -> Bundle:
    name = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return Bundle(name, tuple(pages))


def is_index_data(relative: str) -> bool:
    """Whether a file of a bundle (path relative to it) is needed by a merged bundle."""
    folder, _, name = relative.rpartition("/")
    if folder:
        return folder.split("/", 1)[0] in _INDEX_DATA
    return name == "pagefind-entry.json" or name.endswith(".pf_meta")


def patch_merge_order(bundle: Path) -> None:
    """Make the primary bundle's scripts keep a sorted search's order when merging.

    Raises :class:`UnsupportedPagefind` unless each script has the merge exactly once.
    """
    for name in MERGING_SCRIPTS:
        path = bundle / name
        text = path.read_text(encoding="utf-8")
        patched, count = _MERGE.subn(_keep_sorted_order, text)
        if count != 1:
            raise UnsupportedPagefind(
                f"{name} of this Pagefind version merges search results in an unknown way; "
                "gkssg supports Pagefind 1.5"
            )
        path.unlink()  # a new file: the old one may be hard-linked elsewhere
        path.write_text(patched, encoding="utf-8")


def merge_is_patched(bundle: Path) -> bool:
    """Whether a primary bundle's scripts carry this version's :func:`patch_merge_order`."""
    try:
        texts = [(bundle / name).read_text(encoding="utf-8") for name in MERGING_SCRIPTS]
    except OSError:
        return False
    return all(_PATCHED.search(text) for text in texts)


def _keep_sorted_order(match: re.Match[str]) -> str:
    options, by_score = match["options"], "(a,b)=>b.score-a.score"
    return (
        f"i2.search(term,{options})));{match['between']}"
        f"{match['searches']}.map((s)=>s.results.sort({by_score})).flat()"
        f".sort((a,b)=>{options}&&{options}.sort?0:b.score-a.score)"
    )
