"""Before anything is sent: is there a finished, current build without errors?

Nothing at the destination is read or changed until these checks pass.
"""

from __future__ import annotations

from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.cache.stamp import BuildStamp, read_stamp, snapshot_inputs
from gkssg.cache.store import BuildCache
from gkssg.content.site import load_site

SHOWN_CHANGES = 5


class BuildRefused(Exception):
    """The output may not be published; ``problems`` holds the site's errors, if any."""

    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


def check_build(site_root: Path, out: Path) -> BuildStamp:
    """The record of the build in ``out``, or :class:`BuildRefused` saying what is wrong."""
    name = f"{out.name}/"
    if not out.is_dir():
        raise BuildRefused(f"{name} does not exist: nothing has been built; run `gkssg build`")
    stamp = read_stamp(site_root, out)
    if stamp is None:
        raise BuildRefused(
            f"{name} has no record of a finished `gkssg build` of this site "
            "(the build failed, was interrupted, or the folder was made another way); "
            "run `gkssg build`"
        )
    if stamp.live_reload:
        raise BuildRefused(f"{name} was built by `gkssg serve` for previewing; run `gkssg build`")
    _refuse_errors(site_root, out, stamp)
    changed = stamp.changed_inputs(snapshot_inputs(site_root))
    if changed:
        shown = ", ".join(changed[:SHOWN_CHANGES])
        more = f" and {len(changed) - SHOWN_CHANGES} more" if len(changed) > SHOWN_CHANGES else ""
        raise BuildRefused(
            f"{name} is stale: {shown}{more} changed after it was built; run `gkssg build`"
        )
    return stamp


def _refuse_errors(site_root: Path, out: Path, stamp: BuildStamp) -> None:
    """The checks `gkssg check` runs, with the options the build used."""
    problems = Problems()
    site = load_site(
        site_root,
        problems,
        drafts=stamp.drafts,
        base_url=stamp.base_url,
        cache=BuildCache.load(site_root, out).items,
    )
    if site is None or problems.has_errors:
        count = len(problems.errors)
        raise BuildRefused(f"the site has {count} error(s); fix them and build again", problems)
