"""Pagefind as a service: one process, started early and kept warm, indexes many bundles.

Run as a command, Pagefind's extended binary spends about 0.3 s of a core before
its first page (most of it readying its Chinese segmenter), on every bundle:
indexing one page took 0.30 s, 503 pages 1.6–2.0 s. ``pagefind --service``
keeps a process that indexes bundle after bundle; warmed up with one small
Chinese page, it indexed a one-page bundle in 0.02 s and 503 pages in about
1.2 s, byte-identical to the command's bundle. After an edit, the build starts
a process as it begins rendering, so the edited item's bundle is indexed by a
warm Pagefind as soon as its pages are staged; a cold build's bundles pay the
start-up once per core instead of once per bundle.

The protocol is the one Pagefind's Python and Node APIs speak: each request and
each response is a base64-encoded JSON object followed by a comma, on standard
input and output. The ``pagefind`` Python package's client waits 0.1 s before
reading each response, so gkssg speaks the protocol itself. A bundle's files
are asked for (``GetFiles``) and written by gkssg: the service's own
``WriteFiles`` answers before its last writes have landed (a build read an empty
``pagefind-entry.json`` that way).
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from gkssg.base.errors import Superseded, ToolFailure
from gkssg.outputs.staging import holds

# what the warm-up indexes: a Chinese page, so that the segmenter is loaded
_WARM_UP_PAGE = (
    '<!DOCTYPE html><html lang="zh-CN"><head><title>预热</title></head><body>'
    "<main data-pagefind-body><h1>政府信息公开</h1><p>主动公开政府信息目录。</p></main>"
    "</body></html>"
)
_POLL = 0.1  # seconds between looks at ``cancelled()`` while Pagefind works


class SearchIndexError(ToolFailure):
    """Pagefind could not index the staged site."""


def pagefind_executable() -> str:
    """The extended Pagefind binary (it splits Chinese into words; the plain one does not)."""
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    return str(get_executable())


Cancelled = Callable[[], bool]


class PagefindProcess:
    """One ``pagefind --service`` process; one request at a time (see :class:`PagefindPool`)."""

    def __init__(self, executable: str | None = None) -> None:
        # a file, not a pipe: it never fills up; closed by close()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [executable or pagefind_executable(), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._buffer = bytearray()
        self._last_id = 0
        self._unanswered: set[int] = set()  # requests whose answers nobody waits for

    def warm_up(self) -> None:
        """Have the process index one small Chinese page and drop it, so the next bundle
        starts at once. Nothing waits: the answers are read (and let go, failed or not)
        before the next request's, by then long done. Indexes are numbered from 0 in each
        process; if not, the page is refused and the warm-up is lost, nothing else."""
        page = {"url": "/warm-up.html", "file_contents": _WARM_UP_PAGE, "file_path": None}
        for payload in (
            {"type": "NewIndex", "config": None},
            {"type": "AddFile", "index_id": 0, **page},
            {"type": "DeleteIndex", "index_id": 0},
        ):
            self._unanswered.add(self._send(payload))

    def index(
        self,
        folder: Path,
        bundle: Path,
        cancelled: Cancelled | None = None,
        reuse: Path | None = None,
    ) -> int:
        """Index every page in ``folder`` into the new folder ``bundle``; the pages indexed.

        A file of the bundle holding the same bytes as the same file of the bundle
        ``reuse`` (the previous output's) is hard-linked from there, not written anew.
        Once ``cancelled()`` is true the process is ended and :class:`Superseded` raised.
        """
        index = self._call({"type": "NewIndex", "config": None}, cancelled)["index_id"]
        added = self._call({"type": "AddDir", "index_id": index, "path": str(folder)}, cancelled)
        # the files are asked for and written here: Pagefind's own WriteFiles answers
        # before its last writes have landed (it does not flush them), a race
        files = self._call({"type": "GetFiles", "index_id": index}, cancelled)["files"]
        self._call({"type": "DeleteIndex", "index_id": index}, cancelled)  # its memory back
        _write_bundle(bundle, files, reuse)
        return int(added["page_count"])

    def kill(self) -> None:
        """End the process now; the thread at work on it sees its end. Thread-safe."""
        if self._process.poll() is None:
            self._process.kill()

    def close(self) -> None:
        """End the process (its indexes are written or not wanted), wait for it and
        release its files; by the thread that uses it."""
        self.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with suppress(OSError):  # a request it never read: the pipe is broken
                    stream.close()
        self._stderr.close()

    # -- the protocol --------------------------------------------------------------

    def _call(self, payload: dict[str, Any], cancelled: Cancelled | None) -> dict[str, Any]:
        message_id = self._send(payload)
        while True:
            response = self._receive(cancelled)
            answered = response.get("message_id")
            answer: dict[str, Any] = response.get("payload") or {}
            if answered in self._unanswered:
                self._unanswered.discard(answered)
                continue
            if answer.get("type") == "Error":
                raise SearchIndexError(f"Pagefind: {answer.get('message', 'unknown error')}")
            if answered != message_id:
                raise SearchIndexError(f"Pagefind answered another request: {response!r:.200}")
            return answer

    def _send(self, payload: dict[str, Any]) -> int:
        self._last_id += 1
        request = {"message_id": self._last_id, "payload": payload}
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
            stdin.flush()
        except OSError:  # the process is gone; say why
            raise SearchIndexError(self._ended()) from None
        return self._last_id

    def _receive(self, cancelled: Cancelled | None) -> dict[str, Any]:
        stdout = self._process.stdout
        assert stdout is not None
        descriptor = stdout.fileno()
        scanned = 0  # a bundle's files come as one answer of megabytes: look at each byte once
        while (end := self._buffer.find(b",", scanned)) < 0:
            scanned = len(self._buffer)
            if cancelled is not None and cancelled():
                self.close()
                raise Superseded("search index")
            ready, _, _ = select.select([descriptor], [], [], _POLL if cancelled else None)
            if ready:
                chunk = os.read(descriptor, 1 << 20)
                if not chunk:
                    if cancelled is not None and cancelled():  # ended by PagefindPool.close
                        raise Superseded("search index")
                    raise SearchIndexError(self._ended())
                self._buffer += chunk
        message = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        try:
            response: dict[str, Any] = json.loads(base64.b64decode(message))
        except ValueError as exc:
            raise SearchIndexError(f"Pagefind answered in an unknown way: {exc}") from None
        return response

    def _ended(self) -> str:
        returncode = self._process.wait()
        self._stderr.seek(0)
        last = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        return f"Pagefind stopped ({returncode}): {' '.join(last) or 'no message'}"


def _write_bundle(bundle: Path, files: list[dict[str, str]], reuse: Path | None = None) -> None:
    """Write Pagefind's files (paths relative to the bundle, contents in base64); those
    that ``reuse`` holds with the same bytes are hard-linked from there.

    After an edit most of a bundle is unchanged: 523 of the 543 files of a 503-page
    bundle (the unchanged pages' fragments, most index chunks, the scripts). A new
    file costs far more than reading a small one and linking it: on the virtual
    machines measured, 0.2-0.8 ms of kernel time against about 0.04 ms.
    """
    root = os.fspath(bundle)
    kept = os.fspath(reuse) if reuse is not None else None
    written: dict[str, bytes] = {}
    for file in files:
        relative = file["path"]
        parts = relative.split("/")  # "" for a leading, doubled or trailing slash
        if ".." in parts or "" in parts:
            raise SearchIndexError(f"Pagefind named a file outside its bundle: {relative!r}")
        written[relative] = base64.b64decode(file["content"])
    for folder in sorted({relative.rpartition("/")[0] for relative in written}):
        (bundle / folder).mkdir(parents=True, exist_ok=True)  # a few folders
    for relative, data in written.items():
        target = f"{root}/{relative}"
        if kept is not None and _linked_if_same(f"{kept}/{relative}", target, data):
            continue
        with open(target, "xb") as handle:  # noqa: PTH123 - text paths, many files
            handle.write(data)


def _linked_if_same(source: str, target: str, data: bytes) -> bool:
    """Hard-link ``source`` as the new ``target`` when it holds exactly ``data``.

    Nothing edits a bundle's file in place (gkssg.search.bundle and
    gkssg.search.years replace the files they change), so a link shared with the
    live output stays as it is.
    """
    if not holds(Path(source), data):
        return False
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


class PagefindPool:
    """Pagefind processes shared by the threads that index bundles, kept for reuse.

    :meth:`prestart` starts one that warms up on its own while the build renders;
    :meth:`process` lends an idle one or starts another. A process whose work
    failed or was cancelled is not lent again. The callers bound the number of
    processes: one per thread indexing, and the one started ahead.
    """

    def __init__(self, executable: str | None = None) -> None:
        self._executable = executable
        self._lock = threading.Lock()
        self._idle: list[PagefindProcess] = []
        self._busy: list[PagefindProcess] = []
        self._closed = False

    def prestart(self) -> None:
        """Start a process and have it warm up (no thread waits for it), unless one is
        idle already. One that has ended before its warm-up could be sent is closed:
        the work starts another, which says why."""
        with self._lock:
            if self._idle or self._closed:
                return
        process = PagefindProcess(self._executable)
        try:
            process.warm_up()
        except SearchIndexError:
            process.close()  # left open, its pipes waited for the garbage collector
            return
        with self._lock:
            if not self._closed:
                self._idle.append(process)
                return
        process.close()

    @contextmanager
    def process(self) -> Iterator[PagefindProcess]:
        """A process for one piece of work; it is returned to the pool if that succeeds."""
        with self._lock:
            if self._closed:
                raise Superseded("search index")
            process = self._idle.pop() if self._idle else None
            if process is not None:
                self._busy.append(process)
        if process is None:
            process = PagefindProcess(self._executable)
            with self._lock:
                self._busy.append(process)
                closed = self._closed
            if closed:  # closed meanwhile: nothing else will end it
                self._drop(process)
                raise Superseded("search index")
        try:
            yield process
        except BaseException:
            self._drop(process)
            raise
        with self._lock:
            self._busy.remove(process)
            closed = self._closed
            if not closed:
                self._idle.append(process)
        if closed:
            process.close()

    def close(self) -> None:
        """End every process: the idle ones here, those at work by killing them (the
        thread using one sees it end, and drops it)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            busy = list(self._busy)
        for process in busy:
            process.kill()
        for process in idle:
            process.close()

    def _drop(self, process: PagefindProcess) -> None:
        process.close()
        with self._lock:
            if process in self._busy:
                self._busy.remove(process)
