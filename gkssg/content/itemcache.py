"""What the build keeps of each item between builds, and when a file need not be read.

An entry holds the outcome of parsing one item file (the item and its problems)
under a hash of the file's bytes and the configuration. The entries are pickled
with their cache shard, all at once (pickled one by one inside the shard, the
10,000 items took a call each: 0.4-0.6 s, against 0.25 s in one pass). A file
whose state (size, times, inode) is what it was when it was last read is not
read again. As git does for its index, a state is trusted only when the file's times
are older than the read by :data:`RACY_NS`: a file changed within the clock's
granularity of being read could keep the same times, so it is read again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from typing import NamedTuple

from gkssg.base.errors import Problem
from gkssg.content.model import Item

RACY_NS = 2_000_000_000  # well above any file system's timestamp granularity


class FileState(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int
    read_at_ns: int  # when the state was taken, just before the file was read


class CachedItem(NamedTuple):
    stamp: str  # a hash of the configuration and the file's bytes
    item: Item | None  # None when the file holds no usable item
    problems: tuple[Problem, ...]  # the file's own, found when it was parsed
    fingerprint: str  # a hash of the item and its problems: everything the item holds
    config_key: str
    file: FileState | None
    # personal data in the item's published text (``privacy: error``), reported when
    # the item is published: the scan of every body cost 0.3-0.5 s of each build
    findings: tuple[Problem, ...] = ()


def file_state(path: str) -> FileState | None:
    """The state of the file at ``path`` now (symbolic links followed)."""
    now = time.time_ns()
    try:
        stat = os.stat(path)  # noqa: PTH116 - text paths: pathlib costs more at 10,000 files
    except OSError:
        return None
    return FileState(
        stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev, now
    )


def unchanged_since_read(entry: CachedItem, now: FileState | None, config_key: str) -> bool:
    """Whether ``entry`` still holds for a file whose state is ``now``, without reading it."""
    return entry.config_key == config_key and same_file_since(entry.file, now)


def same_file_since(then: FileState | None, now: FileState | None) -> bool:
    """Whether a file whose state was ``then`` when it was read, and is ``now``, is
    still the very file that was read (its times settled well before the read)."""
    if then is None or now is None or now[:5] != then[:5]:
        return False
    settled = then.read_at_ns - RACY_NS
    return now.mtime_ns < settled and now.ctime_ns < settled


class ParsedItem(NamedTuple):
    """A cache entry as the process that parsed the file sends it, the item and its
    problems pickled: bytes cross between processes at no cost, and the pickle is
    made anyway (for the fingerprint). The receiver unpickles it once
    (:func:`cache_entry`)."""

    stamp: str
    outcome: bytes  # the pickled (item or None, its problems)
    fingerprint: str
    config_key: str
    file: FileState | None
    findings: tuple[Problem, ...] = ()


def parsed_item(
    stamp: str,
    config_key: str,
    state: FileState | None,
    item: Item | None,
    problems: tuple[Problem, ...],
    findings: tuple[Problem, ...] = (),
) -> ParsedItem:
    outcome = pickle.dumps((item, problems), protocol=pickle.HIGHEST_PROTOCOL)
    fingerprint = hashlib.blake2b(outcome, digest_size=20).hexdigest()
    return ParsedItem(stamp, outcome, fingerprint, config_key, state, findings)


def cache_entry(parsed: ParsedItem) -> CachedItem:
    """The cache entry of an item parsed (in this process or another)."""
    item, problems = pickle.loads(parsed.outcome)
    return CachedItem(
        parsed.stamp,
        item,
        problems,
        parsed.fingerprint,
        parsed.config_key,
        parsed.file,
        parsed.findings,
    )
