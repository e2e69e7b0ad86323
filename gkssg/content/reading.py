"""Reading ``content/``: the folder tree into columns, the Markdown files into items.

Only this module and :mod:`gkssg.source.scan` touch the content on disk; what they
return is plain data. Problems of one file never stop the others from being read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.base.errors import Problem, Problems
from gkssg.base.hashing import digest, stable_repr
from gkssg.base.heap import collection_paused
from gkssg.base.i18n import t
from gkssg.base.parallel import map_in_workers
from gkssg.content.config import SiteConfig
from gkssg.content.frontmatter import COLUMN_FIELDS, ITEM_FIELDS, read_front_matter
from gkssg.content.itemcache import (
    CachedItem,
    FileState,
    ParsedItem,
    cache_entry,
    file_state,
    parsed_item,
    unchanged_since_read,
)
from gkssg.content.items import build_item, column_path_of
from gkssg.content.model import Column, Item
from gkssg.content.validate import check_column_privacy, check_privacy
from gkssg.source.scan import ContentFiles, scan_content
from gkssg.source.sourcefile import read_source_bytes

#: How messages name the front matter of each kind of file (English sources, looked up in
#: the catalogs where they are shown: ``read_front_matter`` takes text).
COLUMN_WHAT = t("a column's _index.md").source
ITEM_WHAT = t("an item's front matter").source

#: source → what the last build learnt from the file (gkssg.content.itemcache)
ItemCache = dict[str, CachedItem]


@dataclass(frozen=True)
class SiteContent:
    """Everything read from ``content/``, in path order (drafts only when asked for)."""

    columns: tuple[Column, ...]
    items: tuple[Item, ...]
    files: ContentFiles
    #: source → (the item read, a hash of everything it holds): what page keys and the
    #: data files' rows are made of (gkssg.render.renderer, gkssg.cache.rows), computed once when
    #: the item is parsed and then cached
    fingerprints: Mapping[str, tuple[Item, str]] = field(default_factory=dict)
    #: source → the personal data found in the item's text when it was parsed, with
    #: ``privacy: error`` (gkssg.content.validate.check_items reports it for published items)
    findings: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    #: the items' sources parsed by this read (new or edited since the cache was made):
    #: every source without a cache; a hint of what changed, never needed for correctness
    parsed: frozenset[str] = frozenset()

    def fingerprint_of(self, item: Item) -> str | None:
        """The fingerprint of ``item`` when it is the very item hashed when it was read
        (or stands for it: see gkssg.content.site); None otherwise."""
        return known_fingerprint(self.fingerprints, item)


def known_fingerprint(fingerprints: Mapping[str, tuple[Item, str]], item: Item) -> str | None:
    """``item``'s hash in ``fingerprints`` (source → (item, hash)), when it is that item."""
    known = fingerprints.get(item.source)
    return known[1] if known is not None and known[0] is item else None


def read_content(
    site_root: Path,
    config: SiteConfig,
    problems: Problems,
    *,
    drafts: bool = False,
    jobs: int | None = None,
    cache: ItemCache | None = None,
) -> SiteContent:
    """Read every column and item; items are read on every core for large sites.

    With a ``cache``, an item whose bytes (and the configuration) are unchanged
    since the last build is taken from it, with the problems it had, unparsed; a
    file whose state shows it untouched since it was read is not even read.
    """
    files = scan_content(site_root, problems)
    columns = [
        column
        for source in files.column_sources
        if (column := read_column(site_root, source, config, problems)) is not None
    ]
    cache = cache if cache is not None else {}
    config_key = digest(stable_repr(config))
    fresh, to_parse = _reuse_cached(site_root, files.item_sources, cache, config_key, problems)
    work = (site_root, config, config_key)
    with collection_paused():  # unpickling the items parsed: many objects, no garbage
        for _, (parsed, unread) in map_in_workers(
            _parse_items, work, to_parse, jobs=jobs, chunk_size=500, threshold=1000
        ):
            fresh.update((source, cache_entry(entry)) for source, entry in parsed.items())
            problems.extend(unread)
    items: list[Item] = []
    fingerprints: dict[str, tuple[Item, str]] = {}
    findings: dict[str, tuple[Problem, ...]] = {}
    cache.clear()
    for source in files.item_sources:
        entry = fresh.get(source)
        if entry is None:
            continue
        item = entry.item
        problems.extend(entry.problems)
        if item is not None and (drafts or not item.draft):
            items.append(item)
            fingerprints[source] = (item, entry.fingerprint)
            findings[source] = entry.findings
        if item is None or not item.attachments:  # attachments are checked on every read
            cache[source] = entry
    parsed_now = frozenset(source for source, _, _ in to_parse)
    return SiteContent(tuple(columns), tuple(items), files, fingerprints, findings, parsed_now)


