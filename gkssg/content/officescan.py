"""Personal data in office and PDF attachments, looked for once per version of a file.

Opening a spreadsheet costs far more than reading a Markdown file, so what an
attachment holds is kept between builds (in the item cache, under
``attachment:<path>``) with the state of its file (size, times, inode, as the item
cache keeps an item's) and a hash of gkssg's code: a build reads an office file
only when it changed, and once however many items list it. The numbers found are
kept as they were written; each item then leaves out what its ``privacy_allow``
lets through.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from gkssg.base.hashing import code_fingerprint
from gkssg.base.i18n import Text
from gkssg.base.parallel import map_in_workers
from gkssg.content.itemcache import FileState, file_state, same_file_since
from gkssg.content.privacy import Kind, find_personal_data
from gkssg.source.officetext import office_text

#: The item cache's keys for attachments: never an item's (``content/…``).
SCAN_PREFIX = "attachment:"


class Found(NamedTuple):
    """One number in an attachment, as written, and where (``Sheet1!C4``, a page)."""

    kind: Kind
    value: str
    place: Text | str


class OfficeScan(NamedTuple):
    """What one version of an office or PDF file holds."""

    file: FileState | None
    code: str  # gkssg's code that looked (code_fingerprint)
    found: tuple[Found, ...]
    failure: Text | None  # why it could not be read, if it could not
    locked: bool = False  # a password or a size keeps it shut (else it is damaged)


def scan_file(site_root: Path, source: str) -> OfficeScan:
    """Read the attachment ``source`` (relative to the site root) and look for numbers."""
    state = file_state(os.fspath(site_root / source))
    read = office_text(site_root / source)
    found = tuple(
        Found(finding.kind, finding.value, segment.place)
        for segment in read.segments
        for finding in find_personal_data(segment.text)
    )
    return OfficeScan(state, code_fingerprint(), found, read.failure, read.locked)


class OfficeScans:
    """The scans of a site's office attachments: the last build's, reused while their
    file is unchanged, and those made now."""

    def __init__(self, site_root: Path, previous: Mapping[str, OfficeScan] | None = None):
        self.site_root = site_root
        self._previous = dict(previous or {})
        self._now: dict[str, OfficeScan] = {}

    def get(self, source: str) -> OfficeScan:
        """The scan of ``source`` as the file is now (read now only when it changed)."""
        scan = self._now.get(source)
        if scan is None:
            scan = self._reusable(source) or scan_file(self.site_root, source)
            self._now[source] = scan
        return scan

    def prepare(self, sources: Iterable[str], jobs: int | None = None) -> None:
        """Scan the files of ``sources`` that changed, on every core when there are many."""
        stale = sorted({s for s in sources if s not in self._now and not self._reuse(s)})
        work = map_in_workers(
            _scan_files, self.site_root, stale, jobs=jobs, chunk_size=8, threshold=16
        )
        for _, scans in work:
            self._now.update(scans)

    def entries(self) -> dict[str, OfficeScan]:
        """The scans of this build, by cache key, to keep for the next one."""
        return {SCAN_PREFIX + source: scan for source, scan in self._now.items()}

    def _reuse(self, source: str) -> bool:
        scan = self._reusable(source)
        if scan is not None:
            self._now[source] = scan
        return scan is not None

    def _reusable(self, source: str) -> OfficeScan | None:
        scan = self._previous.get(source)
        if scan is None or scan.code != code_fingerprint():
            return None
        now = file_state(os.fspath(self.site_root / source))
        return scan if same_file_since(scan.file, now) else None


def _scan_files(site_root: Path, sources: Sequence[str]) -> dict[str, OfficeScan]:
    return {source: scan_file(site_root, source) for source in sources}


def previous_scans(cache: Mapping[str, object]) -> dict[str, OfficeScan]:
    """The scans an item cache holds, by attachment source."""
    return {
        key.removeprefix(SCAN_PREFIX): value
        for key, value in cache.items()
        if key.startswith(SCAN_PREFIX) and isinstance(value, OfficeScan)
    }
