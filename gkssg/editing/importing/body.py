"""The body of a 公文 as Markdown.

The numbering of a 公文 (一、 （一） 1. （1）, typed or Word's automatic numbers)
becomes headings where a numbered line is a heading (short, no sentence in it):
``##`` to ``#####``; 第一章 and 第一节 are ``##`` and ``###``. Numbered sentences
stay paragraphs, except 1. 2. …, which are an ordered list (with its first
number, so that 3. stays 3.), the （1） lines under an item kept in it.
Emphasis, links, tables and pictures are kept; the 附件说明 becomes a list
linking the attachments that were given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gkssg.editing.importing.gongwen import Parts
from gkssg.editing.importing.reading import Block, Para, Span, Table

_CN = "一二三四五六七八九十百零〇"
LEVELS = (
    re.compile(rf"(?P<n>[{_CN}]+)\s*、\s*(?P<rest>.*)", re.S),
    re.compile(rf"[（(]\s*(?P<n>[{_CN}]+)\s*[）)]\s*(?P<rest>.*)", re.S),
    re.compile(r"(?P<n>\d{1,3})\s*[.．、](?![\d])\s*(?P<rest>.*)", re.S),
    re.compile(r"[（(]\s*(?P<n>\d{1,3})\s*[）)]\s*(?P<rest>.*)", re.S),
)
LABELS = ("{n}、", "（{n}）", "{n}.", "（{n}）")
_CHAPTER = re.compile(rf"第[{_CN}]+(?P<kind>[章节])\s*(?P<rest>.*)")
_HEADING_MAX = 30
_SENTENCE = re.compile(r"[。；;：:，,！？]")
_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(
    r"^(?:(?P<mark>[#>])|(?P<bullet>[-+])(?=\s)|(?P<n>\d+)(?P<dot>[.)])(?=\s))"
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")


@dataclass(frozen=True)
class Links:
    """Where the saved pictures and the given attachments are, relative to the item."""

    media: Mapping[int, str]
    attachments: Mapping[str, str]  # 附件说明 title → path


def escape(text: str) -> str:
    """Text that Markdown shows as it is (its place in a line aside: :func:`escape_start`)."""
    return _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def escape_start(line: str) -> str:
    """A line that does not start a heading, quote or list: ``1\\. `` ``\\#``."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match["n"]:
        return f"{match['n']}\\{match['dot']}{line[match.end() :]}"
    return "\\" + line


def numbered(text: str) -> tuple[int, str, str] | None:
    """(level 0–3, the label as written in a 公文, the rest) of a numbered line."""
    for level, pattern in enumerate(LEVELS):
        match = pattern.fullmatch(text)
        if match and match["rest"]:
            return level, LABELS[level].format(n=match["n"]), match["rest"]
    return None


def is_heading(rest: str) -> bool:
    """A numbered line is a heading when it is short and holds no punctuation."""
    return len(rest) <= _HEADING_MAX and not _SENTENCE.search(rest)


def to_markdown(parts: Parts, links: Links) -> str:
    out: list[str] = []
    in_list = False
    note = parts.attachment_note
    for index, block in enumerate(parts.body):
        if note is not None and note[0] <= index <= note[1]:
            if index == note[0]:
                out.append(_attachment_note(parts.attachments, links))
            in_list = False
            continue
        text, in_list = _block(block, links, in_list)
        out.append(text)
    for block in [*parts.signature, *parts.after]:
        out.append(_block(block, links, False)[0])
    return "\n\n".join(chunk for chunk in out if chunk) + "\n"


