"""The search page in Debian's Chromium over nginx: sort by relevance or date, 高级检索,
the URL as the whole state, highlights on the item page, accessibility.

The sample site is searched with one search bundle per year, so every query runs over
bundles merged in the browser; the date ranges use a small site of their own with items
on the edges of months and years.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from gkssg.base.errors import Problems
from gkssg.content.model import Item
from gkssg.content.site import Site, load_site
from gkssg.search.exact import normalise
from gkssg.search.ngrams import pairs, words

from conftest import REPO, build_sample_copy, require_tool
from support.nginx import nginx_available, serve_with_nginx
from support.sites import SITE_YAML, SiteFiles, default_item

pytestmark = pytest.mark.browser

AXE = REPO / "tests/node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def loaded(root: Path) -> Site:
    site = load_site(root, Problems())
    assert site is not None
    return site


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    folder = tmp_path_factory.mktemp("search-page")
    root = build_sample_copy(folder, config="search_bundle_items: 1\n")
    with serve_with_nginx(root / "output", folder / "nginx") as base:
        yield loaded(root), base


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors


def wait_done(page: Any) -> None:
    """Until the page has shown the results of the query in its address."""
    page.wait_for_function(
        "() => { const r = document.getElementById('search');"
        " return r && r.dataset.done === location.search; }"
    )


def open_search(page: Any, base: str, **fields: str) -> None:
    page.goto(f"{base}search/?{urlencode(fields)}" if fields else f"{base}search/")
    wait_done(page)


def shown(page: Any, everything: bool = True) -> list[str]:
    """The paths of the results listed (the pinned exact hits left out), in order."""
    more = page.locator("#search-more")
    while everything and more.is_visible():
        count = page.locator("#search-results > li").count()
        more.click()
        page.wait_for_function(
            "(n) => document.querySelectorAll('#search-results > li').length > n", arg=count
        )
    links = page.locator("#search-results .search-result__title a")
    return [urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())]


def by_url(site: Site) -> dict[str, Item]:
    return {site.urls.path(item.output_path): item for item in site.catalog.items}


# -- relevance and date -------------------------------------------------------------


SPECIFIC = [  # (a query, the title of the item that best matches it)
    ("工伤认定办法实施细则", "安徽省工伤认定办法实施细则"),
    ("就业促进法", "中华人民共和国就业促进法"),
    ("失业保险金标准", "关于调整全省失业保险金标准的通知"),
    ("普通高校毕业生就业", "关于做好2008年普通高校毕业生就业工作的通知"),
    ("省级统筹", "关于推进企业职工基本养老保险省级统筹的意见"),
]


@pytest.mark.parametrize(("query", "title"), SPECIFIC, ids=[q for q, _ in SPECIFIC])
def test_relevance_puts_the_best_match_of_a_specific_query_first(
    page: Any, sample: tuple[Site, str], query: str, title: str
) -> None:
    site, base = sample
    open_search(page, base, q=query, sort="relevance")
    found = shown(page, everything=False)
    assert by_url(site)[found[0]].title == title
    assert page.locator("input[name=sort][value=relevance]").is_checked()


def test_date_sort_is_newest_first_and_survives_a_reload(
    page: Any, sample: tuple[Site, str]
) -> None:
    site, base = sample
    items = by_url(site)
    open_search(page, base, q="劳动", sort="date")
    found = shown(page)
    dates = [items[url].published for url in found]
    assert len({date.year for date in dates}) > 1  # from several years' bundles
    assert dates == sorted(dates, reverse=True)
    page.reload()
    wait_done(page)
    assert shown(page) == found
    assert page.locator("input[name=sort][value=date]").is_checked()
    by_relevance = page.locator("input[name=sort][value=relevance]")
    by_relevance.check()  # choosing the other order puts it in the URL at once
    page.wait_for_url("**sort=relevance*")
    wait_done(page)
    assert sorted(shown(page)) == sorted(found)  # the same results, in another order


def test_a_doc_no_is_pinned_first_under_either_sort(page: Any, sample: tuple[Site, str]) -> None:
    site, base = sample
    item = next(item for item in site.catalog.items if item.doc_no)
    for sort in ("relevance", "date"):
        open_search(page, base, q=item.doc_no, sort=sort)
        first = page.locator("#search .search-result__title a").first
        assert urlsplit(first.get_attribute("href")).path == site.urls.path(item.output_path)
        assert page.locator(".exact-hit").is_visible()


def test_a_fragment_cut_inside_words_finds_its_item(page: Any, sample: tuple[Site, str]) -> None:
    """Runs that split the words Pagefind sees (安徽|省, 保险|金): not found before."""
    site, base = sample
    items = by_url(site)
    cases = [
        ("徽省工伤认定办", "安徽省工伤认定办法实施细则"),
        ("险金标", "关于调整全省失业保险金标准的通知"),
    ]
    for query, title in cases:
        open_search(page, base, q=query)
        assert title in [items[url].title for url in shown(page)], query


# -- 高级检索 -------------------------------------------------------------------------


def expected(site: Site, wanted: Any) -> set[str]:
    return {site.urls.path(item.output_path) for item in site.catalog.items if wanted(item)}


FIELD_CASES = {
    "org": ("安徽省劳动保障监察总队", lambda item: item.publisher == "安徽省劳动保障监察总队"),
    "col": ("0203", lambda item: item.column == "catalog/regulations"),
    "topic": ("社会保险", lambda item: item.topic.split("\\")[0] == "社会保险"),
    "valid": ("失效", lambda item: item.validity == "失效"),
    "wh": ("皖劳社秘", lambda item: "皖劳社秘" in item.doc_no),
    "sy": ("2007-0000", lambda item: "2007-0000" in item.index_no.text),
    "from": ("2009-01-01", lambda item: item.published.date() >= dt.date(2009, 1, 1)),
}


@pytest.mark.parametrize("field", sorted(FIELD_CASES))
def test_each_field_of_the_form_narrows_to_exactly_its_items(
    page: Any, sample: tuple[Site, str], field: str
) -> None:
    site, base = sample
    value, wanted = FIELD_CASES[field]
    want = expected(site, wanted)
    assert 0 < len(want) < len(site.catalog.items)
    open_search(page, base, **{field: value})
    assert set(shown(page)) == want
    assert page.locator("#search-advanced").get_attribute("open") is not None


def test_fields_combine_with_a_query_and_a_title_search(
    page: Any, sample: tuple[Site, str]
) -> None:
    site, base = sample
    open_search(page, base, q="通知", col="0203", topic="劳动就业")
    found = set(shown(page))
    want = expected(
        site,
        lambda item: item.column == "catalog/regulations" and item.topic == "劳动就业",
    )
    assert found and found <= want
    in_titles = expected(site, lambda item: "工伤" in item.title)
    open_search(page, base, q="工伤", **{"in": "title"})
    assert set(shown(page)) == in_titles
    open_search(page, base, q="工伤")
    assert set(shown(page)) > in_titles  # the bodies too


def test_a_field_that_matches_nothing_says_so(page: Any, sample: tuple[Site, str]) -> None:
    _, base = sample
    open_search(page, base, wh="不存在的文号")
    assert shown(page) == []
    assert page.locator("#search-status").inner_text() == "未找到 所选条件 的相关结果"


def test_the_whole_form_round_trips_through_the_url(page: Any, sample: tuple[Site, str]) -> None:
    site, base = sample
    page.goto(f"{base}search/")
    wait_done(page)
    page.locator("#search-advanced summary").click()
    page.get_by_label("搜索关键词（标题、文号、索引号或关键词）").fill("通知")
    page.get_by_label("检索范围").select_option("title")
    page.get_by_label("文号", exact=True).fill("皖劳社")
    page.get_by_label("索引号", exact=True).fill("2008-")
    page.get_by_label("发布机构").select_option("安徽省劳动和社会保障厅")
    page.get_by_label("栏目", exact=True).select_option("0203")
    page.get_by_label("主题分类").select_option("社会保险")
    page.get_by_label("有效性").select_option("有效")
    page.get_by_label("开始日期").fill("2008-01-01")
    page.get_by_label("结束日期").fill("2008-12-31")
    page.get_by_label("按时间（从新到旧）").check()
    page.get_by_role("button", name="检索", exact=True).click()
    page.wait_for_url("**sort=date*")
    wait_done(page)
    fields = {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}
    assert fields == {
        "q": "通知", "in": "title", "wh": "皖劳社", "sy": "2008-",
        "org": "安徽省劳动和社会保障厅", "col": "0203", "topic": "社会保险", "valid": "有效",
        "from": "2008-01-01", "to": "2008-12-31", "sort": "date",
    }  # fmt: skip
    found = shown(page)
    items = by_url(site)
    assert found
    for url in found:
        item = items[url]
        assert "通知" in item.title and "皖劳社" in normalise(item.doc_no)
        assert item.topic.startswith("社会保险") and item.validity == "有效"
        assert item.published.year == 2008 and item.column == "catalog/regulations"
    page.reload()
    wait_done(page)
    assert shown(page) == found
    assert page.get_by_label("文号", exact=True).input_value() == "皖劳社"
    assert page.get_by_label("栏目", exact=True).input_value() == "0203"
    assert page.get_by_label("结束日期").input_value() == "2008-12-31"
    page.go_back()  # the address before the search: the empty form
    wait_done(page)
    assert page.get_by_label("文号", exact=True).input_value() == ""
    assert shown(page) == []


EDGES = ["2007-12-31", "2008-01-01", "2008-01-31", "2008-02-01", "2008-02-29", "2008-03-01",
         "2008-12-31", "2009-01-01"]  # fmt: skip


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Items published on the first and last days of months and years."""
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    root = tmp_path_factory.mktemp("edges")
    files = SiteFiles(root / "site", config=SITE_YAML + "search_bundle_items: 2\n")
    for seq, day in enumerate(EDGES, 1):
        front = default_item(seq, title=f"边界日期信息{day}", published=day)
        front["index_no"] = f"00298196X/{day[:4]}-{seq:05d}"
        front["review"] = {"by": "办公室", "date": day}
        files.with_item(f"catalog/news/e{seq}.md", "正文。\n", **front)
    files.build()
    with serve_with_nginx(root / "site/output", root / "nginx") as base:
        yield base


