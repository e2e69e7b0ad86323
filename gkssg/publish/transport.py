"""How a shell and rsync reach a destination: this machine, or a server over SSH.

Both kinds give the same two things: a command that starts a POSIX shell at the
destination reading its commands from standard input (:mod:`.session` drives
it), and an rsync command that uploads into the destination while holding the
destination's upload lock (``flock -s``), so that a later publish can wait for
an upload whose publish was killed before it cleans up what that upload left.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gkssg.base.errors import UsageError
from gkssg.base.i18n import t
from gkssg.publish.errors import TransportError

#: rsync's rule: ``host:path`` or ``user@host:path`` when a colon comes before any slash
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")
SSH_ENV = "GKSSG_SSH"
#: A dead server or network is noticed within half a minute instead of hanging a
#: publish (ssh takes the first value given, so the user's own options win).
SSH_DEFAULTS = ("-o", "ServerAliveInterval=10", "-o", "ServerAliveCountMax=3")
#: Held (shared) by every upload into a destination, taken (exclusive) before a
#: publish removes what interrupted uploads left.
UPLOAD_LOCK = ".gkssg-upload.lock"


class Transport(Protocol):
    @property
    def root(self) -> str:
        """The destination folder, as the far side's shell sees it."""
        ...

    def describe(self) -> str: ...

    def shell(self) -> list[str]:
        """A command that runs a POSIX shell at the destination, reading standard input."""
        ...

    def rsync(self, options: Sequence[str], source: str, path: str) -> list[str]:
        """rsync ``source`` into ``root/path`` with ``options``, under the upload lock."""
        ...


@dataclass(frozen=True)
class LocalTransport:
    """A folder on this machine (a document root or a mounted share)."""

    root: str

    def describe(self) -> str:
        return self.root

    def shell(self) -> list[str]:
        return ["sh", "-s"]

    def rsync(self, options: Sequence[str], source: str, path: str) -> list[str]:
        lock = f"{self.root}/{UPLOAD_LOCK}"
        return [
            require("flock"),
            "-s",
            lock,
            require("rsync"),
            *options,
            source,
            f"{self.root}/{path}",
        ]


@dataclass(frozen=True)
class SshTransport:
    """A folder on a server, reached with the system's ssh (and rsync over it)."""

    host: str
    root: str
    ssh: tuple[str, ...]  # the ssh command and its options

    def describe(self) -> str:
        return f"{self.host}:{self.root}"

    def shell(self) -> list[str]:
        return [*self.ssh, self.host, "sh -s"]

    def rsync(self, options: Sequence[str], source: str, path: str) -> list[str]:
        lock = shlex.quote(f"{self.root}/{UPLOAD_LOCK}")
        return [
            require("rsync"),
            *options,
            "-e",
            shlex.join(self.ssh),
            f"--rsync-path=flock -s {lock} rsync",
            source,
            f"{self.host}:{self.root}/{path}",
        ]


def ssh_command(options: Sequence[str], environ: dict[str, str] | None = None) -> tuple[str, ...]:
    """``$GKSSG_SSH`` (default ``ssh``) followed by every ssh option, each split like a
    shell would (``--ssh-option "-p 2222"``), then :data:`SSH_DEFAULTS`."""
    environ = dict(os.environ) if environ is None else environ
    try:
        base = shlex.split(environ.get(SSH_ENV) or "ssh")
        extra = (part for option in options for part in shlex.split(option))
        return (*base, *extra, *SSH_DEFAULTS)
    except ValueError as exc:  # an unclosed quote
        raise UsageError(
            t(
                "cannot read the ssh command ({variable} or --ssh-option): {reason}",
                variable=SSH_ENV,
                reason=str(exc),
            )
        ) from exc


def transport_for(dest: str, ssh_options: Sequence[str] = ()) -> Transport:
    """``user@host:/path`` → SSH; anything else is a folder on this machine."""
    remote = _REMOTE.match(dest)
    if remote is not None:
        path = remote["path"].rstrip("/") or remote["path"]
        if not path:
            raise UsageError(
                t("{dest}: give the folder on the server, e.g. host:/srv/xxgk", dest=dest)
            )
        return SshTransport(remote["host"], path, ssh_command(ssh_options))
    if ssh_options:
        raise UsageError(t("ssh options are for a destination like user@host:/path"))
    return LocalTransport(str(Path(dest).absolute()).rstrip("/") or "/")


def require(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        package = "util-linux" if program == "flock" else program
        raise TransportError(
            t(
                "{program} is not installed here; install it (apt-get install {package})",
                program=program,
                package=package,
            )
        )
    return found
