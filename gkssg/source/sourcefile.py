"""Reading a Markdown source: bytes → text → front matter and body, with line numbers.

Editors' files may be UTF-8 with or without BOM and with CRLF line ends; line
numbers are counted in the file as it is on disk, which neither a BOM nor CRLF
shifts. A file in another encoding is refused with the encoding it looks like.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, t

BOM = b"\xef\xbb\xbf"
MAX_SOURCE_BYTES = 8 * 1024 * 1024
FENCE = "---"


@dataclass(frozen=True)
class SourceText:
    """A decoded source file: text with ``\\n`` line ends and no BOM."""

    file: str  # path relative to the site root, with forward slashes
    text: str
    has_bom: bool
    crlf: bool


@dataclass(frozen=True)
class SplitSource:
    """Front matter and body of a Markdown source, with where each starts."""

    front_matter: str
    front_matter_offset: int  # file line of the YAML's first line, minus one
    body: str
    body_offset: int  # file line of the body's first line, minus one


def read_source_bytes(path: Path, file: str, problems: Problems) -> bytes | None:
    """Read a source file, or report why it cannot be read.

    Only regular files are read (a named pipe or device in content/ would block
    or never end), and never more than one byte past the size limit, so a huge
    file costs no more memory than the limit.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        problems.error(file, None, "UNREADABLE", t("cannot read the file: {reason}", reason=reason))
        return None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        problems.error(file, None, "UNREADABLE", t("not a regular file"), t("replace it by a file"))
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            # Ask for what the file holds, not for the limit: read(n) allocates n bytes
            # first, and 8 MiB is a memory mapping of its own that stays with the (shrunk)
            # result; 65,530 such mappings per process is the kernel's limit.
            expected = min(status.st_size, MAX_SOURCE_BYTES) + 1
            data = handle.read(expected)
            if len(data) == expected <= MAX_SOURCE_BYTES:  # it grew since fstat
                data += handle.read(MAX_SOURCE_BYTES + 1 - len(data))
            return data
        except OSError as exc:
            reason = exc.strerror
            problems.error(
                file, None, "UNREADABLE", t("cannot read the file: {reason}", reason=reason)
            )
            return None


def guess_encoding(raw: bytes) -> Text | str:
    """Name the encoding a non-UTF-8 file most likely uses, for the error message."""
    for encoding, label in (("gb18030", "GB18030/GBK"), ("big5", "Big5"), ("utf-16", "UTF-16")):
        if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" or any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return label
    return t("an unknown non-UTF-8 encoding")


def decode_source(raw: bytes, file: str, problems: Problems) -> SourceText | None:
    """Decode ``raw`` as UTF-8 (BOM and CRLF allowed) or report why it cannot be."""
    if len(raw) > MAX_SOURCE_BYTES:
        problems.error(
            file,
            None,
            "TOO_LARGE",
            t(
                "the file is larger than {size} MiB, the limit for Markdown sources",
                size=MAX_SOURCE_BYTES // 1024 // 1024,
            ),
            t("put large documents in an attachment"),
        )
        return None
    has_bom = raw.startswith(BOM)
    body = raw[len(BOM) :] if has_bom else raw
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _encoding_error(raw, file, None, problems)
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        _encoding_error(body, file, line, problems)
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.error(
            file, line, "BINARY_FILE", t("the file contains NUL bytes"), t("save it as text")
        )
        return None
    crlf = "\r\n" in text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(file, text, has_bom, crlf)


def _encoding_error(raw: bytes, file: str, line: int | None, problems: Problems) -> None:
    problems.error(
        file,
        line,
        "ENCODING",
        t("the file is not UTF-8; it looks like {encoding}", encoding=guess_encoding(raw)),
        t("convert it with `gkssg fix-encoding {file}`", file=file),
    )


def split_front_matter(source: SourceText, problems: Problems) -> SplitSource | None:
    """Separate the ``---`` fenced YAML block from the Markdown body."""
    text = source.text
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != FENCE:
        problems.error(
            source.file,
            1,
            "NO_FRONT_MATTER",
            t("the file must start with a front-matter block between two `---` lines"),
            t("put `---` on the first line, then `title: …` and the other fields, then `---`"),
        )
        return None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            front = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return SplitSource(front, 1, body, index + 1)
    problems.error(
        source.file,
        1,
        "UNCLOSED_FRONT_MATTER",
        t("the front matter opened on line 1 is never closed"),
        t("add a line with only `---` after the last field"),
    )
    return None
