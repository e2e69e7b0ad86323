"""Before anything is sent: is there a finished, current build without errors?

Nothing at the destination is read or changed until these checks pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.base.i18n import Text, t
from gkssg.cache.stamp import BuildStamp, read_stamp, snapshot_inputs
from gkssg.cache.store import BuildCache
from gkssg.content.site import Site, load_site
from gkssg.publish.errors import PublishError

SHOWN_CHANGES = 5


class BuildRefused(PublishError):
    """The output may not be published; ``problems`` holds the site's errors, if any."""

    def __init__(self, message: Text, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class CheckedBuild:
    """A build that may be published: its record and the site it was built from."""

    stamp: BuildStamp
    site: Site


def check_build(site_root: Path, out: Path) -> CheckedBuild:
    """The build in ``out`` and its site, or :class:`BuildRefused` saying what is wrong."""
    name = f"{out.name}/"
    if not out.is_dir():
        raise BuildRefused(
            t("{folder} does not exist: nothing has been built; run `gkssg build`", folder=name)
        )
    stamp = read_stamp(site_root, out)
    if stamp is None:
        raise BuildRefused(
            t(
                "{folder} has no record of a finished `gkssg build` of this site "
                "(the build failed, was interrupted, or the folder was made another way); "
                "run `gkssg build`",
                folder=name,
            )
        )
    if stamp.live_reload:
        raise BuildRefused(
            t("{folder} was built by `gkssg serve` for previewing; run `gkssg build`", folder=name)
        )
    site = _refuse_errors(site_root, out, stamp)
    changed = stamp.changed_inputs(snapshot_inputs(site_root))
    if changed:
        shown = ", ".join(changed[:SHOWN_CHANGES])
        if len(changed) > SHOWN_CHANGES:
            shown = f"{shown} (+{len(changed) - SHOWN_CHANGES})"
        raise BuildRefused(
            t(
                "{folder} is stale: {files} changed after it was built; run `gkssg build`",
                folder=name,
                files=shown,
            )
        )
    return CheckedBuild(stamp, site)


def _refuse_errors(site_root: Path, out: Path, stamp: BuildStamp) -> Site:
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
        raise BuildRefused(
            t("the site has {count} error(s); fix them and build again", count=count), problems
        )
    return site
