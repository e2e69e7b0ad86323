"""A real OpenSSH server on 127.0.0.1 with throwaway keys, for publishing over SSH."""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from support.nginx import free_port

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
SSH_KEYGEN = shutil.which("ssh-keygen") or "/usr/bin/ssh-keygen"
PRIVSEP_DIR = Path("/run/sshd")  # Debian's sshd refuses to start as root without it


def sshd_available() -> bool:
    return Path(SSHD).exists() and Path(SSH_KEYGEN).exists() and shutil.which("ssh") is not None


@dataclass(frozen=True)
class SshServer:
    user: str
    port: int
    key: Path
    stop: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)

    @property
    def ssh_command(self) -> str:
        """What ``GKSSG_SSH`` would hold: ssh with the key, never asking anything."""
        return shlex.join(
            [
                "ssh",
                "-i",
                str(self.key),
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
            ]
        )

    def dest(self, path: Path) -> str:
        return f"{self.user}@127.0.0.1:{path}"


def _keygen(path: Path) -> None:
    subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)


@contextmanager
def serve_ssh(work: Path, extra_config: str = "") -> Iterator[SshServer]:
    """``sshd -D`` on a free loopback port, accepting one generated user key;
    ``extra_config`` is added to its sshd_config (e.g. ``SetEnv PATH=…``). The
    server's ``stop()`` ends it early: the port is closed, as for a server gone down."""
    work.mkdir(parents=True, exist_ok=True)
    _keygen(work / "host_key")
    _keygen(work / "user_key")
    (work / "authorized_keys").write_text((work / "user_key.pub").read_text())
    port = free_port()
    config = work / "sshd_config"
    config.write_text(
        f"ListenAddress 127.0.0.1\n"
        f"HostKey {work}/host_key\n"
        f"PidFile {work}/sshd.pid\n"
        f"AuthorizedKeysFile {work}/authorized_keys\n"
        "StrictModes no\nPermitRootLogin yes\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nUsePAM no\n" + extra_config,
        encoding="utf-8",
    )
    if os.geteuid() == 0:
        PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)
    with (work / "sshd.log").open("wb") as log:
        process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config), "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            _wait_for_port(port, process, work / "sshd.log")

            def stop() -> None:
                if process.poll() is None:
                    process.terminate()
                    process.wait(timeout=10)

            yield SshServer(getpass.getuser(), port, work / "user_key", stop)
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=10)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"sshd did not start: {log.read_text()}") from exc
            time.sleep(0.05)
