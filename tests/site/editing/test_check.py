"""`gkssg check`: every rule of section 6 at its file and line, in human and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from support.cli import run_gkssg
from support.sites import SiteFiles, assert_error

ITEM = "content/catalog/regulations/a.md"
GOOD = """\
---
title: 关于调整失业保险金标准的通知
index_no: "00298196X/2008-00001"
published: 2008-03-05
topic: 社会保险
review: {by: 办公室 张明, date: 2008-03-04}
---
正文第一段。
"""
GB18030_ITEM = GOOD.replace("正文第一段。", "本通知自发布之日起施行。").encode("gb18030")
# A valid resident ID number: 34010419900307123 and its GB 11643 check digit 5.
VALID_ID = "340104199003071235"


def _replace(old: str, new: str, text: str = GOOD) -> str:
    assert old in text
    return text.replace(old, new)


# name: (files, code, file, line); every file of a case replaces or adds to the base site.
Case = tuple[dict[str, str | bytes], str, str, int | None]
CASES: dict[str, Case] = {
    "malformed_yaml": (
        {ITEM: _replace("topic: 社会保险", "topic: [社会保险")},
        "YAML_SYNTAX",
        ITEM,
        5,  # the line of the unclosed `[`, not the next one
    ),
    "unknown_key": (
        {ITEM: _replace("topic:", "topc:")},
        "UNKNOWN_KEY",
        ITEM,
        5,
    ),
    "missing_title": (
        {ITEM: _replace("title: 关于调整失业保险金标准的通知\n", "")},
        "MISSING_FIELD",
        ITEM,
        None,
    ),
    "empty_published": (
        {ITEM: _replace("published: 2008-03-05", "published:")},
        "MISSING_FIELD",
        ITEM,
        4,
    ),
    "bad_date": (
        {ITEM: _replace("published: 2008-03-05", "published: 2008-02-30")},
        "BAD_DATE",
        ITEM,
        4,
    ),
    "written_after_published": (
        {ITEM: _replace("topic:", "written: 2008-03-09\ntopic:")},
        "DATE_ORDER",
        ITEM,
        5,
    ),
    "missing_index_no": (
        {ITEM: _replace('index_no: "00298196X/2008-00001"\n', "")},
        "MISSING_INDEX_NO",
        ITEM,
        None,
    ),
    "malformed_index_no": (
        {ITEM: _replace("00298196X/2008-00001", "00298196X-2008-1")},
        "BAD_INDEX_NO",
        ITEM,
        3,
    ),
    "duplicate_index_no": (
        {ITEM: GOOD, "content/catalog/news/b.md": _replace("关于调整", "又一条关于调整")},
        "DUPLICATE_INDEX_NO",
        "content/catalog/regulations/a.md",
        3,
    ),
    "unknown_column": (
        {"content/catalog/misc/a.md": GOOD},
        "MISSING_COLUMN_INDEX",
        "content/catalog/misc/a.md",
        1,
    ),
    "unknown_topic": (
        {ITEM: _replace("topic: 社会保险", "topic: 社会福利")},
        "UNKNOWN_TOPIC",
        ITEM,
        5,
    ),
    "broken_related": (
        {ITEM: _replace("topic:", 'related: ["00298196X/2008-00099"]\ntopic:')},
        "BROKEN_RELATED",
        ITEM,
        5,
    ),
    "broken_related_entry_in_a_list": (  # the line of the entry, not of the key
        {
            ITEM: _replace(
                "topic:",
                'related:\n  - "00298196X/2008-00001"\n  - "00298196X/2008-00099"\ntopic:',
            )
        },
        "BROKEN_RELATED",
        ITEM,
        7,
    ),
    "missing_attachment": (
        {ITEM: _replace("topic:", "attachments:\n  - 附件/标准表.pdf\ntopic:")},
        "MISSING_ATTACHMENT",
        ITEM,
        6,
    ),
    "attachment_leaves_content": (
        {ITEM: _replace("topic:", "attachments: [../../../site.yaml]\ntopic:")},
        "PATH_ESCAPE",
        ITEM,
        5,
    ),
    "not_utf8": ({ITEM: GB18030_ITEM}, "ENCODING", ITEM, 2),
    "missing_review": (
        {ITEM: _replace("review: {by: 办公室 张明, date: 2008-03-04}\n", "")},
        "MISSING_REVIEW",
        ITEM,
        None,
    ),
    "review_placeholder_not_filled": (
        {ITEM: _replace("{by: 办公室 张明, date: 2008-03-04}", '{by: "", date: ""}')},
        "MISSING_FIELD",
        ITEM,
        6,
    ),
    "review_after_published": (
        {ITEM: _replace("date: 2008-03-04", "date: 2008-03-06")},
        "REVIEW_AFTER_PUBLISHED",
        ITEM,
        6,
    ),
    "personal_data_in_body": (
        {ITEM: GOOD + f"\n申请人身份证号码：{VALID_ID}。\n"},
        "PRIVACY",
        ITEM,
        10,
    ),
}


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> SiteFiles:
    site = SiteFiles(tmp_path)
    for path, text in files.items():
        site.with_file(path, text)
    return site


def _located(report: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    return [(e["file"], e["line"], e["code"]) for e in report["errors"]]


def _assert_json_error(result: Result, code: str, file: str, line: int | None) -> None:
    report = json.loads(result.stdout)
    assert set(report) == {"errors", "warnings"}
    assert (file, line, code) in _located(report), report
    entry = next(
        e for e in report["errors"] if (e["file"], e["line"], e["code"]) == (file, line, code)
    )
    assert entry["message"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_of_section_6_names_file_line_and_code(tmp_path: Path, name: str) -> None:
    files, code, file, line = CASES[name]
    site = _site(tmp_path, files)
    human = site.run("check")
    assert human.exit_code == 1, human.output
    assert_error(human, code, file, line)
    as_json = site.invoke("check", "--format", "json")
    assert as_json.exit_code == 1
    _assert_json_error(as_json, code, file, line)


def test_a_clean_site_passes_with_exit_0(tmp_path: Path) -> None:
    site = _site(tmp_path, {ITEM: GOOD})
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert json.loads(site.invoke("check", "--format", "json").stdout) == {
        "errors": [],
        "warnings": [],
    }


def test_human_output_carries_a_hint_of_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GKSSG_LANG", "en")
    files, *_ = CASES["review_placeholder_not_filled"]
    result = _site(tmp_path, files).run("check")
    # each field named as the file writes its key (`by`, not 审查人)
    assert f"{ITEM}:6: MISSING_FIELD by is empty — write who did the 保密审查" in result.output
    assert f"{ITEM}:6: MISSING_FIELD date is empty — write the day" in result.output


def test_the_encoding_error_names_gb18030_and_the_fix(tmp_path: Path, chinese: None) -> None:
    result = _site(tmp_path, {ITEM: GB18030_ITEM}).run("check")
    assert f"{ITEM}:2: ENCODING 文件不是 UTF-8 编码，看起来是 GB18030/GBK" in result.output
    assert f"gkssg fix-encoding {ITEM}" in result.output


def test_a_site_with_many_defects_reports_all_of_them_in_one_run(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    expected: set[tuple[str, int | None, str]] = set()
    for number, name in enumerate(sorted(CASES), start=1):
        case_files, code, file, line = CASES[name]
        if name == "duplicate_index_no":
            files["content/catalog/news/dup-a.md"] = _replace("00001", "00500")
            files["content/catalog/news/dup-b.md"] = _replace("00001", "00500")
            expected.add(("content/catalog/news/dup-b.md", 3, code))
            continue
        text = case_files.get(file, case_files.get(ITEM))
        assert text is not None
        if isinstance(text, str):  # give each item its own number
            text = text.replace("2008-00001", f"2008-{number:05d}")
        moved = file.replace("/a.md", f"/case{number:02d}.md")
        files[moved] = text
        expected.add((moved, line, code))
    site = _site(tmp_path, files)
    human = site.run("check")
    assert human.exit_code == 1
    for file, line, code in expected:
        assert_error(human, code, file, line)
    report = json.loads(site.invoke("check", "--format", "json").stdout)
    assert expected <= set(_located(report))
    # Drop-outs would show as fewer files with problems than cases.
    assert {file for file, _, _ in expected} <= {e["file"] for e in report["errors"]}


def test_an_item_missing_its_number_still_has_its_other_mistakes_reported(tmp_path: Path) -> None:
    text = _replace('index_no: "00298196X/2008-00001"\n', "")
    text = _replace("topic: 社会保险", "topic: 社会福利\nwritten: 2008-03-09", text)
    result = _site(tmp_path, {ITEM: text}).run("check")
    assert_error(result, "MISSING_INDEX_NO", ITEM, None)
    assert_error(result, "UNKNOWN_TOPIC", ITEM, 4)
    assert_error(result, "DATE_ORDER", ITEM, 5)


def test_bom_and_crlf_keep_the_line_of_every_problem(tmp_path: Path) -> None:
    text = _replace("topic: 社会保险", "topic: 社会福利\ntopc: x")
    text += "\n第二段。\n\n联系电话 13812345678。\n"
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    site = _site(tmp_path, {ITEM: raw})
    result = site.run("check")
    assert_error(result, "UNKNOWN_TOPIC", ITEM, 5)
    assert_error(result, "UNKNOWN_KEY", ITEM, 6)
    assert_error(result, "PRIVACY", ITEM, 13)
    assert raw.split(b"\r\n")[12] == "联系电话 13812345678。".encode()


def test_editors_commands_start_without_the_renderer(tmp_path: Path) -> None:
    """`gkssg check`, `new` and `number` import only their own command's modules: not
    the renderer, the build, the search index, the preview or publishing."""
    site = SiteFiles(tmp_path)
    site.write()
    heavy = ("pipeline", "render", "outputs", "search", "serve", "publish")
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gkssg.cli import main\n"
        "result = CliRunner().invoke(main, sys.argv[1:])\n"
        f"loaded = [m for m in sys.modules if m.split('.')[:2][-1] in {heavy!r}]\n"
        "print(result.exit_code, sorted(loaded))\n"
    )
    for command in (["check"], ["number", "--dry-run"], ["new", "catalog/regulations", "测试标题"]):
        done = subprocess.run(
            [sys.executable, "-c", script, "--site", str(tmp_path), *command],
            capture_output=True,
            text=True,
            check=True,
        )
        code, loaded = done.stdout.split(" ", 1)
        assert code == "0", (command, done.stdout, done.stderr)
        assert loaded.strip() == "[]", command
    listed = run_gkssg("--help", check=True).stdout
    names = ["build", "check", "fix-encoding", "init", "new", "number", "publish", "report"]
    assert all(f"\n  {name} " in listed for name in [*names, "serve"]), listed
