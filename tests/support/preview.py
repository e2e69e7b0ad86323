"""Running ``gkssg serve`` as a real subprocess, and editing files under it."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from support.cli import start_gkssg


@dataclass
class Preview:
    root: Path
    url: str  # http://127.0.0.1:PORT/ (with the base URL)
    process: subprocess.Popen[str]

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    def get(self, raw_path: str) -> tuple[int, str]:
        """GET a path exactly as written (no client-side normalising of ``..``)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", raw_path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


#: The first line ``gkssg serve`` prints, in either language: "serving URL (…)".
SERVING = re.compile(r"^(?:serving|正在预览) (http://\S+)")


@contextmanager
def running_preview(root: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Preview]:
    """``gkssg serve --port 0`` on ``root`` (``env`` added to the environment); stopped
    with SIGINT, which must exit cleanly."""
    serve = ("--site", str(root), "serve", "--port", "0", *args)
    process = start_gkssg(
        *serve,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PYTHONUNBUFFERED": "1", **(env or {})},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    serving = SERVING.match(line)
    if serving is None:
        process.kill()
        raise AssertionError(f"gkssg serve did not start: {line}{process.communicate()[1]}")
    preview = Preview(root, serving.group(1), process)
    try:
        yield preview
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, errors = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        assert process.returncode == 0, errors
        assert "stopped" in errors or "已停止" in errors


def save(path: Path, text: str) -> float:
    """Write ``text`` the way editors do (a new file renamed over the old); the time saved."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return time.perf_counter()
