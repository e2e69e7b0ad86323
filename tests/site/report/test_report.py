"""``gkssg report``: every figure of a generated site with known counts (CONTENT.md §8)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]
import pytest

from support.markdown_tables import markdown_tables
from support.sites import SITE_YAML, SiteFiles, column_file

EXTRA_COLUMNS = {
    "catalog/organization": ("0201", "机构设置"),
    "catalog/supervision": ("0212", "监督检查"),
    "request": ("03", "依申请公开"),
}


class YearSite:
    """A SiteFiles with the columns 02, 0201, 0203, 0205, 0212, 03 and numbered items."""

    def __init__(self, root: Path, config: str = SITE_YAML) -> None:
        self.files = SiteFiles(root, config=config)
        for path, (code, title) in EXTRA_COLUMNS.items():
            self.files.with_file(f"content/{path}/_index.md", column_file(code, title))
        self._seq: dict[int, int] = defaultdict(int)

    def item(self, column: str, published: str, written: str | None = None, **front: Any) -> None:
        year = int(published[:4])
        self._seq[year] += 1
        seq = self._seq[year]
        values: dict[str, Any] = {
            "title": f"{column}信息{year}-{seq}",
            "index_no": f"00298196X/{year}-{seq:05d}",
            "published": published,
            "review": {"by": "办公室", "date": (written or published)[:10]},
            **front,
        }
        if written is not None:
            values["written"] = written
        self.files.with_item(f"{column}/item{year}-{seq:03d}.md", **values)

    def report(self, *args: str) -> Any:
        return self.files.run("report", *args)

    def json(self, year: int = 2008) -> dict[str, Any]:
        result = self.report("--year", str(year), "--format", "json")
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data


# Written on Monday 2008-03-03; published so that the working days after it are
# 0, 1, 2, 2, 3, 4, 20 and 21 (no holiday in March 2008): sum 53, mean 6.625.
LATENCY_PUBLISHED = {
    0: "2008-03-03",
    1: "2008-03-04",
    2: "2008-03-05 14:30",
    3: "2008-03-06",
    4: "2008-03-07",
    20: "2008-03-31",
    21: "2008-04-01",
}


@pytest.fixture(scope="module")
def known_site(tmp_path_factory: pytest.TempPathFactory) -> YearSite:
    """32 items published in 2008: 02 ×1, 0201 ×3, 0203 ×20, 0212 ×5, 03 ×3; eight of them
    with a 成文日期. Drafts and other years' items must not count."""
    site = YearSite(tmp_path_factory.mktemp("known"))
    latencies = [0, 1, 2, 2, 3, 4, 20, 21]
    for days in latencies:
        site.item("catalog/regulations", LATENCY_PUBLISHED[days], "2008-03-03")
    for n in range(12):
        site.item("catalog/regulations", f"2008-05-{n + 1:02d}")
    site.item("catalog", "2008-06-02")
    for n in range(3):
        site.item("catalog/organization", f"2008-07-{n + 1:02d}")
    for n in range(5):
        site.item("catalog/supervision", f"2008-08-{n + 1:02d}")
    for n in range(3):
        site.item("request", f"2008-12-{n + 29:02d} 18:00")
    # Not counted: drafts (one in a column with no other 2008 item), other years.
    site.item("catalog/news", "2008-04-02", "2008-01-02", draft=True)
    site.item("catalog/regulations", "2008-09-01", "2008-01-02", draft=True)
    site.item("catalog/regulations", "2007-12-31 23:59", "2007-12-03")
    site.item("catalog/news", "2009-01-01 00:00", "2008-12-01")
    return site


def test_json_report_has_every_figure_of_the_known_site(known_site: YearSite) -> None:
    data = known_site.json(2008)
    assert data == {
        "year": 2008,
        "total": 32,
        "columns": [
            # 1/32 = 3.125 % and 5/32 = 15.625 % round half up (round() gives 3.12, 15.62)
            {"code": "02", "title": "政府信息公开目录", "path": "catalog", "count": 1,
             "percent": 3.13},
            {"code": "0201", "title": "机构设置", "path": "catalog/organization", "count": 3,
             "percent": 9.38},
            {"code": "0203", "title": "规范性文件", "path": "catalog/regulations", "count": 20,
             "percent": 62.5},
            {"code": "0212", "title": "监督检查", "path": "catalog/supervision", "count": 5,
             "percent": 15.63},
            {"code": "03", "title": "依申请公开", "path": "request", "count": 3,
             "percent": 9.38},
        ],
        # 53 / 8 = 6.625 → 6.63; median (2 + 3) / 2; 21 is past the limit, 20 is not
        "latency": {"measured": 8, "mean_workdays": 6.63, "median_workdays": 2.5,
                    "max_workdays": 21, "over_20_workdays": 1},
    }  # fmt: skip


