"""The Pagefind processes this test started (Linux /proc), and a Pagefind that fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: What the stand-in of :func:`use_failing_pagefind` says on stderr before it exits 3.
PAGEFIND_FAILURE = "memory allocation of 1 GiB failed"


def pagefind_children() -> list[int]:
    """Live (not zombie) Pagefind processes whose parent is this test's process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        # "pid (name) state ppid …": the name may hold spaces, so split after its ")"
        state, parent = stat.rpartition(")")[2].split()[:2]
        if int(parent) == os.getpid() and state != "Z" and "pagefind" in command:
            found.append(int(entry.name))
    return found


def use_failing_pagefind(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefinds started from now on are a stand-in that says :data:`PAGEFIND_FAILURE`
    and exits 3 (as if the machine had ended it)."""
    failing = folder / "pagefind"
    failing.write_text(f"#!/bin/sh\necho '{PAGEFIND_FAILURE}' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setattr("gkssg.search.pagefind.pagefind_executable", lambda: str(failing))
