"""Fixtures: the repository's sample site, a real Chromium, a real nginx."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from support.cli import run_gkssg

# pytest imports this file as ``tests.conftest`` (--import-mode=importlib); the tests import
# it as ``conftest`` (pythonpath = tests): the same module under both names, run once
sys.modules.setdefault("conftest", sys.modules[__name__])

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"

# gkssg speaks Chinese by default; the suite asserts its English wording, so every run of
# gkssg in it (in this process, through Click's runner, or in a subprocess, which inherits
# the environment) speaks English. Tests of the Chinese default set GKSSG_LANG="" (or pass
# --lang zh) themselves: tests/site/commands/test_languages.py.
os.environ["GKSSG_LANG"] = "en"


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """gkssg as the editors run it: messages in Chinese, the default language."""
    monkeypatch.setenv("GKSSG_LANG", "")


# Property tests: a fixed seed and few examples by default (CI); HYPOTHESIS_PROFILE=long
# runs at least 10,000 examples per test, with fresh random seeds, for a local soak.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci", max_examples=100, derandomize=True, deadline=None, suppress_health_check=_SLOW_OK
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=_SLOW_OK
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def require_tool(what: str, found: bool, how: str) -> None:
    """Skip locally when a real browser or server is missing; in CI, fail the run."""
    if found:
        return
    message = f"{what} is not installed ({how})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def build_sample_copy(root: Path, *args: str, config: str = "") -> Path:
    """Copy the bundled sample site (site.yaml with ``config`` added, content/, data/)
    into ``root`` and build it with ``gkssg build *args``."""
    (root / "site.yaml").write_text(
        (REPO / "site.yaml").read_text(encoding="utf-8") + config, encoding="utf-8"
    )
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "data").is_dir():
        shutil.copytree(REPO / "data", root / "data")
    result = run_gkssg("--site", str(root), "build", *args)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled sample site, built once per session."""
    return build_sample_copy(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def sample_site_subpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with --base-url /xxgkweb/."""
    return build_sample_copy(tmp_path_factory.mktemp("sample-sub"), "--base-url", "/xxgkweb/")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (which cannot download browsers here)."""
    require_tool("chromium", Path(CHROMIUM).exists(), "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool("playwright", False, "pip install playwright")
        raise
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
