"""Publishing under load: a real nginx serves DEST/current while releases switch."""

from __future__ import annotations

import http.client
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import require_tool
from support.cli import run_gkssg
from support.nginx import nginx_available, serve_with_nginx
from support.publishing import files, live_release, page_hash_matches, publish
from support.sites import SiteFiles, default_item


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages these tests read are the English ones."""
    monkeypatch.setenv("GKSSG_LANG", "en")


pytestmark = pytest.mark.nginx

CLIENTS = 4
BEFORE_SWITCH = 200  # requests (all clients) before the publish starts
AFTER_SWITCH = 150  # requests per client once the new release is live
MAX_PER_CLIENT = 5000  # the loop is bounded even if the publish hangs


def urls_of(pages: dict[str, bytes]) -> dict[str, str]:
    """URL → page path; folder URLs (``/catalog/``) too, which nginx maps to index.html."""
    urls = {"/" + path: path for path in pages}
    for path in pages:
        if path.endswith("index.html"):
            urls["/" + path.removesuffix("index.html")] = path
    return urls


@dataclass
class Load:
    """Clients fetching random pages; every response is judged against both releases."""

    base: str
    old: dict[str, bytes]
    new: dict[str, bytes]
    switched: threading.Event = field(default_factory=threading.Event)
    failures: list[str] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=lambda: {"old": 0, "new": 0, "same": 0})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def judge(self, url: str, path: str, status: int, body: bytes) -> str | None:
        old, new = self.old.get(path), self.new.get(path)
        if status == 404 and (old is None or new is None):
            return "same"  # a page only one release has
        if status != 200:
            return None
        if not body.rstrip().endswith(b"</html>") or not page_hash_matches(body):
            return None
        if body == old == new:
            return "same"
        if body == old:
            return "old"
        return "new" if body == new else None

    def client(self, seed: int, urls: dict[str, str]) -> None:
        rng = random.Random(seed)
        address = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
        try:
            self._requests(rng, connection, urls)
        finally:
            connection.close()

    def _requests(
        self, rng: random.Random, connection: http.client.HTTPConnection, urls: dict[str, str]
    ) -> None:
        after = 0
        for _ in range(MAX_PER_CLIENT):
            url = rng.choice(sorted(urls))
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                status, body = response.status, response.read()
            except (OSError, http.client.HTTPException) as exc:
                status, body = 0, repr(exc).encode()
                connection.close()
            verdict = self.judge(url, urls[url], status, body)
            with self.lock:
                if verdict is None:
                    self.failures.append(f"{url}: {status} {body[-80:]!r}")
                else:
                    self.seen[verdict] += 1
            if self.switched.is_set():
                after += 1
                if after >= AFTER_SWITCH:
                    return

    @property
    def count(self) -> int:
        with self.lock:
            return sum(self.seen.values()) + len(self.failures)


def two_releases(tmp_path: Path) -> tuple[SiteFiles, Path]:
    """A site published once, then changed (3 items edited, 2 deleted) and rebuilt."""
    site = SiteFiles(tmp_path / "site").with_items(40)
    site.build()
    dest = tmp_path / "www"
    publish(site, dest)
    for seq in (5, 17, 33):
        site.with_item(
            f"catalog/regulations/item{seq:03d}.md",
            "改写后的正文。\n",
            **default_item(seq, title=f"改写{seq}"),
        )
    for seq in (8, 40):
        del site.files[f"content/catalog/regulations/item{seq:03d}.md"]
        (site.root / f"content/catalog/regulations/item{seq:03d}.md").unlink()
    site.build()
    return site, dest


def test_switching_releases_under_load_serves_only_whole_pages_of_either(tmp_path: Path) -> None:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    site, dest = two_releases(tmp_path)
    old = files(dest / "current", ".html")
    new = files(site.root / "output", ".html")
    assert set(old) - set(new) and any(old[p] != new[p] for p in set(old) & set(new))
    with serve_with_nginx(dest / "current", tmp_path / "nginx") as base:
        load = Load(base, old, new)
        urls = urls_of({**old, **new})
        clients = [threading.Thread(target=load.client, args=(n, urls)) for n in range(CLIENTS)]
        for client in clients:
            client.start()
        while load.count < BEFORE_SWITCH:
            time.sleep(0.01)
        result = run_gkssg("--site", str(site.root), "publish", str(dest))
        load.switched.set()
        for client in clients:
            client.join(timeout=120)
    assert result.returncode == 0, result.stderr
    print(f"\nresponses by release: {load.seen}; failures: {len(load.failures)}")
    assert load.failures == []
    assert load.seen["old"] > 0 and load.seen["new"] > 0, load.seen  # the switch was mid-load


def test_rollback_serves_the_old_release_byte_for_byte(tmp_path: Path) -> None:
    require_tool("nginx", nginx_available(), "apt-get install nginx")
    site, dest = two_releases(tmp_path)
    old_name = live_release(dest)
    old = files(dest / "current")
    publish(site, dest)
    with serve_with_nginx(dest / "current", tmp_path / "nginx") as base:
        deleted = sorted(set(old) - set(files(dest / "current")))
        assert fetch(base, deleted[0])[0] == 404

        publish(site, dest, "--rollback")

        for path, data in sorted(old.items()):
            assert fetch(base, path) == (200, data), path
    listing = publish(site, dest, "--list").output
    assert f"* {old_name}" in listing


def fetch(base: str, path: str) -> tuple[int, bytes]:
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
