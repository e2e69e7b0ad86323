"""``stats/index.html``: the report's numbers, in tables and in the charts' text.

The charts as Chromium draws them are checked in browser/test_stats_page.py."""

from __future__ import annotations

import ast
import json
from decimal import ROUND_HALF_UP, Decimal
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
