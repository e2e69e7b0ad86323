"""Exact look-ups for the search page: 文号, 索引号 or full title → the item.

Pagefind ranks words, so a query such as 皖劳社〔2008〕12号 also matches every
document with 2008 or 12号 in it, and some titles full of digits find nothing.
The build therefore writes a small table of normalised keys → item, split into
shards (``search/exact/N.json``) so a browser fetches only the one shard its
query hashes to; the search page shows a hit as a pinned first result.

:func:`normalise` and :func:`shard_of` are mirrored exactly in
``layouts/static/search.js``; change both together.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from gkssg.content.model import Item
from gkssg.content.urls import Urls

EXACT_FOLDER = "search/exact"
ITEMS_PER_SHARD = 128  # a shard stays around 30 KB

_SPACE = re.compile(r"\s+")
_OPENING = str.maketrans(dict.fromkeys("〔［【〖(（", "[") | dict.fromkeys("〕］】〗)）", "]"))
_QUOTES = re.compile(r"[《》〈〉“”‘’\"'「」『』]")
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def normalise(text: str) -> str:
    """The form in which queries and keys are compared (mirrored in search.js)."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text).lower()
    return _QUOTES.sub("", text.translate(_OPENING)).rstrip("。.")


def shard_count(items: int) -> int:
    """A power of two, so that a shard holds about ``ITEMS_PER_SHARD`` items."""
    count = 1
    while count * ITEMS_PER_SHARD < items:
        count *= 2
    return count


def key_hash(key: str) -> int:
    """FNV-1a (32 bits) over the key's UTF-8 bytes."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def shard_of(key: str, shards: int) -> int:
    """The shard a key is in: its FNV-1a hash modulo the shard count."""
    return key_hash(key) % shards


def item_keys(item: Item) -> list[str]:
    """Every normalised key that finds ``item``: its 文号, 索引号 and title."""
    keys = [normalise(text) for text in (item.doc_no, item.index_no.text, item.title) if text]
    return list(dict.fromkeys(key for key in keys if key))


def shard_paths(shards: int) -> list[str]:
    """The output paths of ``shards`` shards, in shard order."""
    return [f"{EXACT_FOLDER}/{number}.json" for number in range(shards)]


class ExactRow(NamedTuple):
    """What the shards hold of one item: its entry, as JSON text, under each key."""

    entry: str  # [url, title, 文号, 索引号]
    keys: tuple[tuple[str, int], ...]  # each key, with its hash (see :func:`key_hash`)


def exact_row(item: Item, urls: Urls) -> ExactRow:
    entry = [urls.path(item.output_path), item.title, item.doc_no, item.index_no.text]
    keys = tuple((key, key_hash(key)) for key in item_keys(item))
    return ExactRow(_ENCODER.encode(entry), keys)


def exact_shards(rows: Iterable[ExactRow], shards: int) -> dict[str, str]:
    """Output path → JSON text: ``{key: [[url, title, 文号, 索引号], …]}`` per shard, keys
    sorted, entries in the order of ``rows`` (``json.dumps(…, sort_keys=True)``'s text)."""
    tables: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for row in rows:
        for key, hashed in row.keys:
            tables[hashed % shards].setdefault(key, []).append(row.entry)
    texts = {}
    for path, table in zip(shard_paths(shards), tables, strict=True):
        members = (f"{_ENCODER.encode(key)}:[{','.join(table[key])}]" for key in sorted(table))
        texts[path] = "{" + ",".join(members) + "}"
    return texts
