"""Writing into the serve folder while it is being served, and the background worker.

Every file is written beside its target and renamed over it, so the server
reads either the old bytes or the new ones, never half a file; a file whose
bytes would not change is left alone, so its page is not reloaded for nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from gkssg.base.errors import ToolFailure
from gkssg.base.i18n import ENGLISH, Language, message_of, t
from gkssg.outputs.staging import holds, same_bytes


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` unless ``target`` holds it already; True when written."""
    if holds(target, data):
        return False
    _replace(target, lambda handle: handle.write(data))
    return True


def copy_if_changed(source: Path, target: Path) -> bool:
    if same_bytes(source, target):
        return False
    with source.open("rb") as reader:
        _replace(target, lambda handle: shutil.copyfileobj(reader, handle))
    return True


def remove_file(target: Path) -> bool:
    if not target.is_file():
        return False
    target.unlink()
    return True


def _replace(target: Path, fill: Callable[[BinaryIO], object]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".gkssg-", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            fill(stream)
        temporary.chmod(0o644)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Background:
    """Runs ``work`` in one thread, ``delay`` seconds after a request; requests coalesce.

    The delay leaves the processor to the server while browsers reload the
    pages just written.
    """

    def __init__(
        self, work: Callable[[], None], name: str, delay: float = 0.0, say: Language = ENGLISH
    ) -> None:
        self._work = work
        self._say = say  # the language of what it prints
        self._delay = delay
        self._wanted = threading.Event()
        self._requested_at = 0.0  # time.monotonic() of the last request
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def request(self) -> None:
        """Started on the first request, so a process without it may still fork safely."""
        self._idle.clear()
        self._requested_at = time.monotonic()
        self._wanted.set()
        if not self._thread.is_alive():
            self._thread.start()

    def wait_idle(self, timeout: float) -> bool:
        return self._idle.wait(timeout)

    def stop(self) -> None:
        self._stopping = True
        self._wanted.set()
        if self._thread.is_alive():  # work in progress gives up at its next check
            self._thread.join(timeout=2)

    def _run(self) -> None:
        _lower_priority()
        while True:
            self._wanted.wait()
            if self._stopping:
                return
            # ``delay`` after the last request: work that gave way to a change asks
            # again at once, and must still leave the browsers' reloads to the server
            while (wait := self._requested_at + self._delay - time.monotonic()) > 0:
                time.sleep(wait)
            self._wanted.clear()
            try:
                self._work()
            except ToolFailure as exc:  # Pagefind failed: the pages are served without it
                said = self._say(t("error: {message}", message=message_of(exc)))
                print(said, file=sys.stderr, flush=True)
            except Exception:  # a bug must not end the preview: say it, keep serving
                traceback.print_exc()
            finally:
                if not self._wanted.is_set():
                    self._idle.set()


#: The niceness of background work: the next edit's pages and the server come first.
BACKGROUND_NICENESS = 10


def _lower_priority() -> None:
    """Lower this thread's priority (Linux: per thread; inherited by the processes it
    starts, such as Pagefind)."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not permitted
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
