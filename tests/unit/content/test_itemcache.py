"""The item cache: a file is read again unless its state proves it untouched since read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from gkssg.base.errors import Problems
from gkssg.content import itemcache, validate
from gkssg.content import reading as content
from gkssg.content.itemcache import RACY_NS, CachedItem, FileState, file_state, unchanged_since_read
from gkssg.content.model import Item
from gkssg.content.site import load_site

from support.sites import SiteFiles, default_item


def entry_for(state: FileState | None, config_key: str = "config") -> CachedItem:
    return CachedItem("stamp", None, (), "print", config_key, state)


def read_later(state: FileState, seconds: float) -> FileState:
    """The same state, as if it had been taken ``seconds`` after the file last changed."""
    return state._replace(read_at_ns=state.read_at_ns + int(seconds * 1e9))


def test_a_file_just_written_is_read_again_even_with_the_same_state(tmp_path: Path) -> None:
    path = tmp_path / "item.md"
    path.write_text("正文", encoding="utf-8")
    state = file_state(str(path))
    assert state is not None
    # within the clock's granularity of a write, equal times prove nothing
    assert not unchanged_since_read(entry_for(state), file_state(str(path)), "config")
    settled = entry_for(read_later(state, RACY_NS / 1e9 + 1))
    assert unchanged_since_read(settled, file_state(str(path)), "config")


def test_an_edit_of_the_same_size_with_its_old_mtime_restored_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "item.md"
    path.write_text("正文甲", encoding="utf-8")
    old = path.stat()
    state = file_state(str(path))
    assert state is not None
    entry = entry_for(read_later(state, 10))
    time.sleep(0.02)
    path.write_text("正文乙", encoding="utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # `cp -p`, `touch -r`, rsync -t
    assert path.stat().st_size == old.st_size and path.stat().st_mtime_ns == old.st_mtime_ns
    assert not unchanged_since_read(entry, file_state(str(path)), "config")  # ctime moved


def test_another_configuration_or_a_missing_file_is_never_trusted(tmp_path: Path) -> None:
    path = tmp_path / "item.md"
    path.write_text("正文", encoding="utf-8")
    state = file_state(str(path))
    assert state is not None
    entry = entry_for(read_later(state, 10))
    assert unchanged_since_read(entry, file_state(str(path)), "config")
    assert not unchanged_since_read(entry, file_state(str(path)), "another config")
    assert not unchanged_since_read(entry_for(None), file_state(str(path)), "config")
    path.unlink()
    assert file_state(str(path)) is None
    assert not unchanged_since_read(entry, None, "config")


def test_a_rebuild_right_after_an_edit_shows_the_edit(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.build()
    for text in ("第一次修改。", "第二次修改。", "第三次修改。"):  # same size, no pause
        site.with_item("catalog/regulations/item002.md", text + "\n", **default_item(2)).build()
        page = (tmp_path / "output/catalog/regulations/2008-00002.html").read_text("utf-8")
        assert text in page


def test_personal_data_found_at_parse_is_reported_from_the_cache_unscanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan of every body for personal data is done when an item is parsed and kept
    with it: an untouched item is not scanned again, and what it held is still reported."""
    monkeypatch.setattr(itemcache, "RACY_NS", 0)  # trust states taken right after writing
    body = "申请人身份证号码：11010519491231002X，住址合肥市。\n"
    SiteFiles(tmp_path).with_items(2).with_item(
        "catalog/regulations/item003.md", body, **default_item(3)
    ).write()
    scans: list[str] = []
    scan = content.check_privacy

    def counted(site_root: Path, item: Item, problems: Problems) -> None:
        scans.append(item.source)
        scan(site_root, item, problems)

    monkeypatch.setattr(content, "check_privacy", counted)
    monkeypatch.setattr(validate, "check_privacy", counted)
    cache: dict[str, CachedItem] = {}
    reports = []
    for _ in range(2):
        problems = Problems()
        load_site(tmp_path, problems, cache=cache)
        reports.append([(p.code, p.file, p.line) for p in problems.errors])
    assert len(scans) == 3  # each item once, when first parsed
    assert reports[0] == reports[1] == [("PRIVACY", "content/catalog/regulations/item003.md", 9)]
