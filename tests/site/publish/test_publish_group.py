"""A group of two targets, each served by its own nginx: one folder on this machine, one
over SSH to a real sshd. A release goes live on both or on neither."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import require_tool
from support.nginx import nginx_available, serve_with_nginx
from support.publishing import files, leftovers, live_release, page_hash_matches, served
from support.sites import SITE_YAML, SiteFiles, default_item
from support.sshd import SshServer, serve_ssh, sshd_available

pytestmark = pytest.mark.nginx

CLIENTS = 4
BEFORE_SWITCH = 200  # responses (all clients) before the publish starts
AFTER_SWITCH = 100  # requests per client once the publish has ended
MAX_PER_CLIENT = 60_000  # the loop is bounded in count and time even if the publish hangs
MAX_SECONDS = 120
PAUSE = 0.002  # between a client's requests: a load that leaves the publisher some CPU
WINDOW = re.compile(r"all 2 targets switched to (\S+) within ([\d.]+) ms")
#: Server b's tools fail on request: ``mv`` onto ``current`` when the file
#: ``fail-switch`` is in its folder, ``rsync`` when ``fail-upload`` is.
WRAPPERS = {
    "mv": '[ -e "$W/fail-switch" ] && [ "${*##* }" = current ] && '
    '{ echo "mv: cannot move: Input/output error" >&2; exit 1; }\nexec /usr/bin/mv "$@"\n',
    "rsync": '[ -e "$W/fail-upload" ] && { echo "rsync: disk failure" >&2; exit 12; }\n'
    'exec /usr/bin/rsync "$@"\n',
}


@pytest.fixture
def server_b(tmp_path: Path) -> Iterator[tuple[SshServer, Path]]:
    """An sshd whose sessions find the failing tools of :data:`WRAPPERS` first."""
    require_tool("sshd", sshd_available(), "apt-get install openssh-server openssh-client")
    tools = tmp_path / "tools"
    tools.mkdir()
    for name, body in WRAPPERS.items():
        (tools / name).write_text(f"#!/bin/sh\nW={tools}\n{body}")
        (tools / name).chmod(0o755)
    extra = f"SetEnv PATH={tools}:/usr/local/bin:/usr/bin:/bin\n"
    with serve_ssh(tmp_path / "sshd", extra) as server:
        yield server, tools


@dataclass(frozen=True)
class Group:
    site: SiteFiles
    a: Path  # the folder target
    b: Path  # the SSH target's folder
    env: dict[str, str]

    def publish(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "gkssg", "--site", str(self.site.root), "publish"]
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, env=self.env, check=False
        )


def group_site(tmp_path: Path, server: SshServer, items: int = 40) -> Group:
    a, b = tmp_path / "a", tmp_path / "b"
    config = (
        SITE_YAML + "publish:\n  targets:\n"
        f"    a: {a}\n"
        f"    b: {{dest: '{server.dest(b)}', ssh_options: ['-p {server.port}']}}\n"
        "  groups:\n    both: [a, b]\n"
    )
    site = SiteFiles(tmp_path / "site", config=config).with_items(items)
    site.build()
    env = {**os.environ, "GKSSG_LANG": "en", "GKSSG_SSH": server.ssh_command}
    group = Group(site, a, b, env)
    first = group.publish("--to", "both")
    assert first.returncode == 0, first.stderr
    return group


def change(site: SiteFiles) -> None:
    """Three items rewritten, two deleted."""
    for seq in (5, 17, 33):
        body = "改写后的正文。\n"
        site.with_item(
            f"catalog/regulations/item{seq:03d}.md", body, **default_item(seq, title=f"改写{seq}")
        )
    for seq in (8, 40):
        del site.files[f"content/catalog/regulations/item{seq:03d}.md"]
        (site.root / f"content/catalog/regulations/item{seq:03d}.md").unlink()
    site.build()


@dataclass
class Seen:
    sent: float
    received: float
    verdict: str  # old / new / same / bad


@dataclass
class AlternatingLoad:
    """Clients whose requests alternate between the two servers; every response is
    judged against both releases and timed."""

    bases: tuple[str, str]
    old: dict[str, bytes]
    new: dict[str, bytes]
    done: threading.Event = field(default_factory=threading.Event)
    seen: list[Seen] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def judge(self, path: str, status: int, body: bytes) -> str:
        old, new = self.old.get(path), self.new.get(path)
        if status == 404 and (old is None or new is None):
            return "new" if new is None else "old"  # only one release has the page
        if status != 200 or not page_hash_matches(body):
            return "bad"
        return (
            "same"
            if body == old == new
            else "old"
            if body == old
            else "new"
            if body == new
            else "bad"
        )

    def client(self, number: int) -> None:
        paths = sorted(self.old.keys() | self.new.keys())
        connections = [connection(base) for base in self.bases]
        after = 0
        deadline = time.monotonic() + MAX_SECONDS
        try:
            for request in range(MAX_PER_CLIENT):
                if time.monotonic() > deadline:
                    return
                server = (number + request) % 2
                path = paths[(number * 7919 + request * 104729) % len(paths)]
                sent = time.monotonic()
                status, body = fetch(connections[server], path)
                received = time.monotonic()
                verdict = self.judge(path, status, body)
                with self.lock:
                    self.seen.append(Seen(sent, received, verdict))
                    if verdict == "bad":
                        self.failures.append(f"{self.bases[server]}{path}: {status}")
                time.sleep(PAUSE)
                if self.done.is_set():
                    after += 1
                    if after >= AFTER_SWITCH:
                        return
        finally:
            for one in connections:
                one.close()


def connection(base: str) -> http.client.HTTPConnection:
    address = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    try:
        conn.request("GET", "/" + path)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        return 0, repr(exc).encode()


def test_a_group_switches_together_under_load(
    tmp_path: Path, server_b: tuple[SshServer, Path]
) -> None:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    group = group_site(tmp_path, server_b[0])
    old = files(group.a / "current", ".html")
    assert files(group.b / "current", ".html") == old
    change(group.site)
    new = files(group.site.root / "output", ".html")
    with (
        serve_with_nginx(group.a / "current", tmp_path / "nginx-a") as base_a,
        serve_with_nginx(group.b / "current", tmp_path / "nginx-b") as base_b,
    ):
        load = AlternatingLoad((base_a, base_b), old, new)
        clients = [threading.Thread(target=load.client, args=(n,)) for n in range(CLIENTS)]
        for client in clients:
            client.start()
        while len(load.seen) < BEFORE_SWITCH:
            time.sleep(0.01)
        result = group.publish("--to", "both")
        finished = time.monotonic()
        load.done.set()
        for client in clients:
            client.join(timeout=120)
    assert result.returncode == 0, result.stderr
    found = WINDOW.search(result.stdout)
    assert found, result.stdout
    window = float(found[2]) / 1000
    assert live_release(group.a) == live_release(group.b) == found[1]
    old_seen = [s for s in load.seen if s.verdict == "old"]
    new_seen = [s for s in load.seen if s.verdict == "new"]
    assert load.failures == []
    assert old_seen and new_seen  # the switch came in the middle of the load
    # no old page was asked for after the publish had switched both servers
    assert max(s.sent for s in old_seen) < finished
    # a visitor saw both releases only while the switch was under way
    mixed = max(0.0, max(s.sent for s in old_seen) - min(s.received for s in new_seen))
    print(
        f"\nswitch window reported {window * 1000:.1f} ms; both releases served for "
        f"{mixed * 1000:.1f} ms; responses: {len(old_seen)} old, {len(new_seen)} new, "
        f"{len(load.seen)} in all"
    )
    assert mixed <= window + 0.001


def test_a_target_unreachable_before_the_switch_leaves_both_on_the_old_release(
    tmp_path: Path, server_b: tuple[SshServer, Path]
) -> None:
    server, _ = server_b
    group = group_site(tmp_path, server, items=6)
    old = live_release(group.a), live_release(group.b)
    before = served(group.a)
    change_one(group.site)
    staged = group.publish("--to", "both", "--stage")  # uploaded and checked on both
    assert staged.returncode == 0, staged.stderr
    assert "not live" in staged.stdout
    server.stop()  # b's server goes down before the switch

    result = group.publish("--to", "both")

    assert result.returncode == 1
    assert "b (" in result.stderr and "nothing was changed" in result.stderr, result.stderr
    assert (live_release(group.a), live_release(group.b)) == old
    assert served(group.a) == served(group.b) == before


def change_one(site: SiteFiles) -> None:
    site.with_item("catalog/regulations/item002.md", "新的正文。\n", **default_item(2))
    site.build()


def test_a_switch_failing_on_one_target_puts_the_other_back(
    tmp_path: Path, server_b: tuple[SshServer, Path]
) -> None:
    server, tools = server_b
    group = group_site(tmp_path, server, items=6)
    old = live_release(group.a)
    before = served(group.a)
    change_one(group.site)
    (tools / "fail-switch").touch()

    result = group.publish("--to", "both")

    assert result.returncode == 1
    assert "Input/output error" in result.stderr, result.stderr
    assert f"a ({group.a}) was switched back to {old}" in result.stderr
    assert "every target serves the release it served before" in result.stderr
    assert live_release(group.a) == live_release(group.b) == old
    assert served(group.a) == served(group.b) == before
    (tools / "fail-switch").unlink()
    again = group.publish("--to", "both")
    assert again.returncode == 0, again.stderr
    assert served(group.a) == served(group.b) != before


def test_an_upload_failing_on_one_target_switches_nothing_and_leaves_nothing(
    tmp_path: Path, server_b: tuple[SshServer, Path]
) -> None:
    server, tools = server_b
    group = group_site(tmp_path, server, items=6)
    old = live_release(group.a), live_release(group.b)
    releases_before = sorted(p.name for p in (group.a / "releases").iterdir())
    change_one(group.site)
    (tools / "fail-upload").touch()

    result = group.publish("--to", "both")

    assert result.returncode == 1
    assert "disk failure" in result.stderr and "nothing was switched" in result.stderr
    assert (live_release(group.a), live_release(group.b)) == old
    assert sorted(p.name for p in (group.a / "releases").iterdir()) == releases_before
    assert leftovers(group.a) == []


def test_list_and_rollback_act_on_the_whole_group(
    tmp_path: Path, server_b: tuple[SshServer, Path]
) -> None:
    group = group_site(tmp_path, server_b[0], items=6)
    first = live_release(group.a)
    change_one(group.site)
    assert group.publish("--to", "both").returncode == 0
    second = live_release(group.a)
    listing = group.publish("--to", "both", "--list")
    assert f"the group agrees: {second} is live on every target" in listing.stdout

    rolled = group.publish("--to", "both", "--rollback")

    assert rolled.returncode == 0, rolled.stderr
    assert live_release(group.a) == live_release(group.b) == first
    group.publish("--to", "a", "--switch", second)  # one target of the group alone
    listing = group.publish("--to", "both", "--list")
    assert f"the group does not agree: a: {second}, b: {first}" in listing.stdout
    unknown = group.publish("--to", "nowhere")
    assert unknown.returncode == 2 and "known: a, b, both" in unknown.stderr
