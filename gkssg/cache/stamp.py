"""What a finished build records about itself, so `gkssg publish` can tell a stale output.

After the swap, :func:`record_build` writes ``.gkssg/builds/<output>.json``
(outside the output, so it is never published): when the build finished, how
many items it had, and the size and modification time of every input file
(``site.yaml``, ``content/``, ``layouts/``, ``data/``) as they were when the build
*started*. An input saved during or after the build, added or removed, no
longer matches, and the output counts as stale. Only stat calls: no file is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from gkssg.source.scan import CONTENT_DIR

STAMP_DIR = ".gkssg/builds"
FORMAT = 1
INPUT_FILES = ("site.yaml",)
INPUT_FOLDERS = (CONTENT_DIR, "layouts", "data")

#: relative path → (size, mtime in ns)
InputSnapshot = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class BuildStamp:
    out: str
    finished: str  # ISO 8601, UTC
    items: int
    drafts: bool
    base_url: str | None
    live_reload: bool  # built by `gkssg serve`: pages carry its reload script
    inputs: InputSnapshot

    def changed_inputs(self, now: InputSnapshot) -> list[str]:
        """Inputs added, removed or saved since the build started, sorted."""
        names = self.inputs.keys() | now.keys()
        return sorted(name for name in names if self.inputs.get(name) != now.get(name))


def _ignored(name: str) -> bool:
    """What the content scan skips (hidden files and folders, ``_``-folders)."""
    return name.startswith(".")


def snapshot_inputs(site_root: Path) -> InputSnapshot:
    snapshot: InputSnapshot = {}
    root = os.fspath(site_root)
    for name in INPUT_FILES:
        _add(snapshot, f"{root}/{name}", name)
    for folder in INPUT_FOLDERS:
        for here, dirs, files in os.walk(f"{root}/{folder}"):
            dirs[:] = [
                d for d in dirs if not _ignored(d) and not (folder == CONTENT_DIR and d[0] == "_")
            ]
            relative = os.path.relpath(here, root).replace(os.sep, "/")
            for name in files:
                if not _ignored(name):
                    _add(snapshot, f"{here}/{name}", f"{relative}/{name}")
    return snapshot


def _add(snapshot: InputSnapshot, path: str, name: str) -> None:
    try:
        stat = os.stat(path)  # noqa: PTH116 - text paths: pathlib costs more at 10,000 files
    except OSError:
        return
    snapshot[name] = (stat.st_size, stat.st_mtime_ns)


def stamp_path(site_root: Path, out: Path) -> Path:
    key = hashlib.sha256(os.fsencode(out.absolute())).hexdigest()[:16]
    return site_root / STAMP_DIR / f"{out.name}-{key}.json"


def record_build(site_root: Path, out: Path, stamp: BuildStamp) -> None:
    """Write the stamp atomically (a temporary file renamed over the old one)."""
    target = stamp_path(site_root, out)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        **stamp.__dict__,
        "inputs": {k: list(v) for k, v in stamp.inputs.items()},
    }
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, sort_keys=True)
    Path(temp).replace(target)


def read_stamp(site_root: Path, out: Path) -> BuildStamp | None:
    """The record of the last finished build of ``out``; None when there is none."""
    try:
        data = json.loads(stamp_path(site_root, out).read_text(encoding="utf-8"))
        if data.pop("format") != FORMAT or data["out"] != str(out):
            return None
        data["inputs"] = {k: (int(v[0]), int(v[1])) for k, v in data["inputs"].items()}
        return BuildStamp(**data)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def finished_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
