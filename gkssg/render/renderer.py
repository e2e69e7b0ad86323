"""Rendering pages: a page job → HTML, through the theme's templates and the views.

A :class:`PageRenderer` is made once per process and renders any page of the
site from a small, picklable :data:`PageJob`, so pages can be rendered on
every core.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup

from gkssg.base.hashing import code_fingerprint, digest, digest_text, stable_repr
from gkssg.content.catalog import Catalog
from gkssg.content.model import Column, Item
from gkssg.content.privacy import mask_personal_data
from gkssg.content.reading import known_fingerprint
from gkssg.content.urls import SITE_FEED, Urls, column_feed_path, column_page_path
from gkssg.content.workdays import calendar_data
from gkssg.render.markdown import RENDERER_VERSION, MarkdownRenderer
from gkssg.render.pagehash import with_page_hash
from gkssg.render.pager import Pager, make_pager
from gkssg.render.views import (
    ItemSummary,
    Link,
    Meta,
    SiteView,
    attachment_view,
    format_date,
    item_summary,
    site_view,
)
from gkssg.report.compute import WORKDAY_LIMIT, figures_input
from gkssg.report.stats_view import STATS_PAGE, stats_years
from gkssg.search.exact import EXACT_FOLDER, shard_count
from gkssg.search.years import BUNDLE_FOLDER, plan_bundles
from gkssg.source.theme import Theme

#: ("home",) | ("column", path, page) | ("item", index_no) | ("not_found",) | (name, …)
PageJob = tuple[str, ...]


@dataclass(frozen=True)
class PageView:
    kind: str
    title: str
    url: str
    meta: tuple[Meta, ...]
    breadcrumbs: tuple[Link, ...]
    current_column: str
    alternates: tuple[Link, ...] = ()


def page_count(count: int, per_page: int) -> int:
    return max(1, math.ceil(count / per_page))


@dataclass
class PageRenderer:
    catalog: Catalog
    theme: Theme
    urls: Urls
    serve_script: str = ""  # injected by `gkssg serve` only
    markdown_cache: Mapping[str, str] = field(default_factory=dict)  # from the last build
    # source → (item, hash of it) made when the item was read (gkssg.content.reading.SiteContent)
    item_fingerprints: Mapping[str, tuple[Item, str]] = field(default_factory=dict)
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
        kind = job[0]
        if kind == "home":
            return self.home()
        if kind == "column":
            return self.column_page(self.catalog.column(job[1]), int(job[2]))
        if kind == "item":
            item = self.catalog.item(job[1])
            assert item is not None, job
            return self.item_page(item)
        if kind == "not_found":
            return self.not_found()
        if kind == "stats":
            return self.stats_page()
        if kind == "search":
            return self.search_page()
        raise ValueError(f"unknown page job {job!r}")

    def markdown(self, text: str, allow: tuple[str, ...] = ()) -> Markup:
        """Body HTML, from the cache of earlier builds when the same text was rendered."""
        config = self.catalog.config
        mask = config.privacy == "mask"
        key = digest(RENDERER_VERSION, code_fingerprint(), config.sanitize_html, mask, allow, text)
        html = self.markdown_cache.get(key) or self.new_markdown.get(key)
        if html is None:
            html = self._markdown.render(text, mask=mask, allow=allow)
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

    def page_key(self, job: PageJob) -> str | None:
        """A hash of every value the page's template receives; equal keys, equal pages.

        None for page kinds whose inputs are not tracked: those are always rendered.
        """
        kind = job[0]
        catalog = self.catalog
        if kind == "item":  # nine pages in ten: its parts are joined, then hashed once
            item = catalog.item(job[1])
            assert item is not None, job
            item_print = self._item_print
            older, newer = catalog.neighbours(item)
            return digest_text(
                "\x1f".join(
                    (
                        self.site_key,
                        repr(job),
                        item_print(item),
                        self._lineage_print(item.column),
                        item_print(older) if older else "-",
                        item_print(newer) if newer else "-",
                        *map(item_print, catalog.related(item)),
                    )
                )
            )
        if kind == "column":
            column = catalog.column(job[1])
            number = int(job[2])
            start = (number - 1) * column.per_page
            listed = catalog.listed_in(column) if column.layout != "page" else ()
            return digest(
                self.site_key,
                job,
                self._columns_print(catalog.ancestors(column)),
                len(listed),
                self._items_print(listed[start : start + column.per_page]),
            )
        if kind == "home":
            home_items = catalog.config.home_items
            return digest(
                self.site_key,
                job,
                self._items_print(catalog.items[:home_items]),
                len(catalog.items),
            )
        if kind == "not_found":
            return digest(self.site_key, job)
        if kind == "stats":  # every item's dates and column, on the site's calendar
            return digest(
                self.site_key,
                job,
                calendar_data(),
                self._columns_print(catalog.columns),
                tuple(map(figures_input, catalog.items)),  # not the bodies: an edit keeps it
            )
        return None

    def _fingerprint(self, kind: str, name: str, value: Item | Column) -> str:
        """The hash of everything ``value`` holds (computed once per value and process)."""
        found = self._fingerprints.get((kind, name))
        if found is None:
            found = self._fingerprints[(kind, name)] = digest(value)
        return found

    def _item_print(self, item: Item) -> str:
        known = known_fingerprint(self.item_fingerprints, item)  # hashed when it was read
        return known if known is not None else self._fingerprint("item", item.source, item)

    def _items_print(self, items: Sequence[Item]) -> tuple[str, ...]:
        return tuple(self._item_print(item) for item in items)

    def _lineage_print(self, path: str) -> str:
        """The hashes of column ``path`` and its ancestors, joined (once per column)."""
        found = self._lineages.get(path)
        if found is None:
            chain = self._columns_print(self.catalog.ancestors(self.catalog.column(path)))
            found = self._lineages[path] = ",".join(chain)
        return found

    def _columns_print(self, columns: Sequence[Column]) -> tuple[str, ...]:
        return tuple(self._fingerprint("column", column.path, column) for column in columns)

    def text(self, value: str, allow: tuple[str, ...] = ()) -> str:
        """Front-matter text as published: masked in privacy ``mask`` mode."""
        if self.catalog.config.privacy == "mask":
            return mask_personal_data(value, allow)
        return value

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

    def column_pages(self, column: Column) -> int:
        if column.layout == "page":
            return 1
        return page_count(len(self.catalog.listed_in(column)), column.per_page)

    def column_page(self, column: Column, number: int) -> bytes:
        listed = self.catalog.listed_in(column) if column.layout != "page" else ()
        total = self.column_pages(column)
        start = (number - 1) * column.per_page
        items = [self._summary(i) for i in listed[start : start + column.per_page]]
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
        children = next((c.children for c in self._flat_columns() if c.path == column.path), ())
        return self.template(
            "column.html",
            page,
            column=column,
            children=children,
            body=self.markdown(column.body),
            items=items,
            first_index=start + 1,
            pager=self._pager(column, number, total),
        )

    def _summary(self, item: Item) -> ItemSummary:
        summary = item_summary(item, self.catalog, self.urls)
        if self.catalog.config.privacy == "mask":
            allow = item.privacy_allow
            return ItemSummary(
                **{
                    **summary.__dict__,
                    "title": self.text(summary.title, allow),
                    "summary": self.text(summary.summary, allow),
                }
            )
        return summary

    def _flat_columns(self) -> list[Any]:
        flat: list[Any] = []
        stack = list(self.site.columns)
        while stack:
            view = stack.pop()
            flat.append(view)
            stack.extend(view.children)
        return flat

    def _pager(self, column: Column, number: int, total: int) -> Pager:
        def url(n: int) -> str:
            return self.urls.path(column_page_path(column, n))

        return make_pager(number, total, url)

    def item_page(self, item: Item) -> bytes:
        column = self.catalog.column(item.column)
        allow = item.privacy_allow
        title = self.text(item.title, allow)
        older, newer = self.catalog.neighbours(item)
        page = PageView(
            kind="item",
            title=title,
            url=self.urls.path(item.output_path),
            meta=(
                *self.site_meta(),
                *self.column_meta(column),
                Meta("ArticleTitle", title),
                Meta("PubDate", item.published.strftime("%Y-%m-%d %H:%M")),
                Meta("ContentSource", item.publisher),
                Meta("Keywords", " ".join(item.keywords)),
                Meta("Description", self.text(item.summary, allow)),
            ),
            breadcrumbs=self.crumbs(column),
            current_column=column.path,
        )
        # attributes, not a dict: Jinja looks an attribute up first (a dict raised)
        view = SimpleNamespace(
            title=title,
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
            summary=self.text(item.summary, allow),
            year=str(item.year),
            column=column.title,
            column_code=column.code,
        )
        return self.template(
            "item.html",
            page,
            item=view,
            body=self.markdown(item.body, allow),
            attachments=[attachment_view(a, self.urls) for a in item.attachments],
            related=[self._summary(i) for i in self.catalog.related(item)],
            older=self._summary(older) if older else None,
            newer=self._summary(newer) if newer else None,
            column=column,
        )

    def not_found(self) -> bytes:
        page = PageView(
            kind="not_found",
            title="页面未找到",
            url=self.urls.path("404.html"),
            meta=tuple(self.site_meta()),
            breadcrumbs=(Link("首页", self.urls.home()),),
            current_column="",
        )
        return self.template("404.html", page)

    def stats_page(self) -> bytes:
        """``stats/index.html``: the yearly figures, as tables and SVG charts."""
        url = self.urls.path(STATS_PAGE)
        page = PageView(
            kind="stats",
            title="政府信息公开统计",
            url=url,
            meta=(
                *self.site_meta(),
                Meta("description", "政府信息公开数量、栏目分布和公开时效统计"),
            ),
            breadcrumbs=(Link("首页", self.urls.home()), Link("公开统计", url)),
            current_column="stats",
        )
        years = stats_years(self.catalog, self.urls)
        return self.template("stats.html", page, years=years, workday_limit=WORKDAY_LIMIT)

    def search_page(self) -> bytes:
        """``search/index.html``: Pagefind's UI, with exact look-ups pinned first."""
        url = self.urls.path("search/index.html")
        page = PageView(
            kind="search",
            title="站内搜索",
            url=url,
            meta=(
                *self.site_meta(),
                Meta("description", "按标题、文号、索引号或关键词检索政府信息"),
            ),
            breadcrumbs=(Link("首页", self.urls.home()), Link("站内搜索", url)),
            current_column="",
        )
        catalog = next((c for c in self.catalog.columns if c.path == "catalog"), None)
        fewest = self.catalog.config.search_bundle_items
        bundles = [self.urls.path(b.path) for b in plan_bundles(self.catalog.items, fewest)]
        search = {
            "bundle_url": bundles[0] if bundles else self.urls.path(BUNDLE_FOLDER + "/"),
            "merged_bundles": " ".join(bundles[1:]),
            "exact_url": self.urls.path(EXACT_FOLDER + "/"),
            "exact_shards": str(shard_count(len(self.catalog.items))),
            "catalog_url": self.urls.path(column_page_path(catalog))
            if catalog
            else self.urls.home(),
        }
        return self.template("search.html", page, search=search)
