"""What one build keeps for the next: rendered Markdown, parsed items, the items'
rows in the data files, and the inputs of every page.

The cache lives in the site's ``.gkssg/cache/`` (git-ignored) and is only an
accelerator: a missing, corrupt or foreign cache means a full build, never a
wrong one. Rendered Markdown is keyed by a hash of everything that shapes it
(the text, the Markdown libraries' versions, gkssg's own code, sanitising and
masking); a page's record is keyed by a hash of every value its template can
see, so a page is reused from the previous output only when nothing it shows
changed.

Markdown, item and row entries are true whatever the output holds (keyed by
their inputs' hash, or checked against their file and their inputs' hashes), so
they are kept in shards (``markdown.NN.pickle``, ``items.NN.pickle``,
``rows.NN.pickle``) of which a build rewrites only those that changed: at 10,000
items the whole cache is about 130 MB, and one edited item changes four shards
at most (1.5–4 MB each). The page records describe the output in place, so
``build.pickle`` holding them is written beside its place while Pagefind runs
and put there only after the new output is swapped in.
"""

from __future__ import annotations

import hmac
import os
import pickle
import re
import secrets
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gkssg import __name__ as _package
from gkssg.base.heap import collection_paused

CACHE_DIR = ".gkssg/cache"
CACHE_FILE = "build.pickle"  # the page records of each output folder
FORMAT = 8  # bump when a cached type changes shape (8: items held unpickled in their shard)
MAX_OUTPUTS = 4  # output folders whose page records are kept (output/, the serve folder …)
SHARDS = 16
PARTS = ("markdown", "items", "rows")  # markdown: by shard when asked for; rows: load_rows


def shard_file(part: str, number: int) -> str:
    return f"{part}.{number:02d}.pickle"


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


@dataclass(frozen=True)
class PageRecord:
    """A page written by the previous build: the hash of its inputs and its file's identity."""

    key: str
    size: int
    mtime_ns: int


