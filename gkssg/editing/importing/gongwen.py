"""The parts of a 公文 (GB/T 9704-2012) found in its paragraphs.

From the top: the 版头 (份号, 密级, 紧急程度, the red 发文机关标志, the
发文字号 with the red line under it), the title (centred, over one or more
lines), then the 主送机关 and the body. From the bottom: the 版记 (抄送, the
印发 line), the 成文日期 (the last line that is a date) and the signature just
above it. Each field is kept with where it was read from, for the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gkssg.base.i18n import Text, t
from gkssg.editing.importing.dates import parse_date
from gkssg.editing.importing.reading import Block, Para

#: The kinds of 公文 (GB/T 9704 and the 条例) and of other published documents.
GENRES = (
    "实施细则", "实施办法", "实施意见", "实施方案", "工作方案", "工作要点", "暂行办法",
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
    "批复", "议案", "纪要", "办法", "规定", "条例", "细则", "规则", "方案", "规划", "计划",
    "要点", "制度", "指南", "答复", "解读", "函", "令",
)  # fmt: skip
DOC_NO = re.compile(
    r"(?P<org>[^\s〔\[（(【]{1,20})\s*[〔\[（(【]\s*(?P<year>\d{4})\s*[〕\]）)】]\s*"
    r"(?P<seq>\d{1,5})\s*号"
)
_COPY_NUMBER = re.compile(r"[0-9]{1,6}")
_URGENCY = re.compile(r"(特急|加急|特提|平急)(★.*)?")
_SECRET = re.compile(r"(绝密|机密|秘密)(★.*)?")
_CHAPTER = re.compile(r"第[一二三四五六七八九十百零〇]+[章节]")
_BANJI = re.compile(r"(抄送|抄报|分送|发送|主题词)\s*[:：]|.*\d+\s*日\s*印\s*发$")
_SPLIT = re.compile(r"[\s\u3000]{2,}")
_SENTENCE = re.compile(r"[。；，：;:,]")
_ATTACHMENT_NOTE = re.compile(r"附\s*件\s*[:：]\s*(?P<rest>.*)")
_ENTRY = re.compile(r"(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>.+)")
_HEADER_SUFFIX = re.compile(r"(文件|公告|通告|令)$")


@dataclass(frozen=True)
class Found:
    value: str
    where: Text


@dataclass
class Parts:
    """What was recognised; ``body`` holds the blocks the Markdown is made of."""

    fields: dict[str, Found] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)
    signature: list[Para] = field(default_factory=list)  # signature and date, kept last
    after: list[Block] = field(default_factory=list)  # 附注 and what follows the date
    banji: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # the 附件说明's titles
    attachment_note: tuple[int, int] | None = None  # its first and last body index
    addressee: str = ""
    title_lines: int = 0
    written_text: str = ""


def recognise(blocks: list[Block]) -> Parts:
    parts = Parts()
    numbered = _numbered(blocks)
    start = _header(numbered, parts)
    start = _title(numbered, start, parts)
    end, tail = _closing(numbered, start, parts)
    parts.body = [b for _, b in numbered[start:end] if _kept(b)]
    parts.after = [b for _, b in tail if _kept(b)]
    _addressee(parts)
    _attachment_note(parts)
    _genre(parts)
    return parts


def _numbered(blocks: list[Block]) -> list[tuple[int, Block]]:
    """Blocks with the paragraph number a reader counts (empty paragraphs left out)."""
    result, count = [], 0
    for block in blocks:
        if isinstance(block, Para) and not block.text and not block.has_media:
            continue
        count += 1
        result.append((count, block))
    return result


def _kept(block: Block) -> bool:
    return not isinstance(block, Para) or bool(block.text) or block.has_media


def _header(numbered: list[tuple[int, Block]], parts: Parts) -> int:
    """Index of the first block after the 版头; the 发文字号 and red header read."""
    bodies: list[tuple[int, str]] = []
    for index, (number, block) in enumerate(numbered):
        if not isinstance(block, Para):
            return index
        text = re.sub(r"\s+", "", block.text)
        doc_no = DOC_NO.search(block.text) if len(text) <= 40 else None
        if doc_no is not None and _sentence_free(block.text.split("签发人")[0]):
            parts.fields["doc_no"] = Found(
                normalise_doc_no(doc_no), t("the 发文字号 line (paragraph {n})", n=number)
            )
            _header_bodies(bodies, parts)
            return index + 1
        if _COPY_NUMBER.fullmatch(text) or _URGENCY.fullmatch(text) or _SECRET.fullmatch(text):
            continue
        if block.red or (block.align == "center" and text.endswith("文件") and index < 4):
            bodies.append((number, text))
            continue
        _header_bodies(bodies, parts)
        return index
    _header_bodies(bodies, parts)
    return len(numbered)


def _header_bodies(bodies: list[tuple[int, str]], parts: Parts) -> None:
    names = []
    for _, text in bodies:
        for name in _SPLIT.split(text):
            name = _HEADER_SUFFIX.sub("", name).strip()
            if name:
                names.append(name)
    if names:
        parts.fields["header"] = Found(
            "、".join(names), t("the red header (paragraph {n})", n=bodies[0][0])
        )


def normalise_doc_no(match: re.Match[str]) -> str:
    """皖劳社[2008]12号, 皖劳社(2008)12号 → 皖劳社〔2008〕12号."""
    return f"{match['org']}〔{match['year']}〕{int(match['seq'])}号"


def _sentence_free(text: str) -> bool:
    return not re.search(r"[。；]", text)


def _title(numbered: list[tuple[int, Block]], start: int, parts: Parts) -> int:
    lines: list[tuple[int, str]] = []
    index = start
    while index < len(numbered) and len(lines) < 4:
        number, block = numbered[index]
        if not isinstance(block, Para) or block.has_media:
            break
        text = block.text
        centred = block.align == "center"
        if _CHAPTER.match(text) or text.startswith(("（", "(")) or text.endswith(("：", ":")):
            break
        if not centred and (lines or not _looks_like_title(text)):
            break
        lines.append((number, text))
        index += 1
    if lines:
        title = "".join(re.sub(r"\s+", "", text) for _, text in lines)
        first, last = lines[0][0], lines[-1][0]
        where = (
            t("the title block (paragraph {n})", n=first)
            if first == last
            else t("the title block (paragraphs {a}–{b})", a=first, b=last)
        )
        parts.fields["title"] = Found(title, where)
        parts.title_lines = len(lines)
    return index


def _looks_like_title(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    return len(compact) <= 60 and (compact.startswith("关于") or genre_of(compact) != "")


def genre_of(title: str) -> str:
    """The 体裁 named by the title's last words (关于…的通知 → 通知)."""
    words = re.sub(r"[（(][^）)]*[）)]$", "", title.strip())  # （试行）, （暂行）
    for genre in sorted(GENRES, key=len, reverse=True):
        if words.endswith(genre):
            return genre
    return ""


