"""Listing ``content/``: which files are columns, items and other (attachment) files.

The listing is sorted, so nothing downstream depends on the file system's order.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from gkssg.errors import Problems

CONTENT_DIR = "content"
COLUMN_FILE = "_index.md"


@dataclass(frozen=True)
class ContentFiles:
    """Paths relative to the site root, with forward slashes, sorted."""

    column_sources: tuple[str, ...]  # every _index.md
    item_sources: tuple[str, ...]  # .md files directly in a column folder
    other_files: tuple[str, ...]  # everything else (attachments and stray files)


def _starts_with_front_matter(path: Path) -> bool:
    if not path.is_file():  # never open a named pipe or device: it could block
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"---")


def _resolves_inside(path: Path, real_root: Path) -> bool:
    """True when ``path`` (followed through symbolic links) stays inside ``real_root``.

    A symbolic link loop or a name the system cannot resolve counts as outside.
    """
    try:
        return path.resolve(strict=True).is_relative_to(real_root)
    except (OSError, RuntimeError, ValueError):
        return False


_BAD_CHARACTER = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _bad_name(name: str) -> bool:
    """A name that is not UTF-8 (decoded with surrogates) or holds control characters."""
    return _BAD_CHARACTER.search(name) is not None


def _shown(rel: str) -> str:
    """A path safe to print: undecodable bytes and control characters escaped."""
    data = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in data)


def scan_content(site_root: Path, problems: Problems) -> ContentFiles:
    root = site_root / CONTENT_DIR
    columns: list[str] = []
    items: list[str] = []
    others: list[str] = []
    if not root.is_dir():
        problems.error(CONTENT_DIR, None, "MISSING_COLUMN_INDEX", "there is no content/ folder")
        return ContentFiles((), (), ())
    if not _resolves_inside(root, site_root.resolve()):
        problems.error(CONTENT_DIR, None, "PATH_ESCAPE", "content/ is a link to outside the site")
        return ContentFiles((), (), ())
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel_folder = here.relative_to(site_root).as_posix()
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith((".", "_"))
            and _usable(here / d, f"{rel_folder}/{d}", real_root, problems)
        )
        is_column = COLUMN_FILE in files and here != root
        for name in sorted(files):
            if name.startswith("."):
                continue
            rel = f"{rel_folder}/{name}"
            path = here / name
            if not _usable(path, rel, real_root, problems):
                continue
            if name == COLUMN_FILE:
                if here == root:
                    problems.error(
                        rel,
                        None,
                        "MISSING_COLUMN_INDEX",
                        "content/ itself is not a column; the home page is built from site.yaml",
                    )
                else:
                    columns.append(rel)
            elif name.endswith(".md") and is_column:
                items.append(rel)
            elif name.endswith(".md") and _starts_with_front_matter(path):
                problems.error(
                    rel,
                    1,
                    "MISSING_COLUMN_INDEX",
                    f"this item is in {rel_folder}/, which is not a column (no _index.md)",
                    f"move it into a column folder, or add {rel_folder}/_index.md",
                )
            else:
                others.append(rel)
    return ContentFiles(tuple(columns), tuple(items), tuple(others))


def _usable(path: Path, rel: str, real_root: Path, problems: Problems) -> bool:
    """Report names that cannot be printed and links that leave content/ (or loop)."""
    if _bad_name(rel):
        problems.error(
            _shown(rel),
            None,
            "UNREADABLE",
            "the name is not UTF-8 text or contains control characters",
            "rename it",
        )
        return False
    if path.is_symlink() and not _resolves_inside(path, real_root):
        problems.error(
            rel, None, "PATH_ESCAPE", "a symbolic link that points outside content/ (or loops)"
        )
        return False
    return True
