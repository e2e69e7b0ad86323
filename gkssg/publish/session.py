"""One shell at a destination for a whole publish, holding the destination's lock.

A publish opens one shell per destination (``sh -s`` here, ``ssh host sh -s``
on a server) and sends it every command it runs there, one after another: the
commands of one publish need one ssh connection, not one each, and a switch
is a line written to a shell that is already running, not a connection still
to be made, so the targets of a group switch within milliseconds of each other.

The shell opens the lock file as file descriptor 9 and ``flock``\\ s it: the lock
lives exactly as long as that shell. When gkssg ends, however it ends (SIGKILL
included), the shell reads the end of its input and exits, and the lock is free.

Each command runs in a subshell with no input; after it the shell prints a line
``<token> <exit status> <bytes of stderr>`` and the command's standard error,
so one pipe carries the output, the status and the error of every command.
"""

from __future__ import annotations

import contextlib
import secrets
import shlex
import subprocess
import threading
from dataclasses import dataclass, field
from typing import IO

from gkssg.base.i18n import Text, t
from gkssg.publish.errors import DestinationBusy, TransportError
from gkssg.publish.transport import Transport

PUBLISH_LOCK = ".gkssg-publish.lock"
BUSY = 75  # the exit status of a lock already held
_START = (
    "gkssg_err=$(mktemp) || exit 1\ntrap 'rm -f \"$gkssg_err\"' EXIT\n"
    "command -v flock >/dev/null 2>&1 || gkssg_noflock=1\n"
)


@dataclass(frozen=True)
class Reply:
    status: int
    out: str
    err: str


@dataclass
class Session:
    """A running shell at one destination; :meth:`run` sends it a script."""

    transport: Transport
    process: subprocess.Popen[bytes]
    token: str
    stderr_lines: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    drain: threading.Thread | None = None

    @classmethod
    def open(cls, transport: Transport) -> Session:
        try:
            process = subprocess.Popen(
                transport.shell(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except FileNotFoundError as exc:
            raise TransportError(
                t("{program} is not installed here", program=transport.shell()[0])
            ) from exc
        session = cls(transport, process, secrets.token_hex(16))
        session.drain = threading.Thread(target=session._drain_stderr, daemon=True)
        session.drain.start()
        session._write(_START.encode())
        return session

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    def _write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise self._ended() from exc

    def _ended(self) -> TransportError:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        if self.drain is not None:  # what the shell (ssh) said last, read to its end
            self.drain.join(timeout=5)
        detail = b"".join(self.stderr_lines).decode("utf-8", "replace").strip()
        return TransportError(
            t(
                "the connection to {where} ended: {detail}",
                where=self.transport.describe(),
                detail=detail or t("no message"),
            )
        )

    def reply(self, script: str, *, in_shell: bool = False) -> Reply:
        """Run ``script`` (in a subshell; ``in_shell``: in the shell itself, so that an
        ``exec`` there lasts) and return its status, output and error."""
        body = f"{{\n{script}\n}}" if in_shell else f"(\n{script}\n) </dev/null"
        framed = (
            f'{body} 2>"$gkssg_err"\ngkssg_status=$?\n'
            f"printf '\\n%s %s %s\\n' {self.token} \"$gkssg_status\" "
            '"$(wc -c < "$gkssg_err" | tr -d " ")"\ncat "$gkssg_err"\n'
        )
        with self.lock:
            self._write(framed.encode())
            return self._read_reply()

    def _read_reply(self) -> Reply:
        stream: IO[bytes] | None = self.process.stdout
        assert stream is not None
        lines: list[bytes] = []
        marker = self.token.encode() + b" "
        while True:
            line = stream.readline()
            if not line:
                raise self._ended()
            if line.startswith(marker):
                _, status, size = line.split()
                err = stream.read(int(size))
                out = b"".join(lines)
                out = out[:-1] if out.endswith(b"\n") else out
                return Reply(
                    int(status), out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
                )
            lines.append(line)

    def run(self, script: str, what: Text | None = None) -> str:
        """Run ``script``; its output, or :class:`TransportError` when it fails."""
        answer = self.reply(script)
        if answer.status != 0:
            detail = answer.err.strip() or t("exit status {status}", status=answer.status)
            raise TransportError(
                t(
                    "{where}: {what} failed: {detail}",
                    where=self.transport.describe(),
                    what=what or t("a command"),
                    detail=detail,
                )
            )
        return answer.out

    def take_lock(self, *, wait: bool) -> None:
        """Hold the destination's publish lock for as long as this shell runs."""
        root = shlex.quote(self.transport.root)
        self.run(f"mkdir -p {root}/releases {root}/archives", t("making the destination folder"))
        if self.reply('[ -z "$gkssg_noflock" ]', in_shell=True).status != 0:
            raise TransportError(
                t(
                    "{where}: flock is not installed there (apt-get install util-linux)",
                    where=self.transport.describe(),
                )
            )
        opened = self.reply(f"command exec 9>>{root}/{PUBLISH_LOCK}", in_shell=True)
        if opened.status != 0:
            raise TransportError(
                t(
                    "{where}: cannot open the lock file: {detail}",
                    where=self.transport.describe(),
                    detail=opened.err.strip(),
                )
            )
        flags = "-x" if wait else "-x -n"
        owner = "$(hostname 2>/dev/null) $$ $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        got = self.reply(
            f"flock {flags} 9 || exit {BUSY}\nprintf '%s\\n' \"{owner}\" > {root}/{PUBLISH_LOCK}"
        )
        if got.status == BUSY:
            holder = self.reply(f"cat {root}/{PUBLISH_LOCK}").out.strip()
            raise DestinationBusy(
                t(
                    "another gkssg publish ({holder}) is publishing to {where}; "
                    "try again when it has finished, or add --wait",
                    holder=holder or "?",
                    where=self.transport.describe(),
                )
            )
        if got.status != 0:
            raise TransportError(
                t(
                    "{where}: cannot take the publish lock: {detail}",
                    where=self.transport.describe(),
                    detail=got.err.strip(),
                )
            )

    def close(self) -> None:
        """End the shell (and so free the lock)."""
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.drain is not None:
            self.drain.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