@pytest.mark.parametrize(
    ("start", "end"),
    [("2008-02-01", "2008-02-29"), ("2008-01-31", "2008-03-01"), ("2007-12-31", "2009-01-01"),
     ("2008-01-01", "2008-12-31"), ("2008-02-29", "2008-02-29"), ("", "2008-01-31"),
     ("2008-03-01", "")],
)  # fmt: skip
def test_a_date_range_includes_both_ends(page: Any, edges: str, start: str, end: str) -> None:
    open_search(page, edges, **{"from": start, "to": end})
    titles = page.locator("#search-results .search-result__title a").all_inner_texts()
    days = [title.removeprefix("边界日期信息") for title in titles]
    want = [day for day in EDGES if (not start or day >= start) and (not end or day <= end)]
    assert sorted(days) == want


# -- highlights on the item page ----------------------------------------------------


def test_the_item_page_opened_from_a_result_marks_the_words(
    page: Any, sample: tuple[Site, str]
) -> None:
    _, base = sample
    open_search(page, base, q="失业保险金 标准")
    page.locator("#search-results .search-result__title a").first.click()
    page.wait_for_selector("mark.search-highlight")
    marks = page.locator("article.item mark.search-highlight").all_inner_texts()
    assert set(marks) <= {"失业保险金", "标准"} and "失业保险金" in marks
    notice = page.locator(".highlight-notice")
    assert "已高亮显示检索词" in notice.inner_text() and "“失业保险金”" in notice.inner_text()
    assert f"（{marks.count('失业保险金')} 处）" in notice.inner_text()
    page.get_by_role("button", name="取消高亮").click()
    assert page.locator("mark.search-highlight").count() == 0
    assert page.locator(".highlight-notice").count() == 0


