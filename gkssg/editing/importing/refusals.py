"""The documents that must not be published, refused before anything is written.

- A 密级 (绝密, 机密, 秘密) in the 版头, or a 密级★保密期限 mark anywhere, and a
  document that says it is not to be published (此件不予公开, 公开属性：不予公开)
  or is internal (内部资料, 仅供内部使用): it must never reach a public site.
- Tracked changes and comments: a document is refused until they are accepted
  or removed in Word or WPS, since deleted or commented draft text would
  otherwise be published from the file, or silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from docx.document import Document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from gkssg.base.i18n import t
from gkssg.editing.importing.reading import Block, Para
from gkssg.editing.importing.refused import Refused

HEADER_LINES = 8  # the 版头 is among the first paragraphs
SHORT = 24  # a marking line is short; a sentence that mentions 不予公开 is not one
_SECRET_LINE = re.compile(r"(绝密|机密|秘密)(\s*[★☆*].*)?")
_SECRET_MARK = re.compile(r"(绝密|机密|秘密)\s*[★☆]")
_NOT_PUBLIC_ANYWHERE = re.compile(
    r"(此件|本件|本文)(不予公开|不公开)|公开(属性|方式|选项|类别)\s*[:：]\s*(不予公开|不公开)"
)
_NOT_PUBLIC_LINE = re.compile(
    r"[（(]?\s*(此件|本件)?\s*(不予公开|不公开|内部资料|内部文件|内部明电|内部发行|内部使用|"
    r"仅供内部[^\s）)]*|内部)(\s*[，,]?\s*注意保[存密管])?\s*[）)]?"
)
_REVISIONS = {
    qn(f"w:{name}")
    for name in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "cellIns",
        "cellDel",
        "numberingChange",
    )
}
_COMMENTS = {qn("w:commentReference"), qn("w:commentRangeStart"), qn("w:comment")}
_WORD_XML = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def refuse_unpublishable(blocks: Iterable[Block]) -> None:
    """Raise :class:`Refused` for a 密级, a 不予公开 or an 内部 marking."""
    paragraphs = [b.text for b in blocks if isinstance(b, Para) and b.text]
    for number, text in enumerate(paragraphs, 1):
        compact = re.sub(r"\s+", "", text)
        if (number <= HEADER_LINES and _SECRET_LINE.fullmatch(compact)) or _SECRET_MARK.search(
            compact
        ):
            raise Refused(
                "IMPORT_CLASSIFIED",
                t(
                    "the document is marked classified ({mark}): it must never reach a public site",
                    mark=text,
                ),
                t("a classified document is not published; ask the office that issued it"),
            )
        if _NOT_PUBLIC_ANYWHERE.search(compact) or (
            len(compact) <= SHORT and _NOT_PUBLIC_LINE.fullmatch(compact)
        ):
            raise Refused(
                "IMPORT_CLASSIFIED",
                t("the document says it is not to be made public ({mark})", mark=text),
                t("check the document's 公开属性 with the office that issued it"),
            )


def refuse_revisions(document: Document) -> None:
    """Raise :class:`Refused` for tracked changes or comments in any part of the text."""
    revisions = comments = 0
    for element in _word_elements(document):
        for node in element.iter():
            if node.tag in _REVISIONS:
                revisions += 1
            elif node.tag in _COMMENTS:
                comments += 1
    if revisions:
        raise Refused(
            "IMPORT_REVISIONS",
            t("the document has {n} tracked change(s) not yet accepted or rejected", n=revisions),
            t(
                "in Word or WPS, accept or reject every change (审阅 → 接受/拒绝), "
                "save, import again"
            ),
        )
    if comments:
        raise Refused(
            "IMPORT_REVISIONS",
            t("the document has comments (批注)"),
            t("in Word or WPS, delete every comment (审阅 → 删除批注), save, import again"),
        )


def _word_elements(document: Document) -> Iterator[Any]:
    """The XML of the main text, headers, footers, notes and comments."""
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart) and str(part.content_type).startswith(_WORD_XML):
            yield part.element
