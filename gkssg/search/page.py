"""``search/index.html``: the search form, 高级检索 and the results (``search.js`` runs
Pagefind), with the exact look-ups pinned first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gkssg.content.urls import SEARCH_PAGE, column_page_path
from gkssg.render.jobs import PageJob
from gkssg.render.renderer import PageView
from gkssg.render.views import Link, Meta
from gkssg.search.exact import EXACT_FOLDER, shard_count
from gkssg.search.form import FIELDS_FILE, search_form
from gkssg.search.ngrams import MARK
from gkssg.search.years import BUNDLE_FOLDER, plan_bundles

if TYPE_CHECKING:
    from gkssg.render.renderer import PageRenderer


@dataclass(frozen=True, slots=True)
class SearchPage(PageJob):
    """The search page; its inputs are not tracked, so it is always rendered."""

    def render(self, renderer: PageRenderer) -> bytes:
        urls, catalog = renderer.urls, renderer.catalog
        url = urls.path(SEARCH_PAGE)
        page = PageView(
            kind="search",
            title="站内搜索",
            url=url,
            meta=(
                *renderer.site_meta(),
                Meta("description", "按标题、文号、索引号或关键词检索政府信息"),
            ),
            breadcrumbs=(Link("首页", urls.home()), Link("站内搜索", url)),
            current_column="",
        )
        root = next((c for c in catalog.columns if c.path == "catalog"), None)
        fewest = catalog.config.search_bundle_items
        bundles = [urls.path(b.path) for b in plan_bundles(catalog.items, fewest)]
        search = {
            "bundle_url": bundles[0] if bundles else urls.path(BUNDLE_FOLDER + "/"),
            "merged_bundles": " ".join(bundles[1:]),
            "exact_url": urls.path(EXACT_FOLDER + "/"),
            "exact_shards": str(shard_count(len(catalog.items))),
            "fields_url": urls.path(FIELDS_FILE),
            "mark": MARK,
            "indexed": bool(bundles),
            "catalog_url": urls.path(column_page_path(root)) if root else urls.home(),
        }
        form = search_form(catalog)
        return renderer.template("search.html", page, search=search, form=form)
