"""The privacy guard: personal data found at its line, masked in `mask` mode, no false alarms."""

from __future__ import annotations

import gzip
import json
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support.sites import SITE_YAML, SiteFiles, assert_error

ITEM = "content/catalog/regulations/a.md"
ID_NUMBER = "340104199003071235"  # GB 11643 check digit 5
ID_NUMBER_15 = "340104900307123"  # the old 15-digit form: area, 900307, sequence
MOBILE = "13812345678"
CARD = "6222021234567890128"  # Luhn-valid, 19 digits
FRONT = """\
---
title: 关于失业保险金申领的公示
index_no: "00298196X/2008-00001"
published: 2008-03-05
review: {by: 办公室, date: 2008-03-04}
---
"""
BODY = f"""\
公示如下：

申请人身份证号码：{ID_NUMBER}。

联系手机：{MOBILE}，

发放账户：{CARD}。
"""
# Numbers that must never be flagged: a wrong check digit (and no valid Luhn digit
# either), dates, index numbers, 文号, a hotline, a landline, a postcode.
NEAR_MISSES = """\
身份证号码 340104199003071230 有误。
2008-03-05、2008年3月5日、20080305 发布。
索引号 00298196X/2008-00012，相关 00298196X/2008-00011。
文号：皖劳社〔2008〕12号，皖劳社秘〔2008〕15号。
咨询电话 12333，办公电话 0551-62871234，邮编 230001。
"""


def _lines(text: str, needle: str) -> int:
    """The 1-based line of ``needle`` in ``text`` as it is on disk."""
    return text[: text.index(needle)].count("\n") + 1


def _site(tmp_path: Path, privacy: str, body: str = BODY, front: str = FRONT) -> SiteFiles:
    site = SiteFiles(tmp_path, config=SITE_YAML.replace("privacy: error", f"privacy: {privacy}"))
    return site.with_file(ITEM, front + body)


def test_personal_data_in_a_body_is_an_error_at_its_line(tmp_path: Path, chinese: None) -> None:
    site = _site(tmp_path, "error")
    text = FRONT + BODY
    result = site.run("check")
    assert result.exit_code == 1
    for value in (ID_NUMBER, MOBILE, CARD):
        assert_error(result, "PRIVACY", ITEM, _lines(text, value))
    report = site.check_json()
    found = {(e["file"], e["line"], e["code"]) for e in report["errors"]}
    assert found == {(ITEM, _lines(text, value), "PRIVACY") for value in (ID_NUMBER, MOBILE, CARD)}
    assert "居民身份证号码" in result.output and "手机号码" in result.output
    assert "银行卡号" in result.output
    assert site.invoke("build").exit_code == 1
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    ("bom", "eol"), [(True, "\n"), (False, "\r\n"), (True, "\r\n")], ids=["bom", "crlf", "both"]
)
def test_lines_do_not_shift_with_bom_or_crlf(tmp_path: Path, bom: bool, eol: str) -> None:
    text = FRONT + BODY
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", eol).encode("utf-8")
    site = SiteFiles(tmp_path).with_file(ITEM, raw)
    result = site.run("check")
    for value in (ID_NUMBER, MOBILE, CARD):
        line = _lines(text, value)
        assert value.encode() in raw.splitlines()[line - 1]
        assert_error(result, "PRIVACY", ITEM, line)


def test_titles_old_ids_and_text_attachments_are_checked(tmp_path: Path) -> None:
    front = FRONT.replace("公示", f"公示（联系人 {MOBILE}）").replace(
        "review:",
        f"attachments: [附件/名单.csv, 附件/说明.txt, {{path: 附件/a.pdf, title: 卡号{CARD}}}]\n"
        "review:",
    )
    site = _site(tmp_path, "error", body=f"旧身份证号码 {ID_NUMBER_15}。\n", front=front)
    csv = f"姓名,证件号码\r\n张三,{ID_NUMBER}\r\n李四,1234\r\n"
    site.with_file("content/catalog/regulations/附件/名单.csv", csv.encode("gb18030"))
    site.with_file("content/catalog/regulations/附件/说明.txt", f"说明\n\n电话：{MOBILE}\n")
    site.with_file("content/catalog/regulations/附件/a.pdf", b"%PDF-1.4 6222021234567890128")
    result = site.run("check")
    assert_error(result, "PRIVACY", ITEM, 5)  # the attachment's title, at `attachments:`
    # not the PDF's bytes: it is opened as a PDF, and this one is damaged
    assert result.output.count("PRIVACY") == 5
    assert_error(result, "UNREADABLE", "content/catalog/regulations/附件/a.pdf", None)
    assert_error(result, "PRIVACY", ITEM, 2)  # the title
    assert_error(result, "PRIVACY", ITEM, 8)  # the 15-digit number, first body line
    assert_error(result, "PRIVACY", "content/catalog/regulations/附件/名单.csv", 2)
    assert_error(result, "PRIVACY", "content/catalog/regulations/附件/说明.txt", 3)