class LazyShards(Mapping[str, Any]):
    """A cache part whose shards are read when an entry of theirs is first asked for.

    Rendering asks for the Markdown of the pages it renders: after one edit, that of
    one item, in one shard of 16 (the Markdown of 10,000 items is about 47 MB, read
    in 0.4-0.6 s before anything could render). Entries this build made are
    :meth:`add`-ed; the shards holding them are written back (:meth:`changed_shards`),
    the others are left as they are, unread.
    """

    def __init__(self, folder: Path | None = None, part: str = "", key: bytes | None = None):
        self._folder, self._part, self._key = folder, part, key
        self._shards: list[dict[str, Any] | None] = [None] * SHARDS
        self._added: dict[str, Any] = {}
        self._most = 0  # entries kept at most, once over: the added ones alone (0: no limit)

    def shard(self, number: int) -> dict[str, Any]:
        """Shard ``number`` as it was read (read now if not yet)."""
        shard = self._shards[number]
        if shard is None:
            path = None if self._folder is None else self._folder / shard_file(self._part, number)
            shard = self._shards[number] = (_read(path, self._key) if path else None) or {}
        return shard

    def get(self, name: str, default: Any = None) -> Any:
        found = self._added.get(name, _ABSENT)
        if found is _ABSENT:
            found = self.shard(shard_of(name)).get(name, _ABSENT)
        return default if found is _ABSENT else found

    def __getitem__(self, name: str) -> Any:
        found = self.get(name, _ABSENT)
        if found is _ABSENT:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def add(self, entries: Mapping[str, Any], *, most: int = 0) -> None:
        """Add this build's ``entries``. Once the part would hold more than ``most``
        (spread evenly over the shards), a shard written holds its new entries alone:
        what no longer exists is dropped."""
        self._added.update(entries)
        self._most = most

    def changed_shards(self) -> dict[int, dict[str, Any]]:
        """The shards holding an added entry not already in them, by number, as they
        are to be written."""
        added: dict[int, dict[str, Any]] = {}
        for name, entry in self._added.items():
            added.setdefault(shard_of(name), {})[name] = entry
        share = -(-self._most // SHARDS)  # rounded up
        changed: dict[int, dict[str, Any]] = {}
        for number, entries in added.items():
            shard = self.shard(number)
            if all(shard.get(name, _ABSENT) == entry for name, entry in entries.items()):
                continue  # made again as it was (the Markdown of an empty text)
            merged = {**shard, **entries}
            changed[number] = entries if share and len(merged) > share else merged
        return changed

    def _whole(self) -> dict[str, Any]:
        whole: dict[str, Any] = {}
        for number in range(SHARDS):
            whole.update(self.shard(number))
        whole.update(self._added)
        return whole


@dataclass
class BuildCache:
    out: str = ""  # the output folder the page records describe
    markdown: LazyShards = field(default_factory=LazyShards)  # read when asked for
    pages: dict[str, PageRecord] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)  # gkssg.content.reading.ItemCache
    rows: dict[str, Any] = field(default_factory=dict)  # the data files' (gkssg.cache.rows)
    # the page records of other output folders (`gkssg serve` has its own), kept as they were
    other_outputs: dict[str, dict[str, PageRecord]] = field(default_factory=dict)
    # each part's shards as they were read: only those that differ are written
    read: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    folder: Path | None = None  # where the shards were read from

    @classmethod
    def load(cls, site_root: Path, out: Path) -> BuildCache:
        folder = site_root / CACHE_DIR
        key = _signing_key()
        outputs = dict(_read(folder / CACHE_FILE, key) or {})
        pages = outputs.pop(str(out), {})
        read = {"items": _read_part(folder, "items", key)}
        return cls(
            out=str(out),
            markdown=LazyShards(folder, "markdown", key),
            pages=pages,
            items=_joined(read["items"]),
            other_outputs=outputs,
            read=read,
            folder=folder,
        )

    def load_rows(self) -> dict[str, Any]:
        """The part ``rows``, read now (gkssg.cache.rows reads it when a row is asked for)."""
        if "rows" not in self.read and self.folder is not None:
            self.read["rows"] = _read_part(self.folder, "rows", _signing_key())
            self.rows = _joined(self.read["rows"])
        return self.rows

    def stage_content(self, site_root: Path) -> None:
        """Write the shards of the items and their rows that changed.

        Made from the content alone, they may be written while pages render, in
        another process. Nothing is written when there is no key to sign with, and
        what could not be written is left out (no cache: builds are only slower).
        """
        key = _signing_key()
        if key is None:
            return  # no private place for a key
        folder = site_root / CACHE_DIR
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for part, entries in (("items", self.items), ("rows", self.rows)):
                before = self.read.get(part)
                for number, shard in enumerate(_split(entries)):
                    if before is None or not _same(before[number], shard):
                        _write(folder / shard_file(part, number), shard, key)
        except OSError:
            return

    def stage(self, site_root: Path) -> StagedCache | None:
        """Write the Markdown shards that changed, and the page records beside their
        file (the items' shards are :meth:`stage_content`'s).

        The build stages the cache while Pagefind runs and commits the page records
        only after the new output is swapped in: they describe that output. None
        when there is no key to sign with or a file could not be written (no cache:
        builds are only slower).
        """
        key = _signing_key()
        if key is None:
            return None  # no private place for a key
        folder = site_root / CACHE_DIR
        temporary = folder / f".{CACHE_FILE}.{os.getpid()}"
        others = list(self.other_outputs.items())[-(MAX_OUTPUTS - 1) :]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(folder)
            for number, shard in self.markdown.changed_shards().items():
                _write(folder / shard_file("markdown", number), shard, key)
            _write(temporary, {**dict(others), self.out: self.pages}, key, replace=False)
        except OSError:
            temporary.unlink(missing_ok=True)
            return None
        return StagedCache(temporary, folder / CACHE_FILE)


@dataclass(frozen=True)
class StagedCache:
    """The page records, signed and written beside their file, not yet in its place."""

    temporary: Path
    target: Path

    def commit(self) -> None:
        self.temporary.replace(self.target)

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)


