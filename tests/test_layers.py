"""The package's stages import only downwards: a module may use its own folder and
the folders below it, never one above (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

#: Lowest first. ``gkssg/cli.py`` and ``gkssg/__main__.py`` stand above them all.
LAYERS = (
    "base",
    "source",
    "content",
    "editing",
    "cache",
    "render",
    "outputs",
    "search",
    "report",
    "pipeline",
    "serve",
    "publish",
    "commands",
)
TOP = len(LAYERS)


def layer_of(module: str) -> int:
    """The rank of ``gkssg.<folder>…`` (TOP for the package's own top-level modules)."""
    parts = module.split(".")
    if parts == ["gkssg"]:  # the package itself: its ``__init__`` holds no code
        return -1
    if parts[1] not in LAYERS:
        return TOP
    return LAYERS.index(parts[1])


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every ``gkssg`` module ``path`` imports, at any depth of its code, with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "gkssg"]


def upward_imports(package: Path) -> list[str]:
    """``file:line imports module`` for each import that runs back up the layers."""
    wrong = []
    for path in sorted(package.rglob("*.py")):
        own = layer_of(".".join(("gkssg", *path.relative_to(package).with_suffix("").parts)))
        for line, module in imported_modules(path):
            if layer_of(module) > own:
                wrong.append(f"{path.relative_to(package.parent)}:{line} imports {module}")
    return wrong


def test_every_folder_of_the_package_is_a_layer() -> None:
    folders = {p.name for p in (REPO / "gkssg").iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(LAYERS)


def test_no_import_runs_back_up_the_layers() -> None:
    assert upward_imports(REPO / "gkssg") == []


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("content/model.py", "from gkssg.render.views import Link"),
        ("base/errors.py", "import gkssg.commands.common"),
        ("render/views.py", "    from gkssg.search.exact import EXACT_FOLDER  # inside a function"),
    ],
)
def test_a_planted_upward_import_is_caught(tmp_path: Path, module: str, planted: str) -> None:
    copy = tmp_path / "gkssg"
    for path in (REPO / "gkssg").rglob("*.py"):
        target = copy / path.relative_to(REPO / "gkssg")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    victim = copy / module
    body = planted if not planted.startswith(" ") else "def _planted() -> None:\n" + planted
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\n" + body + "\n", encoding="utf-8")
    found = upward_imports(copy)
    assert len(found) == 1
    assert found[0].startswith(f"gkssg/{module}:")