def test_columns_are_sorted_by_code_as_text_not_by_tree_order(known_site: YearSite) -> None:
    codes = [row["code"] for row in known_site.json(2008)["columns"]]
    assert codes == ["02", "0201", "0203", "0212", "03"]


def test_other_years_count_their_own_items(known_site: YearSite) -> None:
    data = known_site.json(2009)
    assert data["total"] == 1
    assert data["columns"] == [
        {"code": "0205", "title": "部门动态", "path": "catalog/news", "count": 1, "percent": 100.0}
    ]
    # 2008-12-01 (Mon) → 2009-01-01: the 22 working days of December, 1 January is a holiday
    assert data["latency"] == {
        "measured": 1,
        "mean_workdays": 22.0,
        "median_workdays": 22,
        "max_workdays": 22,
        "over_20_workdays": 1,
    }


def test_a_year_without_items_reports_zeros(known_site: YearSite) -> None:
    data = known_site.json(2010)
    assert data == {
        "year": 2010,
        "total": 0,
        "columns": [],
        "latency": {"measured": 0, "mean_workdays": None, "median_workdays": None,
                    "max_workdays": None, "over_20_workdays": 0},
    }  # fmt: skip


def test_markdown_and_csv_carry_the_same_figures_as_json(known_site: YearSite) -> None:
    data = known_site.json(2008)
    md = known_site.report("--year", "2008", "--format", "md")
    csv_result = known_site.report("--year", "2008", "--format", "csv")
    assert md.exit_code == 0 and csv_result.exit_code == 0, md.output + csv_result.output
    expected_columns = [
        [row["code"], row["title"], str(row["count"]), f"{row['percent']:.2f}"]
        for row in data["columns"]
    ]
    latency = data["latency"]
    expected_latency = ["8", "6.63", "2.50", "21", "1"]
    assert [
        str(latency[k])
        for k in ("measured", "mean_workdays", "median_workdays", "max_workdays",
                  "over_20_workdays")
    ] == ["8", "6.63", "2.5", "21", "1"]  # fmt: skip

    tables = markdown_tables(md.stdout)
    assert tables["栏目编码"][:-1] == expected_columns
    assert tables["栏目编码"][-1] == ["", "合计", "32", "100.00"]
    assert tables["有成文日期的信息（条）"] == [expected_latency]

    assert csv_result.stdout.startswith("\ufeff")  # for spreadsheet programs
    rows = list(csv.reader(io.StringIO(csv_result.stdout.lstrip("\ufeff"))))
    blank = rows.index([])
    assert rows[0][:2] == ["年度", "栏目编码"]
    assert [[r[1], r[2], r[4], r[5]] for r in rows[1 : blank - 1]] == expected_columns
    assert rows[blank - 1][2:] == ["合计", "", "32", "100.00"]
    assert [r[2] for r in rows[blank + 2 :]] == expected_latency


def test_markdown_lists_the_items_past_20_working_days(known_site: YearSite) -> None:
    md = known_site.report("--year", "2008", "--format", "md").stdout
    overdue = markdown_tables(md)["索引号"]
    assert overdue == [
        ["00298196X/2008-00008", "catalog/regulations信息2008-8", "规范性文件", "2008-03-03",
         "2008-04-01", "21"],
    ]  # fmt: skip
    sections = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
    assert sections == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert "【待填写：" in md


# -- latency across holidays --------------------------------------------------


def _latency_of(site: YearSite, year: int) -> dict[str, Any]:
    latency: dict[str, Any] = site.json(year)["latency"]
    return latency


def test_latency_across_the_2008_spring_festival(tmp_path: Path) -> None:
    site = YearSite(tmp_path)
    # Fri 2008-02-01 → Thu 2-14: make-up Sat 2-2 and Sun 2-3, Mon 2-4, Tue 2-5, then the
    # holiday 2-6 … 2-12, then 2-13 and 2-14 (Monday to Friday alone would give 9).
    site.item("catalog/regulations", "2008-02-14", "2008-02-01")
    assert _latency_of(site, 2008)["max_workdays"] == 6


def test_latency_across_national_day_2008(tmp_path: Path) -> None:
    site = YearSite(tmp_path)
    # Fri 2008-09-26 → Mon 10-6: make-up Sat 9-27 and Sun 9-28, holiday 9-29 … 10-5, 10-6.
    site.item("catalog/regulations", "2008-10-06 09:00", "2008-09-26")
    # Published on the make-up Saturday itself: one working day after Friday.
    site.item("catalog/regulations", "2008-09-27", "2008-09-26")
    latency = _latency_of(site, 2008)
    assert latency == {
        "measured": 2,
        "mean_workdays": 2.0,
        "median_workdays": 2,
        "max_workdays": 3,
        "over_20_workdays": 0,
    }


def _uncovered_week() -> tuple[int, dt.date]:
    """The first year after the bundled calendar, and a Friday in its February."""
    year = max(day.year for day in chinese_calendar.holidays) + 1
    friday = dt.date(year, 2, 5)
    friday += dt.timedelta(days=(4 - friday.weekday()) % 7)
    return year, friday


