"""One item's front matter checked field by field and made into an :class:`Item`:
索引号, dates, 主题分类, 保密审查 record, attachments and URL name."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

from gkssg.base.errors import Problems
from gkssg.base.i18n import t
from gkssg.content.config import SiteConfig
from gkssg.content.frontmatter import FrontMatter
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.model import Attachment, Item, Review
from gkssg.content.summary import first_paragraph
from gkssg.source.scan import CONTENT_DIR

#: Attachments a browser would run scripts from, published from the site's own origin.
#: Refused unless the site opts out of sanitising (``sanitize_html: false``).
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".swf", ".xsl", ".xslt"}
)
_SLUG = re.compile(r"[\w\-.]+")


def column_path_of(source: str) -> str:
    """``content/catalog/regulations/_index.md`` → ``catalog/regulations``."""
    return str(PurePosixPath(source).parent.relative_to(CONTENT_DIR))


def build_item(
    site_root: Path, front: FrontMatter, config: SiteConfig, problems: Problems
) -> Item | None:
    """Check one item's own fields and make an :class:`Item` (None if it cannot be built)."""
    file, values, lines = front.file, front.values, front.lines
    published = values.get("published")
    index_no = _index_no(values, lines, file, published, config, problems)
    _check_dates_and_topic(front, config, problems)
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
            t("`{slug}` cannot be a URL name", slug=slug),
            t("use letters, digits, - _ and . only"),
        )
        return None
    return _item(front, config, index_no, review, attachments, slug)


def _check_dates_and_topic(front: FrontMatter, config: SiteConfig, problems: Problems) -> None:
    file, values, lines = front.file, front.values, front.lines
    published, written = values.get("published"), values.get("written")
    if written is not None and published is not None and written > published.date():
        problems.error(
            file,
            lines["written"],
            "DATE_ORDER",
            t(
                "成文日期 {written} is after 发布日期 {published}",
                written=written,
                published=published.date(),
            ),
            t("a document is written before it is published"),
        )
    topic = values.get("topic", "")
    if topic and config.topics and topic not in config.topics:
        problems.error(
            file,
            lines["topic"],
            "UNKNOWN_TOPIC",
            t("主题分类 `{topic}` is not in site.yaml topics", topic=topic),
            t("use one of: {topics}", topics=", ".join(config.topics)),
        )


def _item(
    front: FrontMatter,
    config: SiteConfig,
    index_no: IndexNumber,
    review: Review | None,
    attachments: tuple[Attachment, ...],
    slug: str,
) -> Item:
    """The item of checked front matter."""
    values, lines = front.values, front.lines
    body = front.split.body
    return Item(
        source=front.file,
        column=column_path_of(front.file),
        title=values["title"],
        index_no=index_no,
        published=values["published"],
        written=values.get("written"),
        publisher=values.get("publisher") or config.org,
        doc_no=values.get("doc_no", ""),
        topic=values.get("topic", ""),
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
            t("the item has no 索引号 (index_no)"),
            t("run `gkssg number` to assign one"),
        )
        return None
    index_no = config.index_pattern.parse(number_text)
    if index_no is None:
        problems.error(
            file,
            lines["index_no"],
            "BAD_INDEX_NO",
            t(
                "索引号 `{number}` does not match the site's pattern `{pattern}`",
                number=number_text,
                pattern=config.index_pattern.pattern,
            ),
            t(
                "it should look like `{example}`; delete the line and run `gkssg number` "
                "to assign a new one",
                example=config.index_pattern.example(),
            ),
        )
        return None
    _index_no_mismatch(index_no, lines["index_no"], file, published, config, problems)
    return index_no


