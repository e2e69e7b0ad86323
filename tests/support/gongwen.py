"""Writing 公文 (GB/T 9704-2012) as .docx files for the import tests, with python-docx.

``Gongwen`` lays a document out as an office does: the red 发文机关标志 and the red
line under the 发文字号, a centred title, the 主送机关, the body (its numbering typed
as text or Word's automatic numbering), tables, images, the 附件说明, the signature
and 成文日期 to the right, and the 版记. ``**bold**`` and ``*italic*`` in a text mark
its emphasis.
"""

from __future__ import annotations

import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

RED = RGBColor(0xFF, 0x00, 0x00)
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")

#: Word's automatic numbering of the four 公文 levels: 一、（一）1.（1）
NUMBERING_XML = (
    "<w:abstractNum {ns} w:abstractNumId='90'>"
    "<w:multiLevelType w:val='multilevel'/>"
    "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
    "<w:lvlText w:val='%1、'/><w:lvlJc w:val='left'/></w:lvl>"
    "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
    "<w:lvlText w:val='（%2）'/><w:lvlJc w:val='left'/></w:lvl>"
    "<w:lvl w:ilvl='2'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
    "<w:lvlText w:val='%3.'/><w:lvlJc w:val='left'/></w:lvl>"
    "<w:lvl w:ilvl='3'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
    "<w:lvlText w:val='（%4）'/><w:lvlJc w:val='left'/></w:lvl>"
    "</w:abstractNum>"
)


def png_bytes(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class Gongwen:
    """One document being written."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self._num_id: int | None = None

    # -- the 版头 ---------------------------------------------------------------

    def line(self, text: str, *, align: str = "left", size: float | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        self._runs(paragraph, text, size=size)
        paragraph.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        return paragraph

    def red_header(self, *bodies: str) -> None:
        """The 发文机关标志 in red, centred, large; several bodies for a joint document."""
        for text in bodies:
            paragraph = self.line("", align="center")
            run = paragraph.add_run(text)
            run.font.color.rgb = RED
            run.font.size = Pt(36)
            run.bold = True

    def doc_no(self, text: str, *, signer: str = "") -> None:
        """The 发文字号 line, with the red line under it."""
        paragraph = self.line(
            f"{text}{'　' * 4}签发人：{signer}" if signer else text, align="center"
        )
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f"<w:pBdr {nsdecls('w')}><w:bottom w:val='single' w:sz='12' w:space='1'"
                " w:color='FF0000'/></w:pBdr>"
            )
        )

    def title(self, *lines: str) -> None:
        for text in lines:
            self.line(text, align="center", size=22)

    # -- the body ---------------------------------------------------------------

    def para(self, text: str, *, indent: bool = True) -> Paragraph:
        paragraph = self.line(text, align="justify")
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        return paragraph

    def numbered(self, level: int, text: str) -> Paragraph:
        """A paragraph numbered by Word (level 0: 一、 … level 3: （1）)."""
        paragraph = self.para(text, indent=False)
        num_pr = parse_xml(
            f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/>"
            f"<w:numId w:val='{self._numbering()}'/></w:numPr>"
        )
        paragraph._p.get_or_add_pPr().insert(0, num_pr)
        return paragraph

    def _numbering(self) -> int:
        if self._num_id is None:
            numbering = self.doc.part.numbering_part.element
            abstract = parse_xml(NUMBERING_XML.format(ns=nsdecls("w")))
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.append(abstract)
            self._num_id = 90
            numbering.append(
                parse_xml(
                    f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>"
                )
            )
        return self._num_id

    def table(self, rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for cells, row in zip(rows, table.rows, strict=True):
            for text, cell in zip(cells, row.cells, strict=True):
                cell.text = text

    def image(self, data: bytes, *, width_pt: float = 120) -> None:
        paragraph = self.line("", align="center")
        paragraph.add_run().add_picture(BytesIO(data), width=Pt(width_pt))

    def right(self, text: str) -> Paragraph:
        return self.line(text, align="right")

    def banji(self, copies: str, printed: str) -> None:
        """The 版记: 抄送 and the 印发 line."""
        self.line(copies)
        self.line(printed)

    # -- changes and comments ----------------------------------------------------

    def tracked_change(self, kept: str, deleted: str, inserted: str) -> None:
        """A paragraph with a deletion and an insertion that were never accepted."""
        paragraph = self.para(kept)
        author = "w:author='张三' w:date='2008-03-01T09:00:00Z'"
        paragraph._p.append(
            parse_xml(
                f"<w:del {nsdecls('w')} w:id='901' {author}><w:r>"
                f"<w:delText>{deleted}</w:delText></w:r></w:del>"
            )
        )
        paragraph._p.append(
            parse_xml(
                f"<w:ins {nsdecls('w')} w:id='902' {author}><w:r>"
                f"<w:t>{inserted}</w:t></w:r></w:ins>"
            )
        )

    def comment(self, text: str, remark: str) -> None:
        paragraph = self.para(text)
        self.doc.add_comment(paragraph.runs, text=remark, author="李四", initials="LS")

    # -- writing -----------------------------------------------------------------

    def _runs(self, paragraph: Paragraph, text: str, *, size: float | None) -> None:
        for part in _EMPHASIS.split(text):
            if not part:
                continue
            if part.startswith("**"):
                run = paragraph.add_run(part[2:-2])
                run.bold = True
            elif part.startswith("*"):
                run = paragraph.add_run(part[1:-1])
                run.italic = True
            else:
                run = paragraph.add_run(part)
            if size is not None:
                run.font.size = Pt(size)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path
