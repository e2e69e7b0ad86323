"""Watching the site's sources with watchdog; a burst of events becomes one batch.

An editor's save (a temporary file renamed over the old one) or a ``git
checkout`` fires many events within milliseconds. The watcher collects the
paths they name and hands them over only once the file system has been quiet
for a moment, from one thread, so rebuilds never overlap.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from gkssg.serve.changes import WATCHED_DIRS, is_watched

#: Seconds without events before a batch is handed over.
QUIET = 0.025
#: A steady stream of events is still handed over this often.
MAX_WAIT = 1.0

BatchCallback = Callable[[frozenset[str]], None]


class _Collector(FileSystemEventHandler):
    def __init__(self, root: Path, sink: Callable[[list[str]], None]) -> None:
        self._root = root
        self._sink = sink

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        relative: list[str] = []
        for raw in paths:
            if not raw:
                continue
            text = raw.decode() if isinstance(raw, bytes) else raw
            try:
                path = Path(text).relative_to(self._root).as_posix()
            except ValueError:
                continue
            if is_watched(path):
                relative.append(path)
        if relative:
            self._sink(relative)


class Watcher:
    """Calls ``on_batch`` (in its own thread) with the paths changed in each burst."""

    def __init__(self, site_root: Path, on_batch: BatchCallback, *, quiet: float = QUIET) -> None:
        self._root = site_root.absolute()
        self._on_batch = on_batch
        self._quiet = quiet
        self._pending: set[str] = set()
        self._last_event = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._observer: BaseObserver = Observer()
        self._watched: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="gkssg-rebuild", daemon=True)

    def start(self) -> None:
        handler = _Collector(self._root, self._add)
        self._handler = handler
        self._observer.schedule(handler, str(self._root), recursive=False)
        for name in WATCHED_DIRS:
            self._watch_folder(name)
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=10)

    def _watch_folder(self, name: str) -> None:
        folder = self._root / name
        if name in self._watched or not folder.is_dir():
            return
        self._observer.schedule(self._handler, str(folder), recursive=True)
        self._watched.add(name)

    def _add(self, paths: list[str]) -> None:
        for path in paths:
            if path in WATCHED_DIRS:
                self._watch_folder(path)  # layouts/ or data/ created after the start
        with self._lock:
            self._pending.update(paths)
            self._last_event = time.monotonic()
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait()
            if self._stopping.is_set():
                return
            batch = self._settle()
            if not batch:
                continue
            try:
                self._on_batch(batch)
            except Exception:  # a bug must not end the preview: say it, keep watching
                traceback.print_exc()

    def _settle(self) -> frozenset[str]:
        """Wait for ``quiet`` seconds without events (at most ``MAX_WAIT``); take the batch."""
        started = time.monotonic()
        while not self._stopping.is_set():
            with self._lock:
                idle = time.monotonic() - self._last_event
                if idle >= self._quiet or time.monotonic() - started >= MAX_WAIT:
                    batch = frozenset(self._pending)
                    self._pending.clear()
                    self._wake.clear()
                    return batch
            time.sleep(max(self._quiet - idle, 0.005))
        return frozenset()
