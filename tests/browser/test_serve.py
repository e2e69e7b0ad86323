"""``gkssg serve`` in a real Chromium: edit, save, see it; errors in the browser; safe paths.

One preview subprocess serves a copy of the sample site for the whole module;
the tests edit its files on disk as an editor would.
"""

from __future__ import annotations

import hashlib
import http.client
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from support.cli import run_gkssg
from support.preview import Preview, running_preview, save

pytestmark = pytest.mark.browser

ITEM = "content/catalog/regulations/关于调整全省失业保险金标准的通知.md"
ITEM_URL = "catalog/regulations/2008-00010.html"
COLUMN_URL = "catalog/regulations/"
NOT_FOUND_TEXT = "页面未找到"
LIVE = "html[data-gkssg-live=connected]"


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Preview, str]]:
    """The sample site with a published output/, previewed; and output/'s hash before."""
    root = tmp_path_factory.mktemp("serve")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    built = run_gkssg("--site", str(root), "build")
    assert built.returncode == 0, built.stderr
    before = tree_hash(root / "output")
    with running_preview(root) as running:
        yield running, before


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def open_live(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(LIVE, state="attached", timeout=10_000)


def test_an_edit_on_disk_reloads_the_page_with_the_new_text(
    preview: tuple[Preview, str], page: Any
) -> None:
    server, _ = preview
    source = server.root / ITEM
    original = source.read_text("utf-8")
    open_live(page, server.url + ITEM_URL)
    timings = []
    try:
        for attempt in range(1, 6):
            marker = f"预览修改第{attempt}次"
            with page.expect_event("load", timeout=10_000):
                saved = save(source, original.replace("\n---\n", f"\n---\n\n{marker}。\n", 1))
            timings.append(time.perf_counter() - saved)
            assert marker in page.inner_text("main")
            page.wait_for_selector(LIVE, state="attached", timeout=10_000)
    finally:
        save(source, original)
    median = statistics.median(timings)
    print(f"\nsample site: save-to-reload median {median * 1000:.0f} ms over {len(timings)} edits")
    assert median < 1.0


def test_broken_front_matter_shows_an_overlay_until_it_is_fixed(
    preview: tuple[Preview, str], page: Any
) -> None:
    server, _ = preview
    source = server.root / ITEM
    original = source.read_text("utf-8")
    assert original.splitlines()[3] == "published: 2008-03-04 14:30"
    open_live(page, server.url + ITEM_URL)
    try:
        save(source, original.replace("published: 2008-03-04", "published: 2008-02-30", 1))
        overlay = page.wait_for_selector("#gkssg-overlay", timeout=10_000)
        assert f"{ITEM}:4: BAD_DATE" in overlay.inner_text()
        # A page opened while the error stands shows it too.
        other = page.context.new_page()
        open_live(other, server.url + COLUMN_URL)
        assert f"{ITEM}:4: BAD_DATE" in other.inner_text("#gkssg-overlay")
    finally:
        save(source, original.replace("published: 2008-03-04", "published: 2008-03-05", 1))
    page.wait_for_selector("#gkssg-overlay", state="detached", timeout=10_000)
    page.wait_for_selector("main >> text=2008-03-05", timeout=10_000)  # reloaded, fixed
    assert "关于调整全省失业保险金标准的通知" in page.inner_text("h1")


def test_a_new_item_appears_on_its_column_page_and_is_gone_when_deleted(
    preview: tuple[Preview, str], page: Any
) -> None:
    server, _ = preview
    template = (server.root / ITEM).read_text("utf-8")
    added = server.root / "content/catalog/regulations/预览新增的通知.md"
    title = "预览时新增的一份通知"
    open_live(page, server.url + COLUMN_URL)
    with page.expect_event("load", timeout=10_000):
        save(
            added,
            template.replace("2008-00010", "2009-00901")
            .replace("published: 2008-03-04", "published: 2009-12-30")
            .replace("title: 关于调整全省失业保险金标准的通知", f"title: {title}"),
        )
    assert title in page.inner_text("main")
    status, body = server.get(f"/{COLUMN_URL}2009-00901.html")
    assert status == 200 and title in body
    page.wait_for_selector(LIVE, state="attached", timeout=10_000)
    with page.expect_event("load", timeout=10_000):
        added.unlink()
    assert title not in page.inner_text("main")
    status, body = server.get(f"/{COLUMN_URL}2009-00901.html")
    assert status == 404 and NOT_FOUND_TEXT in body


@pytest.mark.parametrize(
    "raw_path",
    [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/site.yaml",
        "/..%2fsite.yaml",
        "/%2e%2e%2fsite.yaml",
        "/catalog/../../site.yaml",
        "/catalog/%2e%2e/%2e%2e/site.yaml",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%5csite.yaml",
        "/catalog%00/index.html",
    ],
)
def test_paths_outside_the_served_folder_are_404(
    preview: tuple[Preview, str], raw_path: str
) -> None:
    server, _ = preview
    status, body = server.get(raw_path)
    assert status == 404
    assert NOT_FOUND_TEXT in body and "org_code" not in body


def test_pages_folders_and_content_types(preview: tuple[Preview, str]) -> None:
    server, _ = preview
    status, body = server.get("/")
    assert status == 200 and "data-gkssg-serve" in body
    assert server.get("/catalog")[0] == 301  # a folder: redirected to its slash
    assert server.get("/static/site.css")[0] == 200
    status, body = server.get("/no/such/page.html")
    assert status == 404 and NOT_FOUND_TEXT in body


def test_files_on_a_kept_alive_connection_are_not_held_back(
    preview: tuple[Preview, str],
) -> None:
    """A reload fetches the page and its files over kept-alive connections. Headers and
    body are two writes; with Nagle's algorithm on, each body waited for the browser's
    delayed ACK: 44 ms a file here, where it now takes under 1 ms."""
    server, _ = preview
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    seconds = []
    try:
        for _ in range(20):
            started = time.perf_counter()
            connection.request("GET", "/static/prefs.js")
            response = connection.getresponse()
            assert response.status == 200 and response.read()
            seconds.append(time.perf_counter() - started)
    finally:
        connection.close()
    assert statistics.median(seconds) < 0.02, seconds


def test_the_build_output_has_no_preview_script_and_is_untouched(
    preview: tuple[Preview, str],
) -> None:
    server, before = preview
    output = server.root / "output"
    assert "data-gkssg-serve" not in (output / "index.html").read_text("utf-8")
    assert tree_hash(output) == before
