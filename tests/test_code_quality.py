"""The code stays as the project asks: ruff-clean, ruff-formatted, and strictly typed."""

from __future__ import annotations

import ast
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


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_modules_and_functions_stay_small() -> None:
    """A module past 450 lines or a function past 60 usually holds two jobs."""
    too_long = []
    for path in sorted((REPO / "gkssg").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        if len(text.splitlines()) > 450:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for function in _functions(ast.parse(text)):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            if length > 60:
                too_long.append(f"{name}:{function.lineno} {function.name}(): {length} lines")
    assert too_long == []


def test_build_reads_as_its_phases_on_one_screen() -> None:
    path = REPO / "gkssg" / "pipeline" / "build.py"
    (build,) = [
        f for f in _functions(ast.parse(path.read_text(encoding="utf-8"))) if f.name == "build"
    ]
    assert (build.end_lineno or build.lineno) - build.lineno + 1 < 40