def test_an_item_page_opened_otherwise_marks_nothing(page: Any, sample: tuple[Site, str]) -> None:
    site, base = sample
    page.goto(base + site.catalog.items[0].output_path)
    assert page.locator("mark").count() == 0
    assert page.locator(".highlight-notice").count() == 0


# -- accessibility and the load ------------------------------------------------------


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high contrast"])
def test_axe_finds_no_violation_with_the_form_open_and_results(
    page: Any, sample: tuple[Site, str], contrast: bool
) -> None:
    require_tool("axe-core", AXE.is_file(), "npm install --prefix tests")
    _, base = sample
    if contrast:
        page.add_init_script("localStorage.setItem('gkssg-contrast', 'on')")
    page.goto(f"{base}search/?q={quote('失业保险')}&col=02&sort=date")
    wait_done(page)
    assert page.locator("#search-advanced").get_attribute("open") is not None
    assert page.locator("#search-results > li").count() > 0
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


def test_loading_a_query_has_no_long_task(page: Any, sample: tuple[Site, str]) -> None:
    """No task of the main thread over 50 ms while the page loads and answers (Chromium
    unthrottled, the best of three loads: the machine is shared)."""
    _, base = sample
    page.add_init_script(
        "window.__long = []; new PerformanceObserver((list) => window.__long.push("
        "...list.getEntries().map((e) => e.duration))).observe({type: 'longtask'});"
    )
    longest = []
    for _ in range(3):
        page.goto(f"{base}search/?q={quote('养老保险')}")
        wait_done(page)
        page.wait_for_timeout(200)
        longest.append(max(json.loads(page.evaluate("JSON.stringify(window.__long)")) or [0]))
    assert min(longest) <= 50, longest


MIRRORED = [
    "徽省人力资",
    "２００８年度 ABC通知",
    "法》解读 第",
    "𠀀𠀁好",
    "\uf900\u4e00",
    "a",
    "失业 保险金",
]


@pytest.mark.parametrize("text", MIRRORED)
def test_the_page_asks_for_the_words_the_build_indexed(
    page: Any, sample: tuple[Site, str], text: str
) -> None:
    """search.js mirrors gkssg.search.ngrams: a run's words are those of the same run
    in a page (single characters are left to Pagefind's words)."""
    _, base = sample
    open_search(page, base)
    runs = [piece for piece in text.split() if len(piece) > 1]
    for kind in ("q", "z"):
        asked = page.evaluate("([q, kind]) => window.gkssgSearch.pairs(q, kind)", [text, kind])
        assert set(asked) == {word for run in runs for word in words(pairs(run), kind).split()}
