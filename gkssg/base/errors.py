"""Problems found in a site: one type for every error and warning, with a location.

Every check in gkssg reports :class:`Problem` values into a :class:`Problems`
collector instead of raising, so that one run reports every mistake at once.
Codes are stable: they are listed (with one line each) in :data:`CODES` and in
docs/problem-codes.md, and tools may match on them. A problem's message and hint
are :class:`~gkssg.base.i18n.Text` values, put into words in the reader's language
only when shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from gkssg.base.i18n import ENGLISH, Language, Text, t

T = TypeVar("T")

_SITE, _WARNING = t("site"), t("warning")

Severity = Literal["error", "warning"]

#: Every problem code gkssg reports, with a one-line description.
CODES: dict[str, str] = {
    # files and encodings
    "ENCODING": "the file is not UTF-8 (e.g. GBK/GB18030); convert it with `gkssg fix-encoding`",
    "BINARY_FILE": "the file contains NUL bytes or is not text",
    "UNREADABLE": "the file cannot be read",
    "TOO_LARGE": "the file is larger than the limit for Markdown sources",
    # YAML and front matter
    "NO_FRONT_MATTER": "the file does not start with a `---` front-matter block",
    "UNCLOSED_FRONT_MATTER": "the front matter has no closing `---` line",
    "YAML_SYNTAX": "the YAML cannot be parsed",
    "YAML_ALIAS": "YAML anchors and aliases (& and *) are not allowed",
    "NOT_A_MAPPING": "the front matter or configuration is not a `key: value` mapping",
    "UNKNOWN_KEY": "a key that gkssg does not know (a typo?)",
    "DUPLICATE_KEY": "the same key (or a key and its Chinese alias) appears twice",
    "MISSING_FIELD": "a required field is missing",
    "BAD_VALUE": "a value has the wrong type or is not one of the allowed values",
    "BAD_DATE": "a date is malformed or impossible",
    "DATE_ORDER": "dates are in an impossible order (e.g. 成文日期 after 发布日期)",
    # configuration
    "CONFIG_MISSING": "site.yaml is missing",
    "BAD_URL": "a URL in site.yaml is malformed",
    "BAD_PATTERN": "the index-number pattern in site.yaml is malformed",
    # columns
    "MISSING_COLUMN_INDEX": "a folder holds items but has no `_index.md`",
    "BAD_COLUMN_CODE": "a column code is malformed or does not extend its parent's code",
    "DUPLICATE_COLUMN_CODE": "two columns have the same code",
    "UNQUOTED_CODE": "a column code is written as a YAML number; quote it",
    # items
    "MISSING_INDEX_NO": "an item has no 索引号; run `gkssg number`",
    "CANNOT_NUMBER": "`gkssg number` cannot write the 索引号 into this file; add it by hand",
    "BAD_INDEX_NO": "an 索引号 does not match the site's pattern",
    "INDEX_NO_MISMATCH": "an 索引号 names another year, column or org code than the item's",
    "DUPLICATE_INDEX_NO": "two items have the same 索引号, or one the ledger retired",
    "UNRECORDED_INDEX_NO": "an 索引号 that the ledger does not give to this file",
    "LEDGER_FILE_MISSING": "the ledger issued an 索引号 to a file that is gone, not withdrawn",
    "LEDGER_SYNTAX": "a line of the 索引号 ledger (data/index-numbers.csv) is malformed",
    "URL_COLLISION": "two files would be written to the same URL",
    "UNKNOWN_TOPIC": "a 主题分类 that is not in site.yaml `topics`",
    "BROKEN_RELATED": "a 相关信息 entry names an 索引号 that no published item has",
    "MISSING_ATTACHMENT": "an attachment file does not exist",
    "PATH_ESCAPE": "a path leaves the site (`..` out of content/, an absolute path, a symlink)",
    "MISSING_REVIEW": "the item has no 保密审查 record (`review: {by, date}`)",
    "REVIEW_AFTER_PUBLISHED": "the 保密审查 date is after the publication date",
    "PRIVACY": "personal data (ID number, mobile number, bank card) in published text",
    "SCHEDULED": "an item dated later than the build (定时发布) is not published yet",
    # gkssg import
    "IMPORT_NOT_WORD": "`gkssg import`: the file is not a Word document, or a damaged one",
    "IMPORT_OLD_FORMAT": "`gkssg import`: a .doc or .wps file, and LibreOffice cannot convert it",
    "IMPORT_ENCRYPTED": "`gkssg import`: the document is protected by a password",
    "IMPORT_UNSAFE": (
        "`gkssg import`: a zip bomb, XML entities, or content loaded from another host"
    ),
    "IMPORT_CLASSIFIED": "`gkssg import`: the document is marked 密级, 不予公开 or 内部",
    "IMPORT_REVISIONS": "`gkssg import`: the document has tracked changes or comments",
    "IMPORT_FAILED": "`gkssg import`: the item's files cannot be written",
    # layouts and rendering
    "TEMPLATE": "a layout template is missing or fails to render",
    # yearly report data
    "REQUESTS_UNBALANCED": (
        "request figures do not balance (新收 + 上年结转 ≠ 办理结果总计 + 结转下年度)"
    ),
    "CALENDAR_NOT_COVERED": (
        "the bundled holiday calendar does not cover a year; "
        "weekends and site.yaml `calendar` count"
    ),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning at a place in the site (``file`` relative to the site root)."""

    file: str | None
    line: int | None
    code: str
    message: Text | str
    hint: Text | str = ""
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered problem code {self.code!r}")

    def format(self, language: Language = ENGLISH) -> str:
        """The human form: ``path:line: CODE message — hint``, in ``language``."""
        where = self.file or language(_SITE)
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.code} {self.words(language)}"
        if self.severity == "warning":
            text = f"{where}: {self.code} ({language(_WARNING)}) {self.words(language)}"
        return one_line(text)

    def words(self, language: Language = ENGLISH) -> str:
        """The message and, after a dash, the hint, in ``language``."""
        message = language(self.message)
        return f"{message} — {language(self.hint)}" if self.hint else message

    def as_json(self, language: Language = ENGLISH) -> dict[str, object]:
        """Exactly the contract's four keys; the hint ends the message, as in the text form."""
        return {
            "file": self.file,
            "line": self.line,
            "code": self.code,
            "message": self.words(language),
        }

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file or "", self.line or 0, self.code, str(self.message))


