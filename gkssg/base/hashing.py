"""The project's hashing primitives: stable digests of values, texts and gkssg's own code.

Every cache key (items, rendered Markdown, export rows, page records) is made
with these, so two builds agree on a key exactly when their inputs agree.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from pathlib import Path

import gkssg


@functools.cache
def code_fingerprint() -> str:
    """A hash of gkssg's own code: what other code made (pages) is not reused."""
    package = Path(gkssg.__file__).parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


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


def digest_text(text: str) -> str:
    """The hash of one text (a page key's parts, joined), as :func:`digest` spells hashes."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


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
