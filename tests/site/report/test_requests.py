"""``data/requests/Y.yaml``: checked for balance at its lines, filled into the report's tables."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from support.cli import run_gkssg
from support.markdown_tables import markdown_tables
from support.sites import SiteFiles, assert_error

# Header keys of the template's tables (their first header cell is empty).
REQUESTS_TABLE = "|自然人|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计"
APPEALS_TABLE = "|行政复议|行政诉讼：未经复议直接起诉|行政诉讼：复议后起诉"

BALANCED = """\
# 2008年政府信息公开申请情况
本年新收: {自然人: 5, 商业企业: 2, 法律服务机构: 1}
上年结转:
  自然人: 1
办理结果:
  予以公开: {自然人: 3, 商业企业: 1}
  部分公开: {法律服务机构: 1}
  不予公开:
    保护第三方合法权益: {商业企业: 1}
  无法提供:
    本机关不掌握相关政府信息: {自然人: 1}
  不予处理:
    重复申请: {自然人: 1}
结转下年度: {自然人: 1}
行政复议: {结果维持: 1, 尚未审结: 1}
行政诉讼:
  复议后起诉: {结果纠正: 1}
"""


def _site(tmp_path: Path, requests: str) -> SiteFiles:
    site = SiteFiles(tmp_path).with_items(2)
    return site.with_file("data/requests/2008.yaml", requests)


def test_balanced_figures_fill_the_request_and_appeal_tables(tmp_path: Path) -> None:
    result = _site(tmp_path, BALANCED).run("report", "--year", "2008", "--format", "md")
    assert result.exit_code == 0, result.output
    tables = markdown_tables(result.stdout)
    rows = {row[0]: row[1:] for row in tables[REQUESTS_TABLE]}
    assert rows["一、本年新收政府信息公开申请数量"] == ["5", "2", "0", "0", "1", "0", "8"]
    assert rows["二、上年结转政府信息公开申请数量"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["（一）予以公开"] == ["3", "1", "0", "0", "0", "0", "4"]
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [
        "0", "0", "0", "0", "1", "0", "1",
    ]  # fmt: skip
    assert rows["4.保护第三方合法权益"] == ["0", "1", "0", "0", "0", "0", "1"]
    assert rows["1.本机关不掌握相关政府信息"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["2.重复申请"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["（七）总计"] == ["5", "2", "0", "0", "1", "0", "8"]
    assert rows["四、结转下年度继续办理"] == ["1", "0", "0", "0", "0", "0", "1"]
    appeals = {row[0]: row[1:] for row in tables[APPEALS_TABLE]}
    assert appeals == {
        "结果维持": ["1", "0", "0"],
        "结果纠正": ["0", "0", "1"],
        "其他结果": ["0", "0", "0"],
        "尚未审结": ["1", "0", "0"],
        "总计": ["2", "0", "1"],
    }


def test_unbalanced_figures_are_an_error_at_the_applicants_line(tmp_path: Path) -> None:
    # 商业企业: 2 received, but only 1 handled and none carried forward.
    unbalanced = BALANCED.replace("保护第三方合法权益: {商业企业: 1}", "保护第三方合法权益: {}")
    site = _site(tmp_path, unbalanced)
    result = site.run("report", "--year", "2008", "--format", "json")
    assert result.exit_code == 1
    assert_error(result, "REQUESTS_UNBALANCED", "data/requests/2008.yaml", 2)
    assert "商业企业: 本年新收 2 + 上年结转 0 = 2, but 办理结果总计 1 + 结转下年度 0 = 1" in (
        result.output
    )
    assert result.stdout == ""


def test_the_error_points_at_the_applicants_own_line_in_block_style(tmp_path: Path) -> None:
    requests = textwrap.dedent("""\
        本年新收:
          自然人: 3
          其他: 2
        办理结果:
          予以公开:
            自然人: 3
            其他: 1
        """)
    result = _site(tmp_path, requests).run("report", "--year", "2008")
    assert_error(result, "REQUESTS_UNBALANCED", "data/requests/2008.yaml", 3)
    assert result.output.count("REQUESTS_UNBALANCED") == 1  # 自然人 balances


def test_malformed_figures_are_reported_at_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GKSSG_LANG", "en")
    requests = textwrap.dedent("""\
        本年新收: {自然人: -1}
        办理结果:
          予以公开: {自然人: 三}
          不予公开:
            国家秘密: {自然人: 1}
        结转下年度年: {}
        """)
    result = _site(tmp_path, requests).run("report", "--year", "2008")
    assert result.exit_code == 1
    assert_error(result, "BAD_VALUE", "data/requests/2008.yaml", 1)
    assert_error(result, "BAD_VALUE", "data/requests/2008.yaml", 3)
    assert_error(result, "UNKNOWN_KEY", "data/requests/2008.yaml", 5)
    assert_error(result, "UNKNOWN_KEY", "data/requests/2008.yaml", 6)
    assert "did you mean `结转下年度`?" in result.output
    assert "REQUESTS_UNBALANCED" not in result.output  # no sums over figures that are wrong


def test_without_a_request_file_the_sections_are_placeholders(tmp_path: Path) -> None:
    result = SiteFiles(tmp_path).with_items(1).run("report", "--year", "2008")
    assert result.exit_code == 0, result.output
    assert "【待填写：本年度申请情况；在 data/requests/2008.yaml 中填写" in result.stdout


def test_the_sample_sites_2008_figures_balance_and_fill_the_draft(sample_site: Path) -> None:
    result = run_gkssg("--site", str(sample_site), "report", "--year", "2008", "--format", "md")
    assert result.returncode == 0, result.stderr
    tables = markdown_tables(result.stdout)
    rows = {row[0]: row[1:] for row in tables[REQUESTS_TABLE]}
    # the origin report: 26 requests, all answered in time
    assert rows["一、本年新收政府信息公开申请数量"][-1] == "26"
    assert rows["（七）总计"][-1] == "26"
    assert rows["（一）予以公开"][-1] == "19"
    assert rows["四、结转下年度继续办理"][-1] == "0"


def test_check_and_build_refuse_unbalanced_figures_too(tmp_path: Path) -> None:
    unbalanced = BALANCED.replace("结转下年度: {自然人: 1}", "结转下年度: {自然人: 2}")
    site = _site(tmp_path, unbalanced)
    errors = site.check_json()["errors"]
    assert [(e["file"], e["line"], e["code"]) for e in errors] == [
        ("data/requests/2008.yaml", 2, "REQUESTS_UNBALANCED")
    ]
    build = site.run("build")
    assert build.exit_code == 1
    assert_error(build, "REQUESTS_UNBALANCED", "data/requests/2008.yaml", 2)
