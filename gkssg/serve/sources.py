"""The site's source files held in memory: read once, then re-read one file at a time.

:class:`SiteSources` keeps every column and item with the problems its own file
had, so a change re-reads only the files it touched; the checks across files
(:mod:`gkssg.content.validate`) and the catalog are redone from memory, which is quick.
What it assembles is the same :class:`~gkssg.content.site.Site` that
:func:`gkssg.content.site.load_site` would read from disk.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.base.errors import Problem, Problems
from gkssg.content.catalog import Catalog
from gkssg.content.clock import build_time
from gkssg.content.config import SiteConfig, load_config
from gkssg.content.masking import as_published
from gkssg.content.model import Column, Item
from gkssg.content.officescan import OfficeScans, previous_scans
from gkssg.content.reading import (
    ItemCache,
    SiteContent,
    cached_item,
    personal_data_of,
    read_column,
    read_content,
    read_item,
)
from gkssg.content.site import Site
from gkssg.content.validate import check_columns, check_items
from gkssg.serve.changes import ChangeSet
from gkssg.source.scan import ContentFiles, scan_content
from gkssg.source.theme import Theme


@dataclass(frozen=True)
class _Read:
    """One file's outcome: what it holds (None when unusable) and its own problems."""

    value: Item | Column | None
    problems: tuple[Problem, ...]
    # personal data (``privacy: error``), found when the file was read, as the build
    # finds an item's when it parses it (gkssg.content.reading): reported while it is published
    findings: tuple[Problem, ...] = ()


