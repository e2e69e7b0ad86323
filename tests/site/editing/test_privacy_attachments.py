"""Personal data where it really is: ID numbers written in groups, and the text inside
.xlsx, .docx and .pdf attachments, each finding named with its attachment and place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.office import write_docx, write_pdf, write_xlsx
from support.sites import SITE_YAML, SiteFiles, assert_error

#: these tests read gkssg as the editors do: in Chinese, the default language
pytestmark = pytest.mark.usefixtures("chinese")

ITEM = "content/catalog/regulations/a.md"
FOLDER = "content/catalog/regulations/附件"
# 420102 19800101 123 and its GB 11643 check digit 1: the issue's own example
ID_NUMBER = "420102198001011231"
WRONG_CHECK = "420102198001011232"
MOBILE = "13812345678"
FRONT = """\
---
title: 2008年失业保险金领取人员名单公示
index_no: "00298196X/2008-00001"
published: 2008-03-05
review: {by: 办公室, date: 2008-03-04}
attachments: [附件/名单.xlsx, 附件/说明.docx, 附件/公示.pdf]
---
公示如下。
"""
WITHOUT_ATTACHMENTS = FRONT.replace(
    "attachments: [附件/名单.xlsx, 附件/说明.docx, 附件/公示.pdf]\n", ""
)
# What never is personal data, in a spreadsheet, a document and a PDF alike.
NEAR_MISSES = [
    f"No. {WRONG_CHECK} is wrong",  # Latin text: the PDF writer's core font has no Chinese
    "420102 19800101 1232",
    "420102-19800101-1232",
    "2008-03-05 20080305",
    "00298196X/2008-00012",
    "0551-62871234 12333",
]


def _site(root: Path, privacy: str = "error") -> SiteFiles:
    config = SITE_YAML.replace("privacy: error", f"privacy: {privacy}")
    return SiteFiles(root, config=config).with_file(ITEM, FRONT)


def _attachments(
    root: Path, xlsx: dict[str, dict[str, object]], docx: dict, pdf: list[str]
) -> None:
    write_xlsx(root / FOLDER / "名单.xlsx", xlsx)
    write_docx(root / FOLDER / "说明.docx", **docx)
    write_pdf(root / FOLDER / "公示.pdf", pdf)


def _errors(site: SiteFiles, language: str = "zh") -> list[dict[str, object]]:
    result = site.invoke("--lang", language, "check", "--format", "json")
    assert "Traceback" not in result.output
    return list(json.loads(result.stdout)["errors"])


def test_each_office_attachment_is_reported_with_its_place(tmp_path: Path) -> None:
    site = _site(tmp_path)
    site.write()
    _attachments(
        tmp_path,
        {
            "名单": {"A1": "姓名", "B1": "证件号码", "A4": "张三", "C4": ID_NUMBER},
            "汇总": {"B7": 3},
        },
        {"paragraphs": ["申请人名单", "联系人"], "table": [["姓名", "手机"], ["李四", MOBILE]]},
        ["Notice", "Applicant 420102-19800101-1231"],
    )
    errors = _errors(site)
    found = sorted((e["file"], e["line"], e["code"]) for e in errors)
    assert found == [
        (f"{FOLDER}/公示.pdf", None, "PRIVACY"),
        (f"{FOLDER}/名单.xlsx", None, "PRIVACY"),
        (f"{FOLDER}/说明.docx", None, "PRIVACY"),
    ], errors
    messages = {str(e["file"]).rsplit("/", 1)[1]: str(e["message"]) for e in errors}
    assert "居民身份证号码（420…31），位于名单!C4" in messages["名单.xlsx"]
    assert "手机号码（138…78），位于表格1第2行第2列" in messages["说明.docx"]
    assert "居民身份证号码（420…31），位于第2页" in messages["公示.pdf"]
    english = {str(e["file"]).rsplit("/", 1)[1]: str(e["message"]) for e in _errors(site, "en")}
    assert "a resident ID number (420…31) would be published, in 名单!C4" in english["名单.xlsx"]
    assert "table 1, row 2, column 2" in english["说明.docx"]
    assert "in page 2" in english["公示.pdf"]


def test_every_sheet_a_footer_and_a_number_typed_as_a_number(tmp_path: Path) -> None:
    site = _site(tmp_path)
    site.write()
    _attachments(
        tmp_path,
        {"Sheet1": {"A1": "名单"}, "隐藏的表": {"D9": int(MOBILE)}},
        {"paragraphs": ["说明"], "footer": "经办人身份证 420102 19800101 1231"},
        ["Notice"],
    )
    messages = {str(e["file"]).rsplit("/", 1)[1]: str(e["message"]) for e in _errors(site)}
    assert len(messages) == 2, messages
    assert "手机号码（138…78），位于隐藏的表!D9" in messages["名单.xlsx"]
    assert "居民身份证号码（420…31），位于第1节的页脚" in messages["说明.docx"]


def test_near_misses_in_attachments_pass(tmp_path: Path) -> None:
    site = _site(tmp_path)
    site.write()
    cells = {f"A{row}": text for row, text in enumerate(NEAR_MISSES, start=1)}
    _attachments(
        tmp_path,
        {"名单": cells},
        {"paragraphs": NEAR_MISSES, "table": [NEAR_MISSES[:2]], "footer": NEAR_MISSES[2]},
        NEAR_MISSES,
    )
    assert _errors(site) == []
    assert site.invoke("build").exit_code == 0


def test_privacy_allow_lets_an_attachments_number_through(tmp_path: Path) -> None:
    site = _site(tmp_path).with_file(
        ITEM, FRONT.replace("review:", f'privacy_allow: ["{MOBILE}"]\nreview:')
    )
    site.write()
    _attachments(tmp_path, {"名单": {"B2": MOBILE}}, {"paragraphs": [MOBILE]}, [MOBILE])
    assert _errors(site) == []


def test_mask_mode_cannot_mask_an_office_file_so_it_is_an_error(tmp_path: Path) -> None:
    site = _site(tmp_path, "mask").with_file(
        ITEM, FRONT.replace("公示如下。", f"联系人 {MOBILE}。")
    )
    site.write()
    _attachments(tmp_path, {"名单": {"C4": ID_NUMBER}}, {"paragraphs": ["说明"]}, ["Notice"])
    result = site.invoke("check")
    assert result.exit_code == 1
    assert_error(result, "PRIVACY", f"{FOLDER}/名单.xlsx", None)
    assert "gkssg 无法对办公文档或 PDF 文件中的号码做遮盖处理" in result.output
    assert result.output.count("PRIVACY") == 1  # the body's number is masked, not an error
    write_xlsx(tmp_path / FOLDER / "名单.xlsx", {"名单": {"C4": "张三"}})  # the fix
    site.invoke("build")
    assert (tmp_path / "output" / "catalog/regulations/附件/名单.xlsx").is_file()
    assert "138****5678" in (tmp_path / "output/catalog/regulations/2008-00001.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("kind", ["encrypted_pdf", "damaged_xlsx", "damaged_docx", "damaged_pdf"])
def test_a_file_that_cannot_be_opened_is_reported_not_a_crash(tmp_path: Path, kind: str) -> None:
    site = _site(tmp_path)
    site.write()
    _attachments(tmp_path, {"名单": {"A1": "名单"}}, {"paragraphs": ["说明"]}, ["Notice"])
    name = {"encrypted_pdf": "公示.pdf", "damaged_xlsx": "名单.xlsx"}.get(kind, "")
    name = name or {"damaged_docx": "说明.docx", "damaged_pdf": "公示.pdf"}[kind]
    target = tmp_path / FOLDER / name
    if kind == "encrypted_pdf":
        write_pdf(target, [f"ID {ID_NUMBER}"], user_password="secret")
    else:
        target.write_bytes(target.read_bytes()[:200])  # cut short: a broken upload
    result = site.invoke("check", "--format", "json")
    assert "Traceback" not in result.output
    found = json.loads(result.stdout)
    # a password keeps everyone out: an error; a damaged file may still open in a
    # lenient viewer: a warning, to look at by hand
    severity = "errors" if kind == "encrypted_pdf" else "warnings"
    problems = found[severity]
    assert [(e["file"], e["code"]) for e in problems] == [(f"{FOLDER}/{name}", "UNREADABLE")]
    assert "无法打开此附件检查其中的个人信息" in str(problems[0]["message"])
    other = "warnings" if severity == "errors" else "errors"
    assert found[other] == []
    assert (result.exit_code == 1) is (severity == "errors")
