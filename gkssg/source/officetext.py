"""The text inside office and PDF attachments, each piece with its place.

Spreadsheets of names and ID numbers are where personal data really leaks, so the
privacy check reads what a published ``.xlsx`` (every sheet and cell), ``.docx``
(paragraphs, tables, headers and footers) and ``.pdf`` (every page) holds, with
openpyxl, python-docx and pypdf. Each piece of text carries its place (``Sheet1!C4``,
第3页 …) for the finding's message.

A file that cannot be read (damaged, encrypted with a password, unpacking to more
than :data:`MAX_UNPACKED_BYTES`) is never an exception: :func:`office_text` returns
why, for the check to report.
"""

from __future__ import annotations

import logging
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gkssg.base.i18n import Text, t

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
DOCUMENT_SUFFIXES = (".docx", ".docm")
PDF_SUFFIXES = (".pdf",)
OFFICE_SUFFIXES = SPREADSHEET_SUFFIXES + DOCUMENT_SUFFIXES + PDF_SUFFIXES
#: An office file is a zip archive: one that unpacks to more is not opened (a zip bomb).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Segment:
    """One piece of an attachment's text (a cell, a paragraph, a page) and its place."""

    place: Text | str
    text: str


@dataclass(frozen=True)
class OfficeText:
    """What an attachment holds, or why it could not be read (``failure``): locked
    (``locked``: a password, too large to open) or damaged, which a lenient viewer may
    still show."""

    segments: tuple[Segment, ...] = ()
    failure: Text | None = None
    locked: bool = False


def is_office_file(path: str) -> bool:
    return path.lower().endswith(OFFICE_SUFFIXES)


def office_text(path: Path) -> OfficeText:
    """The text of the office or PDF file at ``path``, or why it cannot be read."""
    suffix = path.suffix.lower()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the readers warn of what they skip
            if suffix in PDF_SUFFIXES:
                return _pdf_text(path)
            too_large = _unpacks_too_large(path)
            if too_large is not None:
                return OfficeText(failure=too_large, locked=True)
            if suffix in SPREADSHEET_SUFFIXES:
                return OfficeText(tuple(_spreadsheet_segments(path)))
            return OfficeText(tuple(_document_segments(path)))
    except zipfile.BadZipFile:
        return _encrypted_or_damaged(path)
    except Exception as exc:  # a damaged file makes the readers raise anything: never crash
        return OfficeText(failure=t("it is damaged ({error})", error=type(exc).__name__))


def _unpacks_too_large(path: Path) -> Text | None:
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        return t("it unpacks to more than {limit} MiB", limit=MAX_UNPACKED_BYTES // 1024 // 1024)
    return None


def _encrypted_or_damaged(path: Path) -> OfficeText:
    """An office file that is not a zip archive: a password-protected one is an OLE
    compound file (what Office writes when a file is encrypted), else it is damaged."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        reason = t("it is protected with a password, or is an old binary (.xls/.doc) file")
        return OfficeText(failure=reason, locked=True)
    return OfficeText(failure=t("it is damaged (not an office file)"))


# -- spreadsheets -----------------------------------------------------------------------------


def _spreadsheet_segments(path: Path) -> Iterator[Segment]:
    """Every cell of every sheet that holds something, as ``Sheet!C4``."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for row_number, row in enumerate(rows, start=1):
                for column_number, value in enumerate(row, start=1):
                    text = _cell_text(value)
                    if text:
                        cell = f"{get_column_letter(column_number)}{row_number}"
                        yield Segment(f"{sheet.title}!{cell}", text)
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell's value as it reads: a whole number without ``.0`` (a mobile number typed
    as a number is stored as one)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


# -- Word documents -------------------------------------------------------------------------


def _document_segments(path: Path) -> Iterator[Segment]:
    """Paragraphs (text boxes in them included), table cells, headers and footers."""
    from docx import Document

    document = Document(str(path))
    yield from _paragraph_segments(document.element.body)
    yield from _table_segments(document.tables, seen=set())
    for number, section in enumerate(document.sections, start=1):
        for kind, part in _headers_and_footers(section):
            if part.is_linked_to_previous:
                continue  # none of its own: the previous section's, read already
            text = "\n".join(_xml_text(p) for p in part._element.iter(_W_P))
            if text.strip():
                yield Segment(_HEADER_PLACES[kind](number), text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_T, _W_TBL = f"{_W}p", f"{_W}t", f"{_W}tbl"
_HEADER_PLACES = {
    "header": lambda number: t("the header of section {section}", section=number),
    "footer": lambda number: t("the footer of section {section}", section=number),
}


def _headers_and_footers(section: Any) -> Iterator[tuple[str, Any]]:
    for kind in ("header", "footer"):
        for prefix in ("", "first_page_", "even_page_"):
            yield kind, getattr(section, f"{prefix}{kind}")


def _xml_text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(_W_T))


def _paragraph_segments(body: Any) -> Iterator[Segment]:
    """The body's own paragraphs (not those in tables), numbered as a reader counts them."""
    number = 0
    for child in body.iterchildren(_W_P):
        text = _xml_text(child)
        if text.strip():
            number += 1
            yield Segment(t("paragraph {number}", number=number), text)


def _table_segments(tables: Any, seen: set[Any], outer: str = "") -> Iterator[Segment]:
    """Every cell of every table (a merged cell once: ``seen`` holds the cells' elements,
    which also keeps them alive, so that lxml gives the same one again), nested tables
    included."""
    for table_number, table in enumerate(tables, start=1):
        label = f"{outer}{table_number}"
        for row_number, row in enumerate(table.rows, start=1):
            for column_number, cell in enumerate(row.cells, start=1):
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                text = "\n".join(_xml_text(p) for p in cell._tc.iterchildren(_W_P))
                if text.strip():
                    place = t(
                        "table {table}, row {row}, column {column}",
                        table=label,
                        row=row_number,
                        column=column_number,
                    )
                    yield Segment(place, text)
                yield from _table_segments(cell.tables, seen, outer=f"{label}.")


# -- PDF ----------------------------------------------------------------------------------------


def _pdf_text(path: Path) -> OfficeText:
    """Every page's text; a file encrypted with an empty password (permissions only)
    is read, one that needs a password to open is reported."""
    from pypdf import PdfReader

    with _quiet("pypdf"):  # it logs what it repairs; a damaged file is reported instead
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return OfficeText(failure=t("it is protected with a password"), locked=True)
        segments = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            if text.strip():
                segments.append(Segment(t("page {page}", page=number), text))
    return OfficeText(tuple(segments))


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """The logger ``name`` silent below errors while the block runs."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
