"""The pure parts of publishing: which releases --keep removes, reading sha256sum,
the archive's URL keys, and site.yaml `publish:`."""

from __future__ import annotations

from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.content.config import load_publish_options
from gkssg.publish.archive import path_of, surt
from gkssg.publish.releases import to_prune
from gkssg.publish.upload import parse_sha256sum

from support.sites import SITE_YAML

NAMES = [f"2026030{day}T080000Z-0000000{day}" for day in range(1, 7)]


def test_keep_never_removes_the_live_release_nor_the_one_before_it() -> None:
    new = "20260310T080000Z-aaaaaaaa"
    assert to_prune(NAMES, new, 1, NAMES[-1]) == NAMES[:-1]
    # rolled back to day 2, then published: day 2 (live before) and day 6 (newest) stay
    assert to_prune(NAMES, new, 1, NAMES[1]) == [NAMES[0], *NAMES[2:5]]
    assert to_prune(NAMES, new, 3, NAMES[-1]) == NAMES[:4]
    assert to_prune([], new, 1, None) == []


def test_sha256sum_lines_are_read_with_their_escapes() -> None:
    text = "ab  ./index.html\n\\cd  ./odd\\\\name\\nx.html\nef  ./附件/数据.pdf\n"
    assert parse_sha256sum(text) == {
        "index.html": "ab",
        "odd\\name\nx.html": "cd",
        "附件/数据.pdf": "ef",
    }


def test_archive_urls_map_back_to_release_paths_and_sort_by_surt() -> None:
    site = "https://xxgk.example.gov.cn/xxgkweb/"
    assert path_of(site, site) == "index.html"
    assert path_of(site, site + "catalog/") == "catalog/index.html"
    assert path_of(site, site + "%E9%99%84%E4%BB%B6/a.pdf") == "附件/a.pdf"
    assert path_of(site, "https://other.example/") is None
    assert surt("https://www.Example.gov.cn:8443/a/") == "cn,gov,example:8443)/a/"
    assert surt("https://xxgk.example.gov.cn/") == "cn,gov,example,xxgk)/"


def test_site_yaml_publish_names_targets_and_groups(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        SITE_YAML + "publish:\n"
        "  archive: true\n"
        "  targets:\n"
        "    web1: deploy@10.1.1.1:/srv/xxgk\n"
        "    web2: {dest: 'deploy@10.1.1.2:/srv/xxgk', ssh_options: ['-p 2222']}\n"
        "    web3: {path: /srv}\n"
        "    'two words': /srv\n"
        "  groups:\n"
        "    production: [web1, web2]\n",
        encoding="utf-8",
    )
    problems = Problems()
    options = load_publish_options(tmp_path, problems)
    assert options is not None and options.archive
    assert options.targets["web2"].ssh_options == ("-p 2222",)
    assert options.groups == {"production": ("web1", "web2")}
    codes = sorted((p.line or 0, p.code) for p in problems.sorted())
    web3 = SITE_YAML.count("\n") + 6  # the line of `web3:`
    assert codes == [(0, "MISSING_FIELD"), (web3, "UNKNOWN_KEY"), (web3 + 1, "BAD_VALUE")], codes
