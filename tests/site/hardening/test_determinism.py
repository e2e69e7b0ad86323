"""Output bytes depend on content only: not hash seeds, listing order, locale, zone or clock."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import REPO
from support.cli import run_gkssg
from support.sites import SiteFiles, default_item


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(
    root: Path, env: dict[str, str], *args: str, reversed_listing: bool = False
) -> dict[str, str]:
    """A clean build (no cache, no previous output) in a fresh process with ``env``."""
    shutil.rmtree(root / "output", ignore_errors=True)
    shutil.rmtree(root / ".gkssg", ignore_errors=True)
    result = run_gkssg(
        "--site", str(root), "build", *args, env=env, reversed_listing=reversed_listing
    )
    assert result.returncode == 0, result.stderr
    return tree(root / "output")


FIRST = {"PYTHONHASHSEED": "1", "TZ": "Asia/Shanghai", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
SECOND = {"PYTHONHASHSEED": "4242", "TZ": "America/Los_Angeles", "LANG": "C", "LC_ALL": "POSIX"}


SEARCH_BUNDLE = "pagefind/"


def assert_same(first: dict[str, str], second: dict[str, str]) -> None:
    """Every file gkssg writes is identical; Pagefind's own bundle is compared separately."""
    ours = [path for path in sorted(first) if not path.startswith(SEARCH_BUNDLE)]
    assert ours == [path for path in sorted(second) if not path.startswith(SEARCH_BUNDLE)]
    assert [path for path in ours if first[path] != second[path]] == []


def search_bundles(first: dict[str, str], second: dict[str, str]) -> tuple[object, object]:
    def bundle(tree: dict[str, str]) -> dict[str, str]:
        return {p: h for p, h in tree.items() if p.startswith(SEARCH_BUNDLE)}

    return bundle(first), bundle(second)


@pytest.fixture(scope="module")
def two_sample_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], ...]:
    """The sample site built twice: once plainly, once in another environment, reversed."""
    root = tmp_path_factory.mktemp("determinism")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "data").is_dir():
        shutil.copytree(REPO / "data", root / "data")
    first = build(root, FIRST)
    time.sleep(1.1)  # another second of the clock
    second = build(root, SECOND, reversed_listing=True)
    return first, second


@pytest.mark.slow
def test_the_sample_site_is_byte_identical_whatever_the_environment(
    two_sample_builds: tuple[dict[str, str], dict[str, str]],
) -> None:
    first, second = two_sample_builds
    assert len(first) > 50
    assert_same(first, second)


@pytest.mark.slow
def test_the_search_bundle_is_byte_identical_too(
    two_sample_builds: tuple[dict[str, str], dict[str, str]],
) -> None:
    first, second = search_bundles(*two_sample_builds)
    assert first
    assert first == second


@pytest.mark.slow
def test_rendering_on_one_core_or_many_gives_the_same_bytes(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    for seq in range(1, 421):  # over 400 pages: rendered by worker processes
        column = "catalog/regulations" if seq % 2 else "catalog/news"
        site.with_item(f"{column}/条目{seq:03d}.md", f"正文{seq}。\n", **default_item(seq))
    site.with_item("catalog/news/附件条目.md", **default_item(999, attachments=["附件/表.pdf"]))
    site.with_file("content/catalog/news/附件/表.pdf", b"%PDF-1.4\n%%EOF\n")
    site.write()
    first = build(tmp_path, FIRST, "--jobs", "1")
    second = build(tmp_path, SECOND, "--jobs", "4", reversed_listing=True)
    assert len(first) > 400
    assert_same(first, second)


def test_the_reversed_listing_wrapper_does_reverse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wrapper changes what the file system hands out (else the tests above prove nothing)."""
    from support.reversed_listing import ReversedScandir, reversed_listdir

    for name in ("a", "b", "c"):
        (tmp_path / name / "x").mkdir(parents=True)
    monkeypatch.setattr(os, "scandir", ReversedScandir)
    monkeypatch.setattr(os, "listdir", reversed_listdir)
    assert [entry.name for entry in os.scandir(tmp_path)] == ["c", "b", "a"]
    assert [path.name for path in tmp_path.iterdir()] == ["c", "b", "a"]
    assert [Path(folder).name for folder, _, _ in os.walk(tmp_path)][1:4:2] == ["c", "b"]
