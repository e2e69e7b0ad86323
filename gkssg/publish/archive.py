"""A web archive of a release: a WARC file (ISO 28500) and its CDX index.

DA/T 80-2019 (政府网站网页归档指南) asks government bodies to archive their web
pages with metadata in a standard format. Each release gets
``archives/<release>.warc.gz`` beside ``releases/``, written with warcio:

- a ``warcinfo`` record: the site's name, its 网站标识码, the 主办单位, the
  site's URL, the release id and its content hash, the capture time (the time of
  the publish), the commit and the software;
- a ``response`` record for every file of the release, at the URL it is served
  at (``…/index.html`` at its folder's URL), with the HTTP headers it is served
  with, captured at the time of the publish;
- a ``metadata`` record for every item page and attachment, referring to its
  response: the item's 索引号, title, 发布机构, 文号, date and column.

``archives/<release>.cdx`` indexes the responses in the classic 11-field CDX
format (SURT key, time, URL, type, status, SHA-1, -, -, length, offset, file)
that Wayback-style replay tools read. The WARC is written once, on this machine,
and uploaded to every target like the release itself.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from gkssg.content.model import Item
from gkssg.content.site import Site
from gkssg.publish.release import RELEASE_FILE, ReleaseInfo, gkssg_version

WARC_SUFFIX = ".warc.gz"
CDX_SUFFIX = ".cdx"
CDX_HEADER = " CDX N b a m s k r M S V g\n"
STANDARD = "DA/T 80-2019 政府网站网页归档指南; ISO 28500:2017 (WARC 1.1)"


@dataclass(frozen=True)
class ArchiveFiles:
    warc: Path
    cdx: Path


def path_of(site_url: str, url: str) -> str | None:
    """The release file served at ``url``; None for a URL outside the site."""
    if not url.startswith(site_url):
        return None
    path = unquote(url[len(site_url) :])
    return path + "index.html" if path == "" or path.endswith("/") else path


def content_type(path: str) -> str:
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".json"):
        guessed = "application/json"
    textual = guessed.startswith("text/") or guessed in ("application/json", "application/xml")
    return f"{guessed}; charset=utf-8" if textual else guessed


def surt(url: str) -> str:
    """The Sort-friendly URI Reordering Transform of one of the site's own URLs, as
    the CDX key: ``https://xxgk.example.gov.cn/a/`` → ``cn,gov,example,xxgk)/a/``."""
    parts = urlsplit(url.lower())
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = f"?{parts.query}" if parts.query else ""
    return ",".join(reversed(host.split("."))) + port + ")" + (parts.path or "/") + query


def warc_date(info: ReleaseInfo) -> str:
    return info.published  # already ISO 8601 in UTC, e.g. 2026-03-01T08:00:00Z


def site_fields(site: Site, info: ReleaseInfo) -> dict[str, str]:
    config = site.config
    return {
        "software": f"gkssg/{gkssg_version()} (warcio)",
        "format": "WARC File Format 1.1",
        "conformsTo": STANDARD,
        "isPartOf": config.title,
        "site-name": config.title,
        "site-code": config.identity.site_code,
        "organization": config.org,
        "organization-code": config.org_code,
        "site-url": config.site_url,
        "release": info.release,
        "release-sha256": info.content_sha256,
        "capture-time": info.published,
        "commit": info.commit or "",
        "items": str(info.items),
    }


def item_fields(item: Item, attachment_of: str = "") -> dict[str, str]:
    fields = {
        "index-no": item.index_no.text,
        "title": item.title,
        "publisher": item.publisher,
        "doc-no": item.doc_no,
        "published": item.published.isoformat(),
        "column": item.column,
    }
    if attachment_of:
        fields["attachment-of"] = attachment_of
    return fields


def described_files(site: Site) -> dict[str, dict[str, str]]:
    """Release path → the metadata of the item it is the page or an attachment of."""
    found: dict[str, dict[str, str]] = {}
    for item in site.catalog.items:
        found[item.output_path] = item_fields(item)
        page_url = site.urls.absolute(item.output_path)
        for attachment in item.attachments:
            found[attachment.output_path] = item_fields(item, page_url)
    return found


def release_files(out: Path, release_json: bytes) -> Iterator[tuple[str, Any]]:
    """(path, a binary stream) of every file of the release, sorted; ``release.json`` too."""
    paths = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    if RELEASE_FILE not in paths:
        paths = sorted([*paths, RELEASE_FILE])
    for path in paths:
        if path == RELEASE_FILE:
            yield path, BytesIO(release_json)
        else:
            with (out / path).open("rb") as stream:
                yield path, stream


def write_archive(out: Path, site: Site, info: ReleaseInfo, folder: Path) -> ArchiveFiles:
    """Write ``<release>.warc.gz`` and ``<release>.cdx`` of ``out`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = ArchiveFiles(
        folder / f"{info.release}{WARC_SUFFIX}", folder / f"{info.release}{CDX_SUFFIX}"
    )
    described = described_files(site)
    lines: list[str] = []
    with files.warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(files.warc.name, site_fields(site, info)))
        for path, body in release_files(out, info.to_json()):
            url = site.urls.absolute(path)
            offset = stream.tell()
            response = _response(writer, url, path, body, info)
            writer.write_record(response)
            lines.append(
                _cdx_line(url, path, response, info, stream.tell() - offset, offset, files)
            )
            if path in described:
                writer.write_record(_metadata(writer, url, response, described[path], info))
    files.cdx.write_text(CDX_HEADER + "".join(sorted(lines)), encoding="utf-8")
    return files


def _response(writer: WARCWriter, url: str, path: str, body: Any, info: ReleaseInfo) -> Any:
    body.seek(0, 2)
    length = body.tell()
    body.seek(0)
    headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type(path)), ("Content-Length", str(length))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        url,
        "response",
        payload=body,
        length=length,
        http_headers=headers,
        warc_headers_dict={"WARC-Date": warc_date(info)},
    )


def _metadata(
    writer: WARCWriter, url: str, response: Any, fields: dict[str, str], info: ReleaseInfo
) -> Any:
    text = "".join(f"{name}: {value}\r\n" for name, value in fields.items() if value)
    data = text.encode("utf-8")
    return writer.create_warc_record(
        url,
        "metadata",
        payload=BytesIO(data),
        length=len(data),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Date": warc_date(info),
            "WARC-Refers-To": response.rec_headers.get_header("WARC-Record-ID"),
        },
    )


def _cdx_line(
    url: str,
    path: str,
    response: Any,
    info: ReleaseInfo,
    length: int,
    offset: int,
    files: ArchiveFiles,
) -> str:
    digest = response.rec_headers.get_header("WARC-Payload-Digest").partition(":")[2]
    timestamp = "".join(ch for ch in info.published if ch.isdigit())[:14]
    mime = content_type(path).partition(";")[0]
    fields = (surt(url), timestamp, url, mime, "200", digest, "-", "-", length, offset)
    return " ".join(str(field) for field in fields) + f" {files.warc.name}\n"