def _closing(
    numbered: list[tuple[int, Block]], start: int, parts: Parts
) -> tuple[int, list[tuple[int, Block]]]:
    """(index where the signature starts, the blocks after the date); the 版记,
    成文日期 and 发布机构 read."""
    end = len(numbered)
    while end > start:
        block = numbered[end - 1][1]
        if not isinstance(block, Para) or not _BANJI.match(block.text):
            break
        parts.banji.insert(0, block.text)
        end -= 1
    for index in range(end - 1, start - 1, -1):
        number, block = numbered[index]
        if not isinstance(block, Para):
            continue
        written = parse_date(block.text)
        if written is None:
            continue
        parts.fields["written"] = Found(
            written.isoformat(), t("the date under the signature (paragraph {n})", n=number)
        )
        parts.written_text = block.text
        signature = _signature(numbered, start, index, parts)
        parts.signature = [b for _, b in numbered[signature : index + 1] if isinstance(b, Para)]
        return signature, numbered[index + 1 : end]
    return end, []


def _signature(numbered: list[tuple[int, Block]], start: int, date: int, parts: Parts) -> int:
    """Index of the first signature line above the date at ``date``: the line just
    above it, and the lines above that when all are set to the right (or centred)."""
    first = date
    names: list[str] = []
    while first - 1 >= start and len(names) < 4:
        _, block = numbered[first - 1]
        if not isinstance(block, Para) or not _signature_like(block):
            break
        aligned = block.align in ("right", "center")
        if names and not aligned:
            break
        names = [*_SPLIT.split(block.text), *names]
        first -= 1
        if not aligned:
            break
    if names:
        parts.fields["publisher"] = Found(
            "、".join(n.strip() for n in names if n.strip()),
            t("the signature (paragraph {n})", n=numbered[first][0]),
        )
    return first


def _signature_like(block: Para) -> bool:
    text = block.text
    return (
        2 <= len(text) <= 60
        and not _SENTENCE.search(text)
        and parse_date(text) is None
        and not _ENTRY.match(text)
        and not text.startswith("附件")
    )


def _addressee(parts: Parts) -> None:
    if parts.body and isinstance(parts.body[0], Para):
        text = parts.body[0].text
        if text.endswith(("：", ":")) and "。" not in text and not _ATTACHMENT_NOTE.match(text):
            parts.addressee = text[:-1]


def _attachment_note(parts: Parts) -> None:
    """The 附件说明: ``附件：1．…`` and the numbered lines under it."""
    for index, block in enumerate(parts.body):
        match = _ATTACHMENT_NOTE.fullmatch(block.text) if isinstance(block, Para) else None
        if match is None or not match["rest"]:
            continue
        entry = _ENTRY.fullmatch(match["rest"])
        parts.attachments.append(_clean_title(entry["title"] if entry else match["rest"]))
        last = index
        for following in parts.body[index + 1 :]:
            more = _ENTRY.fullmatch(following.text) if isinstance(following, Para) else None
            if entry is None or more is None:
                break
            parts.attachments.append(_clean_title(more["title"]))
            last += 1
        parts.attachment_note = (index, last)
        return


def _clean_title(text: str) -> str:
    return text.strip().strip("《》").rstrip("。；;，,")


def _genre(parts: Parts) -> None:
    title = parts.fields.get("title")
    if title is not None:
        genre = genre_of(title.value)
        if genre:
            parts.fields["genre"] = Found(genre, t("the last words of the title"))


def written_date(parts: Parts) -> dt.date | None:
    found = parts.fields.get("written")
    return dt.date.fromisoformat(found.value) if found else None
