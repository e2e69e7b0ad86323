"""The spare: the output a build replaced, written into by the next build.

What the spare holds is trusted only where a file is the live output's very file
(gkssg.outputs.staging): whatever else is there (an older page, a stranger's file, a link
leading out of the folder) is replaced or removed, and the live output is never
written into. Byte-for-byte equality with clean builds after each kind of change
is in test_incremental.py (beside this file); these check the spare's own cases.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support.sites import SiteFiles, edit_another_item, edit_item
from support.trees import folders, tree_digest

SPARE = ".output.spare"


def _site(root: Path) -> SiteFiles:
    site = SiteFiles(root).with_items(12)
    site.build()
    edit_item(root)
    assert site.invoke("build").exit_code == 0  # the first output is the spare now
    assert (root / SPARE).is_dir()
    return site


def _assert_equals_a_clean_build(root: Path, *args: str) -> None:
    clean = root.parent / f"{root.name}-clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".gkssg", ".output*"))
    assert SiteFiles(clean).invoke("build", *args).exit_code == 0
    assert tree_digest(root / "output") == tree_digest(clean / "output")
    assert folders(root / "output") == folders(clean / "output")


def test_the_live_output_is_never_written_while_the_spare_is(tmp_path: Path) -> None:
    site = _site(tmp_path)
    live = tmp_path / "output"
    before = {
        path: (path.stat().st_ino, path.read_bytes()) for path in live.rglob("*") if path.is_file()
    }
    shared = {inode for inode, _ in before.values()} & {
        path.stat().st_ino for path in (tmp_path / SPARE).rglob("*") if path.is_file()
    }
    assert len(shared) > len(before) // 2  # most of the spare is the live output's files
    edit_another_item(tmp_path)
    assert site.invoke("build").exit_code == 0
    replaced = tmp_path / SPARE  # what was live before this build
    for path, (inode, data) in before.items():
        kept = replaced / path.relative_to(live)
        assert kept.stat().st_ino == inode and kept.read_bytes() == data, path
    _assert_equals_a_clean_build(tmp_path)


def test_what_a_stranger_left_in_the_spare_is_replaced_or_removed(tmp_path: Path) -> None:
    site = _site(tmp_path)
    spare = tmp_path / SPARE
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not gkssg's", "utf-8")
    page = spare / "catalog/regulations/2008-00003.html"
    page.unlink()
    page.write_text("<p>changed by hand</p>", "utf-8")  # a file of its own, not the live one
    (spare / "stray.html").write_text("left behind", "utf-8")
    shutil.rmtree(spare / "static")
    (spare / "static").symlink_to(outside, target_is_directory=True)  # writes would go out
    (spare / "feed.xml").unlink()
    (spare / "feed.xml").symlink_to(outside / "keep.txt")
    os.mkfifo(spare / "catalog/fifo")
    (spare / "empty/deeper").mkdir(parents=True)
    edit_another_item(tmp_path)
    assert site.invoke("build").exit_code == 0
    assert sorted(path.name for path in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_text("utf-8") == "not gkssg's"
    assert not any(path.is_symlink() for path in (tmp_path / "output").rglob("*"))
    _assert_equals_a_clean_build(tmp_path)


def test_a_failed_build_leaves_its_folder_as_the_spare_and_the_next_is_exact(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    live = tree_digest(tmp_path / "output")
    layout = tmp_path / "layouts/item.html"
    layout.parent.mkdir()
    layout.write_text('{% extends "base.html" %}{% block main %}{{ nothing() }}{% endblock %}')
    edit_another_item(tmp_path)
    failed = site.invoke("build")
    assert failed.exit_code == 1, failed.output
    assert tree_digest(tmp_path / "output") == live  # untouched
    assert (tmp_path / SPARE).is_dir()  # the failed build's folder, half written
    assert not [path for path in tmp_path.iterdir() if ".staging-" in path.name]
    layout.unlink()
    assert site.invoke("build").exit_code == 0
    _assert_equals_a_clean_build(tmp_path)


def test_a_build_without_search_keeps_no_bundle_of_the_spare(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert (tmp_path / SPARE / "pagefind").is_dir()
    edit_another_item(tmp_path)
    assert site.invoke("build", "--no-search").exit_code == 0
    assert not (tmp_path / "output/pagefind").exists()
    _assert_equals_a_clean_build(tmp_path, "--no-search")


def test_over_the_spare_an_unchanged_file_is_not_linked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the spare saves: after a no-change build, the next one finds every page
    and bundle file in the spare already, and links none of them again."""
    site = _site(tmp_path)
    assert site.invoke("build").exit_code == 0  # the spare is the same output now
    files = sum(1 for path in (tmp_path / "output").rglob("*") if path.is_file())
    linked: list[str] = []
    link = os.link

    def counted(source: str | Path, target: str | Path) -> None:
        linked.append(str(target))  # tried, if not made: the file was there already
        link(source, target)

    monkeypatch.setattr(os, "link", counted)
    assert site.invoke("build", "--jobs", "1").exit_code == 0
    assert files > 50
    # the pages and bundles are found in the spare without a try; the data files (a few
    # dozen at any size) are tried, and found there when the link fails
    assert [path for path in linked if path.endswith(".html") or "/pagefind/" in path] == []
    _assert_equals_a_clean_build(tmp_path)


def test_an_output_whose_pages_were_mostly_rendered_anew_is_not_kept(tmp_path: Path) -> None:
    """After a change to every page (site.yaml here), few files of the old output are
    the new one's: removing the others falls on that build, not on the edit after it."""
    site = _site(tmp_path)
    config = tmp_path / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("测试厅", "测验厅"), "utf-8")
    assert site.invoke("build").exit_code == 0
    assert not (tmp_path / SPARE).exists()
    edit_another_item(tmp_path)
    assert site.invoke("build").exit_code == 0
    assert (tmp_path / SPARE).is_dir()  # one page and its neighbours: kept again
    _assert_equals_a_clean_build(tmp_path)


@pytest.mark.parametrize("first", ["file", "folder"])
def test_a_file_where_a_folder_now_goes_and_the_reverse(tmp_path: Path, first: str) -> None:
    """The spare holds ``static/extra`` as a file where the site now has a folder of
    that name (or the reverse): it is cleared before anything is written."""
    static = tmp_path / "layouts/static"
    static.mkdir(parents=True)

    def make(kind: str) -> None:
        shutil.rmtree(static / "extra", ignore_errors=True)
        (static / "extra").unlink(missing_ok=True)
        if kind == "file":
            (static / "extra").write_text("a file", "utf-8")
        else:
            (static / "extra").mkdir()
            (static / "extra/a.css").write_text("p {}", "utf-8")

    make(first)
    site = _site(tmp_path)  # the spare holds static/extra as ``first``
    make("folder" if first == "file" else "file")
    edit_another_item(tmp_path)
    assert site.invoke("build").exit_code == 0
    _assert_equals_a_clean_build(tmp_path)


def test_a_build_that_fails_while_writing_leaves_no_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder a build gave up on for another reason than the content (a full disk)
    is not kept: whatever stopped it will not stop the next build."""
    import gkssg.outputs.files

    site = _site(tmp_path)
    live = tree_digest(tmp_path / "output")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gkssg.outputs.files, "write_files", full)
    edit_another_item(tmp_path)
    assert site.invoke("build").exit_code == 2
    assert tree_digest(tmp_path / "output") == live
    assert not (tmp_path / SPARE).exists()
    monkeypatch.undo()
    assert site.invoke("build").exit_code == 0
    _assert_equals_a_clean_build(tmp_path)
