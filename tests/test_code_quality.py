"""The code stays as the project asks: ruff-clean, ruff-formatted, and strictly typed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "gkssg", "tests", "bench"],
        ["ruff", "format", "--check", "gkssg", "tests", "bench"],
        ["mypy"],  # strict, over gkssg/ (pyproject.toml)
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_passes(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
