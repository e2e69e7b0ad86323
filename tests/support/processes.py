"""The Pagefind processes this test started (Linux /proc)."""

from __future__ import annotations

import os
from pathlib import Path


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
