"""The yearly report as JSON (exactly as docs/content-contract.md, section 8, has it)
and as CSV for people."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from gkssg.report.compute import YearReport


def plain_number(value: float | None) -> float | int | None:
    """``2.0`` → ``2`` (a median or maximum in whole working days), else unchanged."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def report_data(report: YearReport) -> dict[str, Any]:
    """The report in the shape of docs/content-contract.md, section 8."""
    latency = report.latency
    return {
        "year": report.year,
        "total": report.total,
        "columns": [
            {
                "code": row.code,
                "title": row.title,
                "path": row.path,
                "count": row.count,
                "percent": row.percent,
            }
            for row in report.columns
        ],
        "latency": {
            "measured": latency.measured,
            "mean_workdays": latency.mean_workdays,
            "median_workdays": plain_number(latency.median_workdays),
            "max_workdays": latency.max_workdays,
            "over_20_workdays": latency.over_limit,
        },
    }


def to_json(report: YearReport) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def format_number(value: float | int | None, places: int = 2) -> str:
    """A figure as people read it: ``35.46``, ``100.00``; whole working days as ``2``."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{places}f}"


def format_median(value: float | None) -> str:
    plain = plain_number(value)
    return str(plain) if isinstance(plain, int) else format_number(plain)


def to_csv(report: YearReport) -> str:
    """Two blocks (columns, then latency), UTF-8 with a BOM so that spreadsheet
    programs on editors' machines read the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["年度", "栏目编码", "栏目名称", "栏目路径", "公开数量（条）", "占比（%）"])
    for row in report.columns:
        writer.writerow(
            [report.year, row.code, row.title, row.path, row.count, format_number(row.percent)]
        )
    writer.writerow(
        [report.year, "", "合计", "", report.total, "100.00" if report.total else "0.00"]
    )
    writer.writerow([])
    latency = report.latency
    writer.writerow(["年度", "公开时效指标", "数值"])
    for label, value in (
        ("有成文日期的信息（条）", str(latency.measured)),
        ("平均工作日", format_number(latency.mean_workdays)),
        ("工作日中位数", format_median(latency.median_workdays)),
        ("最长工作日", format_number(latency.max_workdays)),
        ("超过20个工作日（条）", str(latency.over_limit)),
    ):
        writer.writerow([report.year, label, value])
    return "\ufeff" + buffer.getvalue()
