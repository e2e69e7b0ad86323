"""The 索引号 ledger, ``data/index-numbers.csv``: every number ever issued, so that
none is issued twice, even after its file is deleted.

One line per event, appended and never rewritten: ``发放`` (a number given to a
file, by ``gkssg new``, ``gkssg number`` or ``gkssg import``) and ``撤回`` (an item
withdrawn, by ``gkssg withdraw``). Committed with the items; git merges two
branches' lines with its union driver (``.gitattributes``), and a number both
branches took is then reported on the later line's file. A site without the file
has no ledger (``gkssg number --init-ledger`` makes one); its checks are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gkssg.base.errors import Problems
from gkssg.base.i18n import t
from gkssg.content.model import Item
from gkssg.source.sourcefile import BOM

LEDGER_FILE = "data/index-numbers.csv"
HEADER = ("索引号", "文件", "标题", "时间", "事件", "原因", "网址")
ISSUED, WITHDRAWN = "发放", "撤回"


@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger (``line`` counts the header as line 1)."""

    number: str
    source: str  # the item file, relative to the site root
    title: str
    time: str  # YYYY-MM-DD HH:MM, site time
    event: str  # ISSUED or WITHDRAWN
    reason: str = ""  # why it was withdrawn
    url: str = ""  # the withdrawn item's output path, where its notice is served
    line: int = 0

    def cells(self) -> tuple[str, ...]:
        return (self.number, self.source, self.title, self.time, self.event, self.reason, self.url)


@dataclass(frozen=True)
class Ledger:
    rows: tuple[LedgerRow, ...] = ()
    exists: bool = False

    def issued(self, number: str) -> LedgerRow | None:
        """The first line that issued ``number`` (its owner), if any."""
        return next((r for r in self.rows if r.number == number and r.event == ISSUED), None)

    def withdrawal(self, number: str) -> LedgerRow | None:
        return next((r for r in self.rows if r.number == number and r.event == WITHDRAWN), None)

    @property
    def numbers(self) -> frozenset[str]:
        """Every number the ledger has seen: none of them is issued again."""
        return frozenset(row.number for row in self.rows)

    @property
    def withdrawals(self) -> tuple[LedgerRow, ...]:
        return tuple(row for row in self.rows if row.event == WITHDRAWN)


def read_ledger(site_root: Path, problems: Problems) -> Ledger:
    """The site's ledger; an empty one when there is none. Malformed lines are reported."""
    path = site_root / LEDGER_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Ledger()
    text = raw.removeprefix(BOM).decode("utf-8", errors="replace")
    rows: list[LedgerRow] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if number == 1 or not any(cells):
            continue
        row = _row(cells, number)
        if row is None:
            problems.error(
                LEDGER_FILE,
                number,
                "LEDGER_SYNTAX",
                t("this line of the 索引号 ledger is not 索引号,文件,标题,时间,事件,原因,网址"),
                t("restore the line from git (the ledger is only ever appended to)"),
            )
            continue
        rows.append(row)
    return Ledger(tuple(rows), exists=True)


def _row(cells: Sequence[str], line: int) -> LedgerRow | None:
    cells = [*cells, *[""] * (len(HEADER) - len(cells))]
    if len(cells) != len(HEADER) or not cells[0] or cells[4] not in (ISSUED, WITHDRAWN):
        return None
    number, source, title, time, event, reason, url = cells
    return LedgerRow(number, source, title, time, event, reason, url, line)


def ledger_line(row: LedgerRow) -> str:
    """The CSV line of ``row``, with its line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row.cells())
    return buffer.getvalue()


def owners(ledger: Ledger, items: Iterable[Item]) -> dict[str, str]:
    """number → the file the ledger issued it to first, among the files that hold it: of
    two files with one number, the other is the copy (or the later branch's)."""
    holding = {(item.index_no.text, item.source) for item in items}
    found: dict[str, str] = {}
    for row in ledger.rows:
        if row.event == ISSUED and (row.number, row.source) in holding:
            found.setdefault(row.number, row.source)
    return found


def check_ledger(
    ledger: Ledger, items: Iterable[Item], sources: Iterable[str], problems: Problems
) -> None:
    """Each item's number is recorded for its file and not retired; each number the ledger
    issued still has its file, unless it was withdrawn.

    ``items`` are the items read, ``sources`` every item file there is (drafts too). Two
    files holding one number are reported by the check of 索引号, on the file
    :func:`owners` does not name."""
    if not ledger.exists:
        return
    recorded: dict[str, set[str]] = {}
    for row in ledger.rows:
        if row.event == ISSUED:
            recorded.setdefault(row.number, set()).add(row.source)
    holders: dict[str, list[Item]] = {}
    for item in items:
        holders.setdefault(item.index_no.text, []).append(item)
    for number, held in holders.items():
        for item in held:
            _check_holder(ledger, recorded.get(number, set()), item, held, problems)
    present = set(sources)
    for row in ledger.rows:
        if row.event != ISSUED or row.number in holders or ledger.withdrawal(row.number):
            continue
        if row.source not in present and ledger.issued(row.number) is row:
            problems.error(
                LEDGER_FILE,
                row.line,
                "LEDGER_FILE_MISSING",
                t(
                    "索引号 {number} was issued to {file}, which is gone",
                    number=row.number,
                    file=row.source,
                ),
                t(
                    "restore the file, or withdraw the item: gkssg withdraw {number} --reason …",
                    number=row.number,
                ),
            )


def _check_holder(
    ledger: Ledger, recorded: set[str], item: Item, held: Sequence[Item], problems: Problems
) -> None:
    number = item.index_no.text
    line = item.line_of("index_no")
    withdrawn = ledger.withdrawal(number)
    if withdrawn is not None and withdrawn.source != item.source:
        problems.error(
            item.source,
            line,
            "DUPLICATE_INDEX_NO",
            t(
                "索引号 {number} was withdrawn on {date} and is retired",
                number=number,
                date=withdrawn.time,
            ),
            t("delete this line and run gkssg number to give this file a number of its own"),
        )
    elif not recorded:
        problems.error(
            item.source,
            line,
            "UNRECORDED_INDEX_NO",
            t("索引号 {number} is not in the ledger ({ledger})", number=number, ledger=LEDGER_FILE),
            t("run gkssg number: it records the numbers written by hand"),
        )
    elif item.source not in recorded and not any(h.source in recorded for h in held):
        problems.warning(
            item.source,
            line,
            "UNRECORDED_INDEX_NO",
            t(
                "the ledger gives 索引号 {number} to {file}",
                number=number,
                file=", ".join(sorted(recorded)),
            ),
            t("if the file was moved or renamed, run gkssg number to record it"),
        )