_TEMPORARY = re.compile(r"\.[^/]+\.pickle\.(\d+)")


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files of builds that were killed: those named for a process
    that no longer runs (a build of another output may be writing its own)."""
    for path in folder.iterdir():
        found = _TEMPORARY.fullmatch(path.name)
        if found is not None and not _running(int(found.group(1))):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no way to tell: leave its file alone
        return True
    return True


def _read_part(folder: Path, part: str, key: bytes | None) -> list[dict[str, Any]]:
    return [_read(folder / shard_file(part, n), key) or {} for n in range(SHARDS)]


def _split(entries: Mapping[str, Any]) -> list[dict[str, Any]]:
    shards: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
    for name, entry in entries.items():
        shards[shard_of(name)][name] = entry
    return shards


def _joined(shards: list[dict[str, Any]]) -> dict[str, Any]:
    joined: dict[str, Any] = {}
    for shard in shards:
        joined.update(shard)
    return joined


_ABSENT = object()


def _same(before: Mapping[str, Any], now: Mapping[str, Any]) -> bool:
    """Whether ``now`` holds the very entries read (an entry made again is a new object)."""
    return len(before) == len(now) and all(now.get(k, _ABSENT) is v for k, v in before.items())


def _read(path: Path, key: bytes | None) -> dict[str, Any] | None:
    """The entries of a cache file this user signed, in this format; None otherwise."""
    if key is None:
        return None
    try:
        blob = path.read_bytes()
        with collection_paused():
            data = pickle.loads(_verified(blob, key))
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        ValueError,
        TypeError,
    ):
        return None
    if not isinstance(data, dict) or data.get("format") != (_package, FORMAT):
        return None
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else None


def _write(path: Path, entries: Mapping[str, Any], key: bytes, *, replace: bool = True) -> None:
    """Sign and write ``entries``; with ``replace``, through a temporary file renamed into
    place (a reader sees the old file or the new one, never half of one)."""
    payload = pickle.dumps(
        {"format": (_package, FORMAT), "entries": entries}, protocol=pickle.HIGHEST_PROTOCOL
    )
    target = path.with_name(f".{path.name}.{os.getpid()}") if replace else path
    try:
        with target.open("wb") as stream:
            stream.write(_MAGIC + hmac.digest(key, payload, "sha256"))
            stream.write(payload)
        if replace:
            target.replace(path)
    except OSError:
        target.unlink(missing_ok=True)
        raise


# The cache sits in the site folder, where a pull request could put a file of its
# own; unpickling that would run its code, and a forged Markdown entry would skip
# the sanitiser. So the cache is signed with a key kept outside the site, in the
# user's cache folder, and a file without a valid signature is never unpickled.
_MAGIC = b"gkssg-cache-hmac-sha256\n"
_KEY_BYTES = 32


def _verified(blob: bytes, key: bytes) -> bytes:
    """The payload of a cache file signed with ``key``; ValueError otherwise."""
    signature = blob[len(_MAGIC) : len(_MAGIC) + 32]
    payload = blob[len(_MAGIC) + 32 :]
    if not blob.startswith(_MAGIC) or not hmac.compare_digest(
        signature, hmac.digest(key, payload, "sha256")
    ):
        raise ValueError("the build cache is not signed by this user")
    return payload


def _signing_key() -> bytes | None:
    """This user's cache key (created on first use, readable by the user only)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "gkssg" / "cache-key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_bytes()
            return key if len(key) == _KEY_BYTES else None
        with os.fdopen(descriptor, "wb") as handle:
            key = secrets.token_bytes(_KEY_BYTES)
            handle.write(key)
        return key
    except (OSError, RuntimeError):
        return None


def record_for(path: Path, key: str) -> PageRecord:
    stat = path.stat()
    return PageRecord(key, stat.st_size, stat.st_mtime_ns)


def valid_file(previous: str | Path, record: PageRecord | None, key: str) -> os.stat_result | None:
    """The status of the previous output's file when it was written from the same inputs
    and is untouched; None otherwise."""
    if record is None or record.key != key:
        return None
    try:
        stat = os.stat(previous)  # noqa: PTH116 - a text path for each of 10,000 pages
    except OSError:
        return None
    if stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns:
        return stat
    return None
