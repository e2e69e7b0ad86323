"""Replacing an editor's file safely: a temporary file in the same folder, renamed over it.

A reader (or a crash) sees either the old bytes or the new ones, never half a
file; the file keeps its permissions, and a symbolic link keeps pointing where
it did (the file it points to is the one replaced).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from gkssg.base.i18n import t


class FileChanged(Exception):
    """The file changed on disk after it was read; nothing was written."""


def replace_file(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Write ``data`` to ``path`` atomically.

    With ``expected``, refuse (:class:`FileChanged`) when the file no longer holds
    those bytes, so an editor's save in the meantime is never overwritten.
    """
    target = Path(os.path.realpath(path))
    if expected is not None and target.read_bytes() != expected:
        raise FileChanged(
            t("{file} changed while gkssg was working on it; run the command again", file=path)
        )
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
