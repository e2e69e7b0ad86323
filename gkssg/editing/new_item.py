"""``gkssg new``: a new item file from its column's archetype, with its number, today's
date and a 保密审查 placeholder.

The file is created exclusively: an existing file is never overwritten; when
the name is taken, ``-2``, ``-3`` … is added. The placeholder ``review: {by:
"", date: ""}`` makes ``gkssg check`` say what to fill in until it is filled.

The number is one past the highest already written in any item of its group,
drafts and unreadable files included. Items still waiting for ``gkssg number``
are not given numbers in advance: ``gkssg number`` only ever gives one past the
highest, so a number kept for them would stay a gap for good. ``gkssg new``
says when such items exist, so that the editor can number them first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gkssg.base.errors import Problems, UsageError
from gkssg.base.i18n import t
from gkssg.content.clock import build_time
from gkssg.content.config import SiteConfig
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.model import Column
from gkssg.content.reading import read_column
from gkssg.editing.archetypes import NewItemValues, item_text
from gkssg.editing.ledger import append_rows, issued
from gkssg.editing.numbering import Wanted, assign_numbers, survey_site
from gkssg.source.scan import CONTENT_DIR, scan_content
from gkssg.source.schema import SITE_TZ
from gkssg.source.theme import Theme

DEFAULT_NAME = "新信息"
MAX_NAME_BYTES = 180  # well under the 255 bytes most file systems allow
MAX_ATTEMPTS = 1000
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com\d|lpt\d)")


@dataclass(frozen=True)
class NewItem:
    path: Path  # the file created
    source: str  # relative to the site root
    number: IndexNumber
    earlier_unnumbered: int  # items of the same group, published before, still without number


def site_columns(site_root: Path, config: SiteConfig) -> list[Column]:
    """The columns whose ``_index.md`` can be read, in path order."""
    files = scan_content(site_root, Problems())
    columns = (read_column(site_root, s, config, Problems()) for s in files.column_sources)
    return [column for column in columns if column is not None]


def find_column(columns: Sequence[Column], wanted: str) -> Column:
    """A column by its path (``catalog/regulations``), its code (``0203``) or its title
    (``规范性文件``, when one column alone has it)."""
    key = wanted.strip().replace("\\", "/").strip("/")
    key = key.removeprefix(f"{CONTENT_DIR}/")
    for column in columns:
        if key in (column.path, column.code):
            return column
    titled = [column for column in columns if column.title == key]
    if len(titled) == 1:
        return titled[0]
    listing = "\n".join(f"  {c.code:<8} {c.path:<32} {c.title}" for c in titled or columns)
    if titled:
        raise UsageError(
            t(
                "{count} columns are called `{title}`; name one by its code or path:\n{listing}",
                count=len(titled),
                title=key,
                listing=listing,
            )
        )
    raise UsageError(
        t(
            "there is no column `{column}`; the columns are:\n{listing}",
            column=wanted,
            listing=listing,
        )
    )


def safe_file_name(title: str) -> str:
    """A file name stem from a title: no characters file systems refuse, not too long."""
    name = unicodedata.normalize("NFC", title)
    name = _UNSAFE.sub("", name)
    name = "-".join(name.split())
    name = name.strip(" .-_")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(" .-_")
    if not name or _WINDOWS_RESERVED.fullmatch(name):
        name = f"{name}-{DEFAULT_NAME}" if name else DEFAULT_NAME
    return name


def create_item(
    site_root: Path,
    config: SiteConfig,
    column_spec: str,
    title: str,
    now: dt.datetime | None = None,
    given: Mapping[str, str] | None = None,
) -> NewItem:
    """Create the item from its column's archetype, ``given`` (field → value) filled in;
    raises :class:`UsageError` for an unknown column or field, or an empty title."""
    title = " ".join(title.split())
    if not title:
        raise UsageError(t("the title is empty"))
    column = find_column(site_columns(site_root, config), column_spec)
    if column.layout == "page":
        raise UsageError(
            t(
                "column {path} ({title}) has layout `page` and shows no items",
                path=column.path,
                title=column.title,
            )
        )
    published = (now or build_time()).astimezone(SITE_TZ)
    published = published.replace(second=0, microsecond=0)
    folder = site_root / CONTENT_DIR / column.path
    stem = safe_file_name(title)
    survey = survey_site(site_root, config)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        name = f"{stem}.md" if attempt == 1 else f"{stem}-{attempt}.md"
        source = f"{CONTENT_DIR}/{column.path}/{name}"
        if (folder / name).exists():
            continue
        wanted = Wanted(published, source, column.code)
        number = assign_numbers(config.index_pattern, survey.taken, [wanted])[source]
        values = NewItemValues(title, number.text, published, config.org)
        text = item_text(values, column, config.keys, Theme.for_site(site_root), given or {})
        try:
            with (folder / name).open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except FileExistsError:
            continue  # created in the meantime: never overwrite, try the next name
        if survey.ledger.exists:
            append_rows(site_root, [issued(number.text, source, title, published)])
        earlier = [
            u
            for u in survey.unnumbered
            if (u.published, u.source) < (published, source)
            and config.index_pattern.group_for(u.column_code, u.published.year) == number.group
        ]
        return NewItem(folder / name, source, number, len(earlier))
    raise UsageError(t("too many files named {stem}*.md in {path}", stem=stem, path=column.path))