def one_line(text: str) -> str:
    """Control characters (a newline in a key, an escape sequence) shown escaped, so that
    text from a site can never forge another problem line or drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


@dataclass
class Problems:
    """A collector that checks report into; never raises on the first mistake."""

    items: list[Problem] = field(default_factory=list)

    def error(
        self,
        file: str | None,
        line: int | None,
        code: str,
        message: Text | str,
        hint: Text | str = "",
    ) -> None:
        self.items.append(Problem(file, line, code, message, hint, "error"))

    def warning(
        self,
        file: str | None,
        line: int | None,
        code: str,
        message: Text | str,
        hint: Text | str = "",
    ) -> None:
        self.items.append(Problem(file, line, code, message, hint, "warning"))

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: p.sort_key)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)

    def to_json(self, language: Language = ENGLISH) -> str:
        return json.dumps(
            {
                "errors": [p.as_json(language) for p in self.errors],
                "warnings": [p.as_json(language) for p in self.warnings],
            },
            ensure_ascii=False,
            indent=2,
        )


class ContentError(Exception):
    """Raised at a pipeline boundary when content problems stop the build."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} error(s) in the site's content")
        self.problems = problems


#: How many values a loop takes between two looks at whether its work is superseded.
CHECK_EVERY = 128


def until_superseded(
    values: Iterable[T], superseded: Callable[[], bool], owner: str
) -> Iterator[T]:
    """``values`` one by one; raises :class:`Superseded` (naming ``owner``) once
    ``superseded()`` is true, looked at every ``CHECK_EVERY`` values."""
    for number, value in enumerate(values):
        if number % CHECK_EVERY == 0 and superseded():
            raise Superseded(owner)
        yield value


class Superseded(Exception):
    """Work given up because newer input is waiting, or the preview is stopping
    (``gkssg serve``'s background work)."""


class UsageError(Exception):
    """A command was called wrongly (exit code 2); raised with a :class:`Text` that says
    how (shown in the reader's language with :func:`~gkssg.base.i18n.message_of`)."""


class ToolFailure(Exception):
    """A program gkssg runs (Pagefind) failed or was killed: a matter of the machine
    it runs on, not of the site nor a bug in gkssg (exit code 2, its message alone,
    a :class:`Text` or text)."""
