"""A release: its name, its content hash and what ``release.json`` says about it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path

from gkssg.cache.stamp import BuildStamp

RELEASE_FILE = "release.json"
SHORT_HASH = 8
TIME_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class OutputDigest:
    """The content of a built output folder: a hash of every path and its bytes."""

    sha256: str
    files: int
    size: int
    #: each file's path (relative, with /) → the SHA-256 of its bytes
    hashes: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def short(self) -> str:
        return self.sha256[:SHORT_HASH]


def digest_output(out: Path) -> OutputDigest:
    """Hash the folder's files in sorted order (names and bytes; not times or modes)."""
    total = hashlib.sha256()
    hashes: dict[str, str] = {}
    size = 0
    for here, dirs, names in os.walk(out):
        dirs.sort()
        for name in sorted(names):
            path = Path(here) / name
            with path.open("rb") as stream:
                file_hash = hashlib.file_digest(stream, "sha256").hexdigest()
            relative = path.relative_to(out).as_posix()
            total.update(f"{relative}\0{file_hash}\n".encode())
            hashes[relative] = file_hash
            size += path.stat().st_size
    return OutputDigest(total.hexdigest(), len(hashes), size, hashes)


def release_name(published: datetime, digest: OutputDigest) -> str:
    """``20260301T080000Z-1a2b3c4d``: sorts by time, says which content it holds."""
    return f"{published.strftime(TIME_FORMAT)}-{digest.short}"


def after_existing(name: str, existing: Iterable[str]) -> str:
    """``name``, its time moved past the newest existing release when it is not later
    (two publishes in one second, a clock set back), so names sort in publish order."""
    newest = max(existing, default="")
    stamp, _, short = name.partition("-")
    if not newest or stamp > newest.partition("-")[0]:
        return name
    later = datetime.strptime(newest.partition("-")[0], TIME_FORMAT) + timedelta(seconds=1)
    return f"{later.strftime(TIME_FORMAT)}-{short}"


def gkssg_version() -> str:
    try:
        return metadata.version("gkssg")
    except metadata.PackageNotFoundError:
        return "unknown"


def _git(site_root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(site_root), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def site_commit(site_root: Path) -> tuple[str | None, bool]:
    """The site repository's commit, and whether the site's inputs differ from it."""
    commit = _git(site_root, "rev-parse", "--verify", "HEAD")
    if commit is None:
        return None, False
    status = _git(
        site_root, "status", "--porcelain", "--", "site.yaml", "content", "layouts", "data"
    )
    return commit, bool(status)


@dataclass(frozen=True)
class ReleaseInfo:
    """The contents of ``release.json``."""

    release: str
    published: str  # ISO 8601, UTC
    built: str
    items: int
    files: int
    total_bytes: int
    content_sha256: str
    commit: str | None
    commit_dirty: bool
    gkssg: str

    def to_json(self) -> bytes:
        return (json.dumps(self.__dict__, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, text: str) -> ReleaseInfo | None:
        try:
            return cls(**json.loads(text))
        except (ValueError, TypeError):
            return None


def describe_release(
    name: str, published: datetime, stamp: BuildStamp, digest: OutputDigest, site_root: Path
) -> ReleaseInfo:
    commit, dirty = site_commit(site_root)
    return ReleaseInfo(
        release=name,
        published=published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        built=stamp.finished,
        items=stamp.items,
        files=digest.files,
        total_bytes=digest.size,
        content_sha256=digest.sha256,
        commit=commit,
        commit_dirty=dirty,
        gkssg=gkssg_version(),
    )
