"""``gkssg archive verify``: read a release's WARC back and check it against the release.

Every record is read with warcio, which checks its block and payload digests;
every response must be a file of the release with the same bytes, at the URL it
is served at, and every file of the release must have its response. The CDX
index beside the WARC, when there is one, must point at those very records.
A WARC cut short (a copy or an upload that did not finish) fails here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from gkssg.base.i18n import Text, t
from gkssg.publish.archive import CDX_HEADER, CDX_SUFFIX, WARC_SUFFIX, path_of

SHOWN = 5


@dataclass
class Verified:
    """What was read: the release, responses by path (their SHA-256), the problems."""

    release: str = ""
    release_dir: Path | None = None
    site_url: str = ""
    responses: dict[str, str] = field(default_factory=dict)
    offsets: dict[str, tuple[int, int]] = field(default_factory=dict)  # url → (offset, length)
    problems: list[Text] = field(default_factory=list)


def verify_archive(warc: Path, release_dir: Path | None = None) -> Verified:
    """Check ``warc`` against ``release_dir`` (default: ``../releases/<release>``)."""
    result = Verified(release_dir=release_dir)
    try:
        with warc.open("rb") as stream:
            _read(ArchiveIterator(stream, check_digests=True), result)
    except Exception as exc:  # warcio raises many kinds for a damaged file
        error = " ".join((type(exc).__name__, str(exc))).strip()
        result.problems.append(
            t("the WARC cannot be read to its end (cut short or damaged?): {error}", error=error)
        )
    if not result.release:
        result.problems.append(t("the WARC has no warcinfo record naming its release"))
        return result
    if result.release_dir is None:
        result.release_dir = warc.parent.parent / "releases" / result.release
    _compare(result)
    cdx = warc.with_name(warc.name.removesuffix(WARC_SUFFIX) + CDX_SUFFIX)
    if cdx.is_file():
        _check_cdx(cdx, result)
    return result


def _fields(record: Any) -> dict[str, str]:
    text = record.content_stream().read().decode("utf-8", "replace")
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def _read(records: ArchiveIterator, result: Verified) -> None:
    for record in records:
        kind = record.rec_type
        if kind == "warcinfo":
            fields = _fields(record)
            result.release = result.release or fields.get("release", "")
            result.site_url = result.site_url or fields.get("site-url", "")
        elif kind == "response":
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            path = path_of(result.site_url, url) if result.site_url else None
            if path is None:
                result.problems.append(t("{url} is not a URL of the site", url=url))
                continue
            result.responses[path] = hashlib.sha256(body).hexdigest()
            result.offsets[url] = (records.get_record_offset(), records.get_record_length())
        else:
            record.content_stream().read()
        records.read_to_end()
        if record.digest_checker.passed is False:
            url = record.rec_headers.get_header("WARC-Target-URI") or kind
            problems = "; ".join(record.digest_checker.problems)
            result.problems.append(
                t("{url}: digest check failed: {problems}", url=url, problems=problems)
            )


def release_hashes(folder: Path) -> dict[str, str]:
    found = {}
    for here, _, names in os.walk(folder):
        for name in names:
            path = Path(here) / name
            with path.open("rb") as stream:
                found[path.relative_to(folder).as_posix()] = hashlib.file_digest(
                    stream, "sha256"
                ).hexdigest()
    return found


def _compare(result: Verified) -> None:
    assert result.release_dir is not None
    if not result.release_dir.is_dir():
        result.problems.append(
            t("the release folder {folder} does not exist", folder=str(result.release_dir))
        )
        return
    expected = release_hashes(result.release_dir)
    missing = sorted(set(expected) - set(result.responses))
    extra = sorted(set(result.responses) - set(expected))
    differing = sorted(
        p for p in set(expected) & set(result.responses) if expected[p] != result.responses[p]
    )
    for what, paths in (
        (t("files of the release missing from the WARC"), missing),
        (t("records of files the release does not have"), extra),
        (t("records whose bytes differ from the release"), differing),
    ):
        if paths:
            shown = ", ".join(paths[:SHOWN]) + (
                f" (+{len(paths) - SHOWN})" if len(paths) > SHOWN else ""
            )
            result.problems.append(
                t("{what}: {count}: {paths}", what=what, count=len(paths), paths=shown)
            )


def _check_cdx(cdx: Path, result: Verified) -> None:
    lines = cdx.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] + "\n" != CDX_HEADER:
        result.problems.append(t("{file} is not a CDX index (no CDX header line)", file=cdx.name))
        return
    wrong = []
    for line in lines[1:]:
        fields = line.split(" ")
        if len(fields) != 11:
            wrong.append(line[:60])
            continue
        url, length, offset = fields[2], int(fields[8]), int(fields[9])
        if result.offsets.get(url, (-1, -1))[0] != offset or result.offsets[url][1] != length:
            wrong.append(url)
    if len(lines) - 1 != len(result.offsets):
        result.problems.append(
            t(
                "{file} indexes {indexed} records; the WARC has {found}",
                file=cdx.name,
                indexed=len(lines) - 1,
                found=len(result.offsets),
            )
        )
    if wrong:
        result.problems.append(
            t(
                "{file}: entries that do not point at their record: {entries}",
                file=cdx.name,
                entries=", ".join(wrong[:SHOWN]),
            )
        )
