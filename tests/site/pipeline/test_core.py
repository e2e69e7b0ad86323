"""The core build: the sample site's pages, links, layouts, determinism and `gkssg init`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gkssg.base.errors import Problems
from gkssg.content.site import load_site

from conftest import REPO
from support.cli import run_gkssg
from support.links import broken_links_on_disk
from support.sites import SiteFiles, default_item
from support.trees import tree_digest


@pytest.fixture(scope="module")
def sample_model(sample_site: Path) -> object:
    problems = Problems()
    site = load_site(sample_site, problems)
    assert site is not None and not problems.has_errors
    return site


def test_every_published_item_has_its_page_at_its_index_number_url(
    sample_site: Path, sample_model: object
) -> None:
    site = sample_model
    out = sample_site / "output"
    items = site.catalog.items  # type: ignore[attr-defined]
    assert len(items) >= 40
    for item in items:
        slug = item.index_no.text.rsplit("/", 1)[-1]
        page = out / item.column / f"{slug}.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert item.index_no.text in html
        assert "信息索引表" in html
    drafts = [i for i in site.content.items if i.draft]  # type: ignore[attr-defined]
    assert drafts == []  # read without --drafts
    assert not any(
        "2009年一季度全省就业形势分析会召开" in p.read_text("utf-8") for p in out.rglob("*.html")
    )


def test_column_list_pages_paginate_newest_first(sample_site: Path) -> None:
    out = sample_site / "output" / "catalog" / "regulations"
    first = (out / "index.html").read_text(encoding="utf-8")
    second = (out / "index_2.html").read_text(encoding="utf-8")
    assert not (out / "index_3.html").exists()
    assert "第 1 页，共 2 页" in first
    assert "第 2 页，共 2 页" in second
    dates = [part[:10] for part in first.split('<time datetime="')[1:]]
    assert dates == sorted(dates, reverse=True)
    assert '<th scope="col">索引号</th>' in first and '<th scope="col">文号</th>' in first


def test_home_404_and_robots_exist_and_show_the_coded_tree(sample_site: Path) -> None:
    out = sample_site / "output"
    home = (out / "index.html").read_text(encoding="utf-8")
    tree = (("01", "政府信息公开指南"), ("0203", "规范性文件"), ("04", "政府信息公开年报"))
    for code, title in tree:
        assert f'<span class="code">{code}</span> {title}' in home
    assert 'role="search"' in home
    assert "页面未找到" in (out / "404.html").read_text(encoding="utf-8")
    assert "Sitemap: https://xxgk.example.gov.cn/sitemap.xml" in (out / "robots.txt").read_text()


def test_pages_carry_the_government_site_meta_tags(sample_site: Path) -> None:
    out = sample_site / "output"
    item = (out / "catalog/regulations/2008-00010.html").read_text(encoding="utf-8")
    for name in (
        "SiteName",
        "SiteDomain",
        "SiteIDCode",
        "ColumnName",
        "ArticleTitle",
        "PubDate",
        "ContentSource",
    ):
        assert f'<meta name="{name}"' in item
    column = (out / "catalog/regulations/index.html").read_text(encoding="utf-8")
    for name in ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"):
        assert f'<meta name="{name}"' in column
    assert '<meta name="SiteIDCode" content="3400000025">' in column


def test_item_page_shows_attachment_with_size_related_and_neighbours(sample_site: Path) -> None:
    out = sample_site / "output"
    html = (out / "catalog/regulations/2008-00010.html").read_text(encoding="utf-8")
    pdf = out / "catalog/regulations/附件/失业保险金调整标准表.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "全省失业保险金调整标准表" in html and "（PDF，" in html
    # the 政策解读 names this regulation; the link goes both ways
    assert "/catalog/interpretation/2008-00011.html" in html
    explained = (out / "catalog/interpretation/2008-00011.html").read_text(encoding="utf-8")
    assert "/catalog/regulations/2008-00010.html" in explained
    assert "上一篇" in html and "下一篇" in html


def test_every_internal_link_and_asset_resolves_to_a_file(sample_site: Path) -> None:
    assert broken_links_on_disk(sample_site / "output") == []


def test_nothing_is_loaded_from_another_host(sample_site: Path) -> None:
    for page in (sample_site / "output").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ('src="http', 'src="//', 'rel="stylesheet" href="http'):
            assert marker not in html, page


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(45)
    site.build("--out", str(tmp_path / "one"))
    site.build("--out", str(tmp_path / "two"))
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_a_sites_own_layout_overrides_the_default_file_by_file(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(2)
    site.with_file(
        "layouts/item.html",
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ item.title }}</p>'
        "{% endblock %}",
    )
    site.with_file("layouts/static/site.css", "body { color: black; }\n")
    site.build()
    page = site.read("output/catalog/regulations/2008-00001.html")
    assert '<p class="mine">测试信息1</p>' in page
    assert "信息索引表" not in page
    assert "信息索引表" not in site.read("output/index.html")  # home keeps the default theme
    assert "站内搜索" in page  # base.html still comes from the default theme
    assert site.read("output/static/site.css") == "body { color: black; }\n"
    assert (tmp_path / "output/static/prefs.js").is_file()


def test_base_url_prefixes_every_internal_link(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(25)
    site.build("--base-url", "/xxgkweb/")
    assert broken_links_on_disk(tmp_path / "output", "/xxgkweb/") == []
    home = site.read("output/index.html")
    assert 'href="/xxgkweb/catalog/regulations/"' in home
    assert 'href="/catalog' not in home


def test_drafts_are_built_only_with_the_drafts_flag(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(1)
    site.with_item("catalog/news/draft.md", **default_item(2, title="草稿信息", draft=True))
    site.build()
    assert not (tmp_path / "output/catalog/news/2008-00002.html").exists()
    site.build("--drafts")
    assert "草稿信息" in site.read("output/catalog/news/2008-00002.html")


def test_init_then_build_works_outside_the_repository(tmp_path: Path) -> None:
    env = {"PYTHONPATH": "", "GKSSG_LANG": "en"}
    run_gkssg("init", "newsite", cwd=tmp_path, env=env, check=True)
    result = run_gkssg("build", cwd=tmp_path / "newsite", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "newsite/output/index.html").is_file()
    again = run_gkssg("init", "newsite", cwd=tmp_path, env=env)
    assert again.returncode == 2 and "holds a site already" in again.stderr


def test_the_wheel_ships_the_default_theme(tmp_path: Path) -> None:
    """An installed gkssg (from the wheel, not this checkout) builds a new site."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    wheel = next((tmp_path / "dist").glob("gkssg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "gkssg/layouts/base.html" in names and "gkssg/layouts/static/site.css" in names
    assert "gkssg/editing/starter/site.yaml" in names  # what gkssg init writes
    target = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import gkssg, sys; print(gkssg.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(target) in where
    run_gkssg("init", "s", cwd=tmp_path, env=env, check=True)
    built = run_gkssg("build", cwd=tmp_path / "s", env=env)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "s/output/static/site.css").is_file()


def test_no_search_skips_only_the_search_index(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.build("--no-search")
    assert (tmp_path / "output/search/index.html").is_file()
    assert not (tmp_path / "output/pagefind").exists()
    site.build()
    assert list((tmp_path / "output/pagefind").glob("*/pagefind-entry.json"))
