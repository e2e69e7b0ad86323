"""The site as the public and the web server meet it (issue: accessible, valid, intranet-ready).

The sample site is built with ``--base-url /xxgkweb/`` and served by Debian's
nginx under ``/xxgkweb/``; Debian's Chromium loads it. Checked: axe-core's
WCAG 2.1 A/AA rules in three display modes, the W3C Nu HTML Checker, every
link and asset, requests to other hosts, the 375 px layout, printing, and the
keyboard path through the 适老化 switches.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from conftest import REPO, require_tool
from support.links import crawl
from support.nginx import nginx_available, serve_with_nginx

PREFIX = "/xxgkweb/"
TOOLS = REPO / "tests" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: name → path under the site root (each must exist in the sample build)
PAGES = {
    "home": "",
    "catalog column": "catalog/regulations/",
    "news column": "catalog/news/",
    "item with table and attachment": "catalog/statistics/2008-00018.html",
    "item with attachment": "catalog/regulations/2008-00010.html",
    "search": "search/",
    "stats": "stats/",
    "404": "404.html",
}
MODES = {
    "normal": {},
    "large font": {"gkssg-font": "larger"},
    "high contrast": {"gkssg-contrast": "on"},
}


@pytest.fixture(scope="module")
def base_url(sample_site_subpath: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    work = tmp_path_factory.mktemp("nginx")
    with serve_with_nginx(sample_site_subpath / "output", work, PREFIX) as base:
        yield base


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context
    context.close()


def _open(context: Any, url: str, mode: dict[str, str]) -> tuple[Any, list[str]]:
    """A new page with the display mode stored as the switches store it, and its requests."""
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    script = "".join(
        f"localStorage.setItem({json.dumps(k)}, {json.dumps(v)});" for k, v in mode.items()
    )
    page.add_init_script(f"try {{ localStorage.clear(); {script} }} catch (e) {{}}")
    page.goto(url, wait_until="networkidle")
    return page, requested


@pytest.mark.browser
@pytest.mark.parametrize("mode", sorted(MODES))
def test_axe_finds_no_wcag_21_aa_violation(base_url: str, context: Any, mode: str) -> None:
    require_tool("axe-core", AXE.is_file(), "npm install --prefix tests")
    host = urlsplit(base_url).netloc
    for name, path in PAGES.items():
        page, requested = _open(context, base_url + path, MODES[mode])
        if mode == "high contrast":
            assert page.evaluate("document.documentElement.classList.contains('high-contrast')")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
        ]
        assert violations == [], f"{name} ({mode}): {violations}"
        foreign = [url for url in requested if urlsplit(url).netloc != host]
        assert foreign == [], f"{name} requested another host: {foreign}"
        page.close()


def test_the_nu_html_checker_reports_no_error(sample_site_subpath: Path) -> None:
    require_tool("vnu.jar", VNU.is_file(), "npm install --prefix tests")
    require_tool("java", shutil.which("java") is not None, "apt-get install default-jre-headless")
    out = sample_site_subpath / "output"
    files = []
    for path in PAGES.values():
        file = out / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert file.is_file(), file
        files.append(str(file))
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    errors = [
        (Path(urlsplit(m.get("url", "")).path).name, m.get("lastLine"), m["message"])
        for m in report["messages"]
        if m.get("type") == "error"
    ]
    assert errors == []


def test_every_link_and_asset_resolves_over_http(base_url: str) -> None:
    seen, broken = crawl(base_url)
    assert broken == []
    assert len(seen) > 100  # the whole site was walked, not just the home page
    assert any(url.endswith("/pagefind/pagefind-ui.js") or "pagefind" in url for url in seen)


def test_an_unknown_path_gets_the_sites_404_page(base_url: str) -> None:
    with pytest.raises(HTTPError) as caught:
        urlopen(base_url + "no/such/page.html", timeout=10)
    assert caught.value.code == 404
    assert "页面未找到" in caught.value.read().decode("utf-8")


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_375_px_and_screenshots(base_url: str, browser: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
        for name, path in PAGES.items():
            page = context.new_page()
            page.goto(base_url + path, wait_until="networkidle")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls {overflow}px sideways at {width}px"
            if name in ("home", "item with table and attachment"):
                slug = "home" if name == "home" else "item"
                page.screenshot(path=str(ARTIFACTS / f"{slug}-{width}.png"), full_page=True)
            page.close()
        context.close()
    assert (ARTIFACTS / "home-375.png").stat().st_size > 10_000


@pytest.mark.browser
def test_keyboard_reaches_skip_link_and_switches_which_are_remembered(
    base_url: str, context: Any
) -> None:
    page = context.new_page()
    page.goto(base_url)
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.focus("button[data-font='larger']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('font-larger')")
    page.focus("button[data-contrast]")
    page.keyboard.press("Space")
    assert page.get_attribute("button[data-contrast]", "aria-pressed") == "true"
    page.goto(base_url + PAGES["catalog column"], wait_until="networkidle")
    classes = page.evaluate("document.documentElement.className")
    assert "font-larger" in classes and "high-contrast" in classes
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 21
    page.close()


@pytest.mark.browser
def test_an_item_prints_with_its_index_table_and_without_navigation(
    base_url: str, context: Any
) -> None:
    page, _ = _open(context, base_url + PAGES["item with attachment"], {})
    page.emulate_media(media="print")
    visible = page.evaluate(
        """() => ['.site-nav', '.site-header', '.index-table', '.prose'].map(
            s => getComputedStyle(document.querySelector(s)).display !== 'none')"""
    )
    assert visible == [False, False, True, True]
    page.close()