#: An item file to parse: its source, its bytes when already read, its state on disk.
ToParse = tuple[str, bytes | None, FileState | None]


def _reuse_cached(
    site_root: Path,
    sources: Sequence[str],
    cache: ItemCache,
    config_key: str,
    problems: Problems,
) -> tuple[dict[str, CachedItem], list[ToParse]]:
    """The cached items still true of their files, and the files to parse again."""
    fresh: dict[str, CachedItem] = {}
    to_parse: list[ToParse] = []
    root = os.fspath(site_root)
    for source in sources:
        cached = cache.get(source)
        state = file_state(f"{root}/{source}")
        if cached is None:  # read where it is parsed (on every core)
            to_parse.append((source, None, state))
            continue
        if unchanged_since_read(cached, state, config_key):
            fresh[source] = cached
            continue
        raw = _read_bytes(site_root, source, problems)
        if raw is None:
            continue
        if cached.stamp == digest(config_key, raw):
            fresh[source] = cached._replace(config_key=config_key, file=state)
        else:
            to_parse.append((source, raw, state))
    return fresh, to_parse


def _parse_items(
    work: tuple[Path, SiteConfig, str],
    sources: Sequence[tuple[str, bytes | None, FileState | None]],
) -> tuple[dict[str, ParsedItem], list[Problem]]:
    """Each source's cache entry, as sent between processes (its bytes read first when
    not given), and the problems of the files that could not be read."""
    site_root, config, config_key = work
    parsed: dict[str, ParsedItem] = {}
    unread = Problems()
    for source, given, state in sources:
        raw = given if given is not None else _read_bytes(site_root, source, unread)
        if raw is None:
            continue
        problems = Problems()
        item = item_from_bytes(site_root, source, raw, config, problems)
        findings = personal_data_of(site_root, item, config)
        stamp = digest(config_key, raw)
        parsed[source] = parsed_item(
            stamp, config_key, state, item, tuple(problems.items), findings
        )
    return parsed, list(unread.items)


def personal_data_of(
    site_root: Path, read: Item | Column | None, config: SiteConfig
) -> tuple[Problem, ...]:
    """What the privacy check finds in an item or a column (nothing unless ``privacy:
    error``): found once, when the file is read, and reported while it is published."""
    if read is None or config.privacy != "error":
        return ()
    findings = Problems()
    if isinstance(read, Column):
        check_column_privacy(read, findings)
    else:
        check_privacy(site_root, read, findings)
    return tuple(findings.items)


def read_column(
    site_root: Path, source: str, config: SiteConfig, problems: Problems
) -> Column | None:
    raw = _read_bytes(site_root, source, problems)
    if raw is None:
        return None
    front = read_front_matter(raw, source, COLUMN_FIELDS, COLUMN_WHAT, problems)
    if front is None or "title" not in front.values or "code" not in front.values:
        return None
    values = front.values
    return Column(
        path=column_path_of(source),
        source=source,
        code=values["code"],
        title=values["title"],
        layout=values.get("layout", "catalog"),
        order=values.get("order"),
        per_page=values.get("per_page", config.per_page),
        description=values.get("description", ""),
        keywords=values.get("keywords", ()),
        body=front.split.body,
        body_offset=front.split.body_offset,
        code_line=front.lines.get("code"),
        required=values.get("required", ()),
        defaults=values.get("defaults", ()),
    )


def read_item(site_root: Path, source: str, config: SiteConfig, problems: Problems) -> Item | None:
    raw = _read_bytes(site_root, source, problems)
    if raw is None:
        return None
    return item_from_bytes(site_root, source, raw, config, problems)


def item_from_bytes(
    site_root: Path, source: str, raw: bytes, config: SiteConfig, problems: Problems
) -> Item | None:
    front = read_front_matter(raw, source, ITEM_FIELDS, ITEM_WHAT, problems)
    if front is None:
        return None
    return build_item(site_root, front, config, problems)


def _read_bytes(site_root: Path, source: str, problems: Problems) -> bytes | None:
    return read_source_bytes(site_root / source, source, problems)
