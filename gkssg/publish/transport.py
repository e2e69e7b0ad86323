"""How shell commands and rsync reach a destination: this machine, or a server over SSH."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gkssg.base.errors import UsageError

#: rsync's rule: ``host:path`` or ``user@host:path`` when a colon comes before any slash
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")
SSH_ENV = "GKSSG_SSH"


class TransportError(Exception):
    """A command at the destination failed; the message says which and why."""


class Transport(Protocol):
    @property
    def root(self) -> str:
        """The destination folder, as the far side's shell sees it."""
        ...

    def describe(self) -> str: ...

    def run(self, script: str, stdin: bytes = b"") -> str:
        """Run a POSIX shell script at the destination; its standard output."""
        ...

    def rsync_target(self, path: str) -> list[str]:
        """rsync's arguments that name ``root/path`` as the receiving folder."""
        ...


def _check(command: Sequence[str], what: str, stdin: bytes) -> str:
    try:
        result = subprocess.run(list(command), input=stdin, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise TransportError(f"{command[0]} is not installed ({what})") from exc
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
        raise TransportError(f"{what} failed: {detail}")
    return result.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class LocalTransport:
    """A folder on this machine (a document root or a mounted share)."""

    root: str

    def describe(self) -> str:
        return self.root

    def run(self, script: str, stdin: bytes = b"") -> str:
        return _check(["sh", "-c", script], f"a command in {self.root}", stdin)

    def rsync_target(self, path: str) -> list[str]:
        return [f"{self.root}/{path}"]


@dataclass(frozen=True)
class SshTransport:
    """A folder on a server, reached with the system's ssh (and rsync over it)."""

    host: str
    root: str
    ssh: tuple[str, ...]  # the ssh command and its options

    def describe(self) -> str:
        return f"{self.host}:{self.root}"

    def run(self, script: str, stdin: bytes = b"") -> str:
        command = [*self.ssh, self.host, "sh -c " + shlex.quote(script)]
        return _check(command, f"ssh {self.host}", stdin)

    def rsync_target(self, path: str) -> list[str]:
        return ["-e", shlex.join(self.ssh), f"{self.host}:{self.root}/{path}"]


def ssh_command(options: Sequence[str], environ: dict[str, str] | None = None) -> tuple[str, ...]:
    """``$GKSSG_SSH`` (default ``ssh``) followed by every ``--ssh-option``, each split
    like a shell would (``--ssh-option "-p 2222"``)."""
    environ = dict(os.environ) if environ is None else environ
    try:
        base = shlex.split(environ.get(SSH_ENV) or "ssh")
        return (*base, *(part for option in options for part in shlex.split(option)))
    except ValueError as exc:  # an unclosed quote
        raise UsageError(f"cannot read the ssh command ({SSH_ENV} or --ssh-option): {exc}") from exc


def transport_for(dest: str, ssh_options: Sequence[str] = ()) -> Transport:
    """``user@host:/path`` → SSH; anything else is a folder on this machine."""
    remote = _REMOTE.match(dest)
    if remote is not None:
        path = remote["path"].rstrip("/") or remote["path"]
        if not path:
            raise UsageError(f"{dest}: give the folder on the server, e.g. host:/srv/xxgk")
        return SshTransport(remote["host"], path, ssh_command(ssh_options))
    if ssh_options:
        raise UsageError("--ssh-option is for a destination like user@host:/path")
    return LocalTransport(str(Path(dest).absolute()).rstrip("/") or "/")


def require_rsync() -> str:
    found = shutil.which("rsync")
    if found is None:
        raise TransportError("rsync is not installed here; install it (apt-get install rsync)")
    return found