def test_a_column_body_is_checked(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    column = (
        '---\ntitle: 政府信息公开指南\ncode: "01"\nlayout: page\n---\n\n联系人手机 13912345678。\n'
    )
    site.with_file("content/guide/_index.md", column)
    assert_error(site.run("check"), "PRIVACY", "content/guide/_index.md", 7)


def test_near_misses_are_not_flagged(tmp_path: Path) -> None:
    site = _site(tmp_path, "error", body=NEAR_MISSES)
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert "PRIVACY" not in result.output


def test_privacy_allow_lets_exact_strings_through(tmp_path: Path) -> None:
    front = FRONT.replace("review:", f'privacy_allow: ["{CARD}", "{MOBILE}"]\nreview:')
    result = _site(tmp_path, "error", front=front).run("check")
    assert_error(result, "PRIVACY", ITEM, _lines(front + BODY, ID_NUMBER))
    assert result.output.count("PRIVACY") == 1


def test_privacy_off_publishes_as_written(tmp_path: Path) -> None:
    site = _site(tmp_path, "off")
    assert site.run("check").exit_code == 0
    site.build()
    assert ID_NUMBER in site.read("output/catalog/regulations/2008-00001.html")


class _PagefindBody(HTMLParser):
    """The text of the element marked ``data-pagefind-body``: what Pagefind indexes."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or any(name == "data-pagefind-body" for name, _ in attrs):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def _indexed_text(html: str) -> str:
    parser = _PagefindBody()
    parser.feed(html)
    return "".join(parser.text)


def _plain(data: bytes) -> bytes:
    """File bytes as a search for text sees them: compressed files unpacked."""
    if data.startswith(b"\x1f\x8b"):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def test_mask_mode_publishes_masked_numbers_everywhere(tmp_path: Path) -> None:
    front = FRONT.replace("公示", f"公示（联系人 {MOBILE}）").replace(
        "review:", "attachments: [附件/名单.csv]\nreview:"
    )
    site = _site(tmp_path, "mask", front=front)
    site.with_file(
        "content/catalog/regulations/附件/名单.csv", f"姓名,证件号码\n张三,{ID_NUMBER}\n"
    )
    assert site.run("check").exit_code == 0
    site.build()
    masked = {
        ID_NUMBER: "340104********1235",
        MOBILE: "138****5678",
        CARD: "622202*********0128",
    }
    html = site.read("output/catalog/regulations/2008-00001.html")
    indexed = _indexed_text(html)
    assert "申请人身份证号码" in indexed
    for raw, shown in masked.items():
        assert shown in html
        assert shown in indexed
        assert raw not in indexed
    assert f"公示（联系人 {masked[MOBILE]}）" in indexed
    assert "340104********1235" in site.read("output/catalog/regulations/附件/名单.csv")
    output = tmp_path / "output"
    for path in output.rglob("*"):
        if path.is_file():
            data = _plain(path.read_bytes())
            for raw in masked:
                assert raw.encode() not in data, f"{raw} in {path.relative_to(output)}"
                assert json.dumps(raw).encode() not in data


def test_mask_mode_keeps_allowed_strings(tmp_path: Path) -> None:
    front = FRONT.replace("review:", f'privacy_allow: ["{MOBILE}"]\nreview:')
    site = _site(tmp_path, "mask", front=front)
    site.build()
    html = site.read("output/catalog/regulations/2008-00001.html")
    assert MOBILE in html and ID_NUMBER not in html and "340104********1235" in html
