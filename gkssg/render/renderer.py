"""Rendering pages: a page job → HTML, through the theme's templates and the views.

A :class:`PageRenderer` is made once per process and renders any page of the
site from a small, picklable :class:`~gkssg.render.jobs.PageJob`, so pages can
be rendered on every core. The text it receives is already as published
(masked at load in privacy ``mask`` mode: :mod:`gkssg.content.masking`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from gkssg.base.hashing import code_fingerprint, digest, stable_repr
from gkssg.content.catalog import Catalog
from gkssg.content.model import Column, Item
from gkssg.content.reading import known_fingerprint
from gkssg.content.urls import NOT_FOUND_PAGE, SITE_FEED, Urls, column_feed_path, column_page_path
from gkssg.render.jobs import PageJob
from gkssg.render.markdown import RENDERER_VERSION, MarkdownRenderer
from gkssg.render.pagehash import with_page_hash
from gkssg.render.pager import make_pager
from gkssg.render.views import (
    ColumnView,
    ItemSummary,
    Link,
    Meta,
    SiteView,
    attachment_view,
    item_summary,
    item_view,
    site_view,
)
from gkssg.source.theme import Theme


@dataclass(frozen=True)
class PageView:
    kind: str
    title: str
    url: str
    meta: tuple[Meta, ...]
    breadcrumbs: tuple[Link, ...]
    current_column: str
    alternates: tuple[Link, ...] = ()


@dataclass
class PageRenderer:
    catalog: Catalog
    theme: Theme
    urls: Urls
    serve_script: str = ""  # injected by `gkssg serve` only
    markdown_cache: Mapping[str, str] = field(default_factory=dict)  # from the last build
    # source → (item, hash of it) made when the item was read (gkssg.content.reading.SiteContent)
    item_fingerprints: Mapping[str, tuple[Item, str]] = field(default_factory=dict)
    # 索引号 of items shown ahead of their 发布日期 (the preview, --future): marked 预约发布
    scheduled: frozenset[str] = frozenset()
    new_markdown: dict[str, str] = field(init=False, default_factory=dict)
    env: jinja2.Environment = field(init=False)
    site: SiteView = field(init=False)
    _markdown: MarkdownRenderer = field(init=False)
    _nav_cache: dict[str, Markup] = field(init=False, default_factory=dict)
    # one hash per item or column, so a page key hashes hashes, not whole bodies again
    _fingerprints: dict[tuple[str, str], str] = field(init=False, default_factory=dict)
    _lineages: dict[str, str] = field(init=False, default_factory=dict)  # column → hashes

    def __post_init__(self) -> None:
        config = self.catalog.config
        self.env = self.theme.environment()
        self.env.globals["static"] = self.urls.static
        self.site = site_view(config, self.catalog, self.urls)
        self._markdown = MarkdownRenderer(sanitize=config.sanitize_html)

    # -- jobs -------------------------------------------------------------------

    def render(self, job: PageJob) -> bytes:
        return job.render(self)

    def page_key(self, job: PageJob) -> str | None:
        """A hash of every value the page's template receives (None: always render)."""
        return job.key(self)

    def markdown(self, text: str) -> Markup:
        """Body HTML, from the cache of earlier builds when the same text was rendered."""
        key = digest(RENDERER_VERSION, code_fingerprint(), self.catalog.config.sanitize_html, text)
        html = self.markdown_cache.get(key) or self.new_markdown.get(key)
        if html is None:
            html = self._markdown.render(text)
            self.new_markdown[key] = html
        return Markup(html)

    # -- what each page shows, as one hash (see gkssg.cache.store) -----------------

    @functools.cached_property
    def site_key(self) -> str:
        """Everything every page can see: theme, configuration, the site view."""
        return digest(
            self.theme.fingerprint(),
            stable_repr(self.catalog.config),
            RENDERER_VERSION,
            code_fingerprint(),
            self.serve_script,
            self.site,
        )

    def _fingerprint(self, kind: str, name: str, value: Item | Column) -> str:
        """The hash of everything ``value`` holds (computed once per value and process)."""
        found = self._fingerprints.get((kind, name))
        if found is None:
            found = self._fingerprints[(kind, name)] = digest(value)
        return found

    def item_print(self, item: Item) -> str:
        known = known_fingerprint(self.item_fingerprints, item)  # hashed when it was read
        return known if known is not None else self._fingerprint("item", item.source, item)

    def items_print(self, items: Sequence[Item]) -> tuple[str, ...]:
        return tuple(self.item_print(item) for item in items)

    def lineage_print(self, path: str) -> str:
        """The hashes of column ``path`` and its ancestors, joined (once per column)."""
        found = self._lineages.get(path)
        if found is None:
            chain = self.columns_print(self.catalog.ancestors(self.catalog.column(path)))
            found = self._lineages[path] = ",".join(chain)
        return found

    def columns_print(self, columns: Sequence[Column]) -> tuple[str, ...]:
        return tuple(self._fingerprint("column", column.path, column) for column in columns)

    def template(self, name: str, page: PageView, **context: Any) -> bytes:
        nav = self._nav(page.current_column)
        site_feed = Link(f"{self.site.title}（全站订阅）", self.urls.path(SITE_FEED))
        page = dataclasses.replace(page, alternates=(*page.alternates, site_feed))
        html = self.env.get_template(name).render(site=self.site, page=page, nav=nav, **context)
        data = with_page_hash(html)
        if self.serve_script:
            data = data.replace(b"</body>", self.serve_script.encode() + b"</body>", 1)
        return data

    def _nav(self, current: str) -> Markup:
        """The column tree, rendered once per highlighted column (not once per page)."""
        cached = self._nav_cache.get(current)
        if cached is None:
            template = self.env.get_template("partials/nav.html")
            cached = Markup(template.render(site=self.site, current=current))
            self._nav_cache[current] = cached
        return cached

    def site_meta(self) -> list[Meta]:
        return [
            Meta("SiteName", self.site.title),
            Meta("SiteDomain", self.site.domain),
            Meta("SiteIDCode", self.site.site_code),
        ]

    def column_meta(self, column: Column) -> list[Meta]:
        return [
            Meta("ColumnName", column.title),
            Meta("ColumnDescription", column.description or column.title),
            Meta("ColumnKeywords", " ".join(column.keywords) or column.title),
            Meta("ColumnType", column.title),
        ]

    def crumbs(self, column: Column) -> tuple[Link, ...]:
        chain = self.catalog.ancestors(column)
        return (
            Link("首页", self.urls.home()),
            *(Link(c.title, self.urls.path(column_page_path(c))) for c in chain),
        )

    # -- pages ------------------------------------------------------------------

    def home(self) -> bytes:
        config = self.catalog.config
        newest = [
            item_summary(i, self.catalog, self.urls)
            for i in self.catalog.items[: config.home_items]
        ]
        page = PageView(
            kind="home",
            title=config.title,
            url=self.urls.home(),
            meta=(*self.site_meta(), Meta("description", config.title)),
            breadcrumbs=(),
            current_column="",
        )
        return self.template("home.html", page, newest=newest, total=len(self.catalog.items))

    def column_page(self, column: Column, number: int) -> bytes:
        listed = self.catalog.listed_in(column) if column.layout != "page" else ()
        start = (number - 1) * column.per_page
        items = [self.summary(i) for i in listed[start : start + column.per_page]]
        page = PageView(
            kind="column",
            title=column.title if number == 1 else f"{column.title}（第{number}页）",
            url=self.urls.path(column_page_path(column, number)),
            meta=(*self.site_meta(), *self.column_meta(column)),
            breadcrumbs=self.crumbs(column),
            current_column=column.path,
            alternates=(
                (Link(f"{column.title}（栏目订阅）", self.urls.path(column_feed_path(column))),)
                if listed
                else ()
            ),
        )
        view = self._column_views[column.path]
        return self.template(
            "column.html",
            page,
            column=view,
            children=view.children,
            body=self.markdown(column.body),
            items=items,
            first_index=start + 1,
            pager=make_pager(number, self.catalog.list_pages(column), self._page_url(column)),
        )

    def summary(self, item: Item) -> ItemSummary:
        return item_summary(item, self.catalog, self.urls)

    @functools.cached_property
    def _column_views(self) -> dict[str, ColumnView]:
        """Every column's view by path (the site view holds them as a tree)."""
        flat: dict[str, ColumnView] = {}
        stack = list(self.site.columns)
        while stack:
            view = stack.pop()
            flat[view.path] = view
            stack.extend(view.children)
        return flat

    def _page_url(self, column: Column) -> Callable[[int], str]:
        def url(number: int) -> str:
            return self.urls.path(column_page_path(column, number))

        return url

    def item_page(self, item: Item) -> bytes:
        column = self.catalog.column(item.column)
        older, newer = self.catalog.neighbours(item)
        page = PageView(
            kind="item",
            title=item.title,
            url=self.urls.path(item.output_path),
            meta=(
                *self.site_meta(),
                *self.column_meta(column),
                Meta("ArticleTitle", item.title),
                Meta("PubDate", item.published.strftime("%Y-%m-%d %H:%M")),
                Meta("ContentSource", item.publisher),
                Meta("Keywords", " ".join(item.keywords)),
                Meta("Description", item.summary),
            ),
            breadcrumbs=self.crumbs(column),
            current_column=column.path,
        )
        return self.template(
            "item.html",
            page,
            item=item_view(item, column, item.index_no.text in self.scheduled),
            body=self.markdown(item.body),
            attachments=[attachment_view(a, self.urls) for a in item.attachments],
            related=[self.summary(i) for i in self.catalog.related(item)],
            older=self.summary(older) if older else None,
            newer=self.summary(newer) if newer else None,
            column=self._column_views[column.path],
        )

    def not_found(self) -> bytes:
        page = PageView(
            kind="not_found",
            title="页面未找到",
            url=self.urls.path(NOT_FOUND_PAGE),
            meta=tuple(self.site_meta()),
            breadcrumbs=(Link("首页", self.urls.home()),),
            current_column="",
        )
        return self.template("404.html", page)
