"""``data/requests/Y.yaml``: the year's request-handling and appeal figures.

The file follows the tables of the national annual-report template (表三 and
表四): per applicant type, requests received (本年新收), carried over from the
previous year (上年结转), the outcomes (办理结果) and those carried forward
(结转下年度); then the administrative reviews (行政复议) and lawsuits (行政诉讼).
Every row is a mapping of applicant type to a count; an applicant type left
out counts 0. The figures must balance for every applicant type:
新收 + 上年结转 = 办理结果总计 + 结转下年度, or the report refuses with
``REQUESTS_UNBALANCED`` at the offending line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gkssg.base.errors import Problems
from gkssg.base.i18n import t
from gkssg.source.schema import Field, FieldContext, Reader, read_fields
from gkssg.source.sourcefile import decode_source
from gkssg.source.yamlnodes import Entry, Mapping, as_mapping, parse_document, scalar

REQUESTS_DIR = "data/requests"
_WHAT = t("the request figures")

#: Applicant types, as the template's columns (the last five are 法人或其他组织).
APPLICANTS: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)

#: Outcome groups of 办理结果: (key, label, ((leaf key, leaf label), …)); a group
#: without leaves is itself a row.
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("予以公开", "（一）予以公开", ()),
    ("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    (
        "不予公开",
        "（三）不予公开",
        (
            ("属于国家秘密", "1.属于国家秘密"),
            ("其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开"),
            ("危及三安全一稳定", "3.危及“三安全一稳定”"),
            ("保护第三方合法权益", "4.保护第三方合法权益"),
            ("属于三类内部事务信息", "5.属于三类内部事务信息"),
            ("属于四类过程性信息", "6.属于四类过程性信息"),
            ("属于行政执法案卷", "7.属于行政执法案卷"),
            ("属于行政查询事项", "8.属于行政查询事项"),
        ),
    ),
    (
        "无法提供",
        "（四）无法提供",
        (
            ("本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"),
            ("没有现成信息需要另行制作", "2.没有现成信息需要另行制作"),
            ("补正后申请内容仍不明确", "3.补正后申请内容仍不明确"),
        ),
    ),
    (
        "不予处理",
        "（五）不予处理",
        (
            ("信访举报投诉类申请", "1.信访举报投诉类申请"),
            ("重复申请", "2.重复申请"),
            ("要求提供公开出版物", "3.要求提供公开出版物"),
            ("无正当理由大量反复申请", "4.无正当理由大量反复申请"),
            ("要求确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "其他处理",
        "（六）其他处理",
        (
            (
                "逾期不补正",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                "逾期未缴费",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("其他", "3.其他"),
        ),
    ),
)

#: Columns of 表四 for one kind of appeal.
APPEAL_RESULTS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结")


@dataclass(frozen=True)
class Row:
    """Counts per applicant type (in APPLICANTS order) and where they were written."""

    counts: tuple[int, ...]
    line: int | None
    cell_lines: tuple[int | None, ...]

    @classmethod
    def empty(cls) -> Row:
        return cls((0,) * len(APPLICANTS), None, (None,) * len(APPLICANTS))

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    counts: tuple[int, ...]
    is_group: bool  # a group heading whose counts sum its leaves


@dataclass(frozen=True)
class RequestFigures:
    received: Row
    carried_over: Row
    outcomes: dict[str, Row]  # "予以公开", "不予公开/属于国家秘密", …
    carried_forward: Row
    review: tuple[int, ...]  # 行政复议, in APPEAL_RESULTS order
    lawsuit_direct: tuple[int, ...]  # 未经复议直接起诉
    lawsuit_after_review: tuple[int, ...]  # 复议后起诉

    def outcome_total(self) -> tuple[int, ...]:
        """办理结果总计 per applicant type."""
        rows = list(self.outcomes.values())
        return tuple(sum(row.counts[i] for row in rows) for i in range(len(APPLICANTS)))

    def outcome_rows(self) -> list[OutcomeRow]:
        """The 办理结果 rows of the template, groups with their leaves, in order."""
        result: list[OutcomeRow] = []
        for key, label, leaves in OUTCOME_GROUPS:
            if not leaves:
                result.append(OutcomeRow(label, self.outcomes[key].counts, False))
                continue
            leaf_rows = [self.outcomes[f"{key}/{leaf}"] for leaf, _ in leaves]
            group = tuple(sum(r.counts[i] for r in leaf_rows) for i in range(len(APPLICANTS)))
            result.append(OutcomeRow(label, group, True))
            result.extend(
                OutcomeRow(leaf_label, row.counts, False)
                for (_, leaf_label), row in zip(leaves, leaf_rows, strict=True)
            )
        return result


def requests_file(year: int) -> str:
    return f"{REQUESTS_DIR}/{year}.yaml"


def load_requests(site_root: Path, year: int, problems: Problems) -> RequestFigures | None:
    """Read and check ``data/requests/{year}.yaml``; None when absent or wrong."""
    file = requests_file(year)
    try:
        raw = (site_root / file).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.error(
            file, None, "UNREADABLE", t("the request figures cannot be read: {reason}", reason=exc)
        )
        return None
    found = Problems()  # this file's problems only, to tell whether it can be used
    figures = _read_figures(raw, file, found)
    problems.extend(found.items)
    return None if found.has_errors else figures


def _read_figures(raw: bytes, file: str, problems: Problems) -> RequestFigures | None:
    source = decode_source(raw, file, problems)
    if source is None:
        return None
    node = parse_document(source.text, file, 0, problems)
    mapping = as_mapping(node, file, 0, problems, _WHAT.source)
    if mapping is None:
        return None
    values, lines = read_fields(mapping, _TOP_FIELDS, file, problems, _WHAT)
    if problems.has_errors:
        return None  # no sums over figures that could not be read
    figures = _figures(values)
    _check_balance(figures, file, lines, problems)
    return figures


def check_request_files(site_root: Path, problems: Problems) -> None:
    """Check every ``data/requests/YYYY.yaml`` (``gkssg check`` and every build do)."""
    folder = site_root / REQUESTS_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.yaml")):
        if re.fullmatch(r"\d{4}\.yaml", path.name):
            load_requests(site_root, int(path.stem), problems)


# -- readers ------------------------------------------------------------------


def _read_count(entry: Entry, ctx: FieldContext) -> int | None:
    text = scalar(entry.node)
    if text is None or not text.strip().isascii() or not text.strip().isdigit():
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_VALUE",
            t("{field} must be a whole number, 0 or more", field=ctx.label),
        )
        return None
    return int(text)


def _sub_entries(entry: Entry, ctx: FieldContext) -> Mapping | None:
    node = entry.node
    if isinstance(node, yaml.ScalarNode) and scalar(node) is None:
        return Mapping((), entry.line)  # `key:` or `key: {}` with nothing in it
    if not isinstance(node, yaml.MappingNode):
        ctx.problems.error(
            ctx.file,
            entry.line,
            "BAD_VALUE",
            t("{field} must be `key: value` lines", field=ctx.label),
        )
        return None
    entries = tuple(
        Entry(str(k.value), entry.line_of(k), v, entry.offset)
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode)
    )
    return Mapping(entries, entry.line)


#: What a nested mapping reads into: its values, the line of each key, its own line.
Nested = tuple[dict[str, Any], dict[str, int], int]


def _nested(fields: Sequence[Field]) -> Reader:
    """A reader for a mapping read against ``fields``; returns (values, lines, own line)."""

    def read(entry: Entry, ctx: FieldContext) -> Nested | None:
        mapping = _sub_entries(entry, ctx)
        if mapping is None:
            return None
        values, lines = read_fields(mapping, fields, ctx.file, ctx.problems, ctx.label)
        return values, lines, entry.line

    return read


_APPLICANT_FIELDS = tuple(Field(name, _read_count, name) for name in APPLICANTS)
_APPEAL_FIELDS = tuple(Field(name, _read_count, name) for name in APPEAL_RESULTS)
_ROW = _nested(_APPLICANT_FIELDS)
_OUTCOME_FIELDS = tuple(
    Field(
        key, _nested(tuple(Field(leaf, _ROW, leaf) for leaf, _ in leaves)) if leaves else _ROW, key
    )
    for key, _, leaves in OUTCOME_GROUPS
)
_LAWSUIT_FIELDS = (
    Field("未经复议直接起诉", _nested(_APPEAL_FIELDS), "未经复议直接起诉"),
    Field("复议后起诉", _nested(_APPEAL_FIELDS), "复议后起诉"),
)
_TOP_FIELDS = (
    Field("本年新收", _ROW, "本年新收政府信息公开申请数量"),
    Field("上年结转", _ROW, "上年结转政府信息公开申请数量"),
    Field("办理结果", _nested(_OUTCOME_FIELDS), "本年度办理结果"),
    Field("结转下年度", _ROW, "结转下年度继续办理"),
    Field("行政复议", _nested(_APPEAL_FIELDS), "行政复议"),
    Field("行政诉讼", _nested(_LAWSUIT_FIELDS), "行政诉讼"),
)


# -- assembling and checking --------------------------------------------------


def _row(read: Nested | None) -> Row:
    if read is None:
        return Row.empty()
    values, lines, line = read
    return Row(
        counts=tuple(values.get(name, 0) for name in APPLICANTS),
        line=line,
        cell_lines=tuple(lines.get(name) for name in APPLICANTS),
    )


def _appeal(read: Nested | None) -> tuple[int, ...]:
    values = read[0] if read is not None else {}
    return tuple(values.get(name, 0) for name in APPEAL_RESULTS)


def _figures(values: dict[str, Any]) -> RequestFigures:
    outcome_values = values.get("办理结果", ({}, {}, 0))[0]
    outcomes: dict[str, Row] = {}
    for key, _, leaves in OUTCOME_GROUPS:
        if not leaves:
            outcomes[key] = _row(outcome_values.get(key))
            continue
        group = outcome_values.get(key)
        leaf_values = group[0] if group is not None else {}
        for leaf, _ in leaves:
            outcomes[f"{key}/{leaf}"] = _row(leaf_values.get(leaf))
    lawsuits = values.get("行政诉讼", ({}, {}, 0))[0]
    return RequestFigures(
        received=_row(values.get("本年新收")),
        carried_over=_row(values.get("上年结转")),
        outcomes=outcomes,
        carried_forward=_row(values.get("结转下年度")),
        review=_appeal(values.get("行政复议")),
        lawsuit_direct=_appeal(lawsuits.get("未经复议直接起诉")),
        lawsuit_after_review=_appeal(lawsuits.get("复议后起诉")),
    )


def _check_balance(
    figures: RequestFigures, file: str, lines: dict[str, int], problems: Problems
) -> None:
    """新收 + 上年结转 = 办理结果总计 + 结转下年度, for every applicant type."""
    totals = figures.outcome_total()
    for index, applicant in enumerate(APPLICANTS):
        received = figures.received.counts[index]
        carried = figures.carried_over.counts[index]
        handled = totals[index]
        forward = figures.carried_forward.counts[index]
        if received + carried == handled + forward:
            continue
        line = (
            figures.received.cell_lines[index]
            or figures.received.line
            or lines.get("办理结果")
            or 1
        )
        problems.error(
            file,
            line,
            "REQUESTS_UNBALANCED",
            t(
                "{applicant}: 本年新收 {received} + 上年结转 {carried} = {total_in}, but "
                "办理结果总计 {handled} + 结转下年度 {forward} = {total_out}",
                applicant=applicant,
                received=received,
                carried=carried,
                total_in=received + carried,
                handled=handled,
                forward=forward,
                total_out=handled + forward,
            ),
            t("correct the figures so that 新收 + 上年结转 = 办理结果总计 + 结转下年度"),
        )
