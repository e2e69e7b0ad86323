"""Search: the Pagefind index of item pages, the search page in a real Chromium over nginx,
exact look-ups of 文号, 索引号 and titles on many items of the sample site."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from gkssg.base.errors import Problems
from gkssg.content.model import Item
from gkssg.content.site import Site, load_site
from gkssg.search.exact import normalise, shard_of

from conftest import REPO, build_sample_copy, require_tool
from support.nginx import nginx_available, serve_with_nginx
from support.sites import SITE_YAML, SiteFiles, default_item

pytestmark = pytest.mark.browser

NO_MATCH = "量子隧穿薛定谔"
YEARLY = "search_bundle_items: 1\n"  # the sample site, one search bundle per year


def loaded(root: Path) -> Site:
    site = load_site(root, Problems())
    assert site is not None
    return site


def sample_items() -> list[Item]:
    return list(loaded(REPO).catalog.items)


ITEMS = sample_items()
WITH_DOC_NO = [item for item in ITEMS if item.doc_no]


def fragments(bundle: Path) -> list[dict[str, Any]]:
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (bundle / "fragment").iterdir()
    ]


def bundle_urls(bundle: Path) -> set[str]:
    return {fragment["url"] for fragment in fragments(bundle)}


@pytest.fixture(scope="module")
def yearly_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with one search bundle per year: the browser tests search it, so
    every query runs over bundles merged in the browser."""
    return build_sample_copy(tmp_path_factory.mktemp("yearly"), config=YEARLY)


