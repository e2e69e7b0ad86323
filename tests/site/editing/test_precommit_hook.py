"""The pre-commit hook: `gkssg check` on the whole site, installed as a site would install it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, require_tool


def test_the_pre_commit_hook_runs_gkssg_check_on_the_whole_site() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "gkssg-check"
    assert hook["entry"] == "gkssg check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("content/a/b.md", "site.yaml", "layouts/item.html", "data/requests/2008.yaml"):
        assert files.search(path), path
    for path in ("README.md", "gkssg/cli.py", "mysite.yaml"):
        assert not files.search(path), path


HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "gkssg", "layouts")


def _hook_repository(target: Path) -> Path:
    """This repository's files as a git repository of their own, as pre-commit needs one."""
    target.mkdir()
    for name in HOOK_REPO_FILES:
        if (REPO / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(REPO / name, target / name, ignore=ignore)
        else:
            shutil.copy(REPO / name, target / name)
    identity = ("-c", "user.name=gkssg tests", "-c", "user.email=tests@example.invalid")
    for args in (("init", "-q"), ("add", "-A"), (*identity, "commit", "-q", "-m", "hook")):
        subprocess.run(("git", *args), cwd=target, check=True, capture_output=True)
    return target


@pytest.mark.slow
def test_pre_commit_runs_the_hook_and_stops_a_commit_with_errors(tmp_path: Path) -> None:
    """pre-commit installs this repository as the hook would be installed in a site."""
    tool = shutil.which("pre-commit")
    require_tool("pre-commit", tool is not None, "pip install pre-commit")
    assert tool is not None
    hooks = _hook_repository(tmp_path / "gkssg")
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=site, env=env, capture_output=True, text=True, check=False)

    run("git", "init", "-q")
    run("git", "add", "-A")
    hook = (tool, "try-repo", str(hooks), "gkssg-check", "--all-files")
    clean = run(*hook)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    item = site / "content/catalog/news/全省劳动保障工作会议在合肥召开.md"
    item.write_text(item.read_text(encoding="utf-8").replace("published:", "publishd:"), "utf-8")
    broken = run(*hook)
    assert broken.returncode == 1
    assert "全省劳动保障工作会议在合肥召开.md:4: UNKNOWN_KEY" in broken.stdout
