"""``stats/index.html``: the report's numbers, in tables and in the charts' text."""

from __future__ import annotations

import ast
import functools
import json
import threading
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gkssg.cli import main
from gkssg.report import compute
from gkssg.report.compute import ITEM_FIELDS_READ

from support.html_tree import Element, parse_html
from support.sites import SiteFiles


def report_json(site: Path, year: int) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["--site", str(site), "report", "--year", str(year), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def stats_page(site: Path) -> Element:
    return parse_html((site / "output/stats/index.html").read_text(encoding="utf-8"))


def cells(row: Element) -> list[str]:
    return [cell.text.strip() for cell in row.children if isinstance(cell, Element)]


def body_rows(table: Element) -> list[list[str]]:
    return [cells(row) for row in table.find("tbody").find_all("tr")]


def chart_texts(svg: Element, kind: str) -> list[str]:
    return [text.text for text in svg.find_all("text", class_=kind)]


@pytest.mark.parametrize("year", [2007, 2008, 2009])
def test_column_table_and_chart_show_the_reports_numbers(sample_site: Path, year: int) -> None:
    data = report_json(sample_site, year)
    section = stats_page(sample_site).find("section", id=f"y{year}")
    expected = [
        [row["code"], row["title"], str(row["count"]), f"{row['percent']:.2f}"]
        for row in data["columns"]
    ]
    table = section.find("table", data_table="columns")
    assert body_rows(table) == expected
    assert cells(table.find("tfoot").find("tr"))[1:3] == ["合计", str(data["total"])]

    svg = section.find("figure", id=f"chart-{year}-columns").find("svg")
    assert svg.attrs["role"] == "img"
    assert svg.find("title").text == f"{year}年各栏目公开数量"
    assert chart_texts(svg, "chart-label") == [f"{row[0]} {row[1]}" for row in expected]
    assert chart_texts(svg, "chart-value") == [f"{row[2]}（{row[3]}%）" for row in expected]
    desc = svg.find("desc").text
    for code, title, count, percent in expected:
        assert f"{title}（编码{code}）{count}条，占{percent}%" in desc


def test_the_2008_percentages_follow_from_the_counts(sample_site: Path) -> None:
    """Recomputed here from the page's own counts, rounded half up on exact decimals."""
    section = stats_page(sample_site).find("section", id="y2008")
    rows = body_rows(section.find("table", data_table="columns"))
    total = sum(int(count) for _, _, count, _ in rows)
    assert total >= 40  # the sample catalog of 2008, not an empty page
    for _, _, count, percent in rows:
        exact = Decimal(int(count) * 100) / Decimal(total)
        assert percent == str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_latency_figures_match_the_report(sample_site: Path) -> None:
    data = report_json(sample_site, 2008)
    latency = data["latency"]
    section = stats_page(sample_site).find("section", id="y2008")
    shown = {dd.attrs["data-figure"]: dd.text for dd in section.find_all("dd")}
    assert set(shown) == set(latency)
    for name, value in latency.items():
        assert float(shown[name]) == value, name

    bins = body_rows(section.find("table", data_table="latency"))
    counts = [int(count) for _, count in bins]
    assert sum(counts) == latency["measured"]
    assert counts[-1] == latency["over_20_workdays"]
    svg = section.find("figure", id="chart-2008-latency").find("svg")
    assert chart_texts(svg, "chart-value") == [count for _, count in bins]
    assert chart_texts(svg, "chart-label")[: len(bins)] == [label for label, _ in bins]
    desc = svg.find("desc").text
    for label, count in bins:
        assert f"{label}个工作日：{count}条" in desc

    overview = stats_page(sample_site).find("table", class_="stats-overview")
    row = next(r for r in body_rows(overview) if r[0] == "2008年")
    assert row[1] == str(data["total"])
    assert [float(v) for v in row[2:]] == [
        latency[k]
        for k in ("measured", "mean_workdays", "median_workdays", "max_workdays",
                  "over_20_workdays")
    ]  # fmt: skip


def test_month_table_and_chart_agree_and_sum_to_the_total(sample_site: Path) -> None:
    data = report_json(sample_site, 2008)
    section = stats_page(sample_site).find("section", id="y2008")
    counts = body_rows(section.find("table", data_table="months"))[0]
    assert len(counts) == 12
    assert sum(int(c) for c in counts) == data["total"]
    svg = section.find("figure", id="chart-2008-months").find("svg")
    assert chart_texts(svg, "chart-value") == counts


def test_drafts_stay_out_of_the_stats_even_in_a_drafts_build(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.with_item(
        "catalog/news/draft.md",
        title="草稿",
        index_no="00298196X/2008-00099",
        published="2008-03-09",
        review={"by": "办公室", "date": "2008-03-01"},
        draft=True,
    )
    site.build("--drafts")
    section = stats_page(tmp_path).find("section", id="y2008")
    rows = body_rows(section.find("table", data_table="columns"))
    assert rows == [["0203", "规范性文件", "3", "100.00"]]
    assert "草稿" in (tmp_path / "output/catalog/news/2008-00099.html").read_text(encoding="utf-8")


# -- in a real browser, without JavaScript ----------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served_sample(sample_site: Path) -> Iterator[str]:
    """The built sample site over HTTP (its links are site-absolute)."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site / "output"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _luminance(rgb: str) -> float:
    parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.browser
def test_charts_are_drawn_without_javascript(browser: Any, served_sample: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    page.goto(served_sample + "stats/")
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() == 3 * 3  # three charts for each of 2007, 2008 and 2009
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] >= 600 and box["height"] > 100
    value = page.locator("#chart-2008-columns text.chart-value").nth(3)
    assert value.text_content() == "11（22.45%）"
    box = value.bounding_box()
    assert box is not None and box["width"] > 40
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("high_contrast", [False, True])
def test_bar_and_text_colours_have_enough_contrast(
    browser: Any, served_sample: str, high_contrast: bool
) -> None:
    page = browser.new_page()
    page.goto(served_sample + "stats/")
    if high_contrast:
        page.evaluate("document.documentElement.classList.add('high-contrast')")
    colours = page.evaluate(
        """() => {
          const style = (selector) => getComputedStyle(document.querySelector(selector));
          return {
            background: style('body').backgroundColor,
            bar: style('#chart-2008-columns .chart-fill').fill,
            label: style('#chart-2008-columns .chart-label').fill,
            value: style('#chart-2008-columns .chart-value').fill,
          };
        }"""
    )
    page.close()
    assert contrast(colours["bar"], colours["background"]) >= 3, colours
    assert contrast(colours["label"], colours["background"]) >= 4.5, colours
    assert contrast(colours["value"], colours["background"]) >= 4.5, colours


def test_the_figures_read_no_field_of_an_item_but_those_their_page_key_holds() -> None:
    """The statistics page is reused while ``figures_input`` of every item is unchanged:
    the modules that make its figures may read no other field of an item."""
    package = Path(compute.__file__).parent
    read: set[str] = set()
    for name in ("compute.py", "stats_view.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        read |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "item"
        }
    assert {"published", "written", "column"} <= read  # the walk finds what it looks for
    assert read <= set(ITEM_FIELDS_READ)
