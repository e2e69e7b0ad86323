"""Writing the site: into a staging folder beside the output, then swapped in at once.

A build that fails or is killed leaves the previous ``output/`` exactly as it
was: nothing is written into it. On Linux the swap is one ``renameat2`` call
with ``RENAME_EXCHANGE``; elsewhere two renames. A lock file keeps two builds
of one output folder from writing at the same time.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

STAGING_MARK = ".staging-"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputLocked(Exception):
    """Another build is writing the same output folder."""


def holds(path: Path, data: bytes) -> bool:
    """``path`` is a file holding exactly ``data`` (sizes first: most changes show there)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def same_bytes(source: Path, target: Path) -> bool:
    """``target`` is a file holding exactly the bytes of the file ``source``."""
    try:
        return target.stat().st_size == source.stat().st_size and (
            target.read_bytes() == source.read_bytes()
        )
    except OSError:
        return False


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file: an existing one (perhaps a hard link shared with the
    live output) is unlinked first, never rewritten in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}{STAGING_MARK}{os.getpid()}"


def remove_stale_staging(out: Path) -> None:
    """Remove what killed builds left behind (only called while holding the lock)."""
    prefix = f".{out.name}{STAGING_MARK}"
    if not out.parent.is_dir():
        return
    for entry in out.parent.iterdir():
        if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
    old = out.parent / f".{out.name}.old"
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def output_lock(out: Path, *, wait: bool = False) -> Iterator[None]:
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("a") as handle:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError as exc:
            raise OutputLocked(
                f"another gkssg build is writing {out.name}/; wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when not supported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), ctypes.c_uint(RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staging: Path, out: Path) -> None:
    """Make ``staging`` the new ``out``; the old output is removed afterwards."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)
        return
    old = out.parent / f".{out.name}.old"
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old)