def test_the_sample_sites_few_items_share_one_bundle(sample_site: Path) -> None:
    site = loaded(sample_site)
    bundles = sample_site / "output/pagefind"
    assert [path.name for path in bundles.iterdir()] == ["2007-2009"]
    entry = json.loads((bundles / "2007-2009/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]
    assert entry["languages"]["zh-cn"]["page_count"] == len(site.catalog.items)
    expected = {site.urls.path(item.output_path) for item in site.catalog.items}
    assert bundle_urls(bundles / "2007-2009") == expected  # no list page, home, 404 or search


def test_each_years_bundle_covers_exactly_that_years_item_pages(yearly_site: Path) -> None:
    site = loaded(yearly_site)
    years = sorted({item.published.year for item in site.catalog.items})
    assert len(years) > 1
    bundles = yearly_site / "output/pagefind"
    assert sorted(int(path.name) for path in bundles.iterdir()) == years
    for year in years:
        entry = json.loads((bundles / f"{year}/pagefind-entry.json").read_text(encoding="utf-8"))
        expected = {
            site.urls.path(item.output_path)
            for item in site.catalog.items
            if item.published.year == year
        }
        assert entry["languages"]["zh-cn"]["page_count"] == len(expected)
        assert bundle_urls(bundles / str(year)) == expected  # no item of another year


def test_only_the_newest_bundle_carries_pagefinds_scripts(yearly_site: Path) -> None:
    bundles = sorted((yearly_site / "output/pagefind").iterdir(), key=lambda p: int(p.name))
    *older, newest = bundles
    assert (newest / "pagefind-ui.js").is_file() and (newest / "pagefind.js").is_file()
    for bundle in older:
        assert sorted(p.name for p in bundle.iterdir() if p.is_file())[0] == "pagefind-entry.json"
        assert not list(bundle.glob("*.js")) and not list(bundle.glob("wasm.*"))
    html = (yearly_site / "output/search/index.html").read_text(encoding="utf-8")
    merged = re.search(r'data-merge="([^"]*)"', html)
    assert merged is not None
    assert merged[1].split() == [f"/pagefind/{b.name}/" for b in reversed(older)]
    for script in ("pagefind.js", "pagefind-worker.js"):  # the merge keeps the sorted order
        assert ".sort?0:b.score-a.score)" in (newest / script).read_text(encoding="utf-8")


def test_fragments_hold_the_index_table_meta_and_filters_but_not_the_footer(
    sample_site: Path,
) -> None:
    site = loaded(sample_site)
    found = {
        f["url"]: f
        for bundle in (sample_site / "output/pagefind").iterdir()
        for f in fragments(bundle)
    }
    for item in site.catalog.items:
        fragment = found[site.urls.path(item.output_path)]
        assert fragment["meta"]["索引号"] == item.index_no.text
        assert fragment["meta"]["title"] == item.title
        assert fragment["filters"]["年份"] == [str(item.published.year)]
        assert "网站标识码" not in fragment["content"]  # footer text stays out


def test_exact_table_finds_every_items_doc_no_index_no_and_title(sample_site: Path) -> None:
    tables: dict[str, list[list[str]]] = {}
    for path in (sample_site / "output/search/exact").glob("*.json"):
        tables.update(json.loads(path.read_text(encoding="utf-8")))
    for item in ITEMS:
        url = "/" + item.output_path
        for text in filter(None, (item.doc_no, item.index_no.text, item.title)):
            assert url in [entry[0] for entry in tables[normalise(text)]], text


def test_each_exact_key_is_in_the_shard_search_js_fetches_for_it(tmp_path: Path) -> None:
    """The shards are joined from rows holding each key's hash; a key must still sit in
    the shard ``shard_of`` names, which search.js's shardOf mirrors."""
    SiteFiles(tmp_path).with_items(300).build("--no-search")
    shards = list((tmp_path / "output/search/exact").glob("*.json"))
    assert len(shards) == 4  # more shards than one, or any hash would do
    for path in shards:
        for key in json.loads(path.read_text(encoding="utf-8")):
            assert shard_of(key, len(shards)) == int(path.stem), key


def test_normalise_ignores_width_spaces_quotes_and_bracket_styles() -> None:
    assert normalise(" 皖劳社[2008]12号 ") == normalise("皖劳社〔2008〕12号")
    assert normalise("皖劳社【2008】１２号") == normalise("皖劳社〔2008〕12号")
    assert normalise("00298196x/2008-00010") == normalise("00298196X/2008-00010")
    assert normalise("安徽省工伤认定办法实施细则解读") == normalise(
        "《安徽省工伤认定办法实施细则》解读"
    )


def test_index_is_reused_when_no_item_page_changed_and_rebuilt_when_one_did(
    tmp_path: Path,
) -> None:
    files = SiteFiles(tmp_path, config=SITE_YAML + "search_bundle_items: 1\n").with_items(3)
    old = default_item(
        9,
        index_no="00298196X/2007-00009",
        published="2007-03-01",
        review={"by": "办公室", "date": "2007-03-01"},
    )
    files.with_item("catalog/news/old.md", "旧年份的信息。\n", **old)
    files.build()
    newest = tmp_path / "output/pagefind/2008/pagefind-entry.json"
    older = tmp_path / "output/pagefind/2007/pagefind-entry.json"
    first, other = newest.stat().st_ino, older.stat().st_ino
    files.build()
    assert newest.stat().st_ino == first  # linked from the last build, not indexed again
    assert older.stat().st_ino == other
    files.with_item(
        "catalog/regulations/item002.md", "正文提到养老保险待遇。\n", **default_item(2)
    ).build()
    assert newest.stat().st_ino != first
    assert older.stat().st_ino == other  # only the changed item's year is indexed again
    texts = [
        gzip.decompress(path.read_bytes()).decode("utf-8").replace("\u200b", "")
        for path in (tmp_path / "output/pagefind/2008/fragment").iterdir()
    ]
    assert sum("养老保险待遇" in text for text in texts) == 1


# -- in the browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(yearly_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    with serve_with_nginx(yearly_site / "output", tmp_path_factory.mktemp("nginx")) as base:
        yield base


@pytest.fixture(scope="module")
def served_subpath(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site, one bundle per year, built with --base-url /xxgkweb/."""
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    site = build_sample_copy(
        tmp_path_factory.mktemp("yearly-sub"), "--base-url", "/xxgkweb/", config=YEARLY
    )
    work = tmp_path_factory.mktemp("nginx-sub")
    with serve_with_nginx(site / "output", work, "/xxgkweb/") as base:
        yield base


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors


def search(page: Any, base: str, query: str, sort: str = "") -> None:
    """Open ``search/?q=…`` (and ``&sort=…``) and wait until the page has shown its results."""
    page.goto(f"{base}search/?q={quote(query)}" + (f"&sort={sort}" if sort else ""))
    page.wait_for_function(
        "() => document.getElementById('search').dataset.done === location.search"
    )


def results(page: Any, everything: bool = False) -> list[tuple[str, str]]:
    """(title, path) of each result shown, pinned ones first, as the reader sees them."""
    more = page.locator("#search-more")
    while everything and more.is_visible():
        count = page.locator("#search-results > li").count()
        more.click()
        page.wait_for_function(
            "(n) => document.querySelectorAll('#search-results > li').length > n", arg=count
        )
    links = page.locator("#search .search-result__title a")
    return [
        (links.nth(i).inner_text().strip(), urlsplit(links.nth(i).get_attribute("href")).path)
        for i in range(links.count())
    ]


def unemployment_items() -> list[Item]:
    return [item for item in ITEMS if item.topic == "社会保险\\失业保险"]


def check_unemployment_search(page: Any, base: str, prefix: str) -> None:
    search(page, base, "失业保险")
    found = results(page, everything=True)
    assert found, "no result"
    for item in unemployment_items():
        assert (item.title, prefix + item.output_path) in found


def test_unemployment_insurance_finds_its_items_with_titles_and_links(
    page: Any, served: str
) -> None:
    check_unemployment_search(page, served, "/")
    first = page.locator("#search .search-result__title a").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_load_state()
    assert page.locator("article.item h1").inner_text() == title


def test_results_sorted_by_date_are_newest_first(page: Any, served: str) -> None:
    search(page, served, "劳动", sort="date")
    by_url = {"/" + item.output_path: item.published for item in ITEMS}
    dates = [by_url[href] for _, href in results(page, everything=True)]
    assert len({date.year for date in dates}) > 1  # results from several years' bundles
    assert dates == sorted(dates, reverse=True)


def test_column_filter_narrows_results_to_that_column(page: Any, served: str) -> None:
    search(page, served, "失业保险")
    before = results(page, everything=True)
    page.locator("#search-advanced summary").click()
    page.get_by_label("栏目", exact=True).select_option("规范性文件")
    page.get_by_role("button", name="检索", exact=True).click()
    page.wait_for_url("**col=0203*")
    page.wait_for_function(
        "() => document.getElementById('search').dataset.done === location.search"
    )
    regulations = {"/" + item.output_path for item in ITEMS if item.column == "catalog/regulations"}
    after = results(page, everything=True)
    assert after
    assert {href for _, href in after} <= regulations
    assert {href for _, href in before if href in regulations} == {href for _, href in after}


@pytest.mark.parametrize("item", WITH_DOC_NO, ids=[item.doc_no for item in WITH_DOC_NO])
def test_doc_no_query_returns_its_item_first(page: Any, served: str, item: Item) -> None:
    search(page, served, item.doc_no)
    assert results(page)[0] == (item.title, "/" + item.output_path)


@pytest.mark.parametrize("item", ITEMS[::3], ids=[item.index_no.text for item in ITEMS[::3]])
def test_index_no_query_returns_its_item_first(page: Any, served: str, item: Item) -> None:
    search(page, served, item.index_no.text)
    assert results(page)[0] == (item.title, "/" + item.output_path)


@pytest.mark.parametrize("item", ITEMS[1::3], ids=[item.title for item in ITEMS[1::3]])
def test_full_title_finds_its_item_in_the_first_five(page: Any, served: str, item: Item) -> None:
    search(page, served, item.title)
    assert (item.title, "/" + item.output_path) in results(page)[:5]


def test_no_match_shows_the_no_result_message(page: Any, served: str) -> None:
    search(page, served, NO_MATCH)
    assert results(page) == []
    message = page.locator("#search-status").inner_text()
    assert message == f"未找到 “{NO_MATCH}” 的相关结果"


def test_header_form_sends_the_query_and_input_has_a_visible_label(page: Any, served: str) -> None:
    page.goto(served)
    page.get_by_label("站内搜索").fill("失业保险")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    box = page.get_by_label("搜索关键词（标题、文号、索引号或关键词）")
    assert box.is_visible()
    assert box.input_value() == "失业保险"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"


def test_every_control_of_the_search_ui_has_a_name(page: Any, served: str) -> None:
    search(page, served, "失业保险")
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('#search-form input, #search-form select,'
                                               + '#search-form button, #search button')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                         && !e.textContent.trim())
            .map(e => e.outerHTML)"""
    )
    assert unnamed == []
    assert page.locator("main [id]").evaluate_all(
        "(all) => all.length === new Set(all.map(e => e.id)).size"
    )


def test_without_javascript_the_page_says_so_and_links_to_the_catalog(
    browser: Any, served: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "search/")
    notice = page.locator(".search-noscript")
    assert "需要浏览器启用 JavaScript" in notice.inner_text()
    assert notice.get_by_role("link").get_attribute("href") == "/catalog/"
    context.close()


def test_search_works_under_a_sub_path(page: Any, served_subpath: str) -> None:
    check_unemployment_search(page, served_subpath, "/xxgkweb/")
    item = WITH_DOC_NO[0]
    search(page, served_subpath, item.doc_no)
    assert results(page)[0] == (item.title, "/xxgkweb/" + item.output_path)
    search(page, served_subpath, NO_MATCH)
    assert results(page) == []


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """300 items: the exact look-up table split into 4 shards, served by nginx."""
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    files = SiteFiles(tmp_path_factory.mktemp("sharded"))
    for seq in SHARDED:
        front = default_item(seq, title=f"关于第{seq}批2008年测试事项的通知")
        files.with_item(
            f"catalog/regulations/n{seq:03d}.md", doc_no=f"皖劳社〔2008〕{seq}号", **front
        )
    files.build()
    assert len(list((files.root / "output/search/exact").glob("*.json"))) == 4
    with serve_with_nginx(files.root / "output", files.root.parent / "nginx") as base:
        yield base


SHARDED = range(1, 301)


@pytest.mark.parametrize("seq", [1, 2, 30, 99, 128, 129, 200, 256, 300])
def test_exact_look_ups_find_their_shard_as_the_build_wrote_it(
    page: Any, sharded_site: str, seq: int
) -> None:
    expected = (f"关于第{seq}批2008年测试事项的通知", f"/catalog/regulations/2008-{seq:05d}.html")
    for query in (f"皖劳社〔2008〕{seq}号", f"00298196X/2008-{seq:05d}", expected[0]):
        search(page, sharded_site, query)
        assert results(page)[0] == expected, query


def test_search_page_assets_are_local_files(sample_site: Path) -> None:
    output = sample_site / "output"
    html = (output / "search/index.html").read_text(encoding="utf-8")
    assets = re.findall(
        r'<script (?:type="module" )?src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', html
    )
    paths = [script or style for script, style in assets]
    assert "/static/search.js" in paths
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)
    assert preloaded == ["/pagefind/2007-2009/pagefind.js"]
    paths += preloaded
    for path in paths:
        assert path.startswith("/"), path
        assert (output / path.lstrip("/")).is_file(), path
