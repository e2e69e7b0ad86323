"""What a file really is, and whether it is safe to read, before any reader opens it.

A .docx is a zip archive of XML parts. It is refused when it is not one (a renamed
picture), when it is an encrypted document (an OLE2 file with an
``EncryptionInfo`` stream, MS-OFFCRYPTO), when it unpacks to far more than it
weighs (a zip bomb), when a part declares a DTD (external entities, entity
expansion) or when a relationship loads something from another host (a linked
picture, template or object: a published page loads nothing from elsewhere).
Hyperlinks to other hosts are links a reader may follow, not loads: they are
kept and listed in the report. A .doc, a .wps or an RTF file is ``legacy``: it is
converted through LibreOffice (:mod:`.convert`) and the result checked again.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

import olefile

from gkssg.base.i18n import Text, t
from gkssg.editing.importing.refused import Refused

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PARTS = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, for parts over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "/hyperlink"

Kind = Literal["docx", "legacy"]

#: The first bytes of files that are not Word documents, and what they are.
_MAGIC = (
    (b"\x89PNG", t("a PNG image")),
    (b"\xff\xd8\xff", t("a JPEG image")),
    (b"GIF8", t("a GIF image")),
    (b"%PDF", t("a PDF file")),
    (b"BM", t("a BMP image")),
    (b"Rar!", t("a RAR archive")),
    (b"7z\xbc\xaf", t("a 7-Zip archive")),
    (b"\x1f\x8b", t("a gzip archive")),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Container:
    path: Path
    kind: Kind
    what: str  # "docx", "doc", "wps", "rtf"
    hyperlinks: tuple[str, ...] = ()  # external links found in the relationships


def inspect(path: Path) -> Container:
    """The file's kind, checked; raises :class:`Refused` with the reason."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise Refused(
            "IMPORT_NOT_WORD", t("cannot read the file: {why}", why=exc.strerror or str(exc))
        ) from exc
    if size > MAX_FILE_BYTES:
        raise Refused("IMPORT_UNSAFE", t("the file is larger than 100 MB"))
    if head.startswith(b"PK\x03\x04"):
        return Container(path, "docx", "docx", check_docx(path))
    if head.startswith(_OLE):
        return Container(path, "legacy", _ole_kind(path))
    if head.startswith(b"{\\rtf"):
        return Container(path, "legacy", "rtf")
    raise Refused(
        "IMPORT_NOT_WORD",
        t("not a Word document: the file is {what}", what=_what(head)),
        t("save the document as .docx in Word or WPS, then import it"),
    )


def _what(head: bytes) -> Text:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return t("of an unknown kind")


def _ole_kind(path: Path) -> str:
    """ "doc" or "wps" for an OLE2 file; refused when it is an encrypted document."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except OSError as exc:
        raise Refused("IMPORT_NOT_WORD", t("the file is damaged: {why}", why=str(exc))) from exc
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise Refused(
            "IMPORT_ENCRYPTED",
            t("the document is protected by a password"),
            t("open it in Word or WPS, remove the password, save it and import it again"),
        )
    if "WordDocument" in streams:
        return "doc"
    if "WpsContent" in streams or path.suffix.lower() == ".wps":
        return "wps"
    raise Refused(
        "IMPORT_NOT_WORD",
        t("not a Word document: an Office file of another kind (Excel, PowerPoint …)"),
    )


def check_docx(path: Path) -> tuple[str, ...]:
    """Check a zip archive as a .docx; its external hyperlinks, or :class:`Refused`."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(infos)
            names = {info.filename for info in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise Refused(
                    "IMPORT_NOT_WORD",
                    t("not a Word document: a zip archive without word/document.xml"),
                    t("save the document as .docx in Word or WPS, then import it"),
                )
            return _check_parts(archive, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise Refused(
            "IMPORT_NOT_WORD", t("the .docx file is damaged: {why}", why=str(exc))
        ) from exc


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise Refused("IMPORT_UNSAFE", t("the archive holds too many parts (a zip bomb?)"))
    unpacked = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("IMPORT_ENCRYPTED", t("a part of the archive is encrypted"))
        unpacked += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            raise Refused(
                "IMPORT_UNSAFE",
                t(
                    "the archive unpacks to far more than its size (a zip bomb): {name}",
                    name=info.filename,
                ),
            )


def _check_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> tuple[str, ...]:
    hyperlinks: list[str] = []
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        data = archive.read(info)
        if _DTD.search(data):
            raise Refused(
                "IMPORT_UNSAFE",
                t(
                    "the part {name} declares a DTD or entities (XML external entities)",
                    name=info.filename,
                ),
            )
        if info.filename.endswith(".rels"):
            hyperlinks.extend(_external(info.filename, data))
    return tuple(dict.fromkeys(hyperlinks))


def _external(name: str, data: bytes) -> list[str]:
    """The external hyperlinks of a relationships part; refused for any other external
    target (a picture, template, frame or object loaded from elsewhere)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise Refused("IMPORT_NOT_WORD", t("the part {name} is not valid XML", name=name)) from exc
    found = []
    for rel in root.iter(f"{_RELS_NS}Relationship"):
        if rel.get("TargetMode") != "External":
            continue
        target = rel.get("Target", "")
        if rel.get("Type", "").endswith(_HYPERLINK):
            found.append(target)
            continue
        raise Refused(
            "IMPORT_UNSAFE",
            t("the document loads {target} from outside the file", target=target),
            t("embed the picture or object in the document instead of linking it"),
        )
    return found
