"""Making Pagefind's bundle byte-identical for the same input.

Pagefind (1.5) writes each filter's values in hash-map order, which changes
from run to run; the filter files' names, the metadata file that lists them
and ``pagefind-entry.json`` change with it. Everything else it writes is
already stable. This module rewrites those three kinds of file in a fixed
order: filter values and the filter list sorted by name, files renamed by a
hash of their new content, gzip without a timestamp. The browser reads the
same data as before; only the order (and so the bytes) is now fixed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(value: Any) -> bytes:
    return SIGNATURE + cbor2.dumps(value)


def _write(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))


def _first(pair: list[Any]) -> Any:
    return pair[0]


def _name(language: str, payload: bytes, digits: int) -> str:
    return f"{language}_{hashlib.sha256(payload).hexdigest()[:digits]}"


def canonicalise_bundle(bundle: Path) -> None:
    """Rewrite the filter files, the metadata and the entry file of ``bundle`` in sorted order.

    Must run on a freshly written bundle (files are replaced, never edited in place).
    """
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        contents = []
        for name, file_hash in meta[3]:
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read(old)
            contents.append((name, _encode([filter_name, sorted(values, key=_first)])))
            old.unlink()  # all read before any is written: a new name may equal an old one
        renamed = []
        for name, payload in contents:
            new_hash = _name(language, payload, 7)
            _write(bundle / "filter" / f"{new_hash}.pf_filter", payload)
            renamed.append([name, new_hash])
        meta[3] = sorted(renamed, key=_first)
        payload = _encode(meta)
        new_meta = _name(language, payload, 13)
        meta_path.unlink()
        _write(bundle / f"pagefind.{new_meta}.pf_meta", payload)
        info["hash"] = new_meta
    entry_path.unlink()
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
