"""URLs of pages and files, honouring ``base_url``; the one place that builds links."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from gkssg.content.model import Column, Item

#: The site's fixed pages, by output path.
HOME_PAGE = "index.html"
NOT_FOUND_PAGE = "404.html"
SEARCH_PAGE = "search/index.html"
STATS_PAGE = "stats/index.html"


@dataclass(frozen=True)
class Urls:
    base_url: str  # "/" or "/xxgkweb/"
    site_url: str  # absolute, e.g. "https://xxgk.example.gov.cn/xxgkweb/"

    def path(self, output_path: str) -> str:
        """Site-absolute URL of an output file; ``…/index.html`` becomes ``…/``."""
        if output_path == HOME_PAGE:
            output_path = ""
        elif output_path.endswith("/index.html"):
            output_path = output_path[: -len("index.html")]
        return self.base_url + quote(output_path, safe="/-_.~")

    def absolute(self, output_path: str) -> str:
        return self.site_url.rstrip("/") + self.path(output_path)[len(self.base_url) - 1 :]

    def home(self) -> str:
        return self.base_url

    def static(self, name: str) -> str:
        return self.path(f"static/{name}")


def column_page_path(column: Column, page: int = 1) -> str:
    """``catalog/regulations/index.html``, then ``index_2.html`` …"""
    name = "index.html" if page == 1 else f"index_{page}.html"
    return f"{column.path}/{name}"


def item_page_path(item: Item) -> str:
    return item.output_path


SITE_FEED = "feed.xml"


def column_feed_path(column: Column) -> str:
    """A column's own Atom feed: ``catalog/regulations/feed.xml``."""
    return f"{column.path}/feed.xml"
