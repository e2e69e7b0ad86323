"""gkssg.base.atomicfile: a file replaced whole, as the editors' commands write their files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkssg.base.atomicfile import FileChanged, replace_file


def test_replace_file_keeps_mode_and_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o600)
    replace_file(path, b"new", expected=b"old")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileChanged):
        replace_file(path, b"newer", expected=b"old")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_replace_file_through_a_symlink_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    replace_file(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
