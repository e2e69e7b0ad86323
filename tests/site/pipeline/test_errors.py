"""Each class of content error: `path:line: CODE message`, exit 1, and the rest reported too."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.sites import SiteFiles, assert_error, column_file, default_item, item_file

GOOD = item_file(**default_item(1))
# Every case also carries this unrelated mistake, which must be reported in the same run.
OTHER_FILE = "content/catalog/news/other.md"
OTHER = item_file(**default_item(9, published="2008-02-30"))  # BAD_DATE on line 4


def _case(site: SiteFiles, files: dict[str, str]) -> None:
    site.with_file(OTHER_FILE, OTHER)
    for path, text in files.items():
        site.with_file(path, text)


CASES = {
    "malformed_yaml": (
        {"content/catalog/regulations/a.md": "---\ntitle: 标题\npublished: [2008-03-05\n---\n"},
        "YAML_SYNTAX",
        "content/catalog/regulations/a.md",
        3,  # the line of the unclosed `[`, not the next one
    ),
    "unknown_key": (
        {"content/catalog/regulations/a.md": GOOD.replace("title:", "titel: x\ntitle:")},
        "UNKNOWN_KEY",
        "content/catalog/regulations/a.md",
        2,
    ),
    "missing_title": (
        {"content/catalog/regulations/a.md": item_file(**default_item(1, title=None))},
        "MISSING_FIELD",
        "content/catalog/regulations/a.md",
        None,
    ),
    "missing_published": (
        {"content/catalog/regulations/a.md": item_file(**default_item(1, published=None))},
        "MISSING_FIELD",
        "content/catalog/regulations/a.md",
        None,
    ),
    "impossible_date": (
        {"content/catalog/regulations/a.md": item_file(**default_item(1, published="2008-13-01"))},
        "BAD_DATE",
        "content/catalog/regulations/a.md",
        4,
    ),
    "duplicate_index_no": (
        {
            "content/catalog/regulations/a.md": GOOD,
            "content/catalog/regulations/b.md": item_file(**default_item(1, title="另一条")),
        },
        "DUPLICATE_INDEX_NO",
        "content/catalog/regulations/b.md",
        3,
    ),
    "malformed_index_no": (
        {"content/catalog/regulations/a.md": item_file(**default_item(1, index_no="2008-1"))},
        "BAD_INDEX_NO",
        "content/catalog/regulations/a.md",
        3,
    ),
    "code_not_extending_parent": (
        {"content/catalog/regulations/_index.md": column_file("0503", "规范性文件")},
        "BAD_COLUMN_CODE",
        "content/catalog/regulations/_index.md",
        3,
    ),
    "duplicate_column_code": (
        {"content/catalog/news/_index.md": column_file("0203", "部门动态", "news")},
        "DUPLICATE_COLUMN_CODE",
        "content/catalog/regulations/_index.md",
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_error_class_is_reported_with_file_line_and_code(tmp_path: Path, name: str) -> None:
    files, code, path, line = CASES[name]
    site = SiteFiles(tmp_path)
    _case(site, files)
    for command in (("check",), ("build",)):
        result = site.run(*command)
        assert result.exit_code == 1, result.output
        assert_error(result, code, path, line)
        assert_error(result, "BAD_DATE", OTHER_FILE, 4)
    assert not (tmp_path / "output").exists()
    report = site.check_json()
    assert {"file": path, "line": line, "code": code} in [
        {k: e[k] for k in ("file", "line", "code")} for e in report["errors"]
    ]


def test_unquoted_column_code_is_read_as_written_not_as_octal(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.with_file(
        "content/catalog/regulations/_index.md",
        "---\ntitle: 规范性文件\ncode: 0203\nlayout: catalog\n---\n",
    )
    site.with_items(1)
    site.build()
    assert "（编码 0203）" in site.read("output/catalog/regulations/index.html")


def test_unknown_key_in_site_yaml_names_its_line(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.config = site.config.replace("base_url: /", "base_url: /\nthemes: dark")
    result = site.run("check")
    assert result.exit_code == 1
    assert_error(result, "UNKNOWN_KEY", "site.yaml", 6)


def test_bom_and_crlf_do_not_shift_line_numbers(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    text = item_file(**default_item(1, published="2008-02-30"))
    site.with_file(
        "content/catalog/regulations/a.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    )
    result = site.run("check")
    assert_error(result, "BAD_DATE", "content/catalog/regulations/a.md", 4)


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.build()
    before = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    site.with_file(OTHER_FILE, OTHER)
    assert site.run("build").exit_code == 1
    after = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    assert before == after
