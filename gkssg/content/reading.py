"""Reading ``content/``: the folder tree into columns, the Markdown files into items.

Only this module and :mod:`gkssg.source.scan` touch the content on disk; what they
return is plain data. Problems of one file never stop the others from being read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from gkssg.base.errors import Problem, Problems
from gkssg.base.hashing import digest, stable_repr
from gkssg.base.heap import collection_paused
from gkssg.base.parallel import map_in_workers
from gkssg.content.config import SiteConfig
from gkssg.content.frontmatter import COLUMN_FIELDS, ITEM_FIELDS, FrontMatter, read_front_matter
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.itemcache import (
    CachedItem,
    FileState,
    ParsedItem,
    cache_entry,
    file_state,
    parsed_item,
    unchanged_since_read,
)
from gkssg.content.model import Attachment, Column, Item, Review
from gkssg.content.summary import first_paragraph
from gkssg.content.validate import check_column_privacy, check_privacy
from gkssg.source.scan import CONTENT_DIR, ContentFiles, scan_content
from gkssg.source.sourcefile import read_source_bytes

#: source → what the last build learnt from the file (gkssg.content.itemcache)
ItemCache = dict[str, CachedItem]

#: Attachments a browser would run scripts from, published from the site's own origin.
#: Refused unless the site opts out of sanitising (``sanitize_html: false``).
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".swf", ".xsl", ".xslt"}
)
_SLUG = re.compile(r"[\w\-.]+")


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
    fresh: dict[str, CachedItem] = {}
    to_parse: list[tuple[str, bytes | None, FileState | None]] = []
    root = os.fspath(site_root)
    for source in files.item_sources:
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


def column_path_of(source: str) -> str:
    """``content/catalog/regulations/_index.md`` → ``catalog/regulations``."""
    return str(PurePosixPath(source).parent.relative_to(CONTENT_DIR))


def read_column(
    site_root: Path, source: str, config: SiteConfig, problems: Problems
) -> Column | None:
    raw = _read_bytes(site_root, source, problems)
    if raw is None:
        return None
    front = read_front_matter(raw, source, COLUMN_FIELDS, "a column's _index.md", problems)
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
    )


def read_item(site_root: Path, source: str, config: SiteConfig, problems: Problems) -> Item | None:
    raw = _read_bytes(site_root, source, problems)
    if raw is None:
        return None
    return item_from_bytes(site_root, source, raw, config, problems)


def item_from_bytes(
    site_root: Path, source: str, raw: bytes, config: SiteConfig, problems: Problems
) -> Item | None:
    front = read_front_matter(raw, source, ITEM_FIELDS, "an item's front matter", problems)
    if front is None:
        return None
    return build_item(site_root, front, config, problems)


def _read_bytes(site_root: Path, source: str, problems: Problems) -> bytes | None:
    return read_source_bytes(site_root / source, source, problems)


def build_item(
    site_root: Path, front: FrontMatter, config: SiteConfig, problems: Problems
) -> Item | None:
    """Check one item's own fields and make an :class:`Item` (None if it cannot be built)."""
    file, values, lines = front.file, front.values, front.lines
    column = column_path_of(file)
    published = values.get("published")
    index_no = _index_no(values, lines, file, published, config, problems)
    written = values.get("written")
    if written is not None and published is not None and written > published.date():
        problems.error(
            file,
            lines["written"],
            "DATE_ORDER",
            f"成文日期 {written} is after 发布日期 {published.date()}",
            "a document is written before it is published",
        )
    topic = values.get("topic", "")
    if topic and config.topics and topic not in config.topics:
        problems.error(
            file,
            lines["topic"],
            "UNKNOWN_TOPIC",
            f"主题分类 `{topic}` is not in site.yaml topics",
            "use one of: " + ", ".join(config.topics),
        )
    day = published.date() if published is not None else None
    review = _review(values, lines, file, day, config, problems)
    attachments = _attachments(
        site_root,
        file,
        values.get("attachments", ()),
        problems,
        sanitize=config.sanitize_html,
    )
    # Every check above runs even when a required field is missing, so one
    # `gkssg check` reports all of an item's mistakes; only then give up.
    if "title" not in values or published is None or index_no is None:
        return None
    slug = values.get("slug") or index_no.slug
    if not _SLUG.fullmatch(slug) or slug.strip(".") == "":
        problems.error(
            file,
            lines.get("slug", lines["index_no"]),
            "BAD_VALUE",
            f"`{slug}` cannot be a URL name",
            "use letters, digits, - _ and . only",
        )
        return None
    body = front.split.body
    return Item(
        source=file,
        column=column,
        title=values["title"],
        index_no=index_no,
        published=published,
        written=written,
        publisher=values.get("publisher") or config.org,
        doc_no=values.get("doc_no", ""),
        topic=topic,
        keywords=values.get("keywords", ()),
        genre=values.get("genre", ""),
        validity=values.get("validity"),
        repealed=values.get("repealed"),
        disclosure=values.get("disclosure", "主动公开"),
        summary=values.get("summary") or first_paragraph(body),
        attachments=attachments,
        related=tuple(text for text, _ in values.get("related", ())),
        review=review,
        slug=slug,
        draft=values.get("draft", False),
        privacy_allow=values.get("privacy_allow", ()),
        body=body,
        body_offset=front.split.body_offset,
        key_lines=tuple(sorted(lines.items())),
        related_lines=tuple(line for _, line in values.get("related", ())),
    )


