"""What one build keeps for the next: rendered Markdown and the inputs of every page.

The cache lives in the site's ``.gkssg/cache/`` (git-ignored) and is only an
accelerator: a missing, corrupt or foreign cache means a full build, never a
wrong one. Rendered Markdown is keyed by a hash of everything that shapes it
(the text, the renderer's version and extensions, sanitising and masking); a
page's record is keyed by a hash of every value its template can see, so a
page is reused from the previous output only when nothing it shows changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import pickle
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gkssg import __name__ as _package
from gkssg.heap import collection_paused

CACHE_DIR = ".gkssg/cache"
CACHE_FILE = "build.pickle"
FORMAT = 4  # bump when a cached type changes shape (4: gkssg.itemcache.CachedItem)
MAX_OUTPUTS = 4  # output folders whose page records are kept (output/, the serve folder …)


@dataclass(frozen=True)
class PageRecord:
    """A page written by the previous build: the hash of its inputs and its file's identity."""

    key: str
    size: int
    mtime_ns: int


@dataclass
class BuildCache:
    out: str = ""  # the output folder the page records describe
    markdown: dict[str, str] = field(default_factory=dict)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)  # gkssg.content.ItemCache
    # the page records of other output folders (`gkssg serve` has its own), kept as they were
    other_outputs: dict[str, dict[str, PageRecord]] = field(default_factory=dict)

    @classmethod
    def load(cls, site_root: Path, out: Path) -> BuildCache:
        path = site_root / CACHE_DIR / CACHE_FILE
        try:
            with collection_paused():
                data = pickle.loads(_verified(path.read_bytes()))
        except (
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            ValueError,
            TypeError,
        ):
            return cls(out=str(out))
        if not isinstance(data, dict) or data.get("format") != (_package, FORMAT):
            return cls(out=str(out))
        outputs = dict(data.get("outputs", {}))
        pages = outputs.pop(str(out), {})
        return cls(
            out=str(out),
            markdown=data.get("markdown", {}),
            pages=pages,
            items=data.get("items", {}),
            other_outputs=outputs,
        )

    def stage(self, site_root: Path) -> StagedCache | None:
        """Serialise, sign and write the cache beside its file, not yet in its place.

        The build stages the cache while Pagefind runs (about 0.9 s at 10,000
        items, mostly pickling and writing 100 MB) and commits it only after the
        new output is swapped in: the page records describe that output. None when
        there is no key to sign with or the file could not be written (no cache:
        builds are only slower).
        """
        key = _signing_key()
        if key is None:
            return None  # no private place for a key
        folder = site_root / CACHE_DIR
        temporary = folder / f".{CACHE_FILE}.{os.getpid()}"
        others = list(self.other_outputs.items())[-(MAX_OUTPUTS - 1) :]
        data = {
            "format": (_package, FORMAT),
            "markdown": self.markdown,
            "outputs": {**dict(others), self.out: self.pages},
            "items": self.items,
        }
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                stream.write(_MAGIC + hmac.digest(key, payload, "sha256"))
                stream.write(payload)
        except OSError:
            temporary.unlink(missing_ok=True)
            return None
        return StagedCache(temporary, folder / CACHE_FILE)


@dataclass(frozen=True)
class StagedCache:
    """A signed cache file written beside the cache file, not yet in its place."""

    temporary: Path
    target: Path

    def commit(self) -> None:
        self.temporary.replace(self.target)

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)


# The cache sits in the site folder, where a pull request could put a file of its
# own; unpickling that would run its code, and a forged Markdown entry would skip
# the sanitiser. So the cache is signed with a key kept outside the site, in the
# user's cache folder, and a file without a valid signature is never unpickled.
_MAGIC = b"gkssg-cache-hmac-sha256\n"
_KEY_BYTES = 32


def _verified(blob: bytes) -> bytes:
    """The payload of a cache file signed with this user's key; ValueError otherwise."""
    key = _signing_key()
    signature = blob[len(_MAGIC) : len(_MAGIC) + 32]
    payload = blob[len(_MAGIC) + 32 :]
    if (
        key is None
        or not blob.startswith(_MAGIC)
        or not hmac.compare_digest(signature, hmac.digest(key, payload, "sha256"))
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


def digest(*parts: object) -> str:
    """A stable hash of values whose ``repr`` is deterministic (dataclasses, tuples, text).

    Bytes and text are hashed as they are (``repr`` of a file's bytes cost more than
    the hash); each part is tagged with its kind and length, so parts never run together.
    """
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        if type(part) is bytes:
            kind, data = b"b", part
        elif type(part) is str:
            kind, data = b"s", part.encode("utf-8", "surrogatepass")
        else:
            kind, data = b"r", repr(part).encode("utf-8", "surrogatepass")
        hasher.update(kind + len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def stable_repr(value: object) -> str:
    """``repr`` with sets sorted, so it does not depend on PYTHONHASHSEED."""
    return repr(_stable(value))


def _stable(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *((f.name, _stable(getattr(value, f.name))) for f in fields))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted((_stable(v) for v in value), key=repr))
    if isinstance(value, (tuple, list)):
        return tuple(_stable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted(((repr(k), _stable(v)) for k, v in value.items())))
    return value


def record_for(path: Path, key: str) -> PageRecord:
    stat = path.stat()
    return PageRecord(key, stat.st_size, stat.st_mtime_ns)


def still_valid(previous: Path, record: PageRecord | None, key: str) -> bool:
    """The previous output's file was written from the same inputs and is untouched."""
    if record is None or record.key != key:
        return False
    try:
        stat = previous.stat()
    except OSError:
        return False
    return stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns
