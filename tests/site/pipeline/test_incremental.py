"""A build that reuses the previous output and cache equals a clean build, byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from gkssg.cache.store import BuildCache
from gkssg.render import renderer as render

from support.sites import (
    SiteFiles,
    column_file,
    default_item,
    edit_another_item,
    edit_item,
    item_file,
)
from support.trees import folders, tree_digest


def _edit_title(root: Path) -> None:  # changes neighbours' prev/next links and list pages
    path = root / "content/catalog/regulations/item007.md"
    path.write_text(path.read_text("utf-8").replace("测试信息7", "改过标题的信息"), "utf-8")


def _edit_column(root: Path) -> None:
    (root / "content/catalog/regulations/_index.md").write_text(
        column_file("0203", "规范性文件（新）", "catalog", per_page=7), "utf-8"
    )


def _edit_layout(root: Path) -> None:
    (root / "layouts").mkdir(exist_ok=True)
    (root / "layouts/404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>找不到了</h1>{% endblock %}', "utf-8"
    )


def _edit_config(root: Path) -> None:
    path = root / "site.yaml"
    path.write_text(
        path.read_text("utf-8").replace("测试厅政府信息公开", "测试厅信息公开"), "utf-8"
    )


def _delete_item(root: Path) -> None:
    (root / "content/catalog/regulations/item010.md").unlink()


def _rename_item(root: Path) -> None:
    source = root / "content/catalog/regulations/item011.md"
    source.rename(root / "content/catalog/news/moved.md")


def _edit_date(root: Path) -> None:  # another year: the statistics and a search bundle
    path = root / "content/catalog/regulations/item006.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("published: '2008-03-07'", "published: '2009-06-01'"), "utf-8")


def _relate_items(root: Path) -> None:  # item004's 相关信息 lists item003 now, the reverse way
    (root / "content/catalog/news/related.md").write_text(
        item_file(**default_item(98, related=["00298196X/2008-00004"])), "utf-8"
    )


def _mask(root: Path) -> None:  # every published text masked: every page and row again
    path = root / "site.yaml"
    path.write_text(path.read_text("utf-8").replace("privacy: error", "privacy: mask"), "utf-8")


def _add_item(root: Path) -> None:
    (root / "content/catalog/news/new.md").write_text(
        item_file(**default_item(99, title="新增信息", published="2008-12-31")), "utf-8"
    )


CHANGES: dict[str, Callable[[Path], None]] = {
    "item_body": edit_item,
    "item_title": _edit_title,
    "item_date": _edit_date,
    "column": _edit_column,
    "layout": _edit_layout,
    "site_yaml": _edit_config,
    "deletion": _delete_item,
    "rename": _rename_item,
    "addition": _add_item,
    "related": _relate_items,
    "privacy_mask": _mask,
}


def _remove_column(root: Path) -> None:  # its folder of list pages is gone from the output
    shutil.rmtree(root / "content/catalog/news")


CHANGES["column_removed"] = _remove_column


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_rebuild_after_a_change_equals_a_clean_build(tmp_path: Path, name: str) -> None:
    """The second build links from the first's output into a new folder; the third
    writes into the first's output (the spare: gkssg.outputs.staging), an item older there."""
    site = SiteFiles(tmp_path / "site").with_items(30)
    site.with_item("catalog/news/item_news.md", **default_item(97, title="动态信息"))
    site.build()
    root = site.root
    assert (root / ".gkssg/cache/build.pickle").is_file()
    edit_another_item(root)
    assert site.invoke("build").exit_code == 0
    assert (root / ".output.spare").is_dir()
    CHANGES[name](root)
    rebuilt = site.invoke("build")  # reuses the cache, the previous output and the spare
    assert rebuilt.exit_code == 0, rebuilt.output
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".gkssg", ".output*"))
    assert SiteFiles(clean).invoke("build").exit_code == 0
    assert tree_digest(root / "output") == tree_digest(clean / "output")
    assert folders(root / "output") == folders(clean / "output")


def test_a_no_change_rebuild_renders_nothing_and_links_every_page(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(30)
    site.build()
    page = tmp_path / "output/catalog/regulations/2008-00003.html"
    inode = page.stat().st_ino
    site.build()
    assert page.stat().st_ino == inode  # the same file, hard-linked, not rewritten
    page5 = tmp_path / "output/catalog/regulations/2008-00005.html"
    inode5 = page5.stat().st_ino
    edit_item(tmp_path)
    assert site.invoke("build").exit_code == 0
    assert page5.stat().st_ino != inode5
    assert "修改后的正文" in page5.read_text("utf-8")
    assert page.stat().st_ino == inode


def test_a_build_elsewhere_does_not_cost_output_its_cache(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(5)
    site.build()
    page = tmp_path / "site/output/catalog/regulations/2008-00003.html"
    inode = page.stat().st_ino
    assert site.invoke("build", "--out", str(tmp_path / "elsewhere")).exit_code == 0
    assert site.invoke("build").exit_code == 0
    assert page.stat().st_ino == inode  # reused from the previous output, not rendered again


def test_the_statistics_page_is_rendered_again_only_when_a_figure_can_change(
    tmp_path: Path,
) -> None:
    site = SiteFiles(tmp_path).with_items(8)
    site.build()
    stats = tmp_path / "output/stats/index.html"
    inode = stats.stat().st_ino
    assert site.invoke("build").exit_code == 0
    assert stats.stat().st_ino == inode  # its figures cost 0.5 s at 10,000 items
    edit_item(tmp_path)  # a body: not a figure
    assert site.invoke("build").exit_code == 0
    assert stats.stat().st_ino == inode
    _edit_date(tmp_path)
    assert site.invoke("build").exit_code == 0
    assert stats.stat().st_ino != inode
    assert "2009" in stats.read_text("utf-8")


def test_pages_and_markdown_made_by_other_code_are_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.build()
    page = tmp_path / "output/catalog/regulations/2008-00002.html"
    inode = page.stat().st_ino
    markdown = set(BuildCache.load(tmp_path, tmp_path / "output").markdown)
    monkeypatch.setattr(render, "code_fingerprint", lambda: "another gkssg")
    assert site.invoke("build").exit_code == 0
    assert page.stat().st_ino != inode
    again = set(BuildCache.load(tmp_path, tmp_path / "output").markdown) - markdown
    assert markdown and len(again) == len(markdown)  # each rendered anew, not from the cache
