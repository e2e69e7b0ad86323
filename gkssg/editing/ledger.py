"""Writing the 索引号 ledger (``data/index-numbers.csv``): lines are only appended.

``gkssg new``, ``number`` and ``import`` append a ``发放`` line for each number they
give, ``gkssg withdraw`` a ``撤回`` line; ``gkssg number --init-ledger`` makes the
ledger of an existing site from the numbers its items hold, and asks git to merge
the file's lines from two branches with its union driver, so that a number two
branches both took is reported by ``gkssg check`` instead of being lost.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from gkssg.content.ledger import HEADER, ISSUED, LEDGER_FILE, LedgerRow, ledger_line
from gkssg.source.sourcefile import BOM

GITATTRIBUTES = ".gitattributes"
MERGE_RULE = f"{LEDGER_FILE} merge=union\n"


def issued(number: str, source: str, title: str, when: dt.datetime) -> LedgerRow:
    return LedgerRow(number, source, title, f"{when:%Y-%m-%d %H:%M}", ISSUED)


def append_rows(site_root: Path, rows: Sequence[LedgerRow]) -> None:
    """Add ``rows`` at the end of the ledger, which must exist; nothing else changes."""
    if not rows:
        return
    path = site_root / LEDGER_FILE
    data = "".join(ledger_line(row) for row in rows).encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        if path.stat().st_size and not _ends_with_newline(path):
            data = b"\n" + data
        os.write(descriptor, data)
    finally:
        os.close(descriptor)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as stream:
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) in (b"\n", b"\r")


def create_ledger(site_root: Path, rows: Sequence[LedgerRow]) -> Path:
    """Write a new ledger holding ``rows`` (raises FileExistsError when there is one),
    and the union-merge rule for it in the site's .gitattributes."""
    path = site_root / LEDGER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ",".join(HEADER) + "\n"
    text = header + "".join(ledger_line(row) for row in rows)
    with path.open("xb") as stream:  # UTF-8 with BOM: spreadsheet programs read it as such
        stream.write(BOM + text.encode("utf-8"))
    ensure_merge_rule(site_root)
    return path


def ensure_merge_rule(site_root: Path) -> None:
    """The line of .gitattributes that merges the ledger's lines from two branches."""
    path = site_root / GITATTRIBUTES
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    if MERGE_RULE.strip() in existing.splitlines():
        return
    separator = "" if not existing or existing.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(separator + MERGE_RULE)
