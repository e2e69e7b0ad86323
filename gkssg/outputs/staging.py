"""Writing the site: into a staging folder beside the output, then swapped in at once.

A build that fails or is killed leaves the previous ``output/`` exactly as it
was: nothing is written into it. On Linux the swap is one ``renameat2`` call
with ``RENAME_EXCHANGE``; elsewhere two renames. A lock file keeps two builds
of one output folder from writing at the same time.

The output a build replaces is kept beside the new one as the *spare*
(``.output.spare/``), and the next build writes into it instead of into an empty
folder. An unchanged page must be in the staging folder as a hard link of the
live output's file: making 11,000 such links, and removing the 21,700 files of
the replaced tree after the swap, was about 0.6 s of every rebuild at 10,000
items; in the spare, most of them are already the live file itself. Nothing in
the spare is trusted but that identity (device and inode): any other file there
is replaced (unlinked, never rewritten in place: it may be an old version's) or
removed, and anything that is neither a regular file nor a folder is removed
when the build takes the spare, as is what stands where the new output needs a
folder (or a file). A build refused for a layout's error puts its staging folder
back as the spare (gkssg.pipeline.phases); one that fails while writing removes it, and one
that is killed leaves it to be removed by the next. When most
pages were rendered anew (a layout or site.yaml changed), the replaced output is
removed instead: its files are then their inodes' last links, and unlinking them
(2–3 s at 10,000 items) would otherwise fall on the next build, an edit's.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.base.i18n import t

STAGING_MARK = ".staging-"
SPARE_MARK = ".spare"
UNKNOWN_INODE = -1  # no file has it: a held file that is never the live one
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


def write_file(path: Path, data: bytes, *, absent: bool = False) -> None:
    """Write ``data`` as a new file: an existing one (perhaps a hard link shared with the
    live output) is unlinked first, never rewritten in place. With ``absent``, the
    caller knows there is none (a path the staging folder did not hold): the file is
    created without first asking to unlink it, and its folder made only when missing
    (10,000 pages: two system calls each)."""
    if not absent:
        path.unlink(missing_ok=True)
    try:
        stream = path.open("xb")  # never into an existing file
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("xb")
    with stream:
        stream.write(data)


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}{STAGING_MARK}{os.getpid()}"


def spare_dir(out: Path) -> Path:
    return out.parent / f".{out.name}{SPARE_MARK}"


@dataclass(frozen=True)
class Staging:
    """The folder a build writes into, and the files it held when the build took it."""

    folder: Path
    # relative path → inode of each file it held; UNKNOWN_INODE where the spare and the
    # live output are not on one device (only there does an inode tell that a file
    # of the one is a file of the other)
    held: Mapping[str, int] = field(default_factory=dict)
    folders: tuple[str, ...] = ()  # the folders it held, relative

    def holds_file(self, path: str, inode: int) -> bool:
        """Whether the staging folder holds the live output's file of inode ``inode``
        at ``path`` already."""
        return self.held.get(path) == inode


def take_staging(out: Path, planned: Collection[str] = ()) -> Staging:
    """The folder to build ``out`` in: the spare (the output the last build replaced),
    renamed into place, or a new folder. Called while holding the output's lock.

    What stands where a ``planned`` path or its folder must go (a file where a
    folder now is, a folder where a file now is) is removed from the spare first.
    """
    staging = staging_dir(out)
    spare = spare_dir(out)
    if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
        spare.unlink()  # not one a build left: the name is gkssg's
    elif spare.is_dir():
        try:
            spare.rename(staging)
        except OSError:
            shutil.rmtree(spare, ignore_errors=True)
        else:
            files, folders, others = walk_files(staging)
            for path in others:  # a link could lead the writes out of the folder
                (staging / path).unlink(missing_ok=True)
            _clear_the_way(staging, files, folders, planned)
            if not _one_device(out, staging):
                files = dict.fromkeys(files, UNKNOWN_INODE)
            return Staging(staging, files, tuple(folders))
    staging.mkdir(parents=True)
    return Staging(staging)


@contextlib.contextmanager
def staging_for(
    out: Path, planned: Collection[str], keep_on: tuple[type[BaseException], ...] = ()
) -> Iterator[Staging]:
    """The staging folder of a build of ``out`` (see :func:`take_staging`), for the
    block to fill and swap in. Left by an exception, the folder is kept as the spare
    when the exception is one of ``keep_on`` (the build refused its content: the folder
    is as sound as any spare), and removed otherwise (an error while writing, a full
    disk: whatever stopped this build must not stop the next)."""
    taken = take_staging(out, planned)
    keep = False
    try:
        yield taken
    except keep_on:
        keep = True
        raise
    finally:
        if taken.folder.exists():  # not swapped in
            if keep:
                keep_as_spare(taken.folder, out)
            else:
                shutil.rmtree(taken.folder, ignore_errors=True)


def _clear_the_way(
    staging: Path, files: dict[str, int], folders: list[str], planned: Collection[str]
) -> None:
    needed = {path.rsplit("/", 1)[0] for path in planned if "/" in path}
    for folder in list(needed):  # and the folders above them
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            needed.add(folder)
    for path in needed & files.keys():
        (staging / path).unlink()
        del files[path]
    planned_files = set(planned)
    for path in [path for path in folders if path in planned_files]:
        shutil.rmtree(staging / path)
        for name in [name for name in files if name.startswith(f"{path}/")]:
            del files[name]
        folders[:] = [name for name in folders if name != path and not name.startswith(f"{path}/")]


def _one_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def walk_files(folder: Path) -> tuple[dict[str, int], list[str], list[str]]:
    """The regular files under ``folder`` (relative path → inode), its folders, and
    what is neither (links and the like), without following links. Inodes come
    from the folder listings: no file is opened or stat-ed."""
    files: dict[str, int] = {}
    folders: list[str] = []
    others: list[str] = []
    root = os.fspath(folder)
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(f"{root}/{relative}" if relative else root) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    others.append(path)
                elif entry.is_dir():
                    folders.append(path)
                    pending.append(path)
                elif entry.is_file():
                    files[path] = entry.inode()
                else:
                    others.append(path)
    return files, folders, others


def sweep(staging: Staging, expected: Callable[[str], bool]) -> None:
    """Remove what the spare held and this build did not make: the files for which
    ``expected(path)`` is false, then the folders left empty."""
    root = staging.folder
    for path in staging.held:
        if not expected(path):
            (root / path).unlink(missing_ok=True)
    for path in sorted(staging.folders, key=lambda name: -name.count("/")):  # deepest first
        with contextlib.suppress(OSError):  # not empty: it holds outputs
            (root / path).rmdir()


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
def output_lock(out: Path, *, wait: bool = False, shared: bool = False) -> Iterator[None]:
    """Held by a build while it writes ``out``; ``shared``: by a reader of ``out`` (a
    publish), which any number of readers may hold at once, but not with a build."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("a") as handle:
        kind = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        flags = kind | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError as exc:
            raise OutputLocked(
                t(
                    "another gkssg build is writing {folder}/; wait for it to finish",
                    folder=out.name,
                )
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


def swap_in(staging: Path, out: Path, *, spare: bool = True) -> None:
    """Make ``staging`` the new ``out``; the old output becomes the spare, or is removed
    (``spare=False``: few of its files are the new output's, and removing the others,
    their last links, would fall on the next build)."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        old = staging
    else:
        old = out.parent / f".{out.name}.old"
        out.rename(old)
        staging.rename(out)
    if spare:
        keep_as_spare(old, out)
    else:
        shutil.rmtree(old)


def keep_as_spare(folder: Path, out: Path) -> None:
    """Keep ``folder`` (an old output, or a failed build's staging folder) as the spare
    of ``out``, for the next build to write into."""
    spare = spare_dir(out)
    if spare.exists() or spare.is_symlink():  # made meanwhile, not by a build: left alone
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        folder.rename(spare)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` are one file (hard links of each other); False if either is
    missing. Text paths are cheaper than pathlib when called for every page."""
    try:
        return os.path.samestat(os.stat(a), os.stat(b))  # noqa: PTH116
    except OSError:
        return False


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link an unchanged file from the previous output (copy where links fail).

    A file already at ``target`` (in the spare: gkssg.outputs.staging) is kept when it is
    ``source`` itself, else unlinked first: never rewritten in place.
    """
    try:
        os.link(source, target)
        return
    except FileNotFoundError:  # the first file of its folder (or no source: raised below)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        if same_file(source, target):
            return
        Path(target).unlink()
    except OSError:
        pass
    try:
        os.link(source, target)
    except OSError:
        Path(target).unlink(missing_ok=True)
        shutil.copyfile(source, target)
