"""The pager: the page numbers a list page links to, and every page's link on demand."""

from __future__ import annotations

import re
from pathlib import Path

from gkssg.render.pager import PageNumber, make_pager, window_numbers

from support.sites import SITE_YAML, SiteFiles, default_item


def _shown_by_rule(number: int, total: int) -> list[int | None]:
    """The rule the default theme applied to every page in turn, before the window."""
    shown: list[int | None] = []
    for page in range(1, total + 1):
        if page == number or abs(page - number) <= 3 or page in (1, total):
            shown.append(page)
        elif abs(page - number) == 4:
            shown.append(None)
    return shown


def test_the_window_shows_what_the_page_by_page_rule_showed() -> None:
    for total in range(1, 40):
        for number in range(1, total + 1):
            assert window_numbers(number, total) == _shown_by_rule(number, total), (number, total)


def test_a_pager_links_its_window_and_every_page_when_asked() -> None:
    urls: list[int] = []

    def url(page: int) -> str:
        urls.append(page)
        return f"/c/{page}.html"

    pager = make_pager(250, 500, url)
    assert pager.window == (
        PageNumber(1, "/c/1.html", False),
        None,
        *(PageNumber(n, f"/c/{n}.html", n == 250) for n in range(247, 254)),
        None,
        PageNumber(500, "/c/500.html", False),
    )
    assert (pager.previous_url, pager.next_url) == ("/c/249.html", "/c/251.html")
    assert len(urls) < 20  # not one URL per page of the column
    assert len(pager.pages) == 500
    assert [link.title for link in pager.pages[:3]] == ["1", "2", "3"]
    assert pager.pages[-1].url == "/c/500.html"
    assert [link.url for link in pager.pages][249] == "/c/250.html"


def test_a_list_page_links_the_first_last_and_nearby_pages(tmp_path: Path) -> None:
    """Page 6 of 12 (one item per page) links 1, 3–9 and 12, marks 6 as current, and
    shows … for the pages left out; the first page links 1–4 and 12."""
    files = SiteFiles(tmp_path, config=SITE_YAML + "per_page: 1\n")
    for seq in range(1, 13):
        files.with_item(f"catalog/regulations/item{seq:03d}.md", **default_item(seq))
    files.build()
    sixth = _pagination(files.read("output/catalog/regulations/index_6.html"))
    assert re.findall(r'aria-label="第(\d+)页"', sixth) == [
        str(n) for n in (1, 3, 4, 5, 6, 7, 8, 9, 12)
    ]
    assert re.findall(r'aria-current="page" aria-label="第(\d+)页"', sixth) == ["6"]
    assert sixth.count('<li aria-hidden="true">…</li>') == 2
    assert 'href="/catalog/regulations/index_5.html" rel="prev"' in sixth
    first = _pagination(files.read("output/catalog/regulations/index.html"))
    assert re.findall(r'aria-label="第(\d+)页"', first) == ["1", "2", "3", "4", "12"]
    assert first.count("…") == 1


def _pagination(html: str) -> str:
    found = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert found is not None
    return found.group(0)
