"""The report of an import: per file, each field found and where, or not found, and
what to check; then one summary table. ``as_json`` is the same for scripts."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from gkssg.base.i18n import Language, Text, t
from gkssg.editing.importing.run import Outcome

#: The fields read, with the front-matter key each fills.
FIELDS = (
    ("title", "标题"),
    ("doc_no", "文号"),
    ("written", "成文日期"),
    ("publisher", "发布机构"),
    ("genre", "体裁"),
)
STATUS = {
    "imported": t("imported"),
    "dry-run": t("would import"),
    "refused": t("refused"),
    "failed": t("failed"),
}
_NOT_FOUND = t("not found")


def width(text: str) -> int:
    """Columns a terminal gives ``text`` (wide for Chinese)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def publisher(outcome: Outcome) -> tuple[str, Text] | None:
    found = outcome.fields.get("publisher") or outcome.fields.get("header")
    return (found.value, found.where) if found else None


def field_value(outcome: Outcome, name: str) -> tuple[str, Text] | None:
    if name == "publisher":
        return publisher(outcome)
    found = outcome.fields.get(name)
    return (found.value, found.where) if found else None


def file_lines(outcome: Outcome, language: Language) -> list[str]:
    """The report of one file that was read (refused files are printed as problems)."""
    head = f"{outcome.source} → {outcome.item}  (索引号 {outcome.index_no})"
    lines = [head]
    for name, key in FIELDS:
        found = field_value(outcome, name)
        shown = f"{found[0]}  ← {language(found[1])}" if found else language(_NOT_FOUND)
        lines.append(f"  {pad(key, 9)}{shown}")
    lines.extend(f"  + {path}" for path in outcome.files)
    check = language(t("check"))
    lines.extend(f"  {check}: {language(text)}" for text in outcome.checks)
    return lines


def summary(outcomes: Sequence[Outcome], language: Language) -> list[str]:
    """One line per file (its result and number or problem code), then the counts."""
    rows = [(language(t("file")), language(t("result")), language(t("索引号 or problem")), "")]
    for outcome in outcomes:
        detail = outcome.index_no or (outcome.problem.code if outcome.problem else "")
        title = outcome.fields["title"].value if "title" in outcome.fields else ""
        rows.append((outcome.source.name, language(STATUS[outcome.status]), detail, title))
    widths = [max(width(row[i]) for row in rows) + 2 for i in range(3)]
    lines = [
        "".join(pad(cell, w) for cell, w in zip(row, widths, strict=False)) + row[3] for row in rows
    ]
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in STATUS}
    if counts["dry-run"]:
        done = t("{n} would be imported", n=counts["dry-run"])
    else:
        done = t("{n} imported", n=counts["imported"])
    lines.append(
        language(
            t(
                "{done}, {refused} refused, {failed} failed",
                done=done,
                refused=counts["refused"],
                failed=counts["failed"],
            )
        )
    )
    if counts["dry-run"]:
        lines.append(language(t("dry run: nothing was written")))
    return [line.rstrip() for line in lines]


def as_json(outcomes: Sequence[Outcome], language: Language) -> dict[str, object]:
    files = []
    for outcome in outcomes:
        fields = {}
        for name, key in FIELDS:
            found = field_value(outcome, name)
            fields[key] = {"value": found[0], "from": language(found[1])} if found else None
        files.append(
            {
                "file": str(outcome.source),
                "status": outcome.status,
                "item": outcome.item or None,
                "index_no": outcome.index_no or None,
                "fields": fields if outcome.item else None,
                "files": outcome.files,
                "checks": [language(text) for text in outcome.checks],
                "problem": outcome.problem.as_json(language) if outcome.problem else None,
            }
        )
    return {"files": files, "dry_run": any(o.status == "dry-run" for o in outcomes)}
