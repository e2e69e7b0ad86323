"""What the statistics page (``stats/index.html``) shows: per year, the report's
figures as tables and as charts with the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gkssg.content.catalog import Catalog
from gkssg.content.urls import Urls, column_page_path
from gkssg.report.charts import Chart, Datum, horizontal_bars, vertical_bars
from gkssg.report.compute import (
    WORKDAY_LIMIT,
    YearReport,
    calendar_for,
    compute_year_reports,
    report_years,
)
from gkssg.report.formats import format_median, format_number

#: Histogram bins of publication latency, in working days: (label, lowest, highest).
LATENCY_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3", 3, 3),
    ("4", 4, 4),
    ("5", 5, 5),
    ("6–10", 6, 10),
    ("11–20", 11, 20),
    (f"超过{WORKDAY_LIMIT}", WORKDAY_LIMIT + 1, None),
)


@dataclass(frozen=True)
class ColumnRow:
    code: str
    title: str
    url: str
    count: int
    percent: str  # "22.45"


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


@dataclass(frozen=True)
class YearStats:
    year: int
    anchor: str  # "y2008"
    total: int
    columns: tuple[ColumnRow, ...]
    column_chart: Chart
    months: tuple[CountRow, ...]
    month_chart: Chart
    measured: int
    mean: str
    median: str
    maximum: str
    over_limit: int
    latency_bins: tuple[CountRow, ...]
    latency_chart: Chart | None  # None when no item of the year has a 成文日期
    calendar_estimated: bool  # the bundled calendar lacks a year the figures touch


def stats_years(catalog: Catalog, urls: Urls) -> tuple[YearStats, ...]:
    """Every year with published items, newest first."""
    calendar = calendar_for(catalog.config)
    years = report_years(catalog.items)
    reports = compute_year_reports(
        years, catalog.items, catalog.columns, calendar, catalog.config.report
    )
    return tuple(year_stats(report, catalog, urls) for report in reports)


def year_stats(report: YearReport, catalog: Catalog, urls: Urls) -> YearStats:
    year = report.year
    columns = tuple(
        ColumnRow(
            row.code,
            row.title,
            urls.path(column_page_path(catalog.column(row.path))),
            row.count,
            format_number(row.percent),
        )
        for row in report.columns
    )
    months = tuple(CountRow(f"{n}月", count) for n, count in enumerate(report.months, start=1))
    bins = latency_bins(report.latency.values)
    latency = report.latency
    return YearStats(
        year=year,
        anchor=f"y{year}",
        total=report.total,
        columns=columns,
        column_chart=_column_chart(year, columns),
        months=months,
        month_chart=_count_chart(f"chart-{year}-months", f"{year}年各月公开数量", months, "月份"),
        measured=latency.measured,
        mean=format_number(latency.mean_workdays),
        median=format_median(latency.median_workdays),
        maximum=format_number(latency.max_workdays),
        over_limit=latency.over_limit,
        latency_bins=bins,
        latency_chart=_count_chart(
            f"chart-{year}-latency",
            f"{year}年信息从成文到公开的工作日分布",
            bins,
            "从成文到公开的工作日数",
            unit_label="个工作日",
        )
        if latency.measured
        else None,
        calendar_estimated=bool(report.uncovered_years),
    )


def latency_bins(values: Sequence[int]) -> tuple[CountRow, ...]:
    return tuple(
        CountRow(label, sum(1 for v in values if low <= v and (high is None or v <= high)))
        for label, low, high in LATENCY_BINS
    )


def _column_chart(year: int, columns: Sequence[ColumnRow]) -> Chart:
    data = [
        Datum(f"{row.code} {row.title}", row.count, f"{row.count}（{row.percent}%）")
        for row in columns
    ]
    desc = "；".join(
        f"{row.title}（编码{row.code}）{row.count}条，占{row.percent}%" for row in columns
    )
    return horizontal_bars(f"chart-{year}-columns", f"{year}年各栏目公开数量", desc + "。", data)


def _count_chart(
    chart_id: str, title: str, rows: Sequence[CountRow], axis_title: str, unit_label: str = ""
) -> Chart:
    data = [Datum(row.label, row.count, str(row.count)) for row in rows]
    desc = "；".join(f"{row.label}{unit_label}：{row.count}条" for row in rows)
    return vertical_bars(chart_id, title, desc + "。", data, axis_title)
