"""Named hostile inputs: each is reported as a problem with its code, never a traceback."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from gkssg.base.errors import Problems
from gkssg.content.site import load_site
from gkssg.source.sourcefile import MAX_SOURCE_BYTES, read_source_bytes
from gkssg.source.yamlnodes import MAX_DEPTH

from support.sites import SiteFiles, default_item, item_file

ITEM = "content/catalog/regulations/a.md"
HEAD = "---\ntitle: 标题\nindex_no: 00298196X/2008-00001\npublished: 2008-03-05\n"
REVIEW = "review: {by: 办公室, date: 2008-03-01}\n"


def check(site: SiteFiles, *, write: bool = True) -> tuple[int, dict[str, set[str]]]:
    """Run `gkssg check --format json`: its exit code and the codes reported per file."""
    result = (
        site.run("check", "--format", "json") if write else site.invoke("check", "--format", "json")
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    codes: dict[str, set[str]] = {}
    for problem in data["errors"] + data["warnings"]:
        codes.setdefault(problem["file"] or "", set()).add(problem["code"])
    return result.exit_code, codes


FRONT_MATTER_CASES = {
    "python_object_tag": (HEAD.replace("标题", "!!python/object/apply:os.system [id]"), None),
    "binary_tag": (HEAD.replace("标题", "!!binary aGVsbG8="), None),
    "unknown_tag": (HEAD.replace("标题", "!custom 标题") + REVIEW, None),
    "huge_int_title": (HEAD.replace("标题", "9" * 5000) + REVIEW, None),
    "huge_int_order_in_item": (HEAD + REVIEW + "slug: " + "9" * 5000 + "\n", None),
    "huge_seq_index_no": (
        HEAD.replace("2008-00001", "2008-" + "1" * 5000) + REVIEW,
        "BAD_INDEX_NO",
    ),
    "date_zero": (HEAD.replace("2008-03-05", "0000-00-00") + REVIEW, "BAD_DATE"),
    "date_huge_year": (HEAD.replace("2008-03-05", "99999-01-01") + REVIEW, "BAD_DATE"),
    "date_hour_99": (HEAD.replace("2008-03-05", "2008-03-05 99:99") + REVIEW, "BAD_DATE"),
    "keys_not_text": (HEAD + REVIEW + "? [a, b]\n: 1\n{x: 1}: 2\n", "BAD_VALUE"),
    "key_with_newline": (HEAD + REVIEW + '"a\\nb: x": 1\n', "UNKNOWN_KEY"),
    "review_list": (HEAD + "review: [a, b]\n", "BAD_VALUE"),
    "review_text": (HEAD + "review: 张三\n", "BAD_VALUE"),
    "review_odd_keys": (HEAD + "review: {[1]: a, by: [x], date: {a: b}}\n", "BAD_VALUE"),
    "related_mapping": (HEAD + REVIEW + "related: {a: b}\n", "BAD_VALUE"),
    "related_nested": (HEAD + REVIEW + "related: [[a], {b: c}]\n", "BAD_VALUE"),
    "attachments_odd": (
        HEAD + REVIEW + "attachments: [{path: [a]}, [1], {title: x}]\n",
        "BAD_VALUE",
    ),
    "keywords_mapping": (HEAD + REVIEW + "keywords: {a: b}\n", "BAD_VALUE"),
    "surrogate_escape": (HEAD.replace("标题", '"\\ud800"') + REVIEW, "YAML_SYNTAX"),
    "alias": (HEAD + "review: &r {by: a, date: 2008-03-01}\nsummary: *r\n", "YAML_ALIAS"),
    "merge_key": (HEAD + "x: &r {by: a}\nreview:\n  <<: *r\n", "YAML_ALIAS"),
    "front_matter_list": ("---\n- a\n- b\n", "NOT_A_MAPPING"),
    "second_document": (HEAD + REVIEW + "--- \nfoo: bar\n", None),
}


@pytest.mark.parametrize("name", sorted(FRONT_MATTER_CASES))
def test_odd_front_matter_is_reported_or_read(tmp_path: Path, name: str) -> None:
    front, expected = FRONT_MATTER_CASES[name]
    site = SiteFiles(tmp_path).with_file(ITEM, front + "---\n正文。\n")
    _, codes = check(site)
    if expected is not None:
        assert expected in codes.get(ITEM, set()), codes


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom_in_the_middle", (HEAD + REVIEW + "---\n正\ufeff文\n").encode()),
        ("bom_in_a_key", (HEAD.replace("title", "\ufefftitle") + REVIEW + "---\n").encode()),
        ("cr_only_line_ends", (HEAD + REVIEW + "---\n正文\n").replace("\n", "\r").encode()),
        ("nul_byte", (HEAD + REVIEW + "---\n正\x00文\n").encode()),
        ("utf8_surrogate_bytes", (HEAD + REVIEW + "---\n").encode() + b"\xed\xa0\x80"),
        ("utf16", (HEAD + REVIEW + "---\n").encode("utf-16")),
        ("gbk", (HEAD + REVIEW + "---\n正文\n").encode("gbk")),
        ("control_characters", (HEAD + REVIEW + "---\n\x07\x0b\x0c\x1b[31m\n").encode()),
    ],
)
def test_odd_bytes_are_reported_or_read(tmp_path: Path, name: str, data: bytes) -> None:
    site = SiteFiles(tmp_path).with_file(ITEM, data)
    exit_code, codes = check(site)
    if name in ("cr_only_line_ends", "bom_in_the_middle", "bom_in_a_key"):
        assert exit_code == 0, codes
        assert site.build().exit_code == 0


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_file(ITEM, item_file(**default_item(1)))
    site.write()
    with (tmp_path / ITEM).open("ab") as handle:
        handle.truncate(MAX_SOURCE_BYTES * 4)  # sparse: 32 MiB that costs nothing on disk
    start = time.perf_counter()
    _, codes = check(site, write=False)
    assert codes[ITEM] == {"TOO_LARGE"}
    assert time.perf_counter() - start < 10


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux's /proc only")
def test_reading_many_sources_does_not_map_memory_for_each(tmp_path: Path) -> None:
    """A read that asked for the size limit kept an 8 MiB mapping per file read; at
    100,000 items that passed the kernel's 65,530 mappings and the build died."""
    path = tmp_path / "item.md"
    path.write_text(item_file("正文。" * 2000, **default_item(1)), encoding="utf-8")

    def mappings() -> int:
        return len(Path("/proc/self/maps").read_text(encoding="utf-8").splitlines())

    before = mappings()
    kept = [read_source_bytes(path, "item.md", Problems()) for _ in range(3000)]
    assert all(data == path.read_bytes() for data in kept)
    assert mappings() - before < 100


