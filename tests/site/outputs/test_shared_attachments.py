"""Attachments in a shared folder: ``../附件/统计公报.pdf`` from two columns is one file,
published once at its own place and linked from both pages; a path that leaves
content/ stays PATH_ESCAPE."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from support.office import write_pdf
from support.sites import SiteFiles, assert_error, default_item

SHARED = "content/catalog/附件/统计公报.pdf"
ITEMS = {
    "content/catalog/regulations/a.md": 1,
    "content/catalog/news/b.md": 2,
}


def _site(root: Path, path: str) -> SiteFiles:
    write_pdf(root / SHARED, ["Statistical bulletin 2008"])
    site = SiteFiles(root)
    for source, seq in ITEMS.items():
        attachments = [{"path": path, "title": "统计公报"}]
        site.with_item(
            source.removeprefix("content/"), **default_item(seq, attachments=attachments)
        )
    return site


def _attachment_links(html: str) -> list[str]:
    return [unquote(href) for href in re.findall(r'href="([^"]+\.pdf)"', html)]


def test_two_columns_link_one_file_in_their_parent_columns_folder(
    tmp_path: Path, chinese: None
) -> None:
    site = _site(tmp_path, "../附件/统计公报.pdf")
    check = site.run("check")
    assert check.exit_code == 0 and "0 个错误，0 个警告" in check.output
    site.build()
    output = tmp_path / "output"
    published = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.pdf"))
    assert published == ["catalog/附件/统计公报.pdf"]
    assert (output / "catalog/附件/统计公报.pdf").read_bytes() == (tmp_path / SHARED).read_bytes()
    pages = [output / "catalog/regulations/2008-00001.html"]
    pages.append(output / "catalog/news/2008-00002.html")
    links = [_attachment_links(page.read_text(encoding="utf-8")) for page in pages]
    assert links[0] == links[1] == ["/catalog/附件/统计公报.pdf"], links


def test_the_same_file_named_two_ways_is_one_file(tmp_path: Path) -> None:
    site = _site(tmp_path, "../附件/统计公报.pdf")
    item = default_item(3, attachments=["../../catalog/./附件/统计公报.pdf"])
    site.with_item("catalog/news/c.md", **item)
    site.build()
    assert [p.name for p in (tmp_path / "output").rglob("*.pdf")] == ["统计公报.pdf"]


@pytest.mark.parametrize(
    "path", ["../../../附件/统计公报.pdf", "../附件/../../../site.yaml", "../../../site.yaml"]
)
def test_a_path_that_leaves_content_is_still_refused(tmp_path: Path, path: str) -> None:
    site = _site(tmp_path, path)
    result = site.run("check")
    assert result.exit_code == 1
    assert_error(result, "PATH_ESCAPE", "content/catalog/regulations/a.md", 9)
