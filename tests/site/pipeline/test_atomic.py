"""A build killed while it writes leaves the previous output/ exactly as it was."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from support.cli import start_gkssg
from support.sites import SiteFiles
from support.trees import tree_digest


def test_sigkill_during_the_write_phase_keeps_the_previous_output(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(600)
    site.build()
    before = tree_digest(tmp_path / "output")
    # change every item so the next build would rewrite every page
    for path, text in list(site.files.items()):
        if path.endswith(".md") and "_index" not in path:
            site.files[path] = f"{text}\n新增段落。\n"
    site.write()
    process = start_gkssg("--site", str(tmp_path), "build", "--jobs", "1", start_new_session=True)
    deadline = time.monotonic() + 60
    staged_pages = 0
    while time.monotonic() < deadline and process.poll() is None:
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(".output.staging-")]
        if staging:
            staged_pages = sum(1 for _ in staging[0].rglob("*.html"))
            if staged_pages >= 50:
                break
        time.sleep(0.005)
    assert process.poll() is None, "the build finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert staged_pages >= 50  # it was killed in the middle of writing pages
    assert tree_digest(tmp_path / "output") == before
    # the next build cleans up what the killed one left and completes
    site.build()
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]
    assert tree_digest(tmp_path / "output") != before
