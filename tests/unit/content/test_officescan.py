"""Office attachments are read once per version: a scan is kept with its file's state and
reused while the file is unchanged, by the next build too (through the item cache)."""

from __future__ import annotations

import time
from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.content.config import load_config
from gkssg.content.itemcache import RACY_NS
from gkssg.content.officescan import SCAN_PREFIX, OfficeScan, OfficeScans, previous_scans
from gkssg.content.reading import ItemCache, read_content

from support.office import write_xlsx
from support.sites import SiteFiles, default_item

SHEET = "content/catalog/附件/名单.xlsx"
ID_NUMBER = "420102198001011231"


def settled(scan: OfficeScan) -> OfficeScan:
    """The scan as if it had been made well after its file last changed."""
    assert scan.file is not None
    return scan._replace(file=scan.file._replace(read_at_ns=scan.file.read_at_ns + 2 * RACY_NS))


def test_a_scan_is_reused_while_its_file_is_unchanged_and_made_again_after(
    tmp_path: Path,
) -> None:
    write_xlsx(tmp_path / SHEET, {"名单": {"C4": ID_NUMBER}})
    first = OfficeScans(tmp_path).get(SHEET)
    assert [(f.kind, f.value, f.place) for f in first.found] == [("id_card", ID_NUMBER, "名单!C4")]
    # a file written just now proves nothing by its state: read again
    assert OfficeScans(tmp_path, {SHEET: first}).get(SHEET) is not first
    kept = settled(first)
    assert OfficeScans(tmp_path, {SHEET: kept}).get(SHEET) is kept
    time.sleep(0.01)
    write_xlsx(tmp_path / SHEET, {"名单": {"C4": "张三"}})
    again = OfficeScans(tmp_path, {SHEET: kept}).get(SHEET)
    assert again is not kept and again.found == ()


def test_a_shared_file_has_one_scan_and_the_next_build_does_not_read_it(
    tmp_path: Path,
) -> None:
    site = SiteFiles(tmp_path)
    for column, seq in (("catalog/regulations", 1), ("catalog/news", 2)):
        item = default_item(seq, attachments=["../附件/名单.xlsx"])
        site.with_item(f"{column}/item{seq}.md", **item)
    site.write()
    write_xlsx(tmp_path / SHEET, {"名单": {"C4": ID_NUMBER}})
    config = load_config(tmp_path, Problems())
    assert config is not None
    cache: ItemCache = {}
    content = read_content(tmp_path, config, Problems(), cache=cache)
    scans = previous_scans(cache)
    assert list(scans) == [SHEET]
    reported = [content.findings[item.source] for item in content.items]
    assert [len(found) for found in reported] == [1, 1]  # each item that lists it
    cache[SCAN_PREFIX + SHEET] = settled(scans[SHEET])
    kept = cache[SCAN_PREFIX + SHEET]
    read_content(tmp_path, config, Problems(), cache=cache)
    assert cache[SCAN_PREFIX + SHEET] is kept  # not read again
