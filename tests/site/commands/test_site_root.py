"""Every command finds its site as git finds a repository: from any folder inside it;
--site goes before or after the command."""

from __future__ import annotations

from pathlib import Path

from support.cli import run_gkssg
from support.sample import copy_sample


def test_check_from_a_column_folder_finds_the_site(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    result = run_gkssg("check", cwd=root / "content" / "catalog", env={"GKSSG_LANG": "en"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stderr
    assert not (root / "content" / "catalog" / "site.yaml").exists()


def test_outside_any_site_check_says_so_where_it_is(tmp_path: Path) -> None:
    result = run_gkssg("check", cwd=tmp_path, env={"GKSSG_LANG": "en"})
    assert result.returncode == 1
    assert "CONFIG_MISSING" in result.stdout


def test_site_before_or_after_the_command(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    before = run_gkssg("--site", str(root), "check", cwd=tmp_path)
    after = run_gkssg("check", "--site", str(root), cwd=tmp_path)
    assert before.returncode == after.returncode == 0, after.stderr
    assert before.stdout == after.stdout
