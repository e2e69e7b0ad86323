"""``gkssg serve`` shows content errors in the reader's language: the overlay in a real
Chromium and the page served before any build succeeded, Chinese by default and
English with ``--lang en``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.preview import running_preview, save
from support.sites import SiteFiles

pytestmark = pytest.mark.browser

ITEM = "content/catalog/regulations/item001.md"
ITEM_URL = "catalog/regulations/2008-00001.html"
LIVE = "html[data-gkssg-live=connected]"
CHINESE = {"GKSSG_LANG": ""}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_the_overlay_speaks_chinese_by_default(tmp_path: Path, page: Any) -> None:
    root = SiteFiles(tmp_path).with_items(3).write()
    source = root / ITEM
    original = source.read_text("utf-8")
    assert original.splitlines()[3] == "published: '2008-03-02'"
    with running_preview(root, env=CHINESE) as preview:
        page.goto(preview.url + ITEM_URL)
        page.wait_for_selector(LIVE, state="attached", timeout=10_000)
        save(source, original.replace("2008-03-02", "2008-02-30"))
        overlay = page.wait_for_selector("#gkssg-overlay", timeout=10_000)
        text = overlay.inner_text()
        assert "内容有错误，预览暂停更新" in text
        assert "修改并保存下列文件后，页面会自动恢复。" in text
        assert f"{ITEM}:4: BAD_DATE published“2008-02-30”不是有效的日期：没有这一天" in text
        assert "is not a valid date" not in text
        save(source, original)
        page.wait_for_selector("#gkssg-overlay", state="detached", timeout=10_000)


def test_before_a_first_build_every_page_lists_the_problems_in_the_language(
    tmp_path: Path,
) -> None:
    site = SiteFiles(tmp_path).with_items(1)
    site.with_file("content/catalog/regulations/bad.md", "没有头部字段的文件\n")
    root = site.write()
    with running_preview(root, env=CHINESE) as preview:
        status, body = preview.get("/")
    assert status == 500  # no page to show: the problems instead
    assert '<html lang="zh-CN">' in body and "<h1>内容有错误，预览暂停更新</h1>" in body
    assert "bad.md:1: NO_FRONT_MATTER 文件必须以头部字段开头" in body
    with running_preview(root, env={"GKSSG_LANG": "en"}) as preview:
        status, body = preview.get("/")
    assert status == 500 and '<html lang="en">' in body
    assert "<h1>The content has errors; the preview is not updated</h1>" in body
    assert "bad.md:1: NO_FRONT_MATTER the file must start with a front-matter block" in body
