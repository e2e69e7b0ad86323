"""What templates see: flat, ready-to-print views of the site, columns and items.

Layouts depend on these names only, never on the model, so the model can
change without breaking a site's own templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from gkssg.content.catalog import Catalog
from gkssg.content.config import SiteConfig
from gkssg.content.model import Attachment, Column, Item
from gkssg.content.urls import SEARCH_PAGE, STATS_PAGE, Urls, column_page_path


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Meta:
    name: str
    content: str


@dataclass(frozen=True)
class ColumnView:
    path: str
    code: str
    title: str
    url: str
    layout: str
    depth: int
    description: str
    keywords: tuple[str, ...]
    count: int  # items listed on its pages (own and descendants')
    children: tuple[ColumnView, ...]


@dataclass(frozen=True)
class ItemSummary:
    title: str
    url: str
    index_no: str
    doc_no: str
    published: str  # YYYY-MM-DD
    summary: str
    column: str  # column title
    validity: str


@dataclass(frozen=True, slots=True)
class ItemView:
    """An item's 信息索引表 and metadata, as its page prints them."""

    title: str
    index_no: str
    topic: str
    publisher: str
    written: str  # YYYY-MM-DD or ""
    doc_no: str
    published: str  # YYYY-MM-DD
    published_time: str  # ISO 8601
    keywords: str  # space-separated
    validity: str
    repealed: str  # YYYY-MM-DD or ""
    genre: str
    disclosure: str
    summary: str
    year: str
    column: str  # column title
    column_code: str
    scheduled: bool  # shown ahead of its 发布日期 (预约发布: the preview, --future)


@dataclass(frozen=True)
class AttachmentView:
    title: str
    url: str
    file_name: str
    kind: str  # "PDF", "DOC" …
    size: str  # "12.3 KB"


@dataclass(frozen=True)
class SiteView:
    title: str
    org: str
    language: str
    base_url: str
    home_url: str
    search_url: str
    stats_url: str
    site_url: str
    domain: str
    site_code: str
    icp: str
    police: str
    address: str
    phone: str
    email: str
    hotline: str
    portal: Link | None
    columns: tuple[ColumnView, ...]  # top level, with children
    feedback_url: str


def format_date(value: dt.date | dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def site_view(config: SiteConfig, catalog: Catalog, urls: Urls) -> SiteView:
    def column_view(column: Column) -> ColumnView:
        return ColumnView(
            path=column.path,
            code=column.code,
            title=column.title,
            url=urls.path(column_page_path(column)),
            layout=column.layout,
            depth=column.depth,
            description=column.description,
            keywords=column.keywords,
            count=len(catalog.listed_in(column)),
            children=tuple(column_view(child) for child in catalog.children(column)),
        )

    domain = config.url.split("://", 1)[1].split("/", 1)[0]
    return SiteView(
        title=config.title,
        org=config.org,
        language=config.language,
        base_url=config.base_url,
        home_url=urls.home(),
        search_url=urls.path(SEARCH_PAGE),
        stats_url=urls.path(STATS_PAGE),
        site_url=config.site_url,
        domain=domain,
        site_code=config.identity.site_code,
        icp=config.identity.icp,
        police=config.identity.police,
        address=config.contact.address,
        phone=config.contact.phone,
        email=config.contact.email,
        hotline=config.contact.hotline,
        portal=Link(config.portal.title, config.portal.url) if config.portal else None,
        columns=tuple(column_view(column) for column in catalog.children(None)),
        feedback_url="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?"
        f"site_code={config.identity.site_code}",
    )


def item_summary(item: Item, catalog: Catalog, urls: Urls) -> ItemSummary:
    return ItemSummary(
        title=item.title,
        url=urls.path(item.output_path),
        index_no=item.index_no.text,
        doc_no=item.doc_no,
        published=format_date(item.published),
        summary=item.summary,
        column=catalog.column(item.column).title,
        validity=item.validity or "",
    )


def item_view(item: Item, column: Column, scheduled: bool = False) -> ItemView:
    return ItemView(
        title=item.title,
        index_no=item.index_no.text,
        topic=item.topic,
        publisher=item.publisher,
        written=format_date(item.written),
        doc_no=item.doc_no,
        published=format_date(item.published),
        published_time=item.published.isoformat(),
        keywords=" ".join(item.keywords),
        validity=item.validity or "",
        repealed=format_date(item.repealed),
        genre=item.genre,
        disclosure=item.disclosure,
        summary=item.summary,
        year=str(item.year),
        column=column.title,
        column_code=column.code,
        scheduled=scheduled,
    )


def attachment_view(attachment: Attachment, urls: Urls) -> AttachmentView:
    name = PurePosixPath(attachment.output_path).name
    suffix = PurePosixPath(name).suffix.lstrip(".").upper()
    return AttachmentView(
        title=attachment.title,
        url=urls.path(attachment.output_path),
        file_name=name,
        kind=suffix or "文件",
        size=format_size(attachment.size),
    )
