"""What a Chinese input method types into front matter and site.yaml: each slip is named
as such by `gkssg check`, at the line that holds it, with the fix, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.sites import SiteFiles

#: these tests read gkssg as the editors do: in Chinese, the default language
pytestmark = pytest.mark.usefixtures("chinese")

ITEM = "content/catalog/regulations/a.md"
# The item's lines: 1 `---`, 2 title, 3 index_no, 4 published, 5 review, then the case's.
HEAD = """\
---
title: 关于调整失业保险金标准的通知
index_no: "00298196X/2008-00001"
published: 2008-03-05
review: {by: 办公室 张明, date: 2008-03-04}
"""
TAIL = "topic: 社会保险\n---\n正文第一段。\n"

# name: (the lines after HEAD, the code, the line, words of the Chinese message, of the English)
SLIPS: dict[str, tuple[str, str, int, str, str]] = {
    "full_width_colon_in_a_key": (
        "doc_no: 皖劳社〔2008〕12号\ngenre：细则\n",
        "YAML_SYNTAX",
        7,
        "第7行“genre：细则”用了中文冒号“：”，请改为英文冒号加空格“: ”",
        "uses the Chinese colon",
    ),
    "full_width_colon_on_the_last_line": (
        "genre：细则\n",
        "YAML_SYNTAX",
        6,
        "第6行“genre：细则”用了中文冒号“：”",
        "uses the Chinese colon",
    ),
    "full_width_comma_in_a_list": (
        "keywords: [劳动合同，工资]\n",
        "YAML_SYNTAX",
        6,
        "第6行“劳动合同，工资”用了中文逗号“，”",
        "the Chinese comma",
    ),
    "chinese_quotes_around_a_value": (
        "doc_no: “皖劳社〔2008〕12号”\n",
        "YAML_SYNTAX",
        6,
        "用中文引号“”括住了值",
        "Chinese quotation marks",
    ),
    "chinese_quotes_that_break_the_yaml": (
        "summary: “说明: 自发布之日起施行”\n",
        "YAML_SYNTAX",
        6,
        "第6行“summary: “说明: 自发布之日起施行””用中文引号",
        "Chinese quotation marks",
    ),
    "square_brackets_of_the_input_method": (
        "keywords: 【劳动合同, 工资】\n",
        "YAML_SYNTAX",
        6,
        "用了中文方括号“【】”表示列表，请改为英文方括号“[ ]”",
        "Chinese brackets",
    ),
    "full_width_space_in_indentation": (
        "attachments:\n  - path: 附件/a.pdf\n\u3000\u3000title: 名单\n",
        "YAML_SYNTAX",
        8,
        "第8行用全角空格缩进，请改为半角空格",
        "full-width space (U+3000)",
    ),
    "full_width_space_after_a_colon": (
        "genre:\u3000细则\n",
        "YAML_SYNTAX",
        6,
        "冒号后是全角空格",
        "full-width space after the colon",
    ),
    "tab_in_indentation": (
        "attachments:\n\t- 附件/a.pdf\n",
        "YAML_SYNTAX",
        7,
        "第7行用 Tab 键缩进，请改为空格",
        "indented with a tab",
    ),
    "full_width_digits_in_a_date": (
        "written: ２００８-03-01\n",
        "BAD_DATE",
        6,
        "“２００８-03-01”用了全角数字或符号，请改为半角：2008-03-01",
        "full-width digits",
    ),
    "unclosed_square_bracket": (
        "keywords: [劳动合同, 工资\n",
        "YAML_SYNTAX",
        6,
        "第6行“keywords: [劳动合同, 工资”的“[”没有对应的“]”",
        "is not closed with “]”",
    ),
}


def _problems(site: SiteFiles, language: str) -> list[dict[str, object]]:
    result = site.invoke("--lang", language, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    return list(data["errors"])


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_each_slip_is_named_at_its_line_with_the_fix(tmp_path: Path, name: str) -> None:
    lines, code, line, chinese, english = SLIPS[name]
    site = SiteFiles(tmp_path).with_file(ITEM, HEAD + lines + TAIL)
    site.with_file("content/catalog/regulations/附件/a.pdf", b"%PDF-1.4\n")
    site.write()
    found = {language: _problems(site, language) for language in ("zh", "en")}
    for language, words in (("zh", chinese), ("en", english)):
        assert [(p["file"], p["line"], p["code"]) for p in found[language]] == [
            (ITEM, line, code)
        ], found[language]
        assert words in str(found[language][0]["message"]), found[language]


def test_the_human_output_reads_as_the_issue_asks(tmp_path: Path) -> None:
    """`第10行“genre：细则”用了中文冒号“：”，请改为英文冒号加空格“: ”`, at line 10."""
    padding = "".join(f"keywords{n}: x\n" for n in range(3))  # lines 6-8: unknown keys
    text = HEAD + padding + "doc_no: 皖劳社〔2008〕12号\ngenre：细则\n" + TAIL
    site = SiteFiles(tmp_path).with_file(ITEM, text)
    result = site.run("check")
    expected = (
        f"{ITEM}:10: YAML_SYNTAX 第10行“genre：细则”用了中文冒号“：”，请改为英文冒号加空格“: ”"
    )
    assert expected in result.output


def test_every_slip_of_one_file_is_reported_when_the_yaml_reads(tmp_path: Path) -> None:
    slips = "doc_no: “皖劳社〔2008〕12号”\nkeywords: [劳动合同，工资]\ngenre: 【细则】\n"
    text = HEAD + slips + TAIL
    site = SiteFiles(tmp_path).with_file(ITEM, text)
    site.write()
    lines = [(p["line"], p["code"]) for p in _problems(site, "zh")]
    assert lines == [(6, "YAML_SYNTAX"), (7, "YAML_SYNTAX"), (8, "YAML_SYNTAX")]


def test_a_slip_in_site_yaml_is_named_at_its_line(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.config = site.config.replace("require_review: true", "require_review：true")
    line = site.config.splitlines().index("require_review：true") + 1
    site.write()
    problems = _problems(site, "zh")
    assert [(p["file"], p["line"]) for p in problems] == [("site.yaml", line)]
    assert "用了中文冒号“：”" in str(problems[0]["message"])


NEAR_MISSES = {
    "colon_and_quotes_inside_a_title": "summary: 关于“十一五”规划的说明：补充\n",
    "quotes_that_open_a_title": "doc_no: “十一五”规划\n",
    "brackets_that_open_a_title": "genre: 【转载】通知\n",
    "quotes_kept_in_english_quotes": "doc_no: '“五五”'\n",
    "a_comma_in_a_block_list": "keywords:\n  - 劳动合同，工资\n",
    "a_comma_in_one_line_of_text": "keywords: 劳动合同，工资\n",
    "a_full_width_space_inside_a_value": "summary: 第一条\u3000总则\n",
}


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_full_width_text_in_values_is_no_slip(tmp_path: Path, name: str) -> None:
    site = SiteFiles(tmp_path).with_file(ITEM, HEAD + NEAR_MISSES[name] + TAIL)
    result = site.run("check", "--format", "json")
    assert result.exit_code == 0, result.output
