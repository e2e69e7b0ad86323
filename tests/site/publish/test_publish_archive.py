"""The web archive of a release: a WARC holding exactly the release's files at their URLs,
with the DA/T 80-2019 metadata, a CDX index, and `gkssg archive verify`."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from warcio.archiveiterator import ArchiveIterator

from conftest import build_sample_copy
from support.publishing import files, live_release, releases
from support.sites import SITE_YAML, SiteFiles, default_item

SITE_URL = "https://xxgk.example.gov.cn/"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKSSG_LANG", "en")


def gkssg(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "gkssg", "--site", str(site), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample site, built and published once with --archive: (site, dest)."""
    root = build_sample_copy(tmp_path_factory.mktemp("archived"))
    dest = tmp_path_factory.mktemp("archive-dest") / "www"
    result = gkssg(root, "publish", str(dest), "--archive")
    assert result.returncode == 0, result.stderr
    return root, dest


def url_of(path: str) -> str:
    if path == "index.html":
        return SITE_URL
    if path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return SITE_URL + quote(path)


def warc_of(dest: Path) -> Path:
    return dest / "archives" / f"{live_release(dest)}.warc.gz"


def test_the_warc_holds_exactly_the_release_at_its_urls(archived: tuple[Path, Path]) -> None:
    _, dest = archived
    release = files(dest / "current")
    expected = {url_of(path): hashlib.sha256(data).hexdigest() for path, data in release.items()}
    found: dict[str, str] = {}
    with warc_of(dest).open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                assert url not in found, url
                found[url] = hashlib.sha256(record.content_stream().read()).hexdigest()
                assert record.http_headers.get_statuscode() == "200"
            else:
                record.content_stream().read()
            assert record.digest_checker.passed is not False
    assert len(found) == len(release) > 100
    assert found == expected


def test_a_second_reader_reads_the_same_records(archived: tuple[Path, Path]) -> None:
    fastwarc = pytest.importorskip("fastwarc.warc")
    _, dest = archived
    release = files(dest / "current")
    found = {}
    records = fastwarc.ArchiveIterator(
        str(warc_of(dest)), record_types=fastwarc.WarcRecordType.response, verify_digests=True
    )
    for record in records:
        found[record.headers["WARC-Target-URI"]] = hashlib.sha256(record.reader.read()).hexdigest()
    assert found == {url_of(p): hashlib.sha256(d).hexdigest() for p, d in release.items()}


def fields(record: object) -> dict[str, str]:
    text = record.content_stream().read().decode("utf-8")  # type: ignore[attr-defined]
    return dict(line.split(": ", 1) for line in text.splitlines() if line)


def test_the_warc_carries_the_da_t_80_metadata(archived: tuple[Path, Path]) -> None:
    root, dest = archived
    info, items = {}, {}
    with warc_of(dest).open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "warcinfo":
                info = fields(record)
            elif record.rec_type == "metadata":
                items[record.rec_headers.get_header("WARC-Target-URI")] = fields(record)
                assert record.rec_headers.get_header("WARC-Refers-To").startswith("<urn:uuid:")
            else:
                record.content_stream().read()
    yaml = (root / "site.yaml").read_text("utf-8")
    assert info["site-name"] in yaml and info["site-code"] in yaml and info["site-code"]
    assert info["release"] == live_release(dest)
    assert info["capture-time"].endswith("Z") and "DA/T 80-2019" in info["conformsTo"]
    catalog = (dest / "current" / "catalog.json").read_text("utf-8")
    item_pages = {url: f for url, f in items.items() if "attachment-of" not in f}
    assert len(item_pages) > 10
    for url, item in item_pages.items():
        assert item["index-no"] in catalog, url  # the item's 索引号
        assert url.endswith(".html") and item["title"]


def test_the_cdx_points_at_every_response(archived: tuple[Path, Path]) -> None:
    _, dest = archived
    warc = warc_of(dest)
    lines = warc.with_name(warc.name.replace(".warc.gz", ".cdx")).read_text("utf-8").splitlines()
    assert lines[0] == " CDX N b a m s k r M S V g"
    assert lines[1:] == sorted(lines[1:])
    assert len(lines) - 1 == len(files(dest / "current"))
    with warc.open("rb") as stream:
        for line in lines[1:]:
            key, _, url, _, status, _, _, _, _, offset, name = line.split(" ")
            assert name == warc.name and status == "200" and key.startswith("cn,gov,example,xxgk)/")
            stream.seek(int(offset))
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == url


def test_archive_verify_passes_and_fails_on_a_cut_or_altered_archive(
    archived: tuple[Path, Path], tmp_path: Path
) -> None:
    root, dest = archived
    warc = warc_of(dest)
    good = gkssg(root, "archive", "verify", str(warc))
    assert good.returncode == 0, good.stderr
    assert f"records match release {live_release(dest)}" in good.stdout
    cut = tmp_path / "archives" / warc.name
    cut.parent.mkdir()
    cut.write_bytes(warc.read_bytes()[: warc.stat().st_size * 2 // 3])
    (cut.parent.parent / "releases").symlink_to(dest / "releases")
    result = gkssg(root, "archive", "verify", str(cut))
    assert result.returncode == 1
    assert "missing from the WARC" in result.stderr and "Traceback" not in result.stderr
    shutil.copy(warc, cut)
    copy = tmp_path / "release"
    shutil.copytree(dest / "current", copy)
    (copy / "index.html").write_text("changed", encoding="utf-8")
    altered = gkssg(root, "archive", "verify", str(cut), "--release", str(copy))
    assert altered.returncode == 1 and "index.html" in altered.stderr


def test_site_yaml_asks_for_archives_and_keep_leaves_them(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site", config=SITE_YAML + "publish:\n  archive: true\n")
    site.with_items(3).build()
    dest = tmp_path / "www"
    names = []
    for seq in (1, 2, 3):
        site.with_item("catalog/regulations/item001.md", f"第{seq}版。\n", **default_item(1))
        site.build()
        result = site.invoke("publish", str(dest), "--keep", "1")
        assert result.exit_code == 0, result.output
        names.append(live_release(dest))
    assert releases(dest) == names[-2:]  # --keep 1 keeps the one before the live one
    archives = sorted(p.name for p in (dest / "archives").iterdir())
    assert archives == sorted(f"{n}{suffix}" for n in names for suffix in (".cdx", ".warc.gz"))
    listing = site.invoke("publish", str(dest), "--list").output
    assert f"* {names[-1]}" in listing and "archived" in listing
    site.with_item("catalog/regulations/item001.md", "第4版。\n", **default_item(1))
    site.build()
    pruned = site.invoke("publish", str(dest), "--keep", "1", "--prune-archives", "--no-archive")
    assert pruned.exit_code == 0, pruned.output
    assert not list((dest / "archives").glob(f"{names[1]}*"))
    assert list((dest / "archives").glob(f"{names[2]}*"))  # the one before the live one
