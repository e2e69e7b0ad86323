"""The 索引号 an imported item gets: the one place the import takes a number.

Until the 索引号 ledger lands, the number is taken as ``gkssg new`` takes it: one
past the highest written in any item of its group (drafts included), and past
those already given in this run (a dry run writes no file to count them by).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gkssg.content.config import SiteConfig
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.model import Column
from gkssg.editing.numbering import Wanted, assign_numbers, survey_site


def next_index_number(
    site_root: Path,
    config: SiteConfig,
    column: Column,
    published: dt.datetime,
    source: str,
    given: Sequence[IndexNumber] = (),
) -> IndexNumber:
    """The next free 索引号 of the item at ``source`` (relative to the site root)."""
    survey = survey_site(site_root, config)
    wanted = Wanted(published, source, column.code)
    return assign_numbers(config.index_pattern, [*survey.taken, *given], [wanted])[source]
