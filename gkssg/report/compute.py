"""A year's figures, computed from items, columns and the working-day calendar.

Everything here is a pure function of its arguments (docs/content-contract.md, section 8):
items published in the year, drafts excluded, each counted once in the column
whose folder holds it; percentages, means and medians rounded half up on exact
fractions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from gkssg.content.config import ReportOptions, SiteConfig
from gkssg.content.model import Column, Item
from gkssg.content.workdays import WorkCalendar
from gkssg.report.rounding import median_half_up, round_half_up

#: Proactively disclosed information is due within 20 working days (条例 第二十六条).
WORKDAY_LIMIT = 20


@dataclass(frozen=True)
class ColumnCount:
    code: str
    title: str
    path: str
    count: int
    percent: float  # of the year's total, rounded half up to 2 decimals


@dataclass(frozen=True)
class Latency:
    """Working days from 成文日期 to 发布日期 of the items that have a 成文日期."""

    values: tuple[int, ...]  # ascending
    mean_workdays: float | None
    median_workdays: float | None
    max_workdays: int | None
    over_limit: int  # items past WORKDAY_LIMIT

    @property
    def measured(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class OverdueItem:
    """An item published more than WORKDAY_LIMIT working days after it was written."""

    index_no: str
    title: str
    column_title: str
    written: dt.date
    published: dt.date
    workdays: int


@dataclass(frozen=True)
class DocumentCounts:
    """One row of the template's table for 第二十条第（一）项."""

    kind: str  # 规章 | 行政规范性文件
    issued: int  # 本年制发件数: published in the year
    repealed: int  # 本年废止件数: 废止 with a 废止日期 in the year
    in_force: int  # 现行有效件数: published by 31 December and in force then


@dataclass(frozen=True)
class YearReport:
    year: int
    total: int
    columns: tuple[ColumnCount, ...]  # sorted by code as text
    months: tuple[int, ...]  # items published in January … December
    latency: Latency
    overdue: tuple[OverdueItem, ...]  # most working days first
    documents: tuple[DocumentCounts, ...]  # 规章, 行政规范性文件
    uncovered_years: tuple[int, ...]  # years the bundled official calendar lacks


def calendar_for(config: SiteConfig) -> WorkCalendar:
    """The official calendar plus the site's own ``calendar`` entries."""
    return WorkCalendar(config.calendar.holidays, config.calendar.workdays)


def percent(count: int, total: int) -> float:
    return round_half_up(Fraction(count * 100, total)) if total else 0.0


def compute_year_report(
    year: int,
    items: Iterable[Item],
    columns: Iterable[Column],
    calendar: WorkCalendar,
    options: ReportOptions | None = None,
) -> YearReport:
    """The figures of ``year`` for ``items`` (drafts are left out here)."""
    return compute_year_reports((year,), items, columns, calendar, options)[0]


def compute_year_reports(
    years: Iterable[int],
    items: Iterable[Item],
    columns: Iterable[Column],
    calendar: WorkCalendar,
    options: ReportOptions | None = None,
) -> tuple[YearReport, ...]:
    """The figures of each of ``years``, reading the items once rather than once a year."""
    by_path = {column.path: column for column in columns}
    known = [item for item in items if not item.draft and item.column in by_path]
    by_year: dict[int, list[Item]] = {}
    for item in known:
        by_year.setdefault(item.published.year, []).append(item)
    documents = _documents_by_kind(known, by_path, options or ReportOptions())
    reports = []
    for year in years:
        counted = by_year.get(year, [])
        latencies = {
            item.index_no.text: calendar.workdays_between(item.written, item.published.date())
            for item in counted
            if item.written is not None
        }
        reports.append(
            YearReport(
                year=year,
                total=len(counted),
                columns=_column_counts(counted, by_path),
                months=_month_counts(counted),
                latency=_latency(sorted(latencies.values())),
                overdue=_overdue(counted, latencies, by_path),
                documents=_document_counts(year, documents),
                uncovered_years=_uncovered_years(year, counted, calendar),
            )
        )
    return tuple(reports)


def _column_counts(items: list[Item], by_path: dict[str, Column]) -> tuple[ColumnCount, ...]:
    counts = Counter(item.column for item in items)
    total = len(items)
    rows = [
        ColumnCount(by_path[path].code, by_path[path].title, path, count, percent(count, total))
        for path, count in counts.items()
    ]
    return tuple(sorted(rows, key=lambda row: (row.code, row.path)))


def _month_counts(items: list[Item]) -> tuple[int, ...]:
    counts = Counter(item.published.month for item in items)
    return tuple(counts.get(month, 0) for month in range(1, 13))