def _index_no(
    values: dict[str, Any],
    lines: dict[str, int],
    file: str,
    published: dt.datetime | None,
    config: SiteConfig,
    problems: Problems,
) -> IndexNumber | None:
    """The item's 索引号, or None (reported) when it is missing or malformed."""
    number_text = values.get("index_no")
    if number_text is None:
        problems.error(
            file,
            lines.get("index_no"),
            "MISSING_INDEX_NO",
            "the item has no 索引号 (index_no)",
            "run `gkssg number` to assign one",
        )
        return None
    index_no = config.index_pattern.parse(number_text)
    if index_no is None:
        problems.error(
            file,
            lines["index_no"],
            "BAD_INDEX_NO",
            f"索引号 `{number_text}` does not match the site's pattern "
            f"`{config.index_pattern.pattern}`",
            f"it should look like `{config.index_pattern.example()}`; "
            "delete the line and run `gkssg number` to assign a new one",
        )
        return None
    year = config.index_pattern.field_value(index_no, "year")
    if year is not None and published is not None and int(year) != published.year:
        problems.warning(
            file,
            lines["index_no"],
            "INDEX_NO_MISMATCH",
            f"索引号 `{number_text}` names the year {year}, but the item is published in "
            f"{published.year}",
            "index numbers never change once assigned; check the publication date",
        )
    return index_no


def _review(
    values: dict[str, object],
    lines: dict[str, int],
    file: str,
    published: object,
    config: SiteConfig,
    problems: Problems,
) -> Review | None:
    data = values.get("review")
    if isinstance(data, dict) and "by" in data and "date" in data:
        review = Review(data["by"], data["date"])
        if published is not None and review.date > published:  # type: ignore[operator]
            problems.error(
                file,
                lines["review"],
                "REVIEW_AFTER_PUBLISHED",
                f"保密审查 date {review.date} is after the publication date {published}",
                "the review must happen before publication",
            )
        return review
    if config.require_review and "review" not in lines:
        problems.error(
            file,
            None,
            "MISSING_REVIEW",
            "the item has no 保密审查 record, which this site requires",
            "add `review: {by: 审查人, date: 2008-03-05}`",
        )
    return None


def _attachments(
    site_root: Path,
    file: str,
    entries: tuple[tuple[str, str, int], ...],
    problems: Problems,
    *,
    sanitize: bool = True,
) -> tuple[Attachment, ...]:
    if not entries:
        return ()
    content_root = (site_root / CONTENT_DIR).resolve()
    folder = PurePosixPath(file).parent
    result: list[Attachment] = []
    for path, title, line in entries:
        pure = PurePosixPath(path.replace("\\", "/"))
        if _unsafe_path(path, pure):
            problems.error(
                file,
                line,
                "PATH_ESCAPE",
                f"attachment `{path}` must be a path relative to the item, inside content/",
                "put the file next to the item, e.g. 附件/文件.pdf",
            )
            continue
        if sanitize and pure.suffix.lower() in ACTIVE_SUFFIXES:
            problems.error(
                file,
                line,
                "BAD_VALUE",
                f"attachment `{path}` is a file a browser runs scripts from ({pure.suffix})",
                "publish it as PDF, an image or an office document",
            )
            continue
        source = folder / pure
        real = _resolved(site_root / source)
        if real is None or not real.is_relative_to(content_root):
            problems.error(
                file, line, "PATH_ESCAPE", f"attachment `{path}` points outside content/"
            )
            continue
        if not real.is_file():
            problems.error(
                file,
                line,
                "MISSING_ATTACHMENT",
                f"attachment `{path}` does not exist",
                f"add the file at {source} or fix the path",
            )
            continue
        result.append(
            Attachment(
                source=str(source),
                output_path=str(source.relative_to(CONTENT_DIR)),
                title=title or pure.stem,
                size=real.stat().st_size,
            )
        )
    return tuple(result)


def _unsafe_path(text: str, pure: PurePosixPath) -> bool:
    """Absolute, drive-letter, ``..`` or control characters (NUL, newline): not a plain path."""
    return (
        pure.is_absolute()
        or ".." in pure.parts
        or re.match(r"^[A-Za-z]:", text) is not None
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text)
    )


def _resolved(path: Path) -> Path | None:
    """``path`` with every symbolic link followed; None for a link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
