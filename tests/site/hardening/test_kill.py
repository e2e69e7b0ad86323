"""Crash safety: builds killed at random moments leave output/ whole; one build writes at a time."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from gkssg.outputs.staging import output_lock

from support.cli import run_gkssg, start_gkssg
from support.sites import SiteFiles, default_item, item_file

ITEMS = 420  # enough pages (> 400) that they are rendered by worker processes
KILLS = 20
STAGING_MARK = ".output.staging-"
SEARCH_BUNDLE = "pagefind"


def tree_hash(folder: Path, *, skip: str | None = None) -> str:
    """One hash over every file's path and bytes (and every folder) under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if skip is not None and (relative == skip or relative.startswith(skip + "/")):
            continue
        digest.update(relative.encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def differing(first: Path, second: Path) -> list[str]:
    """Paths (outside the search bundle) whose bytes differ, or exist in one folder only."""

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(SEARCH_BUNDLE)
        }

    a, b = files(first), files(second)
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def site_hash(folder: Path) -> str:
    """The tree hash of a built site, its Pagefind bundle aside.

    Pagefind writes its filter and metadata indexes in a different order on
    every run (upstream Pagefind/pagefind#638), so two complete builds of one
    input differ there; the bundle is checked for completeness instead.
    """
    assert search_bundle_is_complete(folder)
    return tree_hash(folder, skip=SEARCH_BUNDLE)


def search_bundle_is_complete(folder: Path) -> bool:
    """Each year's Pagefind entry file names an index of every language, and each is there."""
    if not (folder / SEARCH_BUNDLE).exists():
        return True  # a site without items has no bundle
    for entry_path in (folder / SEARCH_BUNDLE).glob("*/pagefind-entry.json"):
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        for language in entry["languages"].values():
            meta = entry_path.parent / f"pagefind.{language['hash']}.pf_meta"
            if not meta.is_file() or language["page_count"] < 1:
                return False
    return any((folder / SEARCH_BUNDLE).glob("*/pagefind-entry.json"))


def version(which: str) -> dict[str, str]:
    """The content files of two versions of one site: every page differs, some come and go."""
    files: dict[str, str] = {}
    numbers = range(1, ITEMS + 1) if which == "old" else range(11, ITEMS + 21)
    for seq in numbers:
        column = "catalog/regulations" if seq % 3 else "catalog/news"
        body = f"{which} 版本的正文第{seq}段。\n\n" + "政府信息公开。" * 40 + "\n"
        front = default_item(seq, title=f"{which} 测试信息{seq}")
        files[f"content/{column}/item{seq:03d}.md"] = item_file(body, **front)
    return files


def switch_to(site: SiteFiles, files: dict[str, str]) -> None:
    for path in [p for p in site.files if p.endswith(".md") and "_index" not in p]:
        if path not in files:
            (site.root / path).unlink(missing_ok=True)
            del site.files[path]
    site.files.update(files)
    site.write()


def wait_for_staging(staging: Path, deadline: float) -> None:
    """Return once the build has started writing (``staging`` exists), or at ``deadline``."""
    while time.monotonic() < deadline and not staging.exists():
        time.sleep(0.005)


def build_args(root: Path) -> tuple[str, ...]:
    return ("--site", str(root), "build")


def run_build(root: Path) -> None:
    result = run_gkssg(*build_args(root))
    assert result.returncode == 0, result.stderr


def reference(root: Path, files: dict[str, str]) -> str:
    """The tree hash of a clean build of ``files`` in a folder of its own."""
    site = SiteFiles(root)
    switch_to(site, files)
    run_build(root)
    return site_hash(root / "output")


@pytest.mark.slow
def test_builds_killed_at_random_moments_leave_the_old_or_the_new_site(tmp_path: Path) -> None:
    old, new = version("old"), version("new")
    old_hash = reference(tmp_path / "ref-old", old)
    new_hash = reference(tmp_path / "ref-new", new)
    assert old_hash != new_hash
    site = SiteFiles(tmp_path / "site")
    durations = []
    for files in (new, old):  # how long a build of a changed site takes here
        switch_to(site, files)
        start = time.monotonic()
        run_build(site.root)
        durations.append(time.monotonic() - start)
    assert site_hash(site.root / "output") == old_hash
    chance = random.Random(20081)
    longest = max(durations) * 1.3
    outcomes = {"old": 0, "new": 0, "while writing": 0}
    for kill in range(KILLS):
        target = new if kill % 2 == 0 else old
        before = tree_hash(site.root / "output")  # Pagefind's bundle included
        switch_to(site, target)
        process = start_gkssg(
            *build_args(site.root),
            start_new_session=True,  # its render workers are killed with it
        )
        staging = site.root / f"{STAGING_MARK}{process.pid}"
        if kill % 5 == 0:  # a few kills come after the build has finished
            time.sleep(longest * 2)
        elif kill % 5 in (1, 2):  # some are aimed at the write phase, however slow the machine
            wait_for_staging(staging, deadline=time.monotonic() + longest * 2)
            time.sleep(chance.uniform(0.0, 0.3))
        else:  # the rest at any moment of the build
            time.sleep(chance.uniform(0.05, longest))
        writing = staging.exists()  # this build's own staging folder, not a leftover
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        found = site_hash(site.root / "output")
        assert found in (old_hash, new_hash), (
            f"kill {kill}: output/ is a mix; differing from the new site: "
            f"{differing(site.root / 'output', tmp_path / 'ref-new' / 'output')[:5]}, "
            f"from the old: {differing(site.root / 'output', tmp_path / 'ref-old' / 'output')[:5]}"
        )
        unchanged = tree_hash(site.root / "output") == before
        assert unchanged or found == (new_hash if target is new else old_hash)
        outcomes["old" if found == old_hash else "new"] += 1
        outcomes["while writing"] += writing
    # the moments were spread out: some kills hit the write phase, some came after the swap
    print(outcomes)
    assert outcomes["while writing"] >= 3, outcomes
    assert outcomes["new"] >= 1 and outcomes["old"] >= 1, outcomes
    # whatever the kills left behind (staging folders, a cache), the next builds are exact
    for files, expected in ((new, new_hash), (old, old_hash)):
        switch_to(site, files)
        run_build(site.root)
        assert site_hash(site.root / "output") == expected
    assert not [p for p in site.root.iterdir() if p.name.startswith(STAGING_MARK)]
    cache = site.root / ".gkssg/cache"
    assert not [p.name for p in cache.iterdir() if p.name.startswith(".")]  # no temporaries


def test_a_second_build_of_the_same_output_exits_with_a_clear_message(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.write()
    with output_lock(tmp_path / "output"):  # what a running build holds while it writes
        second = run_gkssg(*build_args(tmp_path))
    assert second.returncode == 2
    assert "another gkssg build is writing output/" in second.stderr
    assert "Traceback" not in second.stderr
    assert not (tmp_path / "output").exists()


def test_a_second_build_with_wait_waits_for_the_first(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(3)
    site.write()
    with output_lock(tmp_path / "output"):
        waiting = start_gkssg(*build_args(tmp_path), "--wait")
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for the lock
        assert not (tmp_path / "output").exists()
    assert waiting.wait(timeout=60) == 0
    assert (tmp_path / "output/index.html").is_file()


@pytest.mark.slow
def test_concurrent_builds_with_wait_both_complete_whole(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    switch_to(site, version("old"))
    builds = [start_gkssg(*build_args(tmp_path), "--wait") for _ in range(2)]
    assert [build.wait(timeout=120) for build in builds] == [0, 0]
    assert site_hash(tmp_path / "output") == reference(tmp_path / "ref", version("old"))
