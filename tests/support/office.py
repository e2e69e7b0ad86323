"""Office and PDF files made by real writers, as editors attach them: a spreadsheet
(openpyxl), a Word document (python-docx) and a PDF (fpdf2)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_xlsx(path: Path, sheets: Mapping[str, Mapping[str, object]]) -> Path:
    """A workbook with ``sheets``: sheet title → {cell (``C4``): value}."""
    from openpyxl import Workbook

    workbook = Workbook()
    for number, (title, cells) in enumerate(sheets.items()):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        for cell, value in cells.items():
            sheet[cell] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_docx(
    path: Path,
    paragraphs: list[str],
    table: list[list[str]] | None = None,
    footer: str = "",
) -> Path:
    """A document: ``paragraphs``, then ``table`` (rows of cells), ``footer`` below each page."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row_number, row in enumerate(table):
            for column_number, text in enumerate(row):
                grid.cell(row_number, column_number).text = text
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def write_pdf(path: Path, pages: list[str], user_password: str = "") -> Path:
    """A PDF with one line of (Latin) text on each of ``pages``; with ``user_password``,
    encrypted so that it opens only with it."""
    from fpdf import FPDF

    pdf = FPDF()
    if user_password:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.cell(text=text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
