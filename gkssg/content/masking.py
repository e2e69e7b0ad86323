"""``privacy: mask``: personal data published masked, in every output at once.

Items and columns are masked once, when they are loaded (:func:`as_published`;
``gkssg build`` and ``gkssg serve`` alike), so pages, feeds, the catalog export
and the search index all see the same masked text
(``340104********1234``, ``138****5678``); text attachments are masked when
they are written. Values an item lists in ``privacy_allow`` are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path
from typing import TypeVar

from gkssg.content.model import Column, Item
from gkssg.content.privacy import mask_personal_data
from gkssg.source.sourcefile import BOM

ItemOrColumn = TypeVar("ItemOrColumn", Item, Column)

#: Attachments whose text is checked (``privacy: error``) or masked (``privacy: mask``).
TEXT_ATTACHMENT_SUFFIXES = (".txt", ".md", ".csv")


def is_text_attachment(path: str) -> bool:
    return path.lower().endswith(TEXT_ATTACHMENT_SUFFIXES)


def mask_item(item: Item) -> Item:
    """The item as published: title, summary, body and attachment titles masked."""
    allow = item.privacy_allow
    attachments = tuple(
        dataclasses.replace(a, title=mask_personal_data(a.title, allow)) for a in item.attachments
    )
    return dataclasses.replace(
        item,
        title=mask_personal_data(item.title, allow),
        summary=mask_personal_data(item.summary, allow),
        body=mask_personal_data(item.body, allow),
        attachments=attachments,
    )


def mask_column(column: Column) -> Column:
    return dataclasses.replace(column, body=mask_personal_data(column.body))


def as_published(privacy: str, value: ItemOrColumn) -> ItemOrColumn:
    """An item or column read from its file, as the site publishes it: masked in
    privacy ``mask`` mode (the one place masking happens), as read otherwise."""
    if privacy != "mask":
        return value
    if isinstance(value, Item):
        return mask_item(value)
    return mask_column(value)


def masked_file(path: Path, allow: Collection[str] = ()) -> bytes:
    """A text attachment's bytes with personal data masked, in its own encoding."""
    raw = path.read_bytes()
    bom = BOM if raw.startswith(BOM) else b""
    body = raw[len(bom) :]
    for codec in ("utf-8", "gb18030"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        return bom + mask_personal_data(text, allow).encode(codec)
    # Unknown encoding: one character per byte keeps every ASCII digit in place.
    return bom + mask_personal_data(body.decode("latin-1"), allow).encode("latin-1")
