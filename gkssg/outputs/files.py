"""The files a build makes from the content alone (data files, copies), written into
the staging folder; a file the replaced output already holds is linked, not written."""

from __future__ import annotations

import shutil
from pathlib import Path

from gkssg.cache.store import BuildCache
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.staging import holds, link_or_copy, same_bytes, write_file


def make_files(
    site_root: Path, plan: OutputPlan, folder: Path, cache: BuildCache, previous: Path | None
) -> None:
    """What the build makes from the content alone, not from the pages: the plan's
    generated and copied files written into ``folder``, the items' part of ``cache``
    staged."""
    write_files(plan, folder, previous)
    cache.rows = plan.rows.made  # drop the rows of items that are gone
    cache.stage_content(site_root)


def write_files(plan: OutputPlan, folder: Path, previous: Path | None) -> None:
    """Write the plan's generated (made now if planned later) and copied files."""
    plan.produce_later()
    for path, data in plan.generated.items():
        write_unless_unchanged(folder / path, data, previous / path if previous else None)
    for path, source in plan.copied.items():
        copy_unless_unchanged(source, folder / path, previous / path if previous else None)


def write_unless_unchanged(target: Path, data: bytes, previous: Path | None) -> None:
    if previous is not None and holds(previous, data):
        link_or_copy(previous, target)
    else:
        write_file(target, data)


def copy_unless_unchanged(source: Path, target: Path, previous: Path | None) -> None:
    if previous is not None and same_bytes(source, previous):
        link_or_copy(previous, target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # the spare's: perhaps a link of the live file
    shutil.copyfile(source, target)