def _latency(values: list[int]) -> Latency:
    if not values:
        return Latency((), None, None, None, 0)
    return Latency(
        values=tuple(values),
        mean_workdays=round_half_up(Fraction(sum(values), len(values))),
        median_workdays=median_half_up(values),
        max_workdays=max(values),
        over_limit=sum(1 for value in values if value > WORKDAY_LIMIT),
    )


def _overdue(
    items: list[Item], latencies: dict[str, int], by_path: dict[str, Column]
) -> tuple[OverdueItem, ...]:
    rows = [
        OverdueItem(
            index_no=item.index_no.text,
            title=item.title,
            column_title=by_path[item.column].title,
            written=item.written,
            published=item.published.date(),
            workdays=latencies[item.index_no.text],
        )
        for item in items
        if item.written is not None and latencies[item.index_no.text] > WORKDAY_LIMIT
    ]
    return tuple(sorted(rows, key=lambda row: (-row.workdays, row.index_no)))


DOCUMENT_KINDS = ("规章", "行政规范性文件")


def column_kinds(by_path: dict[str, Column], options: ReportOptions) -> dict[str, str]:
    """The kind each column's items are by their column (or an ancestor column): 规章 first."""
    kinds: dict[str, str] = {}
    for start in by_path:
        names: set[str] = set()
        path: str | None = start
        while path is not None and path in by_path:
            column = by_path[path]
            names.update((column.code, column.path, column.title))
            path = column.parent_path
        if names.intersection(options.rules_columns):
            kinds[start] = "规章"
        elif names.intersection(options.normative_columns):
            kinds[start] = "行政规范性文件"
    return kinds


def document_kind(item: Item, by_column: dict[str, str], options: ReportOptions) -> str | None:
    """规章, 行政规范性文件 or None, by the item's 体裁 and column (see :func:`column_kinds`)."""
    column_kind = by_column.get(item.column)
    if item.genre in options.rules_genres or column_kind == "规章":
        return "规章"
    if item.genre in options.normative_genres or column_kind == "行政规范性文件":
        return "行政规范性文件"
    return None


def _documents_by_kind(
    items: list[Item], by_path: dict[str, Column], options: ReportOptions
) -> dict[str, list[Item]]:
    """The items of each of :data:`DOCUMENT_KINDS` (see :func:`document_kind`)."""
    by_column = column_kinds(by_path, options)
    chosen: dict[str, list[Item]] = {kind: [] for kind in DOCUMENT_KINDS}
    for item in items:
        kind = document_kind(item, by_column, options)
        if kind is not None:
            chosen[kind].append(item)
    return chosen


def _document_counts(year: int, chosen: dict[str, list[Item]]) -> tuple[DocumentCounts, ...]:
    year_end = dt.date(year, 12, 31)
    return tuple(
        DocumentCounts(
            kind=kind,
            issued=sum(1 for item in chosen[kind] if item.published.year == year),
            repealed=sum(
                1
                for item in chosen[kind]
                if item.repealed is not None and item.repealed.year == year
            ),
            in_force=sum(1 for item in chosen[kind] if _in_force_at(item, year_end)),
        )
        for kind in DOCUMENT_KINDS
    )


def _in_force_at(item: Item, day: dt.date) -> bool:
    """Published by ``day`` and not repealed by then; 失效 (and 废止 without a date) is
    taken as out of force, as the item says nothing of when that happened."""
    if item.published.date() > day:
        return False
    if item.repealed is not None:
        return item.repealed > day
    return item.validity not in ("失效", "废止")


def _uncovered_years(year: int, items: list[Item], calendar: WorkCalendar) -> tuple[int, ...]:
    years = {year}
    for item in items:
        if item.written is not None:
            years.update(range(item.written.year, item.published.year + 1))
    return tuple(sorted(y for y in years if not calendar.covers(y)))


#: Every field of an item the figures read (tests/site/report/test_stats_page.py holds this module
#: and stats_view.py to it): a page of figures changes only when one of them does.
ITEM_FIELDS_READ = (
    "column", "draft", "genre", "index_no", "published", "repealed", "title", "validity",
    "written",
)  # fmt: skip


def figures_input(item: Item) -> tuple[object, ...]:
    """What the figures read of ``item``."""
    return tuple(getattr(item, name) for name in ITEM_FIELDS_READ)


def report_years(items: Iterable[Item]) -> tuple[int, ...]:
    """The years with at least one published, non-draft item, newest first."""
    return tuple(sorted({item.published.year for item in items if not item.draft}, reverse=True))