def _index_no_mismatch(
    index_no: IndexNumber,
    line: int,
    file: str,
    published: dt.datetime | None,
    config: SiteConfig,
    problems: Problems,
) -> None:
    """Warnings for a number whose year is not the item's, or whose organisation code is
    not the site's: an 索引号 never changes once issued, so neither is an error."""
    pattern = config.index_pattern
    year = pattern.field_value(index_no, "year")
    if year is not None and published is not None and int(year) != published.year:
        problems.warning(
            file,
            line,
            "INDEX_NO_MISMATCH",
            t(
                "索引号 `{number}` names the year {year}, but the item is published in {published}",
                number=index_no.text,
                year=year,
                published=published.year,
            ),
            t("index numbers never change once assigned; check the publication date"),
        )
    code = pattern.org_code_of(index_no)
    if code is not None and code != config.org_code:
        problems.warning(
            file,
            line,
            "INDEX_NO_MISMATCH",
            t(
                "索引号 `{number}` carries the organisation code {code}, not site.yaml's "
                "org_code {org_code}",
                number=index_no.text,
                code=code,
                org_code=config.org_code,
            ),
            t(
                "a number issued before the code changed keeps it for good (a warning only); "
                "to take down a sample item, withdraw it: gkssg withdraw {number} --reason …",
                number=index_no.text,
            ),
        )


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
                t(
                    "保密审查 date {date} is after the publication date {published}",
                    date=review.date,
                    published=published,
                ),
                t("the review must happen before publication"),
            )
        return review
    if config.require_review and "review" not in lines:
        problems.error(
            file,
            None,
            "MISSING_REVIEW",
            t("the item has no 保密审查 record, which this site requires"),
            t("add `保密审查: {{审查人: 办公室 张明, 审查日期: 2008-03-05}}`"),
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
    """The item's attachments, each a file inside content/: next to the item
    (``附件/a.pdf``) or in a folder the item's column shares with others
    (``../附件/统计公报.pdf``). A shared file is published once, at its own place."""
    if not entries:
        return ()
    content_root = (site_root / CONTENT_DIR).resolve()
    folder = PurePosixPath(file).parent
    result: list[Attachment] = []
    for path, title, line in entries:
        source = _attachment_source(file, folder, path, line, problems, sanitize=sanitize)
        if source is None:
            continue
        real = _resolved(site_root / source)
        if real is None or not real.is_relative_to(content_root):
            problems.error(
                file,
                line,
                "PATH_ESCAPE",
                t("attachment `{path}` points outside content/", path=path),
                t("put the file inside content/, e.g. next to the item in 附件/"),
            )
            continue
        if not real.is_file():
            problems.error(
                file,
                line,
                "MISSING_ATTACHMENT",
                t("attachment `{path}` does not exist", path=path),
                t("add the file at {source} or fix the path", source=source),
            )
            continue
        result.append(
            Attachment(
                source=str(source),
                output_path=str(source.relative_to(CONTENT_DIR)),
                title=title or source.stem,
                size=real.stat().st_size,
            )
        )
    return tuple(result)


def _attachment_source(
    file: str, folder: PurePosixPath, path: str, line: int, problems: Problems, *, sanitize: bool
) -> PurePosixPath | None:
    """The attachment's file, relative to the site root with ``..`` resolved
    (``content/catalog/附件/a.pdf``), or None (reported) when it is not a plain relative
    path inside content/ or is a file a browser runs scripts from."""
    pure = PurePosixPath(path.replace("\\", "/"))
    source = PurePosixPath(posixpath.normpath(folder / pure))
    if _unsafe_path(path, pure) or not source.is_relative_to(CONTENT_DIR):
        problems.error(
            file,
            line,
            "PATH_ESCAPE",
            t(
                "attachment `{path}` must be a path relative to the item, inside content/",
                path=path,
            ),
            t(
                "put the file next to the item (附件/文件.pdf) or in a folder of a column above "
                "it (../附件/文件.pdf)"
            ),
        )
        return None
    if sanitize and pure.suffix.lower() in ACTIVE_SUFFIXES:
        problems.error(
            file,
            line,
            "BAD_VALUE",
            t(
                "attachment `{path}` is a file a browser runs scripts from ({suffix})",
                path=path,
                suffix=pure.suffix,
            ),
            t("publish it as PDF, an image or an office document"),
        )
        return None
    return source


def _unsafe_path(text: str, pure: PurePosixPath) -> bool:
    """Absolute, drive-letter or control characters (NUL, newline): not a plain relative
    path. ``..`` is allowed: where it leads is checked once it is resolved."""
    return (
        pure.is_absolute()
        or re.match(r"^[A-Za-z]:", text) is not None
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text)
    )


def _resolved(path: Path) -> Path | None:
    """``path`` with every symbolic link followed; None for a link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
