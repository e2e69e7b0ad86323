"""Classifying a batch of changed paths: what the live site must re-read and re-render.

A change to ``site.yaml`` or ``layouts/`` reaches every page (a full re-render);
``data/`` feeds only generated files; under ``content/`` an edit of a known file
re-reads that file alone, while anything else (a new or deleted file, a folder
renamed) needs a fresh listing of ``content/`` to see what came and went.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gkssg.content.config import CONFIG_FILE
from gkssg.source.scan import CONTENT_DIR, ContentFiles

LAYOUTS_DIR = "layouts"
DATA_DIR = "data"
WATCHED_DIRS = (CONTENT_DIR, LAYOUTS_DIR, DATA_DIR)

#: Names editors and tools write beside a file while saving it.
_TEMPORARY_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")
_TEMPORARY_NAMES = ("4913",)  # vim's probe file


def is_watched(path: str) -> bool:
    """A path (relative to the site root, with ``/``) the preview cares about."""
    parts = PurePosixPath(path).parts
    if not parts:
        return False
    if parts[0] == CONFIG_FILE and len(parts) == 1:
        return True
    if parts[0] not in WATCHED_DIRS:
        return False
    name = parts[-1]
    return not (
        any(part.startswith(".") for part in parts)
        or name.startswith("#")
        or name.endswith(_TEMPORARY_SUFFIXES)
        or name in _TEMPORARY_NAMES
    )


@dataclass(frozen=True)
class ChangeSet:
    """What one batch of file events means for the site."""

    config: bool = False  # site.yaml
    layouts: bool = False  # the site's own templates or assets
    data: bool = False  # data/ (request figures for the yearly statistics)
    items: frozenset[str] = frozenset()  # known item files, edited
    columns: frozenset[str] = frozenset()  # known _index.md files, edited
    others: frozenset[str] = frozenset()  # attachments and other files under content/
    rescan: bool = False  # files came or went: list content/ again

    @property
    def full(self) -> bool:
        """Every page may look different: re-render the whole plan."""
        return self.config or self.layouts

    @property
    def empty(self) -> bool:
        return not (
            self.full or self.data or self.items or self.columns or self.others or self.rescan
        )


def classify(paths: Iterable[str], known: ContentFiles, site_root: Path) -> ChangeSet:
    """Sort changed ``paths`` (relative to ``site_root``) against the files known so far."""
    config = layouts = data = rescan = False
    items: set[str] = set()
    columns: set[str] = set()
    others: set[str] = set()
    known_items = set(known.item_sources)
    known_columns = set(known.column_sources)
    known_others = set(known.other_files)
    for path in paths:
        if not is_watched(path):
            continue
        top = PurePosixPath(path).parts[0]
        if top == CONFIG_FILE:
            config = True
        elif top == LAYOUTS_DIR:
            layouts = True
        elif top == DATA_DIR:
            data = True
        elif path == CONTENT_DIR:
            rescan = True
        else:
            target = site_root / path
            if target.is_dir():
                # a folder created, moved in or renamed, or one whose files changed:
                # only a different listing needs a new scan (an edit in place does not)
                rescan = rescan or not _listing_unchanged(target, path, known)
                continue
            exists = target.is_file()
            if path in known_items and exists:
                items.add(path)
            elif path in known_columns and exists:
                columns.add(path)
            elif path in known_others and exists:
                others.add(path)
            elif exists or _was_known(path, known_items, known_columns, known_others):
                rescan = True  # a new file, a deleted one, or a folder moved
                if not path.endswith(".md"):
                    others.add(path)
    return ChangeSet(
        config=config,
        layouts=layouts,
        data=data,
        items=frozenset(items),
        columns=frozenset(columns),
        others=frozenset(others),
        rescan=rescan,
    )


def _was_known(path: str, *known: set[str]) -> bool:
    """``path`` was a known file, or a folder holding known files."""
    prefix = path + "/"
    for group in known:
        if path in group or any(source.startswith(prefix) for source in group):
            return True
    return False


def _listing_unchanged(folder: Path, path: str, known: ContentFiles) -> bool:
    """``folder`` holds the same files and sub-folders as when ``content/`` was last listed.

    Names the listing skips silently (hidden files and folders) are skipped here too;
    anything it would report (unusable names, links) counts as a difference, so the
    comparison errs towards a new scan.
    """
    prefix = path + "/"
    files: set[str] = set()
    folders: set[str] = set()
    for source in (*known.column_sources, *known.item_sources, *known.other_files):
        if source.startswith(prefix):
            name, nested, _ = source[len(prefix) :].partition("/")
            (folders if nested else files).add(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return False
    # the names the listing skips without a word: hidden files, hidden or _ folders
    present_files = {
        e.name for e in entries if (not e.is_dir() or e.is_symlink()) and e.name[0] != "."
    }
    present_folders = {
        e.name for e in entries if e.is_dir() and not e.is_symlink() and e.name[0] not in "._"
    }
    return present_files == files and present_folders == folders
