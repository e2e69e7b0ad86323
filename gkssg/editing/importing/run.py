"""One document imported: checked, read, recognised, written (or, in a dry run, not).

Every check that can refuse a document runs before anything is written; a
document that is refused, or whose files cannot all be written, leaves the site
as it was. The outcome says what was read, from where, and what to check.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError

from gkssg.base.errors import Problem
from gkssg.base.i18n import Text, t
from gkssg.content.config import SiteConfig
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.model import Column
from gkssg.editing.importing import attachments as attach
from gkssg.editing.importing.body import IMAGE_SUFFIXES, Links, to_markdown
from gkssg.editing.importing.checks import editor_checks
from gkssg.editing.importing.container import Container, inspect
from gkssg.editing.importing.convert import convert_to_docx
from gkssg.editing.importing.gongwen import Found, Parts, recognise, written_date
from gkssg.editing.importing.numbers import next_index_number, record_number
from gkssg.editing.importing.reading import Read, open_document, read_blocks
from gkssg.editing.importing.refusals import refuse_revisions, refuse_unpublishable
from gkssg.editing.importing.refused import Refused
from gkssg.editing.importing.writing import (
    ATTACHMENT_DIR,
    Front,
    free_name,
    item_text,
    remove,
    write_all,
)
from gkssg.editing.new_item import safe_file_name
from gkssg.source.scan import CONTENT_DIR

Status = Literal["imported", "dry-run", "refused", "failed"]


@dataclass(frozen=True)
class Options:
    column: Column
    published: dt.datetime
    attach: tuple[Path, ...] = ()
    dry_run: bool = False
    alone: bool = True  # one document: every --attach file is its attachment


@dataclass
class Outcome:
    source: Path
    status: Status
    item: str = ""  # the item file, relative to the site root
    index_no: str = ""
    fields: dict[str, Found] = field(default_factory=dict)
    checks: list[Text] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # pictures and attachments saved
    attached: list[Path] = field(default_factory=list)  # the --attach files it took
    problem: Problem | None = None


@dataclass(frozen=True)
class Document:
    """What was read of a document that may be imported."""

    container: Container
    read: Read
    parts: Parts
    converted: str  # "doc", "wps", "rtf" when LibreOffice converted it, else ""


def import_document(
    site_root: Path, config: SiteConfig, source: Path, options: Options, given: list[IndexNumber]
) -> Outcome:
    """Import ``source``; the number it gets is added to ``given``."""
    try:
        document = read_document(source)
    except Refused as refused:
        problem = Problem(str(source), None, refused.code, refused.message, refused.hint)
        return Outcome(source, "refused", problem=problem)
    try:
        return _import(site_root, config, source, document, options, given)
    except OSError as exc:
        why = t("cannot write the item: {why}", why=exc.strerror or str(exc))
        return Outcome(source, "failed", problem=Problem(str(source), None, "IMPORT_FAILED", why))


def read_document(source: Path) -> Document:
    """Check, convert when needed, read and recognise; raises :class:`Refused`."""
    with tempfile.TemporaryDirectory(prefix="gkssg-import-") as work:
        container = inspect(source)
        converted = ""
        if container.kind == "legacy":
            converted = container.what
            container = inspect(convert_to_docx(source, container.what, Path(work)))
            if container.kind != "docx":
                raise Refused("IMPORT_OLD_FORMAT", t("LibreOffice did not make a .docx file"))
        docx_document = _open(container.path)
        refuse_revisions(docx_document)
        try:
            read = read_blocks(docx_document)
        except (KeyError, ValueError, AttributeError, TypeError, SyntaxError) as exc:
            # python-docx meets XML it has no model for (a value Word never writes):
            # this file is refused, the others of a batch go on
            raise _unreadable(exc) from exc
    refuse_unpublishable(read.blocks)
    return Document(container, read, recognise(read.blocks), converted)


def _open(path: Path) -> DocxDocument:
    try:
        return open_document(path)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise _unreadable(exc) from exc  # lxml's XMLSyntaxError is a SyntaxError


def _unreadable(exc: Exception) -> Refused:
    return Refused(
        "IMPORT_NOT_WORD",
        t("the file cannot be read as a Word document: {why}", why=str(exc) or type(exc).__name__),
        t("open it in Word or WPS and save it as .docx"),
    )


def _import(
    site_root: Path,
    config: SiteConfig,
    source: Path,
    document: Document,
    options: Options,
    given: list[IndexNumber],
) -> Outcome:
    parts = document.parts
    title = parts.fields["title"].value if "title" in parts.fields else source.stem
    folder = site_root / CONTENT_DIR / options.column.path
    stem = safe_file_name(title)
    name = free_name(folder, stem, ".md", set())
    files, links, matched = _files(folder, stem, document, parts, options)
    item = f"{CONTENT_DIR}/{options.column.path}/{name}"
    number = next_index_number(site_root, config, options.column, options.published, item, given)
    given.append(number)
    front = _front(title, parts, options, links, source)
    text = item_text(front, number, config.keys, options.column.defaults)
    files[name] = (text + "\n" + to_markdown(parts, links)).encode("utf-8")
    if not options.dry_run:
        created = write_all(folder, files)
        try:
            record_number(site_root, number, item, title, options.published)
        except OSError:
            remove(created)
            raise
    outcome = Outcome(source, "dry-run" if options.dry_run else "imported", item, number.text)
    outcome.fields = dict(parts.fields)
    outcome.files = [f"{CONTENT_DIR}/{options.column.path}/{n}" for n in files if n != name]
    outcome.checks = editor_checks(parts, document, front, matched, options.column)
    outcome.attached = [file for _, file in matched.pairs]
    return outcome


def _files(
    folder: Path, stem: str, document: Document, parts: Parts, options: Options
) -> tuple[dict[str, bytes], Links, attach.Matched]:
    """The pictures and attachments to save (name relative to ``folder`` → bytes)."""
    files: dict[str, bytes] = {}
    taken: set[str] = set()
    media: dict[int, str] = {}
    for index, item in enumerate(document.read.media):
        label = "图" if item.kind == "image" and item.suffix in IMAGE_SUFFIXES else "对象"
        name = free_name(folder / ATTACHMENT_DIR, f"{stem}-{label}{index + 1}", item.suffix, taken)
        media[index] = f"{ATTACHMENT_DIR}/{name}"
        files[media[index]] = item.data
    matched = attach.match(
        parts.attachments, attach.given_files(options.attach), alone=options.alone
    )
    paths: dict[str, str] = {}
    for title, file in matched.pairs:
        name = free_name(folder / ATTACHMENT_DIR, file.stem, file.suffix, taken)
        paths[title] = f"{ATTACHMENT_DIR}/{name}"
        files[paths[title]] = file.read_bytes()
    return files, Links(media, paths), matched


def _front(title: str, parts: Parts, options: Options, links: Links, source: Path) -> Front:
    publisher = parts.fields.get("publisher") or parts.fields.get("header")
    comments: list[str] = []
    if parts.banji:
        comments.append("版记（导入时移出正文）：")
        comments.extend(f"  {line}" for line in parts.banji)
    comments.append(f"导入自：{source.name}")
    return Front(
        title=title,
        published=options.published,
        written=written_date(parts),
        publisher=publisher.value if publisher else "",
        doc_no=parts.fields["doc_no"].value if "doc_no" in parts.fields else "",
        genre=parts.fields["genre"].value if "genre" in parts.fields else "",
        attachments=tuple((path, title) for title, path in links.attachments.items()),
        comments=tuple(comments),
    )
