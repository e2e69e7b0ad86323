"""The preview's HTTP server: the serve folder under the site's base URL, nothing outside it.

A request path is percent-decoded once and then refused (404, with the site's
own 404 page) if any segment is ``..`` or ``.``, holds a slash or backslash
that was encoded, a NUL, or if the file it names resolves outside the folder.
A folder serves its ``index.html``. The reload channel's events live at
``{base_url}__gkssg__/events``.
"""

from __future__ import annotations

import mimetypes
import queue
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from gkssg.serve.reload import EVENTS_PATH, GENERATION_COOKIE, ReloadChannel

KEEP_ALIVE_SECONDS = 15.0

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".woff2": "font/woff2",
}


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


@dataclass(frozen=True)
class ServedSite:
    """What the server needs to know, read afresh for every request."""

    folder: Path
    base_url: Callable[[], str]  # from site.yaml, which may change while serving
    channel: ReloadChannel
    placeholder: Callable[[], bytes | None]  # the problems page while nothing has built


def resolve(folder: Path, raw_path: str) -> Path | None:
    """The file a site-relative, still percent-encoded path names; None if refused."""
    encoded_parts = raw_path.split("/")
    parts: list[str] = []
    for encoded in encoded_parts:
        part = unquote(encoded, errors="strict")
        if part in ("..", ".") or any(c in part for c in "/\\\x00"):
            return None
        if part:
            parts.append(part)
    root = folder.resolve()
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: ServedSite) -> None:
        self.site = site
        super().__init__(address, PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "gkssg-serve"
    protocol_version = "HTTP/1.1"  # keep-alive: a reload reuses the browser's connections
    timeout = 60  # seconds an idle kept-alive connection keeps its thread
    # headers and body are two writes: with Nagle's algorithm the body waited for the
    # browser's delayed ACK of the headers, 40 ms on Linux, on every file of a reload
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds and problems, not every request."""

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, *, head: bool) -> None:
        site = self.server.site
        base = site.base_url()
        split = urlsplit(self.path)
        path = split.path
        if path == base + EVENTS_PATH and not head:
            self._events(parse_qs(split.query).get("since", ["0"])[0])
            return
        if not path.startswith(base):
            if path + "/" == base or path == "/":
                self._redirect(base)
                return
            self._not_found(head)
            return
        relative = path[len(base) :]
        try:
            target = resolve(site.folder, relative)
        except UnicodeDecodeError:
            target = None
        if (
            target is not None
            and target.name == "index.html"
            and relative
            and not relative.endswith(("/", "index.html"))
        ):
            self._redirect(path + "/")  # a folder: relative links need the slash
            return
        generation = site.channel.generation  # read before the file: never too new
        placeholder = site.placeholder()
        if placeholder is not None and (target is None or target.suffix == ".html"):
            self._send(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                placeholder,
                "text/html; charset=utf-8",
                head,
                generation,
            )
            return
        if target is None:
            self._not_found(head)
            return
        try:
            data = target.read_bytes()
        except OSError:
            self._not_found(head)
            return
        self._send(HTTPStatus.OK, data, content_type(target), head, generation)

    def _not_found(self, head: bool) -> None:
        page = self.server.site.folder / "404.html"
        try:
            data = page.read_bytes()
        except OSError:
            data = b"<!DOCTYPE html><title>404</title><h1>404</h1>\n"
        self._send(
            HTTPStatus.NOT_FOUND,
            data,
            "text/html; charset=utf-8",
            head,
            self.server.site.channel.generation,
        )

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self, status: HTTPStatus, data: bytes, kind: str, head: bool, generation: int
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if kind.startswith("text/html"):
            self.send_header(
                "Set-Cookie", f"{GENERATION_COOKIE}={generation}; Path=/; SameSite=Strict"
            )
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self, since_text: str) -> None:
        channel = self.server.site.channel
        since = int(since_text) if since_text.isdigit() else 0
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True  # the stream ends with the connection
        subscription = channel.subscribe(since)
        try:
            while True:
                try:
                    message = subscription.messages.get(timeout=KEEP_ALIVE_SECONDS)
                except queue.Empty:  # nothing happened: keep the connection open
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                if message is None:
                    return
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        finally:
            channel.unsubscribe(subscription)


def make_server(bind: str, port: int, site: ServedSite) -> PreviewServer:
    """Bind (raises OSError when the port is taken)."""
    return PreviewServer((bind, port), site)
