"""The draft of a year's 政府信息公开工作年度报告 in the national template's six sections.

Every table the site can fill is filled (documents, columns, latency, request
handling and appeals from ``data/requests/Y.yaml``); what only the office can
write is left as a marked placeholder, ``【待填写：……】``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gkssg.content.requests import APPEAL_RESULTS, APPLICANTS, RequestFigures, requests_file
from gkssg.report.compute import WORKDAY_LIMIT, YearReport
from gkssg.report.formats import format_median, format_number


def placeholder(what: str) -> str:
    return f"【待填写：{what}】"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(row) for row in rows), ""]


def annual_report(report: YearReport, org: str, requests: RequestFigures | None) -> str:
    """The whole draft as Markdown."""
    year = report.year
    lines = [
        f"# {org}{year}年政府信息公开工作年度报告（草稿）",
        "",
        f"> 本草稿由 gkssg 根据网站内容生成，统计期限为{year}年1月1日至{year}年12月31日。"
        "表格中的数字取自网站已发布的信息（不含草稿）；标有“【待填写：……】”的内容"
        "由政府信息公开工作机构补充，定稿前请删除本说明。",
        "",
        *_overview(report, org),
        *_proactive(report),
        *_requests_section(year, requests),
        *_appeals_section(year, requests),
        "## 五、存在的主要问题及改进情况",
        "",
        placeholder("上一年度报告所列问题的整改情况，本年度存在的主要问题及改进措施"),
        "",
        "## 六、其他需要报告的事项",
        "",
        placeholder(
            "依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，"
            "本年度政府信息公开工作要点落实情况，人大代表建议和政协提案办理结果公开情况等"
        ),
        "",
    ]
    return "\n".join(lines)


def _overview(report: YearReport, org: str) -> list[str]:
    latency = report.latency
    facts = f"{report.year}年，{org}在政府信息公开网站主动公开政府信息{report.total}条"
    if latency.measured:
        facts += (
            f"；其中{latency.measured}条有成文日期，从成文到公开平均"
            f"{format_number(latency.mean_workdays)}个工作日，最长{latency.max_workdays}个工作日"
        )
    return [
        "## 一、总体情况",
        "",
        placeholder(
            "本年度政府信息公开工作的总体情况：主动公开、依申请公开、政府信息管理、"
            "平台建设、监督保障等"
        ),
        "",
        facts + "。",
        "",
    ]


def _proactive(report: YearReport) -> list[str]:
    todo = placeholder("数量")
    return [
        "## 二、主动公开政府信息情况",
        "",
        *table(
            ["第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数"],
            [(row.kind, row.issued, row.repealed, row.in_force) for row in report.documents],
        ),
        *table(["第二十条第（五）项", "本年处理决定数量"], [("行政许可", todo)]),
        *table(
            ["第二十条第（六）项", "本年处理决定数量"],
            [("行政处罚", todo), ("行政强制", todo)],
        ),
        *table(
            ["第二十条第（八）项", "本年收费金额（单位：万元）"],
            [("行政事业性收费", placeholder("金额"))],
        ),
        "### 各栏目主动公开情况",
        "",
        *table(
            ["栏目编码", "栏目名称", "公开数量（条）", "占比（%）"],
            [
                *((r.code, r.title, r.count, format_number(r.percent)) for r in report.columns),
                ("", "合计", report.total, "100.00" if report.total else "0.00"),
            ],
        ),
        *_timeliness(report),
    ]


def _timeliness(report: YearReport) -> list[str]:
    latency = report.latency
    lines = [
        "### 公开时效",
        "",
        "从成文日期到发布日期的工作日数（按国家法定节假日和调休安排计算）：",
        "",
        *table(
            [
                "有成文日期的信息（条）",
                "平均工作日",
                "工作日中位数",
                "最长工作日",
                f"超过{WORKDAY_LIMIT}个工作日（条）",
            ],
            [
                (
                    latency.measured,
                    format_number(latency.mean_workdays),
                    format_median(latency.median_workdays),
                    format_number(latency.max_workdays),
                    latency.over_limit,
                )
            ],
        ),
    ]
    if not report.overdue:
        return [*lines, f"本年度没有超过{WORKDAY_LIMIT}个工作日公开的信息。", ""]
    return [
        *lines,
        f"超过{WORKDAY_LIMIT}个工作日公开的信息：",
        "",
        *table(
            ["索引号", "标题", "栏目", "成文日期", "发布日期", "工作日"],
            [
                (o.index_no, o.title, o.column_title, o.written, o.published, o.workdays)
                for o in report.overdue
            ],
        ),
        placeholder(f"超过{WORKDAY_LIMIT}个工作日公开的原因说明"),
        "",
    ]


def _requests_section(year: int, figures: RequestFigures | None) -> list[str]:
    heading = ["## 三、收到和处理政府信息公开申请情况", ""]
    if figures is None:
        return [
            *heading,
            placeholder(f"本年度申请情况；在 {requests_file(year)} 中填写后重新生成即可填入表格"),
            "",
        ]

    def cells(counts: Sequence[int]) -> list[object]:
        return [*counts, sum(counts)]

    blank = [""] * (len(APPLICANTS) + 1)
    rows: list[list[object]] = [
        ["一、本年新收政府信息公开申请数量", *cells(figures.received.counts)],
        ["二、上年结转政府信息公开申请数量", *cells(figures.carried_over.counts)],
        ["三、本年度办理结果", *blank],
        *(
            [row.label, *(blank if row.is_group else cells(row.counts))]
            for row in figures.outcome_rows()
        ),
        ["（七）总计", *cells(figures.outcome_total())],
        ["四、结转下年度继续办理", *cells(figures.carried_forward.counts)],
    ]
    return [
        *heading,
        "申请人情况：自然人；法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）。",
        "",
        *table(["", *APPLICANTS, "总计"], rows),
    ]


def _appeals_section(year: int, figures: RequestFigures | None) -> list[str]:
    heading = ["## 四、政府信息公开行政复议、行政诉讼情况", ""]
    if figures is None:
        return [*heading, placeholder(f"本年度行政复议、行政诉讼情况（{requests_file(year)}）"), ""]
    kinds = (figures.review, figures.lawsuit_direct, figures.lawsuit_after_review)
    rows = [
        [result, *(kind[index] for kind in kinds)] for index, result in enumerate(APPEAL_RESULTS)
    ]
    rows.append(["总计", *(sum(kind) for kind in kinds)])
    return [
        *heading,
        *table(["", "行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉"], rows),
    ]
