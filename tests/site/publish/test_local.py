"""gkssg publish to a local folder: releases, release.json, hard links, keep, rollback, refusals."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from gkssg.publish.release import after_existing

from support.publishing import (
    changed_between,
    files,
    live_release,
    page_hash_matches,
    publish,
    releases,
    sent,
    state,
)
from support.sites import SiteFiles, default_item


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages these tests read are the English ones."""
    monkeypatch.setenv("GKSSG_LANG", "en")


def small_site(tmp_path: Path, count: int = 6) -> SiteFiles:
    site = SiteFiles(tmp_path / "site").with_items(count)
    site.build()
    return site


def change_item(site: SiteFiles, seq: int, body: str) -> None:
    site.with_item(f"catalog/regulations/item{seq:03d}.md", body, **default_item(seq))
    site.build()


def test_a_publish_is_a_complete_release_with_its_record_and_a_relative_current_link(
    tmp_path: Path,
) -> None:
    site = small_site(tmp_path)
    git = ["git", "-C", str(site.root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "site"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    dest = tmp_path / "www"

    publish(site, dest)

    name = live_release(dest)
    assert releases(dest) == [name]
    record = json.loads((dest / "releases" / name / "release.json").read_text("utf-8"))
    assert record["release"] == name
    assert record["items"] == 6
    assert record["commit"] == head.strip()
    assert record["commit_dirty"] is False
    assert name.endswith("-" + record["content_sha256"][:8])
    built = json.loads(next((site.root / ".gkssg/builds").glob("*.json")).read_text("utf-8"))
    assert record["built"] == built["finished"]
    served = files(dest / "current")
    assert served.pop("release.json")
    assert served == files(site.root / "output")


def test_every_page_names_its_own_version_and_builds_stay_identical(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    pages = files(site.root / "output", ".html")
    assert pages and all(page_hash_matches(html) for html in pages.values())
    site.run("build", "--out", str(tmp_path / "again"))
    assert files(tmp_path / "again", ".html") == pages


def test_a_second_publish_uploads_only_changed_files_and_links_the_rest(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    dest = tmp_path / "www"
    publish(site, dest)
    first = live_release(dest)
    old = files(dest / "releases" / first)
    change_item(site, 3, "新的正文。\n")

    result = publish(site, dest)

    second = live_release(dest)
    assert second != first
    new = files(dest / "releases" / second)
    changed = changed_between(old, new) - {"release.json"}
    transferred, total, _ = sent(result)
    assert changed and transferred == len(changed)
    assert total == len(new) - 1
    for path in set(new) - changed - {"release.json"}:
        a, b = dest / "releases" / first / path, dest / "releases" / second / path
        assert a.stat().st_ino == b.stat().st_ino, path  # a hard link, not a copy
    again = publish(site, dest)
    assert "already live" in again.output and live_release(dest) == second


def test_keep_removes_the_oldest_releases(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    dest = tmp_path / "www"
    names = []
    for seq in (1, 2, 3):
        change_item(site, seq, f"第{seq}版。\n")
        publish(site, dest, "--keep", "2")
        names.append(live_release(dest))
    assert releases(dest) == sorted(names)[-2:]


def test_rollback_to_the_previous_or_a_named_release(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    dest = tmp_path / "www"
    publish(site, dest)
    first = live_release(dest)
    change_item(site, 2, "改过的正文。\n")
    publish(site, dest)
    second = live_release(dest)

    publish(site, dest, "--rollback")
    assert live_release(dest) == first
    listing = publish(site, dest, "--list").output.splitlines()
    assert listing[0].startswith(f"  {second}") and listing[1].startswith(f"* {first}")
    assert listing[1].endswith("live")

    publish(site, dest, "--rollback", second[:-2])  # a unique prefix will do
    assert live_release(dest) == second
    several = site.invoke("publish", str(dest), "--rollback", first[:4])
    assert several.exit_code == 2 and "matches several releases" in several.output
    nothing = site.invoke("publish", str(dest), "--rollback", "19990101")
    assert nothing.exit_code == 2 and "is not a release here" in nothing.output
    publish(site, dest, "--rollback", first)
    oldest = site.invoke("publish", str(dest), "--rollback")
    assert oldest.exit_code == 2 and "nothing to roll back to" in oldest.output
    assert live_release(dest) == first


def refused(site: SiteFiles, dest: Path, *texts: str) -> None:
    before = state(dest)
    result = site.invoke("publish", str(dest))
    assert result.exit_code == 1, result.output
    assert "publish refused:" in result.output and "nothing was sent" in result.output
    for text in texts:
        assert text in result.output, result.output
    assert state(dest) == before


def test_refuses_a_site_that_was_never_built(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.write()
    refused(site, tmp_path / "www", "output/ does not exist", "gkssg build")
    assert not (tmp_path / "www").exists()


def test_refuses_an_output_older_than_the_content(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    dest = tmp_path / "www"
    publish(site, dest)
    site.with_item("catalog/regulations/item002.md", "后来改的。\n", **default_item(2))
    site.write()
    refused(site, dest, "output/ is stale", "content/catalog/regulations/item002.md")
    (site.root / "content/catalog/regulations/item002.md").unlink()
    refused(site, dest, "output/ is stale")


def test_refuses_a_site_with_check_errors(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    dest = tmp_path / "www"
    publish(site, dest)
    site.with_item("catalog/regulations/bad.md", **default_item(9, title=None))
    site.write()
    refused(site, dest, "MISSING_FIELD", "the site has 1 error(s)")


def test_refuses_an_output_no_finished_build_wrote(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    for stamp in (site.root / ".gkssg/builds").glob("*.json"):
        stamp.unlink()  # what a build killed before its end leaves
    refused(site, tmp_path / "www", "no record of a finished `gkssg build`")


@pytest.mark.parametrize("dest", ["host:", "relative/www"])
def test_ssh_options_only_go_with_an_ssh_destination(tmp_path: Path, dest: str) -> None:
    site = small_site(tmp_path)
    result = site.invoke("publish", dest, "--ssh-option", "-p 2222")
    assert result.exit_code == 2, result.output
    assert not (Path.cwd() / "relative").exists()


def test_an_ssh_option_with_an_unclosed_quote_is_a_usage_error(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    result = site.invoke("publish", "deploy@web1:/srv/xxgk", "--ssh-option", '-o "Port 22')
    assert result.exit_code == 2, result.output
    assert "cannot read the ssh command" in result.output
    assert "Traceback" not in result.output


def test_release_names_sort_in_publish_order_within_one_second_or_after_a_clock_change() -> None:
    newest = "20260301T080000Z-bbbbbbbb"
    assert after_existing("20260301T080001Z-aaaaaaaa", [newest]) == "20260301T080001Z-aaaaaaaa"
    assert after_existing("20260301T080000Z-aaaaaaaa", [newest]) == "20260301T080001Z-aaaaaaaa"
    assert after_existing("20260301T075900Z-aaaaaaaa", [newest]) == "20260301T080001Z-aaaaaaaa"
