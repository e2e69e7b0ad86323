"""gkssg withdraw: the item leaves every output, its address serves a notice, and its
number is retired for good."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from support.cli import run_gkssg
from support.html_tree import parse_html
from support.sample import PLAIN, copy_sample

NUMBER = "00298196X/2008-00041"  # PLAIN's 索引号 (checked below)


def _gkssg(root: Path, *args: str, **env: str) -> str:
    result = run_gkssg("--site", str(root), *args, env={"GKSSG_LANG": "en", **env})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _fragment_urls(output: Path) -> set[str]:
    urls = set()
    for fragment in output.glob("pagefind/**/fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    root = copy_sample(tmp_path_factory.mktemp("withdraw") / "site")
    _gkssg(root, "number", "--init-ledger")
    text = (root / PLAIN).read_text(encoding="utf-8")
    assert f"index_no: {NUMBER}" in text or f'index_no: "{NUMBER}"' in text
    title = next(
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("title:")
    )
    _gkssg(root, "build")
    url = "catalog/regulations/2008-00041.html"
    assert (root / "output" / url).is_file() and title in (root / "output/feed.xml").read_text(
        "utf-8"
    )
    _gkssg(root, "withdraw", NUMBER, "--reason", "文件内容已由新文件取代")
    _gkssg(root, "build")
    return root, title, url


def test_the_item_is_gone_from_every_page_feed_export_sitemap_and_the_index(
    withdrawn: tuple[Path, str, str],
) -> None:
    root, title, url = withdrawn
    output = root / "output"
    for path in output.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json", ".csv"):
            continue
        if path == output / url:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert NUMBER not in text, path
        assert title not in text, path
    assert "/" + url not in _fragment_urls(output)
    assert _fragment_urls(output)  # the index itself is there


def test_its_address_serves_a_noindex_notice(withdrawn: tuple[Path, str, str]) -> None:
    root, title, url = withdrawn
    page = parse_html((root / "output" / url).read_text(encoding="utf-8"))
    text = page.text
    assert "本信息已撤回" in text and title in text and NUMBER in text
    assert "文件内容已由新文件取代" in text
    assert page.find_all("meta", name="robots")[0].attrs["content"] == "noindex"


def test_the_number_stays_retired(withdrawn: tuple[Path, str, str], tmp_path: Path) -> None:
    root, _, _ = withdrawn
    again = run_gkssg(
        "--site", str(root), "withdraw", NUMBER, "--reason", "x", env={"GKSSG_LANG": "en"}
    )
    assert again.returncode == 2 and "withdrawn already" in again.stderr
    # the newest number of its year, withdrawn and its file deleted: never issued again
    site = copy_sample(tmp_path / "site")
    _gkssg(site, "number", "--init-ledger")
    made = Path(run_gkssg("--site", str(site), "new", "0203", "甲").stdout.strip())
    number = next(line for line in made.read_text("utf-8").splitlines() if "索引号" in line)
    _gkssg(site, "withdraw", str(made.relative_to(site)), "--reason", "误建")
    made.unlink()
    assert "LEDGER_FILE_MISSING" not in run_gkssg("--site", str(site), "check").stdout
    second = Path(run_gkssg("--site", str(site), "new", "0203", "乙").stdout.strip())
    assert number.split("#")[0] not in second.read_text("utf-8")
    _gkssg(site, "withdraw", str(second.relative_to(site)), "--reason", "误建")
    second.unlink()  # a withdrawn item's file may go: the ledger keeps its notice
    seq = number.split("#")[0].strip().strip('"').rsplit("/", 1)[1]  # 2026-00001
    _gkssg(site, "build")
    notice = (site / "output" / f"catalog/regulations/{seq}.html").read_text("utf-8")
    assert "本信息已撤回" in notice and "误建" in notice
