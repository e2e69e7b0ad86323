"""``gkssg fix-encoding``: a GBK/GB18030 (or UTF-16) file converted to UTF-8 in place.

The conversion changes the encoding only: line ends stay as they were, the
original is kept as ``PATH.bak`` unless told not to, and the file is replaced
atomically. A file already in UTF-8, or in no encoding recognised, is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gkssg.base.atomicfile import replace_file
from gkssg.base.i18n import Text, t
from gkssg.source.sourcefile import BOM

BACKUP_SUFFIX = ".bak"


class NotConverted(Exception):
    """The file was left as it is; ``already_utf8`` tells whether that is fine."""

    def __init__(self, message: Text, *, already_utf8: bool = False) -> None:
        super().__init__(message)
        self.already_utf8 = already_utf8


@dataclass(frozen=True)
class Converted:
    path: Path
    encoding: str  # what it was
    backup: Path | None


def detect_legacy_encoding(raw: bytes) -> tuple[str, str]:
    """(codec, name) of a non-UTF-8 file; raises :class:`NotConverted` otherwise."""
    if raw.startswith(BOM):
        raise NotConverted(t("already UTF-8 (with BOM); nothing to do"), already_utf8=True)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "UTF-16"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise NotConverted(t("already UTF-8; nothing to do"), already_utf8=True)
    if b"\x00" in raw:
        raise NotConverted(t("contains NUL bytes: not a text file; left unchanged"))
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise NotConverted(
            t(
                "is neither UTF-8 nor GB18030/GBK (byte {position} cannot be read); left "
                "unchanged — open it in an editor and save it as UTF-8",
                position=exc.start,
            )
        ) from exc
    return "gb18030", "GB18030"


def convert_to_utf8(path: Path, *, backup: bool = True) -> Converted:
    """Convert ``path`` in place; raises :class:`NotConverted` and changes nothing when it
    cannot (or need not) be converted, or when the backup file already exists."""
    raw = path.read_bytes()
    codec, name = detect_legacy_encoding(raw)
    data = raw.decode(codec).encode("utf-8")
    saved: Path | None = None
    if backup:
        saved = path.with_name(path.name + BACKUP_SUFFIX)
        try:
            with saved.open("xb") as stream:
                stream.write(raw)
        except FileExistsError as exc:
            raise NotConverted(
                t("{file} already exists; move it away or use --no-backup", file=saved)
            ) from exc
    replace_file(path, data, expected=raw)
    return Converted(path, name, saved)