def test_a_year_outside_the_bundled_calendar_uses_site_calendar_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year, friday = _uncovered_week()
    monkeypatch.setenv("GKSSG_NOW", f"{year + 1}-01-01")  # the year is over: all published
    saturday, monday = friday + dt.timedelta(days=1), friday + dt.timedelta(days=3)
    holidays = ", ".join(str(monday + dt.timedelta(days=n)) for n in range(5))
    config = SITE_YAML + f"calendar:\n  holidays: [{holidays}]\n  workdays: [{saturday}]\n"
    site = YearSite(tmp_path, config)
    # Friday → the Monday after a week off: the make-up Saturday and that Monday
    # (Monday to Friday alone would count 6).
    site.item("catalog/regulations", str(monday + dt.timedelta(days=7)), str(friday))
    result = site.report("--year", str(year), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["latency"]["max_workdays"] == 2
    assert "site.yaml: CALENDAR_NOT_COVERED (warning)" in result.stderr
    assert f"does not cover {year}" in result.stderr


def test_without_site_entries_an_uncovered_year_counts_monday_to_friday(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year, friday = _uncovered_week()
    monkeypatch.setenv("GKSSG_NOW", f"{year + 1}-01-01")  # the year is over: all published
    site = YearSite(tmp_path)
    site.item("catalog/regulations", str(friday + dt.timedelta(days=10)), str(friday))
    result = site.report("--year", str(year), "--format", "json")
    assert json.loads(result.stdout)["latency"]["max_workdays"] == 6
    assert "CALENDAR_NOT_COVERED" in result.stderr


def test_a_covered_year_gives_no_calendar_warning(known_site: YearSite) -> None:
    result = known_site.report("--year", "2008", "--format", "json")
    assert "CALENDAR_NOT_COVERED" not in result.stderr


# -- 规章 and 规范性文件 ------------------------------------------------------------


def _documents_table(site: YearSite, year: int) -> list[list[str]]:
    result = site.report("--year", str(year), "--format", "md")
    assert result.exit_code == 0, result.output
    return markdown_tables(result.stdout)["第二十条第（一）项"]


def test_document_table_counts_issued_repealed_and_in_force(tmp_path: Path) -> None:
    site = YearSite(tmp_path)
    regs = "catalog/regulations"
    site.item(regs, "2007-05-08", validity="有效")  # in force throughout 2008
    site.item(regs, "2007-06-15", validity="废止", repealed="2008-04-01")  # repealed in 2008
    site.item(regs, "2007-07-02", validity="废止", repealed="2009-02-01")  # in force in 2008
    site.item(regs, "2008-03-04", validity="有效")
    site.item(regs, "2008-09-27", validity="失效")  # issued, but no longer in force
    site.item(regs, "2009-01-13", validity="有效")  # not yet issued at the end of 2008
    site.item("catalog/news", "2008-05-05", genre="规章", validity="有效")  # 规章 by 体裁
    site.item("catalog/news", "2008-05-06", genre="通知")  # neither
    assert _documents_table(site, 2008) == [
        ["规章", "1", "0", "1"],
        ["行政规范性文件", "2", "1", "3"],
    ]


def test_document_kinds_are_configurable_in_site_yaml(tmp_path: Path) -> None:
    config = SITE_YAML + "report:\n  normative_genres: [通知]\n  rules_columns: ['0212']\n"
    site = YearSite(tmp_path, config)
    site.item("catalog/news", "2008-05-06", genre="通知")
    site.item("catalog/supervision", "2008-05-07", genre="办法")
    site.item("catalog/regulations", "2008-05-08", genre="意见")  # default column still counts
    assert _documents_table(site, 2008) == [
        ["规章", "1", "0", "1"],
        ["行政规范性文件", "2", "0", "2"],
    ]


def test_an_unknown_report_option_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = YearSite(tmp_path, SITE_YAML + "report:\n  normative_genre: [通知]\n")
    result = site.report("--year", "2008")
    assert result.exit_code == 1
    line = (SITE_YAML + "report:\n").count("\n") + 1
    assert f"site.yaml:{line}: UNKNOWN_KEY" in result.output
    assert "normative_genres" in result.output  # the key probably meant


# -- usage --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [(), ("--year", "二〇〇八"), ("--year", "2008", "--format", "xml")],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    site = YearSite(tmp_path)
    result = site.report(*args)
    assert result.exit_code == 2, result.output


def test_content_errors_exit_1_and_print_no_report(tmp_path: Path) -> None:
    site = YearSite(tmp_path)
    site.item("catalog/regulations", "2008-03-04", "2008-03-05")  # 成文日期 after 发布日期
    result = site.report("--year", "2008", "--format", "json")
    assert result.exit_code == 1
    assert "DATE_ORDER" in result.stderr
    assert result.stdout == ""
