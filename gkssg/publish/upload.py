"""Preparing a release at one destination: upload, record, check, name.

``output/`` is sent with rsync into ``releases/.incoming-<name>/``, hard-linking
every file an earlier release already has (``--link-dest``); ``release.json`` is
written; then every file at the destination is hashed there (``sha256sum``) and
compared with the build, file by file; only then does the folder get its name.
The web archive, when there is one, travels the same way into ``archives/``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gkssg.base.i18n import t
from gkssg.publish.errors import TransportError
from gkssg.publish.release import RELEASE_FILE, OutputDigest, ReleaseInfo
from gkssg.publish.releases import ARCHIVES, INCOMING, RELEASES, Listing
from gkssg.publish.session import Session

MAX_LINK_DESTS = 20  # rsync's limit
SHOWN_DIFFERENCES = 5
HERE_DOC = "GKSSG_RELEASE_JSON_END"


@dataclass(frozen=True)
class TransferStats:
    """From rsync ``--stats``: what actually travelled."""

    files: int
    transferred: int
    bytes_sent: int
    bytes_received: int


def _parse_stats(text: str) -> TransferStats:
    def number(label: str) -> int:
        found = re.search(rf"^{label}: ([\d,]+)", text, re.MULTILINE)
        return int(found.group(1).replace(",", "")) if found else 0

    regular = re.search(r"^Number of files: [\d,]+ \(reg: ([\d,]+)", text, re.MULTILINE)
    return TransferStats(
        files=int(regular.group(1).replace(",", "")) if regular else number("Number of files"),
        transferred=number("Number of (?:regular )?files transferred"),  # rsync < 3.1
        bytes_sent=number("Total bytes sent"),
        bytes_received=number("Total bytes received"),
    )


def _rsync(session: Session, options: list[str], source: str, path: str) -> str:
    command = session.transport.rsync(options, source, path)
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, "LC_ALL": "C"}
    )
    if result.returncode != 0:
        raise TransportError(
            t(
                "rsync to {where} failed: {detail}",
                where=session.transport.describe(),
                detail=result.stderr.strip(),
            )
        )
    return result.stdout


def upload(session: Session, out: Path, name: str, listing: Listing) -> TransferStats:
    """rsync ``out`` into ``releases/.incoming-<name>``, linking what earlier releases have."""
    earlier = [n for n in reversed(listing.names) if n != listing.live]
    bases = ([listing.live] if listing.live in listing.releases else []) + earlier
    options = [
        "--recursive",
        "--copy-links",
        "--perms",
        "--chmod=D755,F644",  # a public web root, whatever the build machine's umask
        "--checksum",  # compare bytes, not times: a rebuilt but equal file is not sent
        "--stats",
        *(f"--link-dest=../{base}" for base in bases[:MAX_LINK_DESTS]),
    ]
    return _parse_stats(_rsync(session, options, f"{out}/", f"{RELEASES}/{INCOMING}{name}/"))


def upload_archive(session: Session, folder: Path, name: str) -> None:
    """The release's WARC and CDX files into ``archives/.incoming-<name>/``."""
    options = ["--recursive", "--perms", "--chmod=D755,F644"]
    _rsync(session, options, f"{folder}/", f"{ARCHIVES}/{INCOMING}{name}/")


def record_and_check(session: Session, name: str, info: ReleaseInfo, digest: OutputDigest) -> None:
    """Write ``release.json``, then check every file at the destination against the build."""
    incoming = f"{RELEASES}/{INCOMING}{name}"
    record = info.to_json().decode("utf-8")
    listing = session.run(
        f"set -e\ncd {shlex.quote(session.transport.root)}/{incoming}\n"
        f"cat > {RELEASE_FILE} <<'{HERE_DOC}'\n{record}{HERE_DOC}\n"
        f"chmod 644 {RELEASE_FILE}\n"
        "find . -type f -print0 | xargs -0 -r sha256sum\n",
        t("checking the upload"),
    )
    expected = dict(digest.hashes)
    expected[RELEASE_FILE] = hashlib.sha256(info.to_json()).hexdigest()
    found = parse_sha256sum(listing)
    differing = sorted(p for p in expected.keys() | found.keys() if expected.get(p) != found.get(p))
    if differing:
        shown = ", ".join(differing[:SHOWN_DIFFERENCES])
        raise TransportError(
            t(
                "{where}: the upload does not match the build ({found} files there, "
                "{expected} built; differing: {shown})",
                where=session.transport.describe(),
                found=len(found),
                expected=len(expected),
                shown=shown,
            )
        )


def parse_sha256sum(text: str) -> dict[str, str]:
    """``sha256sum`` lines (``hash  ./path``; a name with a backslash or newline is
    escaped and the line starts with ``\\``) → relative path → hash."""
    found = {}
    for line in text.split("\n"):
        if not line:
            continue
        escaped = line.startswith("\\")
        line = line[1:] if escaped else line
        file_hash, _, path = line.partition("  ")
        if escaped:
            path = re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], path)
        found[path.removeprefix("./")] = file_hash
    return found


def name_release(session: Session, name: str, *, archived: bool) -> None:
    """Give the checked upload (and its archive) the release's name; not yet live."""
    root = shlex.quote(session.transport.root)
    move_archive = (
        f'for f in {ARCHIVES}/{INCOMING}{name}/*; do mv -T "$f" {ARCHIVES}/"${{f##*/}}"; done\n'
        f"rmdir {ARCHIVES}/{INCOMING}{name}\n"
        if archived
        else ""
    )
    session.run(
        f"set -e\ncd {root}\n{move_archive}mv -T {RELEASES}/{INCOMING}{name} {RELEASES}/{name}\n",
        t("naming the release"),
    )
