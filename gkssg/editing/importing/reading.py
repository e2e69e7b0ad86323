"""A .docx read with python-docx into paragraphs, tables and pictures, in document order.

What the 公文 recognition needs of each paragraph is kept: its text with
emphasis and links, its alignment, whether it is printed in red (the
发文机关标志), and its automatic number's label (:mod:`.numbering`). Runs of
hidden text are left out and counted. Pictures and embedded objects are kept
with their bytes, to be saved beside the item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gkssg.editing.importing.numbering import Numbering, read_numbering

Align = Literal["left", "center", "right", "justify"]
_JC: dict[str, Align] = {
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
    "left": "left",
    "start": "left",
}
_BLIP = qn("a:blip")
_EMBED = qn("r:embed")
_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_OLE = "{urn:schemas-microsoft-com:office:office}OLEObject"
_RID = qn("r:id")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""  # a hyperlink's target
    media: int = -1  # a picture or object: its index in ``Read.media``


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    align: Align = "left"
    label: str = ""  # Word's automatic number, e.g. 一、
    red: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text, its number first, without the spaces around it."""
        return (self.label + "".join(span.text for span in self.spans)).strip(" \t\u3000\n")

    @property
    def has_media(self) -> bool:
        return any(span.media >= 0 for span in self.spans)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Media:
    data: bytes
    suffix: str  # ".png"
    kind: Literal["image", "object"]


Block = Para | Table


@dataclass
class Read:
    blocks: list[Block] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    hidden_runs: int = 0


def open_document(path: Path) -> Document:
    return docx.Document(str(path))


def read_blocks(document: Document) -> Read:
    """The body's paragraphs and tables, in order (content controls opened)."""
    numbering = read_numbering(_numbering_element(document))
    result = Read()
    _read_children(document, document.element.body, numbering, result)
    return result


def _numbering_element(document: Document) -> Any | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _read_children(document: Document, parent: Any, numbering: Numbering, result: Read) -> None:
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            result.blocks.append(
                _paragraph(document, Paragraph(child, document), numbering, result)
            )
        elif child.tag == qn("w:tbl"):
            result.blocks.append(_table(DocxTable(child, document)))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _read_children(document, content, numbering, result)


def _paragraph(
    document: Document, paragraph: Paragraph, numbering: Numbering, result: Read
) -> Para:
    spans: list[Span] = []
    red = False
    for item in paragraph.iter_inner_content():
        runs = item.runs if isinstance(item, Hyperlink) else [item]
        link = item.address if isinstance(item, Hyperlink) else ""
        for run in runs:
            if run.font.hidden:
                result.hidden_runs += 1
                continue
            red = red or _is_red(run)
            spans.extend(_media_spans(document, run, result))
            if run.text:
                spans.append(Span(run.text, bool(run.bold), bool(run.italic), link))
    return Para(tuple(spans), _alignment(paragraph), _label(paragraph, numbering), red)


def _is_red(run: Run) -> bool:
    try:
        rgb = run.font.color.rgb if run.font.color.type is not None else None
    except (ValueError, AttributeError):
        return False
    if rgb is None:
        return False
    r, g, b = int(rgb[0]), int(rgb[1]), int(rgb[2])
    return r >= 0xC0 and g < 0x60 and b < 0x60


def _media_spans(document: Document, run: Run, result: Read) -> list[Span]:
    spans = []
    objects = [e.get(_RID) for e in run._r.iter(_OLE)]
    pictures = [] if objects else [e.get(_EMBED) for e in run._r.iter(_BLIP)]
    pictures += [] if objects else [e.get(_RID) for e in run._r.iter(_IMAGEDATA)]
    for rid, kind in [*((r, "object") for r in objects), *((r, "image") for r in pictures)]:
        part = document.part.related_parts.get(rid) if rid else None
        if part is None:
            continue
        suffix = Path(str(part.partname)).suffix.lower() or ".bin"
        result.media.append(Media(part.blob, suffix, "object" if kind == "object" else "image"))
        spans.append(Span("", media=len(result.media) - 1))
    return spans


def _alignment(paragraph: Paragraph) -> Align:
    """The paragraph's ``w:jc``, else its style's (read from the XML: python-docx has no
    name for the ``start`` and ``end`` that LibreOffice writes)."""
    value = _jc(paragraph._p)
    style = paragraph.style
    while value is None and style is not None:
        value = _jc(style.element)
        style = style.base_style
    return _JC.get(value or "left", "left")


def _jc(element: Any) -> str | None:
    jc = element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    return None if jc is None else str(jc.get(qn("w:val")))


def _label(paragraph: Paragraph, numbering: Numbering) -> str:
    """The automatic number of the paragraph (its own ``w:numPr``, else its style's)."""
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    style = paragraph.style
    if num_pr is None and style is not None:
        num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return ""
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    if num_id is None:
        return ""
    level = ilvl.get(qn("w:val"), "0") if ilvl is not None else "0"
    return numbering.label(str(num_id.get(qn("w:val"))), int(level) if level.isdigit() else 0)


def _table(table: DocxTable) -> Table:
    rows = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.tc_lst:
            paragraphs = tc.findall(qn("w:p"))
            text = "\n".join(Paragraph(p, table).text.strip() for p in paragraphs).strip()
            cells.append(text)
            cells.extend([""] * (tc.grid_span - 1))
        rows.append(tuple(cells))
    return Table(tuple(rows))
