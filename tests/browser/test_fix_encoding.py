"""A GB18030 item converted by `gkssg fix-encoding`, built, and read in a real Chromium.
The command itself is checked without a browser in site/editing/test_fix_encoding.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.sites import SiteFiles

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


@pytest.mark.browser
def test_chromium_shows_the_converted_item_in_chinese(tmp_path: Path, browser: Any) -> None:
    site = SiteFiles(tmp_path).with_file(ITEM, TEXT.encode("gb18030"))
    assert site.run("fix-encoding", "--no-backup", ITEM).exit_code == 0
    assert site.invoke("build").exit_code == 0
    page = browser.new_page()
    try:
        page.goto((tmp_path / "output/catalog/regulations/2008-00010.html").as_uri())
        assert page.inner_text("h1") == "关于调整全省失业保险金标准的通知"
        assert "经省政府同意" in page.inner_text("article")
    finally:
        page.close()