def _block(block: Block, links: Links, in_list: bool) -> tuple[str, bool]:
    """The block's Markdown, and whether an ordered list is open after it."""
    if isinstance(block, Table):
        return table(block.rows), False
    text = block.text
    chapter = _CHAPTER.fullmatch(re.sub(r"\s+", "　", text, count=1))
    if chapter and is_heading(chapter["rest"]):
        marks = "##" if chapter["kind"] == "章" else "###"
        return f"{marks} {escape(_spaced(text))}", False
    found = numbered(text)
    if found is None:
        return inline(block.spans, links, block.label), False
    level, label, rest = found
    if is_heading(rest):
        return f"{'#' * (level + 2)} {escape(label + rest)}", False
    body = inline(_without_prefix(block, len(text) - len(rest)), links)
    if level == 2:
        return f"{label.rstrip('.')}. {body}", True
    if level == 3 and in_list:
        return "    " + inline(block.spans, links, block.label), True
    return inline(block.spans, links, block.label), False


def _spaced(text: str) -> str:
    """第一章　总则 → 第一章 总则."""
    return " ".join(re.split(r"[\s\u3000]+", text.strip()))


def _without_prefix(block: Para, length: int) -> list[Span]:
    """The paragraph's spans less its first ``length`` characters (its number)."""
    spans = [Span(block.label), *block.spans] if block.label else list(block.spans)
    leading = len(block.label + "".join(s.text for s in block.spans)) - len(
        (block.label + "".join(s.text for s in block.spans)).lstrip(" \t\u3000\n")
    )
    drop = length + leading
    result = []
    for span in spans:
        if drop <= 0 or span.media >= 0:
            result.append(span)
            continue
        cut = span.text[drop:]
        drop -= len(span.text)
        if cut:
            result.append(Span(cut.lstrip(" \t\u3000"), span.bold, span.italic, span.link))
    return result


def inline(spans: Sequence[Span], links: Links, label: str = "") -> str:
    """The spans as Markdown: emphasis, links and pictures; line breaks kept."""
    merged: list[Span] = [Span(label)] if label else []
    for span in spans:
        last = merged[-1] if merged else None
        if (
            last is not None
            and span.media < 0
            and last.media < 0
            and (last.bold, last.italic, last.link) == (span.bold, span.italic, span.link)
        ):
            merged[-1] = Span(last.text + span.text, span.bold, span.italic, span.link)
        else:
            merged.append(span)
    text = "".join(_span(span, links) for span in merged)
    lines = [line.strip(" \t\u3000") for line in text.replace("\t", " ").split("\n")]
    return "  \n".join(escape_start(line) for line in lines if line)


def _span(span: Span, links: Links) -> str:
    if span.media >= 0:
        path = _url(links.media.get(span.media, ""))
        number = span.media + 1
        if path.lower().endswith(IMAGE_SUFFIXES):
            return f"![图{number}]({path})"
        return f"[对象{number}]({path})" if path else ""
    text = span.text
    core = text.strip(" \t\u3000")
    if not core:
        return text.replace("\u3000", " ")
    lead, trail = (
        text[: len(text) - len(text.lstrip(" \t\u3000"))],
        text[len(text.rstrip(" \t\u3000")) :],
    )
    shown = escape(core)
    if span.bold and span.italic:
        shown = f"***{shown}***"
    elif span.bold:
        shown = f"**{shown}**"
    elif span.italic:
        shown = f"*{shown}*"
    if span.link.startswith(("http://", "https://", "mailto:")):
        shown = f"[{shown}]({_url(span.link)})"
    return lead + shown + trail


def _url(path: str) -> str:
    return path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def table(rows: Sequence[Sequence[str]]) -> str:
    width = max((len(row) for row in rows), default=0)
    if width == 0:
        return ""

    def cell(text: str) -> str:
        lines = [escape(line.strip()) for line in text.split("\n") if line.strip()]
        return "<br>".join(lines) or " "

    lines = []
    for number, row in enumerate(rows):
        cells = [cell(text) for text in row] + [" "] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


def _attachment_note(titles: Sequence[str], links: Links) -> str:
    def entry(title: str) -> str:
        path = links.attachments.get(title)
        return f"[{escape(title)}]({_url(path)})" if path else escape(title)

    if len(titles) == 1:
        return "附件：" + entry(titles[0])
    items = "\n".join(f"{n}. {entry(title)}" for n, title in enumerate(titles, 1))
    return "附件：\n\n" + items
