"""The README's first command works as written, in a copy of the repository.

It must install gkssg into ``.venv/`` (a stock Debian 12 or Ubuntu 24.04 refuses
``pip install`` outside a virtual environment, PEP 668), build the sample site and
serve it. The command is read from README.md itself, so the README cannot drift
from the script it names.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

#: The whole first command: venv, install (from the package index), build, serve.
SERVE_TIMEOUT = 900
SECTION = "## Two commands"


def readme_commands() -> list[str]:
    """The fenced shell blocks of the README's "Two commands" section, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README.md has no `{SECTION}` section"
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [
        block.strip()
        for block in re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", section, re.M | re.S)
    ]


def first_command() -> str:
    commands = readme_commands()
    assert len(commands) == 2, f"the README should show two commands, not {commands}"
    command = commands[0]
    assert "\n" not in command, f"the first command should be one line: {command!r}"
    return command


def copy_repository(into: Path) -> Path:
    """The repository's tracked and new (not ignored) files, as a fresh clone would have
    them plus the working tree's changes."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the repository's git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if not source.is_file() or source.is_symlink():  # deleted in the working tree
            continue
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return into


def write_tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def guarded_env(tools: Path, log: Path) -> dict[str, str]:
    """An environment whose ``python3`` logs each call, where ``pip`` outside a virtual
    environment is refused and logged, and where nothing can reach apt-get or sudo."""
    real_python = shutil.which("python3")
    if real_python is None:
        pytest.skip("python3 is not on PATH")
    tools.mkdir()
    write_tool(tools, "python3", f'echo "python3 $*" >> "{log}"\nexec "{real_python}" "$@"\n')
    for refused in ("pip", "pip3", "apt-get", "sudo"):
        write_tool(tools, refused, f'echo "{refused} $*" >> "{log}"\nexit 1\n')
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env["PATH"] = f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"
    env["PIP_REQUIRE_VIRTUALENV"] = "1"  # pip itself refuses to install outside a venv
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def site_title(site: Path) -> str:
    found = re.search(r"^title:\s*(.+?)\s*$", (site / "site.yaml").read_text("utf-8"), re.M)
    assert found is not None
    return found.group(1).strip("\"'")


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[Path, Path, int, subprocess.Popen[bytes]]]:
    """The README's first command (plus ``--port``), started in a copy of the repository."""
    command = first_command()
    copy = copy_repository(tmp_path / "repo")
    log = tmp_path / "calls.log"
    env = guarded_env(tmp_path / "tools", log)
    port = free_port()
    output = (tmp_path / "output.log").open("wb")
    process = subprocess.Popen(
        ["bash", "-c", f"{command} --port {port}"],
        cwd=copy,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the server goes with it
    )
    try:
        yield copy, log, port, process
    finally:
        stop(process)
        output.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # a stray process of the group that outlived bash (it is not waited for)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def wait_for_page(url: str, title: str, process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the command ended ({process.returncode}) before serving:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace")
                if response.status == 200 and title in body:
                    return body
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"nothing served at {url} after {SERVE_TIMEOUT} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    if not log.exists():
        return ""
    text = log.read_text("utf-8", "replace").splitlines()
    return "\n".join(line for line in text if not line.startswith("WARNING: Location"))[-4000:]


@pytest.mark.slow
def test_the_first_command_installs_into_a_venv_builds_and_serves(
    started: tuple[Path, Path, int, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    copy, calls, port, process = started
    wait_for_page(f"http://127.0.0.1:{port}/", site_title(copy), process, tmp_path / "output.log")

    assert (copy / ".venv" / "bin" / "gkssg").is_file()
    where = subprocess.run(
        [str(copy / ".venv" / "bin" / "python"), "-c", "import gkssg; print(gkssg.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "")},
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to((copy / ".venv").resolve()), where
    assert (copy / "output" / "index.html").is_file()  # `gkssg build` ran before the server

    called = calls.read_text("utf-8").splitlines() if calls.exists() else []
    outside = [
        line
        for line in called
        if line.split(" ", 1)[0] in ("pip", "pip3", "apt-get", "sudo")
        or re.search(r"(^|\s)-m\s+(pip|ensurepip)(\s|$)", line)
    ]
    assert outside == [], f"ran outside the virtual environment: {outside}"
    assert any(" -m venv " in f" {line} " for line in called), called


def test_without_venv_support_the_script_installs_python3_venv_or_says_so(
    tmp_path: Path,
) -> None:
    """Debian's python3 without python3-venv: the script asks apt-get (as root, or
    through sudo) for python3-venv, and stops with a message when that does not help."""
    real_python = shutil.which("python3")
    if real_python is None:
        pytest.skip("python3 is not on PATH")
    site = tmp_path / "repo"
    (site / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "serve-sample.sh", site / "scripts" / "serve-sample.sh")
    tools, log = tmp_path / "tools", tmp_path / "calls.log"
    tools.mkdir()
    write_tool(  # as Debian's python3 without python3-venv: venv fails, the rest works
        tools,
        "python3",
        'for a in "$@"; do if [ "$a" = venv ]; then\n'
        '  echo "ensurepip is not available" >&2; mkdir -p .venv/bin; exit 1\nfi; done\n'
        f'exec "{real_python}" "$@"\n',
    )
    write_tool(tools, "apt-get", f'echo "apt-get $*" >> "{log}"\n')
    write_tool(tools, "sudo", f'echo "sudo $*" >> "{log}"\nexec "$@"\n')
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}

    result = subprocess.run(
        ["bash", "scripts/serve-sample.sh"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "python3-venv" in result.stderr
    assert "apt-get install -y -qq python3-venv" in log.read_text("utf-8")
    assert not (site / ".venv").exists()  # no half-made environment is left
