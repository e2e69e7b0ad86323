"""Helpers for the publish tests: what a destination holds, what a publish reported."""

from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path

from click.testing import Result

from support.sites import SiteFiles, default_item

SENT = re.compile(r"(\d+) of (\d+) files sent \((\d+) bytes\)")
PAGE_HASH = re.compile(rb'<meta name="gkssg-page-hash" content="([0-9a-f]{16})">\n')


def publish(site: SiteFiles, dest: str | Path, *args: str) -> Result:
    result = site.invoke("publish", str(dest), *args)
    assert result.exit_code == 0, result.output
    return result


def sent(result: Result) -> tuple[int, int, int]:
    """(files transferred, files in the release, bytes sent) from rsync's statistics."""
    found = SENT.search(result.output)
    assert found, result.output
    return int(found[1]), int(found[2]), int(found[3])


def files(folder: Path, suffix: str = "") -> dict[str, bytes]:
    """Every file under ``folder`` (relative path → bytes), optionally by suffix."""
    found: dict[str, bytes] = {}
    for here, _, names in os.walk(folder):
        for name in names:
            if name.endswith(suffix):
                path = Path(here) / name
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def live_release(dest: Path) -> str:
    target = str((dest / "current").readlink())
    assert target.startswith("releases/"), target
    return target.removeprefix("releases/")


def releases(dest: Path) -> list[str]:
    return sorted(p.name for p in (dest / "releases").iterdir() if not p.name.startswith("."))


def state(dest: Path) -> list[tuple[str, str, int]]:
    """Everything at a destination: path, link target or '', size; to compare before/after."""
    if not dest.exists():
        return []
    entries = []
    for here, dirs, names in os.walk(dest):
        for name in sorted(dirs + names):
            path = Path(here) / name
            target = str(path.readlink()) if path.is_symlink() else ""
            size = path.lstat().st_size if path.is_file() else 0
            entries.append((path.relative_to(dest).as_posix(), target, size))
    return sorted(entries)


def page_hash_matches(html: bytes) -> bool:
    """The page's gkssg-page-hash is the hash of the page without that tag."""
    found = PAGE_HASH.search(html)
    if found is None:
        return False
    without = html[: found.start()] + html[found.end() :]
    return hashlib.sha256(without).hexdigest()[:16] == found[1].decode()


def changed_between(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    """Files of ``new`` that ``old`` lacks or has with other bytes."""
    return {path for path, data in new.items() if old.get(path) != data}


ATTACHMENT_BYTES = 4 * 1024 * 1024


def site_version(root: Path, version: int, items: int = 120) -> SiteFiles:
    """A built site whose every page differs between versions, with a 4 MiB attachment
    of its own (so that an upload takes long enough to be interrupted in)."""
    site = SiteFiles(root)
    for seq in range(1, items + 1):
        front = default_item(seq, title=f"第{version}版 信息{seq}")
        if seq == 1:
            front["attachments"] = [{"path": "附件/data.bin", "title": "数据"}]
        body = f"第{version}版的正文第{seq}段。\n\n" + "政府信息公开。" * 30 + "\n"
        site.with_item(f"catalog/regulations/item{seq:03d}.md", body, **front)
    site.with_file(
        "content/catalog/regulations/附件/data.bin",
        random.Random(version).randbytes(ATTACHMENT_BYTES),
    )
    site.build()
    return site


def served(dest: Path) -> dict[str, bytes]:
    """The files of the live release, release.json aside."""
    found = files(dest / "current")
    found.pop("release.json", None)
    return found


def leftovers(dest: Path) -> list[str]:
    """What interrupted publishes leave: partial uploads and temporary links."""
    found = [p.name for p in (dest / "releases").iterdir() if p.name.startswith(".incoming-")]
    if (dest / "archives").is_dir():
        found += [p.name for p in (dest / "archives").iterdir() if p.name.startswith(".")]
    return found + [p.name for p in dest.iterdir() if p.name.startswith(".current.tmp")]
