"""The pieces of ``gkssg import``: numbers, dates, 文号, 体裁, refusals, escaping, attachments."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkssg.editing.importing.attachments import match
from gkssg.editing.importing.body import escape, escape_start, numbered
from gkssg.editing.importing.dates import parse_date
from gkssg.editing.importing.gongwen import DOC_NO, genre_of, normalise_doc_no
from gkssg.editing.importing.numbering import chinese_number, format_number
from gkssg.editing.importing.reading import Para, Span
from gkssg.editing.importing.refusals import refuse_unpublishable
from gkssg.editing.importing.refused import Refused
from gkssg.render.markdown import MarkdownRenderer


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
     (100, "一百"), (105, "一百零五"), (110, "一百一十"), (123, "一百二十三")],
)  # fmt: skip
def test_chinese_counting(n: int, words: str) -> None:
    assert chinese_number(n) == words
    assert format_number(n, "chineseCounting") == words


def test_other_number_formats() -> None:
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(3, "lowerLetter") == "c"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(2008, "ideographDigital") == "二零零八"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("二〇〇八年三月一日", dt.date(2008, 3, 1)),
        ("二○○八年十二月三十一日", dt.date(2008, 12, 31)),
        ("二〇〇八年二月二十九日", dt.date(2008, 2, 29)),
        ("2008年3月1日", dt.date(2008, 3, 1)),
        ("2008 年 3 月 1 日", dt.date(2008, 3, 1)),
        ("２００８年３月１日", dt.date(2008, 3, 1)),
    ],
)
def test_dates_as_a_gongwen_writes_them(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text",
    ["二〇〇七年二月二十九日", "2008年13月1日", "2008年3月1日印发", "三月一日", "2008-03-01"],
)
def test_what_is_not_a_date_line(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "written",
    ["皖劳社〔2008〕12号", "皖劳社[2008]12号", "皖劳社(2008)12号", "皖劳社（2008）12号",
     "皖劳社【2008】12号", "皖劳社〔2008〕012号", "皖劳社 〔2008〕 12 号"],
)  # fmt: skip
def test_the_document_number_is_normalised(written: str) -> None:
    found = DOC_NO.search(written)
    assert found is not None
    assert normalise_doc_no(found) == "皖劳社〔2008〕12号"


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("关于调整失业保险金标准的通知", "通知"),
        ("安徽省失业保险金申领发放办法（试行）", "办法"),
        ("关于《失业保险条例》的实施细则", "实施细则"),
        ("关于同意设立职业技能鉴定所的函", "函"),
        ("2008年工作总结", ""),
    ],
)
def test_the_genre_is_the_title_s_last_words(title: str, genre: str) -> None:
    assert genre_of(title) == genre


def paragraphs(*texts: str) -> list[Para]:
    return [Para((Span(text),)) for text in texts]


@pytest.mark.parametrize(
    "marking",
    [
        "秘密★1年",
        "机密",
        "绝密★启用前",
        "（此件不予公开）",
        "内部资料　注意保存",
        "公开属性：不予公开",
    ],
)
def test_a_marking_refuses_the_document(marking: str) -> None:
    with pytest.raises(Refused) as refused:
        refuse_unpublishable(paragraphs("000123", marking, "关于某事的通知", "正文。"))
    assert refused.value.code == "IMPORT_CLASSIFIED"


@pytest.mark.parametrize(
    "sentence",
    [
        "依法确定为国家秘密的政府信息，以及法律规定不予公开的政府信息，不予公开。",
        "各单位要健全内部控制制度。",
        "涉及秘密的事项按有关规定办理。",
    ],
)
def test_a_sentence_about_secrecy_is_not_a_marking(sentence: str) -> None:
    refuse_unpublishable(paragraphs("关于政府信息公开的通知", sentence))


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("一、总体要求", (0, "一、", "总体要求")),
        ("（十二）工作措施", (1, "（十二）", "工作措施")),
        ("3. 做好宣传。", (2, "3.", "做好宣传。")),
        ("3．做好宣传。", (2, "3.", "做好宣传。")),
        ("（4）其他。", (3, "（4）", "其他。")),
        ("4.5%以内", None),
        ("2008年", None),
    ],
)
def test_the_four_levels_of_numbering(line: str, found: tuple[int, str, str] | None) -> None:
    assert numbered(line) == found


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer()


def shown(renderer: MarkdownRenderer, markdown: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", renderer.render(markdown))).strip()


@pytest.mark.parametrize(
    "text",
    ["1. 不是列表", "# 不是标题", "> 不是引用", "- 不是列表", "a*b*c_d_", "[链接](x)", "<b>x</b>",
     "{: .class}", "表|格", "反\\斜杠", "`代码`"],
)  # fmt: skip
def test_escaped_text_is_shown_as_it_is(renderer: MarkdownRenderer, text: str) -> None:
    assert shown(renderer, escape_start(escape(text))) == text


@given(st.text(alphabet="一二十1.。*_#>-+`[]()<>{}|\\ ", min_size=1, max_size=20))
def test_any_escaped_line_is_shown_as_it_is(text: str) -> None:
    text = " ".join(text.split())
    if text:
        assert shown(MarkdownRenderer(), escape_start(escape(text))) == text


def test_attachments_match_by_title_or_number() -> None:
    files = [Path("附件2：申领登记表.xlsx"), Path("标准调整表.pdf"), Path("说明.txt")]
    found = match(["失业保险金标准调整表", "失业保险金申领登记表"], files, alone=False)
    assert found.pairs == (
        ("失业保险金标准调整表", Path("标准调整表.pdf")),
        ("失业保险金申领登记表", Path("附件2：申领登记表.xlsx")),
    )
    assert found.missing == () and found.unused == (Path("说明.txt"),)
    alone = match(["附件一"], [Path("x.pdf"), Path("y.pdf")], alone=True)
    assert [f.name for _, f in alone.pairs] == ["x.pdf", "y.pdf"]
