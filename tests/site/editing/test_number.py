"""`gkssg number` and `gkssg new`: the next free 索引号, written without touching anything else."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gkssg.cli import main
from gkssg.source.schema import SITE_TZ

from conftest import REPO
from support.sites import SiteFiles, assert_error

BOM = b"\xef\xbb\xbf"
# The ten sample items whose numbers are taken away: the highest of each year.
REMOVED = (
    "00298196X/2007-00005",
    "00298196X/2008-00046",
    "00298196X/2008-00047",
    "00298196X/2008-00048",
    "00298196X/2008-00049",
    "00298196X/2009-00002",
    "00298196X/2009-00003",
    "00298196X/2009-00004",
    "00298196X/2009-00005",
    "00298196X/2009-00006",  # a draft: drafts are numbered too
)
INDEX_LINE = re.compile(rb"^(index_no|\xe7\xb4\xa2\xe5\xbc\x95\xe5\x8f\xb7): (\S+)\r?\n", re.M)


def gkssg(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--site", str(root), *args])


def _copy_sample(root: Path) -> Path:
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "content").rglob("*"))
        if p.is_file()
    }


def _disguise(raw: bytes, how: int) -> bytes:
    """Vary how the files are written: BOM, CRLF, comments, quoting, a folded title."""
    if how == 0:
        return BOM + raw
    if how == 1:
        return raw.replace(b"\n", b"\r\n")
    if how == 2:
        return BOM + raw.replace(b"\n", b"\r\n")
    if how == 3:
        comment = "# 来源：办公室\n".encode()
        raw = re.sub(rb"^(title: .*\n)", lambda m: m.group(1) + comment, raw, count=1, flags=re.M)
        return re.sub(rb"^(topic: .*)$", rb"\1  # topic", raw, count=1, flags=re.M)
    if how == 4:
        return re.sub(rb"^title: (.*)$", rb"title: '\1'", raw, count=1, flags=re.M)
    if how == 5:
        return re.sub(rb"^title: (.*)$", rb"title: >-\n  \1", raw, count=1, flags=re.M)
    return raw


@pytest.fixture
def unnumbered_sample(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, bytes]]:
    """The sample site with ten numbers removed: (root, {path: removed number}, files)."""
    root = _copy_sample(tmp_path)
    removed: dict[str, str] = {}
    for path, raw in _files(root).items():
        match = INDEX_LINE.search(raw)
        if match is None or match.group(2).decode() not in REMOVED:
            continue
        how = REMOVED.index(match.group(2).decode())
        stripped = raw[: match.start()] + raw[match.end() :]
        (root / path).write_bytes(_disguise(stripped, how))
        removed[path] = match.group(2).decode()
    assert len(removed) == 10
    files = _files(root)
    written = b"".join(files[path] for path in removed)
    assert written.count(BOM) == 2 and b"\r\n" in written
    assert "# 来源：办公室".encode() in written and b"  # topic" in written
    assert b"title: '" in written and b"title: >-" in written
    return root, removed, files


def _published(raw: bytes) -> str:
    match = re.search(
        rb"^(?:published|\xe5\x8f\x91\xe5\xb8\x83\xe6\x97\xa5\xe6\x9c\x9f): (.+?)\r?$", raw, re.M
    )
    assert match is not None
    return match.group(1).decode()


def test_number_restores_the_removed_numbers_in_documented_order(
    unnumbered_sample: tuple[Path, dict[str, str], dict[str, bytes]],
) -> None:
    root, removed, before = unnumbered_sample
    assert gkssg(root, "check").exit_code == 1
    result = gkssg(root, "number")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    order = sorted(removed, key=lambda path: (_published(before[path]), path))
    assert lines == [f"{path}: {removed[path]}" for path in order]
    after = _files(root)
    for path, raw in before.items():
        if path not in removed:
            assert after[path] == raw, path
            continue
        _assert_one_line_inserted(raw, after[path], removed[path])
    check = gkssg(root, "check")
    assert check.exit_code == 0, check.output


def _assert_one_line_inserted(before: bytes, after: bytes, number: str) -> None:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(new) == len(old) + 1
    position = next(i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    eol = b"\r\n" if b"\r\n" in before else b"\n"
    assert new[position] == f'index_no: "{number}"'.encode() + eol
    assert new[:position] + new[position + 1 :] == old
    assert after.startswith(BOM) == before.startswith(BOM)
    title_end = position - 1
    assert old[0].lstrip(BOM).rstrip() == b"---"
    assert old[title_end].startswith((b"title:", b"  ")), "the line goes after the title"


def test_dry_run_lists_the_numbers_and_writes_nothing(
    unnumbered_sample: tuple[Path, dict[str, str], dict[str, bytes]],
) -> None:
    root, removed, before = unnumbered_sample
    result = gkssg(root, "number", "--dry-run")
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()) == sorted(f"{p}: {n}" for p, n in removed.items())
    assert _files(root) == before
    assert not list(root.rglob(".*.tmp"))


ITEM = """\
---
title: {title}
published: {published}
review: {{by: 办公室, date: 2007-01-01}}
---
正文。
"""


def _item(title: str, published: str, extra: str = "") -> str:
    return ITEM.format(title=title, published=published).replace("review:", extra + "review:")


def test_items_with_other_mistakes_are_reported_and_skipped(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.with_file("content/catalog/regulations/good.md", _item("好的", "2008-03-05"))
    site.with_file("content/catalog/regulations/bad-date.md", _item("日期错", "2008-02-30"))
    site.with_file("content/catalog/regulations/typo.md", _item("拼错", "2008-03-01", "topc: x\n"))
    result = site.run("number")
    assert result.exit_code == 1
    assert result.stdout == "content/catalog/regulations/good.md: 00298196X/2008-00001\n"
    assert_error(result, "BAD_DATE", "content/catalog/regulations/bad-date.md", 3)
    assert_error(result, "UNKNOWN_KEY", "content/catalog/regulations/typo.md", 4)
    assert "index_no" not in site.read("content/catalog/regulations/bad-date.md")
    assert "index_no" not in site.read("content/catalog/regulations/typo.md")


def test_numbers_of_drafts_and_unreadable_files_are_never_given_again(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    draft = _item("草稿", "2008-01-02", 'index_no: "00298196X/2008-00007"\ndraft: true\n')
    gbk = _item("旧编码", "2008-01-03", 'index_no: "00298196X/2008-00009"\n').encode("gb18030")
    site.with_file("content/catalog/news/draft.md", draft)
    site.with_file("content/catalog/news/gbk.md", gbk)
    site.with_file("content/catalog/news/new.md", _item("新的", "2008-01-01"))
    result = site.run("number")
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/catalog/news/new.md: 00298196X/2008-00010\n"


def test_an_unreadable_file_without_a_number_is_reported(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.with_file("content/catalog/news/gbk.md", _item("旧编码", "2008-01-03").encode("gb18030"))
    result = site.run("number")
    assert result.exit_code == 1
    assert_error(result, "ENCODING", "content/catalog/news/gbk.md", 2)


def test_chinese_keys_get_a_chinese_key_and_an_empty_line_is_filled(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    chinese = (
        "---\n标题: 通知\n发布日期: 2008-03-05\n保密审查: {by: 办公室, date: 2008-03-01}\n---\n"
    )
    empty = _item("空的", "2008-03-06", "index_no:   # 待编号\n")
    site.with_file("content/catalog/news/a.md", chinese)
    site.with_file("content/catalog/news/b.md", empty)
    assert site.run("number").exit_code == 0
    assert site.read("content/catalog/news/a.md") == chinese.replace(
        "标题: 通知\n", '标题: 通知\n索引号: "00298196X/2008-00001"\n'
    )
    assert site.read("content/catalog/news/b.md") == empty.replace(
        "index_no:   # 待编号", 'index_no: "00298196X/2008-00002"  # 待编号'
    )
    assert site.invoke("check").exit_code == 0


def test_a_file_it_cannot_number_safely_is_left_alone(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    flow = (
        "---\n{title: 通知, published: 2008-03-05, review: {by: 办公室, date: 2008-03-01}}\n---\n"
    )
    site.with_file("content/catalog/news/a.md", flow)
    result = site.run("number")
    assert result.exit_code == 1
    assert_error(result, "CANNOT_NUMBER", "content/catalog/news/a.md", None)
    assert site.read("content/catalog/news/a.md") == flow


def test_the_file_keeps_its_permissions(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_file("content/catalog/news/a.md", _item("通知", "2008-03-05"))
    site.write()
    path = tmp_path / "content/catalog/news/a.md"
    path.chmod(0o640)
    assert site.invoke("number").exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["_index.md", "a.md"]


# -- gkssg new ---------------------------------------------------------------------


def test_new_twice_gives_consecutive_numbers_and_never_overwrites(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.with_file("content/catalog/regulations/关于测试的通知.md", "editor's own text\n")
    site.write()
    year = dt.datetime.now(SITE_TZ).year
    first = site.invoke("new", "catalog/regulations", "关于测试的通知")
    second = site.invoke("new", "0203", "关于测试的通知")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    folder = tmp_path / "content/catalog/regulations"
    assert first.stdout.strip() == str(folder / "关于测试的通知-2.md")
    assert second.stdout.strip() == str(folder / "关于测试的通知-3.md")
    assert (folder / "关于测试的通知.md").read_text() == "editor's own text\n"
    numbers = [
        re.search(r'index_no: "(.+)"', (folder / f"关于测试的通知-{n}.md").read_text()).group(1)  # type: ignore[union-attr]
        for n in (2, 3)
    ]
    assert numbers == [f"00298196X/{year}-00001", f"00298196X/{year}-00002"]


def test_new_writes_a_complete_item_that_check_asks_to_review(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.write()
    before = dt.datetime.now(SITE_TZ).replace(second=0, microsecond=0)
    result = site.invoke("new", "catalog/news", '全省 "春风行动" 启动: 第一阶段')
    after = dt.datetime.now(SITE_TZ)
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "全省-春风行动-启动-第一阶段.md"
    text = path.read_text(encoding="utf-8")
    published = re.search(r"^published: (\S+ \S+)", text, re.M).group(1)  # type: ignore[union-attr]
    stamp = dt.datetime.strptime(published, "%Y-%m-%d %H:%M").replace(tzinfo=SITE_TZ)
    assert before <= stamp <= after
    assert 'title: "全省 \\"春风行动\\" 启动: 第一阶段"' in text
    assert 'publisher: "测试厅"' in text
    source = path.relative_to(tmp_path).as_posix()
    check = site.invoke("check")
    assert check.exit_code == 1
    review = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("review:"))
    assert_error(check, "MISSING_FIELD", source, review)
    assert "by is empty — write who did the 保密审查" in check.output
    path.write_text(
        text.replace('{by: "", date: ""}', f"{{by: 办公室 张明, date: {stamp:%Y-%m-%d}}}"),
        encoding="utf-8",
    )
    assert site.invoke("check").exit_code == 0, site.invoke("check").output


def test_new_counts_drafts_and_leaves_no_gap_for_unnumbered_items(tmp_path: Path) -> None:
    year = dt.datetime.now(SITE_TZ).year
    site = SiteFiles(tmp_path)
    draft = _item("草稿", f"{year}-01-01", f'index_no: "00298196X/{year}-00007"\ndraft: true\n')
    site.with_file("content/catalog/news/draft.md", draft)
    site.with_file("content/catalog/news/waiting.md", _item("待编号", f"{year}-01-01 00:00"))
    result = site.run("new", "catalog/news", "新信息")
    assert result.exit_code == 0, result.output
    assert f'index_no: "00298196X/{year}-00008"' in Path(result.stdout.strip()).read_text()
    assert "1 earlier item(s) have no 索引号 yet" in result.stderr
    numbered = site.invoke("number")
    assert numbered.stdout == f"content/catalog/news/waiting.md: 00298196X/{year}-00009\n"


def test_new_with_an_unknown_column_is_a_usage_error_listing_the_columns(
    tmp_path: Path, chinese: None
) -> None:
    site = SiteFiles(tmp_path)
    result = site.run("new", "catalog/rules", "标题")
    assert result.exit_code == 2
    assert "没有栏目“catalog/rules”" in result.output
    assert re.search(r"0203\s+catalog/regulations\s+规范性文件", result.output)
    assert site.invoke("new", "guide", "标题").exit_code == 2  # a `page` column lists no items
    assert not list((tmp_path / "content").rglob("标题*.md"))


def test_order_is_published_then_path_across_dates_and_times(tmp_path: Path, chinese: None) -> None:
    site = SiteFiles(tmp_path)
    site.with_file("content/catalog/news/b.md", _item("乙", "2008-03-05"))
    site.with_file("content/catalog/news/a.md", _item("甲", "2008-03-05"))
    site.with_file("content/catalog/regulations/c.md", _item("丙", "2008-03-04 14:30"))
    site.with_file("content/catalog/news/d.md", _item("丁", "2007-12-31 23:59"))
    result = site.run("number", "--dry-run")
    assert result.stdout.splitlines() == [
        "content/catalog/news/d.md: 00298196X/2007-00001",
        "content/catalog/regulations/c.md: 00298196X/2008-00001",
        "content/catalog/news/a.md: 00298196X/2008-00002",
        "content/catalog/news/b.md: 00298196X/2008-00003",
    ]
    assert "未写入任何文件" in result.stderr


def test_a_dry_run_also_reports_files_it_could_not_number(tmp_path: Path) -> None:
    flow = (
        "---\n{title: 通知, published: 2008-03-05, review: {by: 办公室, date: 2008-03-01}}\n---\n"
    )
    result = (
        SiteFiles(tmp_path).with_file("content/catalog/news/a.md", flow).run("number", "--dry-run")
    )
    assert result.exit_code == 1
    assert_error(result, "CANNOT_NUMBER", "content/catalog/news/a.md", None)


def test_a_column_pattern_counts_per_column(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.config = site.config.replace(
        'index_no: "{org_code}/{year}-{seq:05d}"',
        'index_no: "{org_code}/{column}-{year}-{seq:04d}"',
    )
    done = _item("已有", "2008-01-01", 'index_no: "00298196X/0203-2008-0004"\n')
    site.with_file("content/catalog/regulations/done.md", done)
    site.with_file("content/catalog/regulations/new.md", _item("新", "2008-03-05"))
    site.with_file("content/catalog/news/new.md", _item("新", "2008-03-05"))
    result = site.run("number")
    assert sorted(result.stdout.splitlines()) == [
        "content/catalog/news/new.md: 00298196X/0205-2008-0001",
        "content/catalog/regulations/new.md: 00298196X/0203-2008-0005",
    ]
    assert site.invoke("check").exit_code == 0
