"""Finding links and assets in built pages, and checking that each one resolves."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.strip().split(" ")[0] for part in value.split(","))


def links_in_html(html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    return parser.links


def links_in_css(css: str) -> list[str]:
    return [url for url in CSS_URL.findall(css) if not url.startswith("data:")]


def is_internal(url: str, page_url: str, site_root_url: str) -> bool:
    """Same origin and under the site's base path; mailto:, tel:, other hosts are external."""
    absolute = urljoin(page_url, url)
    return absolute.startswith(site_root_url) and urlsplit(absolute).scheme in ("http", "https")


def output_path_for(url_path: str, base_url: str) -> str:
    """``/xxgkweb/catalog/`` → ``catalog/index.html`` (relative to the output folder)."""
    assert url_path.startswith(base_url), url_path
    path = unquote(url_path[len(base_url) :])
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def broken_links_on_disk(out: Path, base_url: str = "/") -> list[str]:
    """Every internal link and asset of every HTML and CSS file must resolve to a file."""
    origin = "https://site.test"
    broken: list[str] = []
    for file in sorted(out.rglob("*")):
        if file.suffix not in (".html", ".css") or not file.is_file():
            continue
        rel = file.relative_to(out).as_posix()
        page_url = f"{origin}{base_url}{rel}"
        text = file.read_text(encoding="utf-8")
        links = links_in_html(text) if file.suffix == ".html" else links_in_css(text)
        for link in links:
            if not is_internal(link, page_url, origin + base_url):
                continue
            target = urlsplit(urljoin(page_url, link)).path
            if not (out / output_path_for(target, base_url)).is_file():
                broken.append(f"{rel}: {link}")
    return broken


def crawl(start_url: str, *, limit: int = 5000) -> tuple[set[str], list[str]]:
    """Follow every internal link and asset over HTTP from ``start_url``.

    Returns the URLs fetched and the broken ones (``url (from page): status``).
    """
    site_root = start_url if start_url.endswith("/") else start_url.rsplit("/", 1)[0] + "/"
    queue: list[tuple[str, str]] = [(start_url, "")]
    seen: set[str] = {start_url}
    broken: list[str] = []
    while queue and len(seen) <= limit:
        url, referrer = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            broken.append(f"{url} (from {referrer}): {exc.code}")
            continue
        if kind == "text/html":
            links = links_in_html(body.decode("utf-8"))
        elif kind == "text/css":
            links = links_in_css(body.decode("utf-8"))
        else:
            continue
        for link in links:
            if not is_internal(link, url, site_root):
                continue
            target = urljoin(url, link).split("#", 1)[0].split("?", 1)[0]
            if target not in seen:
                seen.add(target)
                queue.append((target, url))
    return seen, broken
