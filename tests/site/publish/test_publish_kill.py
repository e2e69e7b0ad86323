"""Publishes killed at random moments, and publishes that meet: a whole release stays
live, and the next publish leaves nothing of the killed ones behind."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import require_tool
from support.publishing import files, leftovers, served, site_version
from support.sites import SiteFiles, default_item
from support.sshd import SshServer, serve_ssh, sshd_available

KILLS = 20
FULL_PUBLISH_EVERY = 5


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    require_tool("sshd", sshd_available(), "apt-get install openssh-server openssh-client")
    with serve_ssh(tmp_path_factory.mktemp("sshd")) as server:
        yield server


@dataclass(frozen=True)
class Destination:
    """Where the tests publish: the folder, and how the command names it."""

    folder: Path
    argument: str
    options: tuple[str, ...]
    env: dict[str, str]

    def command(self, site: SiteFiles, *args: str) -> list[str]:
        return [
            sys.executable, "-m", "gkssg", "--site", str(site.root),
            "publish", self.argument, *self.options, *args,
        ]  # fmt: skip

    def run(self, site: SiteFiles, *args: str) -> subprocess.CompletedProcess[str]:
        command = self.command(site, *args)
        return subprocess.run(command, capture_output=True, text=True, env=self.env, check=False)

    def start(self, site: SiteFiles, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.command(site, *args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=self.env,
            start_new_session=True,  # its ssh, rsync and shell are killed with it
        )


def destination(
    kind: str, folder: Path, request: pytest.FixtureRequest | None = None
) -> Destination:
    env = {**os.environ, "GKSSG_LANG": "en"}
    if kind == "local":
        return Destination(folder, str(folder), (), env)
    assert request is not None
    server: SshServer = request.getfixturevalue("ssh_server")
    env["GKSSG_SSH"] = server.ssh_command
    return Destination(folder, server.dest(folder), ("--ssh-option", f"-p {server.port}"), env)


def output_of(site: SiteFiles) -> dict[str, bytes]:
    return files(site.root / "output")


def change(site: SiteFiles, number: int) -> None:
    """A new version of one page, built."""
    site.with_item("catalog/regulations/item002.md", f"第{number}次修改。\n", **default_item(2))
    site.build()


def wait_for_upload(folder: Path, deadline: float) -> None:
    """Return once a publish has begun to upload (an incoming folder exists), or at ``deadline``."""
    releases = folder / "releases"
    while time.monotonic() < deadline:
        if releases.is_dir() and any(p.name.startswith(".incoming-") for p in releases.iterdir()):
            return
        time.sleep(0.005)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["local", "ssh"])
def test_publishes_killed_at_random_moments_leave_a_whole_release_and_no_leftovers(
    tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    sites = [site_version(tmp_path / f"v{n}", n) for n in (1, 2)]
    dest = destination(kind, tmp_path / "www", request)
    assert dest.run(sites[0]).returncode == 0
    start = time.monotonic()
    assert dest.run(sites[1]).returncode == 0  # how long a publish with changes takes here
    duration = time.monotonic() - start
    chance = random.Random(30)
    outcomes = {"left partial uploads": 0, "full publishes": 0}
    for kill in range(KILLS):
        site = sites[kill % 2]
        change(site, kill)  # every publish has a release of its own to upload
        before, after = served(dest.folder), output_of(site)
        process = dest.start(site, "--wait")
        if kill % 3 == 0:  # some are aimed at the upload, however slow the machine
            wait_for_upload(dest.folder, time.monotonic() + duration * 3)
            time.sleep(chance.uniform(0.0, 0.15))
        else:
            time.sleep(chance.uniform(0.0, duration * 1.2))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
        live = served(dest.folder)
        assert live in (before, after), f"kill {kill}: current is not a whole release"
        outcomes["left partial uploads"] += bool(leftovers(dest.folder))
        if kill % FULL_PUBLISH_EVERY == FULL_PUBLISH_EVERY - 1:
            result = dest.run(site, "--wait")
            assert result.returncode == 0, result.stderr
            assert leftovers(dest.folder) == [], f"after kill {kill}"
            assert served(dest.folder) == after
            outcomes["full publishes"] += 1
    print(f"\n{kind}: {KILLS} kills, publish {duration:.2f} s: {outcomes}")
    assert outcomes["left partial uploads"] >= 2, outcomes  # the clean-up had work to do


def hold_lock(folder: Path) -> int:
    """Take the destination's publish lock as a running publish holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / ".gkssg-publish.lock", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def test_a_second_publisher_is_refused_with_a_clear_message_or_waits(tmp_path: Path) -> None:
    site = site_version(tmp_path / "v1", 1, items=4)
    dest = destination("local", tmp_path / "www")
    assert dest.run(site).returncode == 0
    before = sorted(p.name for p in (dest.folder / "releases").iterdir())
    other = site_version(tmp_path / "v2", 2, items=4)
    descriptor = hold_lock(dest.folder)
    try:
        refused = dest.run(other)
        assert refused.returncode == 2, refused.stderr
        assert "another gkssg publish" in refused.stderr and "--wait" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert sorted(p.name for p in (dest.folder / "releases").iterdir()) == before
        waiting = dest.start(other, "--wait")
        time.sleep(2)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        os.close(descriptor)
    assert waiting.wait(timeout=60) == 0
    assert waiting.stderr is not None
    waiting.stderr.close()
    assert served(dest.folder) == output_of(other)


@pytest.mark.parametrize("wait", [False, True])
def test_two_publishes_started_together_never_corrupt_the_destination(
    tmp_path: Path, wait: bool
) -> None:
    sites = [site_version(tmp_path / f"v{n}", n, items=30) for n in (1, 2)]
    versions = [output_of(site) for site in sites]
    dest = destination("local", tmp_path / "www")
    extra = ("--wait",) if wait else ()
    for _ in range(3):
        processes = [dest.start(site, *extra) for site in sites]
        codes, errors = [], []
        for process in processes:
            codes.append(process.wait(timeout=120))
            assert process.stderr is not None
            errors.append(process.stderr.read().decode())
            process.stderr.close()
        assert 0 in codes, errors
        for code, error in zip(codes, errors, strict=True):
            assert code == 0 or (code == 2 and "another gkssg publish" in error), error
        if wait:
            assert codes == [0, 0], errors
        assert served(dest.folder) in versions
        assert leftovers(dest.folder) == []
