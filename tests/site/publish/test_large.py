"""A large site: after one item changes, publishing sends only the files that changed.

The 1,000-item site runs everywhere (CI included). The 10,000-item one takes
about a minute on two cores and runs only with ``GKSSG_SLOW_TESTS=1``; CI skips
it to stay well under its time budget.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from support.cli import run_gkssg
from support.publishing import changed_between, files, live_release


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report these tests read is the English one."""
    monkeypatch.setenv("GKSSG_LANG", "en")


SLOW = pytest.mark.skipif(
    os.environ.get("GKSSG_SLOW_TESTS") != "1", reason="10,000 items: set GKSSG_SLOW_TESTS=1"
)


def gkssg(site: Path, *args: str) -> str:
    result = run_gkssg("--site", str(site), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("items", [1000, pytest.param(10000, marks=[pytest.mark.slow, SLOW])])
def test_one_changed_item_sends_only_the_changed_files(tmp_path: Path, items: int) -> None:
    site, dest = tmp_path / "site", tmp_path / "www"
    corpus = [sys.executable, str(REPO / "bench" / "corpus.py"), "--n", str(items)]
    subprocess.run([*corpus, "--out", str(site)], check=True, capture_output=True)
    gkssg(site, "build")
    gkssg(site, "publish", str(dest))
    first = live_release(dest)
    column = site / "content" / "catalog" / "regulations"
    item = sorted(p for p in column.glob("*.md") if p.name != "_index.md")[-1]
    item.write_text(item.read_text("utf-8") + "\n补充说明一段。\n", "utf-8")
    gkssg(site, "build")

    start = time.perf_counter()
    report = gkssg(site, "publish", str(dest))
    seconds = time.perf_counter() - start

    second = live_release(dest)
    old, new = files(dest / "releases" / first), files(dest / "releases" / second)
    changed = changed_between(old, new) - {"release.json"}
    words = report.split()
    transferred, total = int(words[words.index("of") - 1]), int(words[words.index("of") + 1])
    assert 0 < transferred == len(changed) <= max(20, len(new) // 50), (report, sorted(changed))
    assert total == len(new) - 1 > items
    for path in set(new) - changed - {"release.json"}:
        a, b = dest / "releases" / first / path, dest / "releases" / second / path
        assert a.stat().st_ino == b.stat().st_ino, path
    print(f"\n{items} items: {report.strip()} in {seconds:.2f} s")
