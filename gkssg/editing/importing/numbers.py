"""The 索引号 an imported item gets, and its line in the 索引号 ledger: the one place
the import takes and records a number.

The number is taken as ``gkssg new`` takes it: one past the highest of its group
written in any item (drafts included) or recorded in the ledger
(``data/index-numbers.csv``), and past those already given in this run (a dry
run writes no file to count them by). Once the item is written, a ``发放`` line
is appended to the ledger, when the site keeps one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gkssg.content.config import SiteConfig
from gkssg.content.index_numbers import IndexNumber
from gkssg.content.ledger import LEDGER_FILE
from gkssg.content.model import Column
from gkssg.editing.ledger import append_rows, issued
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


def record_number(
    site_root: Path, number: IndexNumber, source: str, title: str, published: dt.datetime
) -> bool:
    """Append the number's ``发放`` line to the ledger; False when the site keeps none."""
    if not (site_root / LEDGER_FILE).is_file():
        return False
    append_rows(site_root, [issued(number.text, source, title, published)])
    return True
