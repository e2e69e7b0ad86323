"""What one destination holds, and the scripts that change it.

Everything that happens at a destination is a POSIX shell script (GNU
coreutils' ``mv -T``) run by its :class:`~gkssg.publish.session.Session`, or an
rsync run. The switch is a new symbolic link renamed over ``current`` (one
``rename(2)``), so a web server resolving ``current/…`` per request sees the old
or the new release, never a mix; a release folder only gets its final name once
it is complete and checked.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from gkssg.base.i18n import t
from gkssg.publish.errors import ReleaseError
from gkssg.publish.release import RELEASE_FILE, ReleaseInfo
from gkssg.publish.session import Session
from gkssg.publish.transport import UPLOAD_LOCK

RELEASES = "releases"
ARCHIVES = "archives"
CURRENT = "current"
INCOMING = ".incoming-"
NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]+$")
#: How long a publish waits for the uploads of killed publishes to end.
UPLOAD_WAIT_SECONDS = 300


@dataclass(frozen=True)
class Listing:
    """What the destination holds: release names (oldest first), the live one, and the
    releases that have a web archive."""

    live: str | None
    releases: dict[str, ReleaseInfo | None] = field(default_factory=dict)
    archived: frozenset[str] = frozenset()

    @property
    def names(self) -> list[str]:
        return sorted(self.releases)


def _inspect_script(root: str) -> str:
    return (
        f"cd {shlex.quote(root)} 2>/dev/null || exit 0\n"
        f"printf 'live %s\\n' \"$(readlink {CURRENT} 2>/dev/null)\"\n"
        f"for d in {RELEASES}/*/; do\n"
        '  [ -d "$d" ] || continue\n'
        f"  n=${{d#{RELEASES}/}}; printf 'release %s\\n' \"${{n%/}}\"\n"
        f'  [ -f "${{d}}{RELEASE_FILE}" ] && tr -d \'\\n\' < "${{d}}{RELEASE_FILE}"\n'
        "  printf '\\n'\n"
        "done\n"
        f"for f in {ARCHIVES}/*.warc.gz; do\n"
        '  [ -f "$f" ] && n=${f##*/} && printf \'archive %s\\n\' "${n%.warc.gz}"\n'
        "done\n"
        "exit 0\n"
    )


def inspect(session: Session) -> Listing:
    """Read the destination: its releases, the live one, the archived ones."""
    lines = session.run(_inspect_script(session.transport.root), t("reading the releases"))
    return parse_listing(lines.split("\n"))


def parse_listing(lines: list[str]) -> Listing:
    live: str | None = None
    releases: dict[str, ReleaseInfo | None] = {}
    archived = set()
    for number, line in enumerate(lines):
        kind, _, value = line.partition(" ")
        if kind == "live":
            live = value.rstrip("/").rsplit("/", 1)[-1] or None
        elif kind == "release" and NAME.match(value):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            releases[value] = ReleaseInfo.from_json(following)
        elif kind == "archive" and NAME.match(value):
            archived.add(value)
    return Listing(live, releases, frozenset(archived))


def cleanup(session: Session) -> list[str]:
    """Remove what interrupted publishes left (their partial uploads and temporary
    links), once every upload still running has ended; only called with the lock held,
    so no other publish is writing any of it. The names removed."""
    root = shlex.quote(session.transport.root)
    script = (
        f"cd {root} || exit 1\n"
        f"flock -x -w {UPLOAD_WAIT_SECONDS} {UPLOAD_LOCK} true || exit 1\n"
        f"for d in {RELEASES}/{INCOMING}* {ARCHIVES}/{INCOMING}* .{CURRENT}.tmp-*; do\n"
        '  [ -e "$d" ] || [ -L "$d" ] || continue\n'
        '  rm -rf -- "$d" && printf \'%s\\n\' "$d"\n'
        "done\n"
    )
    output = session.run(script, t("removing partial uploads"))
    return [line for line in output.split("\n") if line]


def link_script(name: str | None) -> str:
    """Point ``current`` at release ``name`` (None: remove it) with one rename."""
    if name is None:
        return f"rm -f {CURRENT}\n"
    temporary = f".{CURRENT}.tmp-{name}"
    return (
        f"[ -d {RELEASES}/{name} ] || {{ echo 'no release {name}' >&2; exit 1; }}\n"
        f"rm -f {temporary}\nln -s {RELEASES}/{name} {temporary}\nmv -T {temporary} {CURRENT}\n"
    )


def switch(session: Session, name: str | None) -> None:
    root = shlex.quote(session.transport.root)
    session.run(f"set -e\ncd {root}\n" + link_script(name), t("switching current"))


def prune(session: Session, names: list[str], *, archives: bool) -> None:
    """Remove releases ``names`` (never the live one); their archives too if asked."""
    if not names:
        return
    root = shlex.quote(session.transport.root)
    doomed = " ".join(names)
    remove_archive = f'    rm -f "{ARCHIVES}/$n.warc.gz" "{ARCHIVES}/$n.cdx"\n' if archives else ""
    script = (
        f"cd {root} || exit 1\nlive=$(readlink {CURRENT})\n"
        f"for n in {doomed}; do\n"
        f'  if [ "$live" != "{RELEASES}/$n" ]; then\n'
        f'    rm -rf "{RELEASES}/$n"\n{remove_archive}'
        "  fi\n"
        "done\n"
    )
    session.run(script, t("removing old releases"))


def remove_release(session: Session, name: str) -> None:
    """Remove a release that never went live (a publish that stopped before its switch)."""
    root = shlex.quote(session.transport.root)
    session.run(
        f"cd {root} || exit 1\n"
        f'[ "$(readlink {CURRENT})" = "{RELEASES}/{name}" ] && exit 0\n'
        f"rm -rf {RELEASES}/{name} {ARCHIVES}/{name}.warc.gz {ARCHIVES}/{name}.cdx\n",
        t("removing a release that did not go live"),
    )


def to_prune(names: list[str], new: str, keep: int, previous: str | None) -> list[str]:
    """Every release but the newest ``keep``, the new one, the one live before it, and
    the one before the new one (what ``--rollback`` would switch back to)."""
    before = [name for name in names if name < new]
    kept = set(sorted({*names, new})[-keep:]) | {new}
    kept |= {previous} if previous else set()
    kept |= {before[-1]} if before else set()
    return [name for name in sorted(names) if name not in kept]


def choose_rollback(listing: Listing, wanted: str) -> str:
    """The named release (a unique prefix will do), or the one before the live one."""
    names = listing.names
    if wanted:
        matches = [n for n in names if n == wanted] or [n for n in names if n.startswith(wanted)]
        if len(matches) != 1:
            known = ", ".join(names) or "-"
            if matches:
                raise ReleaseError(
                    t(
                        "{wanted} matches several releases (releases: {known})",
                        wanted=wanted,
                        known=known,
                    )
                )
            raise ReleaseError(
                t("{wanted} is not a release here (releases: {known})", wanted=wanted, known=known)
            )
        return matches[0]
    if listing.live is None or listing.live not in names:
        raise ReleaseError(t("no release is live here; name the release to switch to"))
    older = [n for n in names if n < listing.live]
    if not older:
        raise ReleaseError(
            t("{live} is the oldest release here; nothing to roll back to", live=listing.live)
        )
    return older[-1]
