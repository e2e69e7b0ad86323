"""A real nginx on 127.0.0.1 serving a built site, optionally under a sub-path."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_available() -> bool:
    return Path(NGINX).exists()


@contextmanager
def serve_with_nginx(root: Path, work: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:PORT{prefix}``; yields that base URL."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    for name in ("logs", "tmp"):
        (work / name).mkdir(exist_ok=True)
    if prefix == "/":
        location = f"location / {{ root {root}; index index.html; error_page 404 /404.html; }}"
    else:
        location = (
            f"location {prefix} {{ alias {root}/; index index.html; "
            f"error_page 404 {prefix}404.html; }}\n"
            f"    location / {{ return 404; }}"
        )
    # started as root (CI, containers), workers would drop to `nobody` and could not
    # read a private temporary folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = f"""
daemon off;
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  charset utf-8;
  charset_types text/css application/javascript application/json application/xml text/plain;
  access_log off;
  client_body_temp_path {work}/tmp/body;
  proxy_temp_path {work}/tmp/proxy;
  fastcgi_temp_path {work}/tmp/fastcgi;
  uwsgi_temp_path {work}/tmp/uwsgi;
  scgi_temp_path {work}/tmp/scgi;
  types {{ application/wasm wasm; application/json json; application/atom+xml xml; }}
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    {location}
  }}
}}
"""
    conf = work / "nginx.conf"
    conf.write_text(config, encoding="utf-8")
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(work)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}{prefix}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(base, timeout=1) as response:
                    response.read()
                break
            except OSError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()  # no-op when it already exited
                    _, err = process.communicate(timeout=5)
                    message = err.decode(errors="replace")
                    raise RuntimeError(f"nginx did not start: {message}") from exc
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=10)  # also closes its pipes
