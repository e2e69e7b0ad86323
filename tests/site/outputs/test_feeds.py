"""Feeds and open data: Atom, JSON Feed 1.1, catalog.json/.csv, sitemap, read by real parsers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
import xmlschema

from gkssg.base.errors import Problems
from gkssg.content.site import load_site
from gkssg.content.urls import Urls
from gkssg.outputs.syndication import RECORD_FIELDS

from conftest import REPO
from support.sites import SiteFiles, default_item, item_file

DRAFT_TITLE = "2009年一季度全省就业形势分析会召开"


@pytest.fixture(scope="module")
def published(sample_site: Path) -> dict[str, object]:
    problems = Problems()
    site = load_site(sample_site, problems)
    assert site is not None
    return {item.index_no.text: item for item in site.catalog.items}


def _feeds(out: Path) -> list[Path]:
    return sorted(out.rglob("feed.xml"))


def test_every_atom_feed_parses_cleanly_with_its_entries(sample_site: Path) -> None:
    out = sample_site / "output"
    feeds = _feeds(out)
    assert out / "feed.xml" in feeds and out / "catalog/regulations/feed.xml" in feeds
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.feed.title
        column = path.parent.relative_to(out).as_posix()
        listed = (
            [p for p in (out / column).glob("*.html") if not p.name.startswith("index")]
            if column != "."
            else None
        )
        if listed is not None and column.count("/") == 1:  # leaf columns list their own items
            assert len(parsed.entries) == min(50, len(listed)), path
    site_feed = feedparser.parse((out / "feed.xml").read_bytes())
    titles = [entry.title for entry in site_feed.entries]
    assert "安徽省劳动和社会保障厅2008年政府信息公开工作年度报告" in titles
    assert DRAFT_TITLE not in titles
    regulations = feedparser.parse((out / "catalog/regulations/feed.xml").read_bytes())
    assert len(regulations.entries) == 14
    entry = next(e for e in regulations.entries if e.title == "关于调整全省失业保险金标准的通知")
    assert entry.link == "https://xxgk.example.gov.cn/catalog/regulations/2008-00010.html"
    assert entry.id == "tag:xxgk.example.gov.cn,2008:00298196X/2008-00010"
    assert entry.tags[0].term == "0203" and entry.tags[0].label == "规范性文件"
    assert entry.published.startswith("2008-03-04T14:30:00")


def test_column_pages_link_their_feed(sample_site: Path) -> None:
    html = (sample_site / "output/catalog/regulations/index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/catalog/regulations/feed.xml"' in html
    assert "订阅本栏目" in html


def _ids(root: Path, feed: str = "feed.xml") -> dict[str, str]:
    parsed = feedparser.parse((root / "output" / feed).read_bytes())
    return {entry.link: entry.id for entry in parsed.entries}


def test_entry_ids_survive_a_rebuild_and_a_new_item(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(5)
    site.build()
    before = _ids(tmp_path)
    site.build()
    assert _ids(tmp_path) == before
    site.with_item("catalog/news/new.md", **default_item(77, title="新增", published="2008-12-30"))
    site.build()
    after = _ids(tmp_path)
    assert len(after) == 6
    assert {link: after[link] for link in before} == before


def test_json_feed_has_every_field_json_feed_11_requires(sample_site: Path) -> None:
    feed = json.loads((sample_site / "output/feed.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["home_page_url"] == "https://xxgk.example.gov.cn/"
    assert feed["feed_url"] == "https://xxgk.example.gov.cn/feed.json"
    assert isinstance(feed["items"], list) and feed["items"]
    ids = set()
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"] not in ids
        ids.add(item["id"])
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        assert item["url"].startswith("https://xxgk.example.gov.cn/")
        assert item["date_published"][10] == "T" and item["date_published"].endswith("+08:00")
        for author in item["authors"]:
            assert isinstance(author["name"], str)
        extension = item["_gkssg"]
        assert set(extension) == {
            "index_no",
            "doc_no",
            "column",
            "publisher",
            "written",
            "validity",
        }
        assert set(extension["column"]) == {"code", "title", "path"}
    for key in feed:
        assert key in {
            "version",
            "title",
            "home_page_url",
            "feed_url",
            "language",
            "authors",
            "items",
        } or key.startswith("_")
    first = next(i for i in feed["items"] if i["_gkssg"]["index_no"] == "00298196X/2008-00010")
    assert first["_gkssg"]["doc_no"] == "皖劳社〔2008〕12号"
    assert first["_gkssg"]["column"] == {
        "code": "0203",
        "title": "规范性文件",
        "path": "catalog/regulations",
    }


def test_catalog_json_validates_and_lists_exactly_the_published_items(
    sample_site: Path, published: dict[str, object]
) -> None:
    schema = json.loads((REPO / "schemas/catalog.schema.json").read_text("utf-8"))
    data = json.loads((sample_site / "output/catalog.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    numbers = [item["index_no"] for item in data["items"]]
    assert sorted(numbers) == sorted(published) and data["count"] == len(published)
    assert all(item["title"] != DRAFT_TITLE for item in data["items"])
    regulation = next(i for i in data["items"] if i["index_no"] == "00298196X/2008-00010")
    assert regulation["attachments"][0]["url"].endswith(
        "/catalog/regulations/%E9%99%84%E4%BB%B6/%E5%A4%B1%E4%B8%9A%E4%BF%9D%E9%99%A9%E9%87%91"
        "%E8%B0%83%E6%95%B4%E6%A0%87%E5%87%86%E8%A1%A8.pdf"
    )
    assert "00298196X/2008-00011" in regulation["related"]


def test_catalog_json_written_record_by_record_is_compact_json_of_the_whole(
    sample_site: Path,
) -> None:
    """The build encodes catalog.json one record at a time; the bytes are the ones a
    single compact json.dumps of the whole document gives, keys in the same order."""
    raw = (sample_site / "output/catalog.json").read_bytes()
    data = json.loads(raw)
    assert list(data)[-1] == "items" and len(data["items"]) > 1
    whole = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert raw == whole.encode("utf-8")


def test_catalog_csv_round_trips_with_the_same_rows(sample_site: Path) -> None:
    raw = (sample_site / "output/catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = json.loads((sample_site / "output/catalog.json").read_text("utf-8"))
    assert len(rows) == len(data["items"])
    for row, item in zip(rows, data["items"], strict=True):
        assert tuple(row) == RECORD_FIELDS
        assert row["index_no"] == item["index_no"] and row["title"] == item["title"]
        assert row["keywords"] == "; ".join(item["keywords"])
        assert row["written"] == (item["written"] or "")
        assert row["summary"] == item["summary"]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RECORD_FIELDS)
    writer.writerows([row[name] for name in RECORD_FIELDS] for row in rows)
    assert buffer.getvalue().encode("utf-8") == raw[3:]


def test_sitemap_validates_and_lists_exactly_the_pages_written(sample_site: Path) -> None:
    out = sample_site / "output"
    schema = xmlschema.XMLSchema(str(REPO / "tests" / "data" / "sitemap.xsd"))
    schema.validate(str(out / "sitemap.xml"))
    document = schema.to_dict(str(out / "sitemap.xml"))
    listed = {entry["loc"] for entry in document["url"]}
    assert all("lastmod" in entry for entry in document["url"])
    pages = set()
    for page in out.rglob("*.html"):
        rel = page.relative_to(out).as_posix()
        if rel == "404.html" or rel.startswith("pagefind/"):
            continue
        pages.add(Urls("/", "https://xxgk.example.gov.cn/").absolute(rel))
    assert listed == pages
    robots = (out / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://xxgk.example.gov.cn/sitemap.xml" in robots


def test_feed_and_sitemap_links_honour_base_url(sample_site_subpath: Path) -> None:
    out = sample_site_subpath / "output"
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert all(e.link.startswith("https://xxgk.example.gov.cn/xxgkweb/") for e in parsed.entries)
    assert "<loc>https://xxgk.example.gov.cn/xxgkweb/catalog/regulations/</loc>" in (
        out / "sitemap.xml"
    ).read_text("utf-8")


def test_hostile_titles_are_escaped_in_every_feed_and_export(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>&"'
    site = SiteFiles(tmp_path)
    site.with_file(
        "content/catalog/regulations/x.md",
        item_file(**default_item(1, title=hostile, summary="<img src=x onerror=alert(1)>")),
    )
    site.build()
    out = tmp_path / "output"
    for name in ("feed.xml", "catalog/regulations/feed.xml", "sitemap.xml"):
        assert "<script>" not in (out / name).read_text("utf-8")
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.entries[0].title == hostile
    data = json.loads((out / "catalog.json").read_text("utf-8"))
    assert data["items"][0]["title"] == hostile
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert "content_html" not in feed["items"][0]  # plain text only, never HTML


def test_control_characters_cannot_break_the_xml(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.with_file(
        "content/catalog/regulations/x.md",
        '---\ntitle: "响铃\\x07标题"\nindex_no: "00298196X/2008-00001"\npublished: 2008-03-01\n'
        "review: {by: 办公室, date: 2008-03-01}\n---\n正文。\n",
    )
    site.build()
    parsed = feedparser.parse((tmp_path / "output/feed.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.entries[0].title == "响铃标题"


def test_masked_site_leaks_no_personal_data_into_feeds_or_exports(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path)
    site.config = site.config.replace("privacy: error", "privacy: mask")
    phone = "13912345678"
    site.with_file(
        "content/catalog/regulations/x.md",
        item_file(f"联系人手机{phone}。\n", **default_item(1, summary=f"咨询手机{phone}")),
    )
    site.build()
    out = tmp_path / "output"
    for name in ("feed.xml", "catalog/regulations/feed.xml", "feed.json", "catalog.json"):
        text = (out / name).read_text("utf-8")
        assert phone not in text and "139****5678" in text, name
    assert phone not in (out / "catalog.csv").read_text("utf-8-sig")
