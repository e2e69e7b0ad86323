"""The release logic, the same for every destination: list, upload, switch, prune, roll back.

Everything that happens at the destination is a POSIX shell script (GNU
coreutils' ``mv -T``) or an rsync run, sent through a :class:`Transport`. The
switch is a new symbolic link renamed over ``current`` (one ``rename(2)``), so a
web server resolving ``current/…`` per request sees the old or the new release,
never a mix; a release folder only gets its final name once it is complete.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.publish.release import RELEASE_FILE, OutputDigest, ReleaseInfo, after_existing
from gkssg.publish.transport import Transport, TransportError, require_rsync

RELEASES = "releases"
CURRENT = "current"
INCOMING = ".incoming-"
NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]+$")
MAX_LINK_DESTS = 20  # rsync's limit
STALE_INCOMING_MINUTES = 60


class ReleaseError(Exception):
    """A release that does not exist, or nothing to roll back to."""


@dataclass(frozen=True)
class Listing:
    """What the destination holds: release names (oldest first) and the live one."""

    live: str | None
    releases: dict[str, ReleaseInfo | None] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return sorted(self.releases)


@dataclass(frozen=True)
class TransferStats:
    """From rsync ``--stats``: what actually travelled."""

    files: int
    transferred: int
    bytes_sent: int
    bytes_received: int


@dataclass(frozen=True)
class Published:
    release: str
    previous: str | None
    stats: TransferStats | None  # None: the output was already live, nothing was sent
    pruned: tuple[str, ...] = ()


def _inspect_script(root: str, create: bool) -> str:
    q = shlex.quote
    prepare = f"mkdir -p {q(root)}/{RELEASES} || exit 1\n" if create else ""
    return (
        prepare + f"cd {q(root)} 2>/dev/null || exit 0\n"
        f"printf 'live %s\\n' \"$(readlink {CURRENT} 2>/dev/null)\"\n"
        f"for d in {RELEASES}/*/; do\n"
        '  [ -d "$d" ] || continue\n'
        f"  n=${{d#{RELEASES}/}}; printf 'release %s\\n' \"${{n%/}}\"\n"
        f'  [ -f "${{d}}{RELEASE_FILE}" ] && tr -d \'\\n\' < "${{d}}{RELEASE_FILE}"\n'
        "  printf '\\n'\n"
        "done\n"
    )


def inspect(transport: Transport, *, create: bool = False) -> Listing:
    """Read the destination (``create``: make its ``releases/`` folder first)."""
    lines = transport.run(_inspect_script(transport.root, create)).split("\n")
    live: str | None = None
    releases: dict[str, ReleaseInfo | None] = {}
    for number, line in enumerate(lines):
        if line.startswith("live "):
            target = line[len("live ") :].rstrip("/")
            live = target.rsplit("/", 1)[-1] or None
        elif line.startswith("release ") and NAME.match(line[len("release ") :]):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            releases[line[len("release ") :]] = ReleaseInfo.from_json(following)
    return Listing(live, releases)


def _switch_script(name: str) -> str:
    temporary = f".{CURRENT}.tmp-{name}"
    return f"rm -f {temporary}\nln -s {RELEASES}/{name} {temporary}\nmv -T {temporary} {CURRENT}\n"


def _prune_script(names: list[str]) -> str:
    doomed = " ".join(names)
    return (
        f"live=$(readlink {CURRENT})\n"
        f'for n in {doomed}; do [ "$live" = "{RELEASES}/$n" ] || rm -rf "{RELEASES}/$n"; done\n'
        f"find {RELEASES} -mindepth 1 -maxdepth 1 -name '{INCOMING}*' "
        f"-mmin +{STALE_INCOMING_MINUTES} -exec rm -rf {{}} +\n"
    )


def to_prune(names: list[str], new: str, keep: int) -> list[str]:
    """Every release but the newest ``keep`` (the new one always among them)."""
    kept = set(sorted({*names, new})[-keep:]) | {new}
    return [name for name in sorted(names) if name not in kept]


def _parse_stats(text: str) -> TransferStats:
    def number(label: str) -> int:
        found = re.search(rf"^{label}: ([\d,]+)", text, re.MULTILINE)
        return int(found.group(1).replace(",", "")) if found else 0

    regular = re.search(r"^Number of files: [\d,]+ \(reg: ([\d,]+)", text, re.MULTILINE)
    return TransferStats(
        files=int(regular.group(1).replace(",", "")) if regular else number("Number of files"),
        transferred=number("Number of (?:regular )?files transferred"),  # rsync < 3.1: no "regular"
        bytes_sent=number("Total bytes sent"),
        bytes_received=number("Total bytes received"),
    )


def upload(transport: Transport, out: Path, incoming: str, listing: Listing) -> TransferStats:
    """rsync ``out`` into ``releases/<incoming>``, hard-linking what earlier releases have."""
    earlier = [n for n in reversed(listing.names) if n != listing.live]
    bases = ([listing.live] if listing.live in listing.releases else []) + earlier
    command = [
        require_rsync(),
        "--recursive",
        "--copy-links",
        "--perms",
        "--chmod=D755,F644",  # a public web root, whatever the build machine's umask
        "--checksum",  # compare bytes, not times: a rebuilt but equal file is not sent
        "--stats",
        *(f"--link-dest=../{name}" for name in bases[:MAX_LINK_DESTS]),
        f"{out}/",
        *transport.rsync_target(f"{RELEASES}/{incoming}/"),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, "LC_ALL": "C"}
    )
    if result.returncode != 0:
        _forget(transport, incoming)
        raise TransportError(f"rsync to {transport.describe()} failed: {result.stderr.strip()}")
    return _parse_stats(result.stdout)


def _forget(transport: Transport, incoming: str) -> None:
    script = f"rm -rf {shlex.quote(transport.root)}/{RELEASES}/{incoming}"
    with contextlib.suppress(TransportError):  # else a later publish removes it
        transport.run(script)


def publish_output(
    transport: Transport, out: Path, digest: OutputDigest, info: ReleaseInfo, keep: int
) -> Published:
    """Upload ``out`` as release ``info.release`` and make it live."""
    listing = inspect(transport, create=True)
    live_info = listing.releases.get(listing.live or "")
    if listing.live and live_info and live_info.content_sha256 == digest.sha256:
        return Published(listing.live, listing.live, None)
    name = after_existing(info.release, listing.names)
    info = dataclasses.replace(info, release=name)
    incoming = f"{INCOMING}{name}"
    stats = upload(transport, out, incoming, listing)
    pruned = to_prune(listing.names, name, keep)
    script = (
        "set -e\n"
        f"cd {shlex.quote(transport.root)}\n"
        f"cat > {RELEASES}/{incoming}/{RELEASE_FILE}\n"
        f"chmod 644 {RELEASES}/{incoming}/{RELEASE_FILE}\n"
        f"mv -T {RELEASES}/{incoming} {RELEASES}/{name}\n"
        + _switch_script(name)
        + _prune_script(pruned)
    )
    transport.run(script, stdin=info.to_json())
    return Published(name, listing.live, stats, tuple(pruned))


def choose_rollback(listing: Listing, wanted: str) -> str:
    """The named release (a unique prefix will do), or the one before the live one."""
    names = listing.names
    if wanted:
        matches = [n for n in names if n == wanted] or [n for n in names if n.startswith(wanted)]
        if len(matches) != 1:
            known = ", ".join(names) or "none"
            what = "matches several releases" if matches else "is not a release here"
            raise ReleaseError(f"{wanted} {what} (releases: {known})")
        return matches[0]
    if listing.live is None or listing.live not in names:
        raise ReleaseError("no release is live here; name the release to switch to")
    older = [n for n in names if n < listing.live]
    if not older:
        raise ReleaseError(f"{listing.live} is the oldest release here; nothing to roll back to")
    return older[-1]


def rollback(transport: Transport, wanted: str) -> Published:
    """Switch ``current`` to another existing release; nothing is uploaded."""
    listing = inspect(transport)
    target = choose_rollback(listing, wanted)
    script = f"set -e\ncd {shlex.quote(transport.root)}\n" + _switch_script(target)
    transport.run(script)
    return Published(target, listing.live, None)