def test_a_long_line_just_under_the_limit_is_read(tmp_path: Path) -> None:
    body = "长" * (MAX_SOURCE_BYTES // 3 - 1000) + "\n"
    site = SiteFiles(tmp_path).with_item("catalog/regulations/a.md", body, **default_item(1))
    start = time.perf_counter()
    exit_code, codes = check(site)
    assert exit_code == 0, codes
    assert time.perf_counter() - start < 60


def billion_laughs(levels: int = 12, width: int = 10) -> str:
    lines = ['a0: &a0 "哈哈哈哈哈哈哈哈"']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_file(ITEM, "---\n" + billion_laughs() + "---\n")
    start = time.perf_counter()
    _, codes = check(site)
    assert time.perf_counter() - start < 2
    assert codes[ITEM] == {"YAML_ALIAS"}
    site.config += billion_laughs()
    start = time.perf_counter()
    _, codes = check(site)
    assert time.perf_counter() - start < 2
    assert codes == {"site.yaml": {"YAML_ALIAS"}}


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_fast(tmp_path: Path, opener: str) -> None:
    nested = opener * 100_000 + ("1" if opener != "- " else "")
    site = SiteFiles(tmp_path).with_file(ITEM, f"---\ntitle: {nested}\n---\n")
    start = time.perf_counter()
    _, codes = check(site)
    assert time.perf_counter() - start < 10
    assert "YAML_SYNTAX" in codes[ITEM]


@pytest.mark.parametrize(("opener", "closer"), [("[", "]"), ("{a: ", "}"), ("- ", "")])
def test_nesting_one_past_the_limit_is_refused_in_a_short_text(
    tmp_path: Path, opener: str, closer: str
) -> None:
    """A short text is composed without the event check when it cannot reach a limit;
    one level too deep is still found, and a level within the limit is not refused."""
    for depth, refused in ((MAX_DEPTH + 1, True), (MAX_DEPTH // 2, False)):
        nested = opener * depth + "1" + closer * depth
        site = SiteFiles(tmp_path).with_file(ITEM, f"---\ntitle:\n  {nested}\n---\n")
        _, codes = check(site)
        assert ("YAML_SYNTAX" in codes.get(ITEM, set())) is refused, (depth, codes)


def test_a_huge_flat_front_matter_is_refused(tmp_path: Path) -> None:
    entries = "".join(f"- {n}\n" for n in range(500_000))  # 4 MB, many nodes
    site = SiteFiles(tmp_path).with_file(ITEM, f"---\ntitle:\n{entries}---\n")
    start = time.perf_counter()
    _, codes = check(site)
    assert "YAML_SYNTAX" in codes[ITEM]
    assert time.perf_counter() - start < 60


# -- the file system --------------------------------------------------------------


def loaded_codes(root: Path) -> dict[str, set[str]]:
    problems = Problems()
    load_site(root, problems)
    codes: dict[str, set[str]] = {}
    for problem in problems:
        codes.setdefault(problem.file or "", set()).add(problem.code)
    return codes


def test_an_index_md_that_is_a_folder_leaves_its_items_columnless(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_item("catalog/news/n.md", **default_item(1))
    site.write()
    index = tmp_path / "content/catalog/news/_index.md"
    index.unlink()
    index.mkdir()
    assert "MISSING_COLUMN_INDEX" in loaded_codes(tmp_path)["content/catalog/news/n.md"]


def test_symlink_loops_in_content_are_reported(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_item("catalog/regulations/a.md", **default_item(1))
    site.write()
    folder = tmp_path / "content/catalog/regulations"
    (folder / "self.md").symlink_to("self.md")
    (folder / "c.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("c.md")
    (folder / "here").symlink_to(".")  # a folder link inside content/: not followed
    codes = loaded_codes(tmp_path)
    for name in ("self.md", "b.md", "c.md"):
        assert codes[f"content/catalog/regulations/{name}"] == {"PATH_ESCAPE"}
    assert "content/catalog/regulations/here" not in codes
    assert not [path for path in codes if "/here/" in path]  # nor walked into


def test_content_that_is_a_symlink_loop_is_reported(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.write()
    (tmp_path / "content").rename(tmp_path / "old")
    (tmp_path / "content").symlink_to("content")
    assert "content" in loaded_codes(tmp_path)


def test_content_linked_outside_the_site_is_refused(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site")
    site.write()
    (tmp_path / "site/content").rename(tmp_path / "elsewhere")
    (tmp_path / "site/content").symlink_to(tmp_path / "elsewhere")
    assert loaded_codes(tmp_path / "site")["content"] == {"PATH_ESCAPE"}


def test_a_named_pipe_is_reported_not_read(tmp_path: Path) -> None:
    """Opening a FIFO blocks until someone writes: the build would hang for ever."""
    site = SiteFiles(tmp_path)
    site.write()
    os.mkfifo(tmp_path / "content/catalog/regulations/pipe.md")
    (tmp_path / "content/catalog/news/_index.md").unlink()
    os.mkfifo(tmp_path / "content/catalog/news/_index.md")
    codes = loaded_codes(tmp_path)
    assert codes["content/catalog/regulations/pipe.md"] == {"UNREADABLE"}
    assert codes["content/catalog/news/_index.md"] == {"UNREADABLE"}


def test_a_site_yaml_that_is_a_folder_or_a_pipe_is_reported(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.write()
    (tmp_path / "site.yaml").unlink()
    (tmp_path / "site.yaml").mkdir()
    assert loaded_codes(tmp_path) == {"site.yaml": {"UNREADABLE"}}
    (tmp_path / "site.yaml").rmdir()
    os.mkfifo(tmp_path / "site.yaml")
    assert loaded_codes(tmp_path) == {"site.yaml": {"UNREADABLE"}}


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    """Tests run as root, where chmod 000 does not stop reading; a dangling link does."""
    site = SiteFiles(tmp_path).with_item("catalog/regulations/a.md", **default_item(1))
    site.write()
    (tmp_path / "content/catalog/regulations/b.md").symlink_to("gone.md")
    codes = loaded_codes(tmp_path)
    assert codes["content/catalog/regulations/b.md"] <= {"UNREADABLE", "PATH_ESCAPE"}
    if os.geteuid() != 0:
        (tmp_path / "content/catalog/regulations/a.md").chmod(0)
        assert loaded_codes(tmp_path)["content/catalog/regulations/a.md"] == {"UNREADABLE"}


def test_file_names_with_newlines_or_invalid_utf8_are_reported_escaped(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_item("catalog/regulations/a.md", **default_item(1))
    site.write()
    folder = tmp_path / "content/catalog/regulations"
    (folder / "b\nc.md").write_text(item_file(**default_item(2)), encoding="utf-8")
    (Path(os.fsdecode(bytes(folder) + b"/\xff\xfe.md"))).write_bytes(b"x")
    result = site.invoke("check")
    assert result.exit_code == 1
    assert "content/catalog/regulations/b\\nc.md: UNREADABLE" in result.output
    assert "content/catalog/regulations/\\xff\\xfe.md: UNREADABLE" in result.output
    data = site.invoke("check", "--format", "json")
    assert data.exit_code == 1


def test_file_names_made_of_dots_are_ordinary_or_hidden(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.with_item("catalog/regulations/a..b.md", **default_item(1))
    site.with_item("catalog/regulations/..md", **default_item(2))  # hidden, like .git
    site.with_item("catalog/regulations/...md", **default_item(3))
    site.build()
    assert (tmp_path / "output/catalog/regulations/2008-00001.html").is_file()
    assert not (tmp_path / "output/catalog/regulations/2008-00002.html").exists()
