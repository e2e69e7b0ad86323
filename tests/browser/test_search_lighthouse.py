"""Lighthouse (npm ``lighthouse``, pinned in tests/package.json) on the search page with a
query, phone profile (its default: a mid-range phone, slow 4G, CPU slowed 4 times), in
Debian's Chromium over nginx: performance at least 95.

Lighthouse simulates the phone from a trace of the real load, so a busy machine (this
one is shared) lowers the score now and then: the best of three runs counts.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import CHROMIUM, REPO, require_tool
from support.nginx import nginx_available, serve_with_nginx

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIGHTHOUSE = REPO / "tests/node_modules/.bin/lighthouse"
RUNS = 3


@pytest.fixture(scope="module")
def served(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    with serve_with_nginx(sample_site / "output", tmp_path_factory.mktemp("nginx")) as base:
        yield base


def lighthouse(url: str, report: Path) -> dict[str, object]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={report}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def test_the_search_page_with_a_query_scores_95_on_a_phone(served: str, tmp_path: Path) -> None:
    require_tool("lighthouse", LIGHTHOUSE.exists(), "npm install --prefix tests")
    url = f"{served}search/?q={quote('失业保险')}"
    scores, details = [], []
    for run in range(RUNS):
        result = lighthouse(url, tmp_path / f"report-{run}.json")
        categories, audits = result["categories"], result["audits"]
        assert isinstance(categories, dict) and isinstance(audits, dict)
        assert result.get("runtimeError") is None, result.get("runtimeError")
        scores.append(round(100 * categories["performance"]["score"]))
        details.append(
            {name: audits[name]["displayValue"] for name in
             ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")}
        )  # fmt: skip
        if scores[-1] >= 95:
            break
    assert max(scores) >= 95, list(zip(scores, details, strict=True))