@dataclass
class SiteSources:
    root: Path
    drafts: bool = False
    config: SiteConfig | None = None
    theme: Theme | None = None
    files: ContentFiles = field(default_factory=lambda: ContentFiles((), (), ()))
    _config_problems: tuple[Problem, ...] = ()
    _scan_problems: tuple[Problem, ...] = ()
    _columns: dict[str, _Read] = field(default_factory=dict)
    _items: dict[str, _Read] = field(default_factory=dict)
    # the last assembly's catalog, kept while its checks across files found nothing
    _last_catalog: Catalog | None = None
    # item files read again since the last assembly → what each held then;
    # None: more than items changed (columns, the listing, the configuration)
    _reread: dict[str, _Read | None] | None = None
    # what the office and PDF attachments hold, read again when one changes
    _office: OfficeScans = field(init=False)

    def __post_init__(self) -> None:
        self._office = OfficeScans(self.root)

    # -- reading ----------------------------------------------------------------

    def load_all(self, item_cache: ItemCache | None = None, jobs: int | None = 1) -> None:
        """Read everything (items parsed by the last build are taken from ``item_cache``).

        ``jobs=None`` parses on every core (forking): only while no other thread runs.
        """
        self._read_config()
        self.theme = Theme.for_site(self.root)
        self._reread = None
        self._columns.clear()
        self._items.clear()
        if self.config is None:
            return
        # read_content parses the items on every core and leaves each one's outcome
        # in the cache (all but those with attachments, which are read below).
        cache: ItemCache = dict(item_cache or {})
        self._office = OfficeScans(self.root, previous_scans(cache))
        read_content(self.root, self.config, Problems(), drafts=True, jobs=jobs, cache=cache)
        scan = Problems()
        self.files = scan_content(self.root, scan)
        self._scan_problems = tuple(scan.items)
        for source in self.files.column_sources:
            self._read_column(source)
        for source in self.files.item_sources:
            entry = cached_item(cache, source)
            if entry is not None:
                item = entry.item
                published = as_published(self.config.privacy, item) if item else None
                self._items[source] = _Read(published, entry.problems, entry.findings)
            else:
                self._read_item(source)

    def apply(self, change: ChangeSet) -> None:
        """Re-read what ``change`` touched."""
        if change.config:
            previous = self.config
            self._read_config()
            if self.config != previous:
                self.load_all()  # the configuration shapes every item (patterns, topics…)
                return
        if change.layouts:
            self.theme = Theme.for_site(self.root)
        if self.config is None:
            return
        if change.rescan:
            self._rescan()
        for source in change.columns:
            self._read_column(source)
        for source in change.items:
            self._read_item(source)
        if change.others:
            for source in self._items_using(change.others):
                self._read_item(source)

    def _read_config(self) -> None:
        self._reread = None
        problems = Problems()
        self.config = load_config(self.root, problems)
        self._config_problems = tuple(problems.items)

    def _read_column(self, source: str) -> None:
        assert self.config is not None
        self._reread = None
        problems = Problems()
        column = read_column(self.root, source, self.config, problems)
        findings = personal_data_of(self.root, column, self.config)
        published = as_published(self.config.privacy, column) if column else None
        self._columns[source] = _Read(published, tuple(problems.items), findings)

    def _read_item(self, source: str) -> None:
        assert self.config is not None
        problems = Problems()
        if self._reread is not None:
            self._reread.setdefault(source, self._items.get(source))
        item = read_item(self.root, source, self.config, problems)
        findings = personal_data_of(self.root, item, self.config, self._office)
        published = as_published(self.config.privacy, item) if item else None
        self._items[source] = _Read(published, tuple(problems.items), findings)

    def _rescan(self) -> None:
        """List content/ again: read the files that came, forget the ones that went."""
        self._reread = None
        problems = Problems()
        before = self.files
        self.files = scan_content(self.root, problems)
        self._scan_problems = tuple(problems.items)
        for gone in set(before.column_sources) - set(self.files.column_sources):
            self._columns.pop(gone, None)
        for gone in set(before.item_sources) - set(self.files.item_sources):
            self._items.pop(gone, None)
        for source in self.files.column_sources:
            if source not in self._columns:
                self._read_column(source)
        for source in self.files.item_sources:
            if source not in self._items:
                self._read_item(source)

    def _items_using(self, paths: frozenset[str]) -> list[str]:
        """Items whose attachments are among ``paths``, and items that had errors."""
        found = []
        for source, read in self._items.items():
            item = read.value
            uses = isinstance(item, Item) and any(a.source in paths for a in item.attachments)
            if uses or any(p.severity == "error" for p in read.problems):
                found.append(source)
        return found

    # -- assembling -------------------------------------------------------------

    def assemble(self) -> tuple[Site | None, Problems]:
        """The site as a build would load it now, with every problem it has."""
        problems = Problems()
        problems.extend(self._config_problems)
        config, theme = self.config, self.theme
        if config is None or theme is None:
            return None, problems
        problems.extend(self._scan_problems)
        columns: list[Column] = []
        for source in self.files.column_sources:
            read = self._columns[source]
            problems.extend(read.problems)
            if isinstance(read.value, Column):
                columns.append(read.value)
        items: list[Item] = []
        for source in self.files.item_sources:
            read = self._items[source]
            if read.problems:
                problems.extend(read.problems)
            if isinstance(read.value, Item) and (self.drafts or not read.value.draft):
                items.append(read.value)
        catalog = self._catalog_again()
        if catalog is None:  # check and assemble from scratch
            found = Problems()
            check_columns(columns, found)
            # Personal data is reported below, as found when each file was read.
            check_items(
                self.root, dataclasses.replace(config, privacy="off"), columns, items, found
            )
            problems.extend(found.items)
            catalog = Catalog.assemble(config, columns, items)
            self._last_catalog = None if found.items else catalog
        else:
            self._last_catalog = catalog
        for column in columns:  # (findings only with `privacy: error`)
            problems.extend(self._columns[column.source].findings)
        for item in items:  # (the office attachments' with `privacy: mask` too)
            problems.extend(self._items[item.source].findings)
        self._reread = {}
        content = SiteContent(tuple(columns), tuple(items), self.files)
        now = build_time()
        ahead = frozenset(i.index_no.text for i in catalog.items if i.published > now)
        return Site(self.root, config, content, catalog, theme, ahead), problems

    def _catalog_again(self) -> Catalog | None:
        """The last catalog with the items read since swapped in, when that is all
        that changed; None when the checks and the catalog must be made again.

        The checks across files look at each item's 索引号, URL, column and
        相关信息 only; when none of those moved and they found nothing last time,
        they find nothing now (:meth:`Catalog.substituted` holds the rest). The
        configuration and the columns are those of the last catalog: reading either
        again sets ``_reread`` to None.
        """
        last, reread = self._last_catalog, self._reread
        if last is None or reread is None:
            return None
        pairs: list[tuple[Item, Item]] = []
        for source, before in reread.items():
            old, new = self._published(before), self._published(self._items.get(source))
            if old is None or new is None:
                if old is None and new is None:
                    continue  # in the site neither before nor now
                return None  # an item came or went
            if old.slug != new.slug or old.index_no.text != new.index_no.text:
                return None
            pairs.append((old, new))
        return last.substituted(pairs)

    def _published(self, read: _Read | None) -> Item | None:
        """The item ``read`` holds, if the site shows it."""
        item = read.value if read is not None else None
        if isinstance(item, Item) and (self.drafts or not item.draft):
            return item
        return None
