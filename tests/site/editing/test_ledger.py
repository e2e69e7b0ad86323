"""The 索引号 ledger: a number is issued once, forever; a copy is blamed, not the original;
two branches that take the same number are caught (real git)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

from support.cli import run_gkssg
from support.sample import ITEM, copy_sample

LEDGER = "data/index-numbers.csv"


def _gkssg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_gkssg("--site", str(root), *args, env={"GKSSG_LANG": "en"})


def _rows(root: Path) -> list[list[str]]:
    with (root / LEDGER).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))[1:]


def _new(root: Path, title: str) -> Path:
    result = _gkssg(root, "new", "0203", title)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def _numbers_in_files(root: Path) -> dict[str, str]:
    found = {}
    for path in (root / "content").rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("索引号:", "index_no:")):
                found[path.relative_to(root).as_posix()] = line.split(":", 1)[1].split("#")[0]
    return {source: number.strip().strip('"') for source, number in found.items()}


def _sample_with_ledger(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path / "site")
    result = _gkssg(root, "number", "--init-ledger")
    assert result.returncode == 0, result.stderr
    return root


def test_init_ledger_records_every_number_of_the_sample_and_check_passes(tmp_path: Path) -> None:
    root = _sample_with_ledger(tmp_path)
    rows = _rows(root)
    holders = _numbers_in_files(root)
    assert sorted((r[0], r[1]) for r in rows) == sorted((n, s) for s, n in holders.items())
    assert {r[4] for r in rows} == {"发放"}
    assert (root / ".gitattributes").read_text(encoding="utf-8") == f"{LEDGER} merge=union\n"
    check = _gkssg(root, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    # round trip: numbering again records nothing and changes nothing
    before = (root / LEDGER).read_bytes()
    assert _gkssg(root, "number").returncode == 0
    assert (root / LEDGER).read_bytes() == before
    again = _gkssg(root, "number", "--init-ledger")
    assert again.returncode == 2 and "exists already" in again.stderr


def test_a_deleted_items_number_is_never_issued_again(tmp_path: Path) -> None:
    root = _sample_with_ledger(tmp_path)
    first = _new(root, "第一条")
    number = _numbers_in_files(root)[first.relative_to(root).as_posix()]
    first.unlink()
    missing = _gkssg(root, "check")
    assert missing.returncode == 1
    assert f"{LEDGER}:" in missing.stdout and "LEDGER_FILE_MISSING" in missing.stdout
    second = _new(root, "第二条")
    again = _numbers_in_files(root)[second.relative_to(root).as_posix()]
    assert again != number
    assert int(again.rsplit("-", 1)[1]) == int(number.rsplit("-", 1)[1]) + 1
    assert [r[0] for r in _rows(root)].count(number) == 1


def test_a_copied_item_is_blamed_not_the_original(tmp_path: Path) -> None:
    root = _sample_with_ledger(tmp_path)
    original = root / ITEM
    for name in ("0-copy.md", "zz-copy.md"):  # before and after the original in path order
        copy = original.with_name(name)
        shutil.copy(original, copy)
        result = _gkssg(root, "check", "--format", "json")
        assert result.returncode == 1
        errors = json.loads(result.stdout)["errors"]
        duplicates = [e for e in errors if e["code"] == "DUPLICATE_INDEX_NO"]
        assert [e["file"] for e in duplicates] == [copy.relative_to(root).as_posix()]
        assert ITEM in duplicates[0]["message"]
        copy.unlink()


def test_a_number_written_by_hand_is_reported_then_recorded_by_number(tmp_path: Path) -> None:
    root = _sample_with_ledger(tmp_path)
    made = _new(root, "手写编号")
    text = made.read_text(encoding="utf-8")
    number = _numbers_in_files(root)[made.relative_to(root).as_posix()]
    made.write_text(text.replace(number, number[:-5] + "00777"), encoding="utf-8")
    result = _gkssg(root, "check")
    assert "UNRECORDED_INDEX_NO" in result.stdout
    assert _gkssg(root, "number").returncode == 0
    assert _rows(root)[-1][:2] == [number[:-5] + "00777", made.relative_to(root).as_posix()]
    assert "UNRECORDED_INDEX_NO" not in _gkssg(root, "check").stdout


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=t@example.gov.cn", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def test_two_branches_that_take_the_same_number_are_caught_after_the_merge(
    tmp_path: Path,
) -> None:
    root = _sample_with_ledger(tmp_path)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "sample")
    _git(root, "checkout", "-q", "-b", "editor-a")
    a = _new(root, "甲编辑的通知")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "a")
    _git(root, "checkout", "-q", "main")
    _git(root, "checkout", "-q", "-b", "editor-b")
    b = _new(root, "乙编辑的通知")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "b")
    numbers = _numbers_in_files(root)
    _git(root, "checkout", "-q", "main")
    _git(root, "merge", "-q", "editor-a")
    merged = _git(root, "merge", "-q", "--no-edit", "editor-b")
    assert "CONFLICT" not in merged, merged  # the union driver keeps both ledger lines
    both = _numbers_in_files(root)
    assert both[a.relative_to(root).as_posix()] == both[b.relative_to(root).as_posix()]
    assert numbers[b.relative_to(root).as_posix()] == both[b.relative_to(root).as_posix()]
    result = _gkssg(root, "check", "--format", "json")
    assert result.returncode == 1
    duplicates = [
        e for e in json.loads(result.stdout)["errors"] if e["code"] == "DUPLICATE_INDEX_NO"
    ]
    assert [e["file"] for e in duplicates] == [b.relative_to(root).as_posix()]  # the later line's


def test_without_the_union_rule_the_ledger_conflicts(tmp_path: Path) -> None:
    root = _sample_with_ledger(tmp_path)
    (root / ".gitattributes").unlink()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "sample")
    for branch, title in (("editor-a", "甲"), ("editor-b", "乙")):
        _git(root, "checkout", "-q", "main")
        _git(root, "checkout", "-q", "-b", branch)
        _new(root, title)
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", branch)
    _git(root, "checkout", "-q", "main")
    _git(root, "merge", "-q", "editor-a")
    assert "CONFLICT" in _git(root, "merge", "--no-edit", "editor-b")
