"""A GB18030 item: refused naming its encoding, converted by `gkssg fix-encoding`, then built.

The converted item as Chromium shows it is checked in browser/test_fix_encoding.py."""

from __future__ import annotations

from pathlib import Path

from support.sites import SiteFiles, assert_error

ITEM = "content/catalog/regulations/失业保险金调整通知.md"
TEXT = """\
---
title: 关于调整全省失业保险金标准的通知
index_no: "00298196X/2008-00010"
published: 2008-03-04 14:30
review: {by: 办公室 张明, date: 2008-03-03}
---

各市劳动保障局：经省政府同意，自2008年4月1日起调整全省失业保险金标准。
"""


def test_a_gb18030_item_is_refused_then_fixed_and_built(tmp_path: Path) -> None:
    original = TEXT.replace("\n", "\r\n").encode("gb18030")
    site = SiteFiles(tmp_path).with_file(ITEM, original)
    check = site.run("check")
    assert check.exit_code == 1
    assert_error(check, "ENCODING", ITEM, 2)
    assert "GB18030" in check.output and f"gkssg fix-encoding {ITEM}" in check.output
    assert site.invoke("build").exit_code == 1

    fixed = site.invoke("fix-encoding", ITEM)
    assert fixed.exit_code == 0, fixed.output
    assert f"{ITEM}: converted from GB18030 to UTF-8" in fixed.stdout
    assert (tmp_path / ITEM).read_bytes() == TEXT.replace("\n", "\r\n").encode("utf-8")
    assert (tmp_path / f"{ITEM}.bak").read_bytes() == original

    assert site.invoke("check").exit_code == 0
    assert site.invoke("build").exit_code == 0
    html = site.read("output/catalog/regulations/2008-00010.html")
    assert "<h1>关于调整全省失业保险金标准的通知</h1>" in html
    assert "经省政府同意，自2008年4月1日起调整全省失业保险金标准。" in html


def test_fix_encoding_leaves_utf8_files_alone(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_file(ITEM, TEXT)
    result = site.run("fix-encoding", ITEM)
    assert result.exit_code == 0
    assert "already UTF-8" in result.output
    assert (tmp_path / ITEM).read_text(encoding="utf-8") == TEXT
    assert not (tmp_path / f"{ITEM}.bak").exists()


def test_fix_encoding_refuses_files_it_cannot_read(tmp_path: Path) -> None:
    garbage = b"---\ntitle: \x81\x20\xff\xfe broken\n---\n"
    site = SiteFiles(tmp_path).with_file(ITEM, garbage)
    result = site.run("fix-encoding", ITEM)
    assert result.exit_code == 1
    assert "neither UTF-8 nor GB18030" in result.output
    assert (tmp_path / ITEM).read_bytes() == garbage
    assert not (tmp_path / f"{ITEM}.bak").exists()


def test_fix_encoding_without_backup_and_never_over_a_backup(tmp_path: Path) -> None:
    encoded = TEXT.encode("gbk")
    site = SiteFiles(tmp_path).with_file(ITEM, encoded).with_file(f"{ITEM}.bak", b"older backup")
    refused = site.run("fix-encoding", ITEM)
    assert refused.exit_code == 1 and "already exists" in refused.output
    assert (tmp_path / ITEM).read_bytes() == encoded
    assert (tmp_path / f"{ITEM}.bak").read_bytes() == b"older backup"
    done = site.invoke("fix-encoding", "--no-backup", ITEM)
    assert done.exit_code == 0, done.output
    assert (tmp_path / ITEM).read_text(encoding="utf-8") == TEXT
    assert (tmp_path / f"{ITEM}.bak").read_bytes() == b"older backup"


def test_fix_encoding_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = SiteFiles(tmp_path).run("fix-encoding", "content/nope.md")
    assert result.exit_code == 2
    assert "no such file" in result.output
