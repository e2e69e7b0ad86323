"""The default 摘要 of an item: the plain text of its body's first paragraph."""

from __future__ import annotations

import re

MAX_SUMMARY = 160
_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]+|<[^>]+>|\{:?[^}]*\}")
_BLOCK_START = re.compile(r"\s*(#|\||>|```|~~~|[-*+]\s|\d+[.)]\s|<|---|\*\*\*|\[\^)")


def first_paragraph(markdown: str, limit: int = MAX_SUMMARY) -> str:
    """The first prose paragraph of ``markdown`` as plain text, cut at ``limit`` characters."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or _BLOCK_START.match(block):
            continue
        text = _INLINE.sub(lambda m: m.group(1) or "", block)
        text = re.sub(r"\s+", " ", text).strip()
        text = re.sub(
            r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text
        )
        if text:
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""
