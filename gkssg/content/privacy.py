"""Personal data in published text: resident ID, mobile and bank card numbers.

A number is only a candidate when it stands alone: it is never part of a longer
run of digits or letters, so index numbers (``00298196X/2008-00012``), dates
(``2008-03-05``, ``20080305``), document numbers (文号), landlines
(``0551-62871234``) and hotlines (``12333``) are left alone.  A candidate is then
validated: ID numbers by area code, birth date and (18 digits) GB 11643 check
digit, mobiles by their ``1[3-9]`` prefix, bank cards by the Luhn digit.
Full-width digits count as digits.

ID numbers are also found as people write them out: in their usual groups (area,
birth date, sequence) joined by one kind of space or hyphen, 6-8-4
(``420102 19800101 1231``, ``420102-19800101-1231``) and, for the old 15-digit
number, 6-6-3; the groups may not be part of a longer chain of groups.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["Finding", "Kind", "find_personal_data", "mask_personal_data"]

Kind = Literal["id_card", "mobile", "bank_card"]

_MASK = "*"
# (characters kept at the start, characters kept at the end) of the number.
_KEEP: dict[Kind, tuple[int, int]] = {
    "id_card": (6, 4),
    "mobile": (3, 4),
    "bank_card": (6, 4),
}
_MOBILE_DIGITS = 11

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Full-width digits and every X to ASCII digits and X.
_NORMALIZE = {0xFF10 + i: ord("0") + i for i in range(10)} | {
    0xFF38: ord("X"),
    0xFF58: ord("X"),
    ord("x"): ord("X"),
}
_D = "[0-9\uff10-\uff19]"
_ALNUM = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_ALNUM_CHAR = re.compile(f"[{_ALNUM}]")
_NUMBER_CHARS = "0123456789X"
_ALONE_BEFORE = f"(?<![{_ALNUM}])"
_ALONE_AFTER = f"(?![{_ALNUM}])"

_ID18 = re.compile(f"{_ALONE_BEFORE}{_D}{{17}}[0-9\uff10-\uff19Xx\uff38\uff58]{_ALONE_AFTER}")
_ID15 = re.compile(f"{_ALONE_BEFORE}{_D}{{15}}{_ALONE_AFTER}")
# The usual groups of an ID number written out: area, birth date, sequence (and check).
_ID_SEPARATORS = "- \u3000\u2010-\u2015\uff0d"  # space, ideographic space, hyphens, dashes
_ID18_GROUPED = re.compile(
    f"{_ALONE_BEFORE}{_D}{{6}}(?P<sep>[{_ID_SEPARATORS}]){_D}{{8}}(?P=sep)"
    f"{_D}{{3}}[0-9\uff10-\uff19Xx\uff38\uff58]{_ALONE_AFTER}"
)
_ID15_GROUPED = re.compile(
    f"{_ALONE_BEFORE}{_D}{{6}}(?P<sep>[{_ID_SEPARATORS}]){_D}{{6}}(?P=sep){_D}{{3}}{_ALONE_AFTER}"
)
_MOBILE = re.compile(
    f"{_ALONE_BEFORE}"
    "(?:(?:[+\uff0b]|00|\uff10\uff10)?(?:86|\uff18\uff16)[- ]?)?"
    f"(?:{_D}{{11}}|{_D}{{3}}(?P<sep>[- ]){_D}{{4}}(?P=sep){_D}{{4}})"
    f"{_ALONE_AFTER}"
)
# Every kind holds at least 11 digits in a row, or 3-4-4 around single separators, or
# (a grouped ID number) 6 and 6; text without such a run (most of it) is passed over in
# one fast scan.
_ANY_CANDIDATE = re.compile(
    f"{_D}{{3}}[- ]?{_D}{{4}}[- ]?{_D}{{4}}|{_D}{{6}}[{_ID_SEPARATORS}]{_D}{{6}}"
)
_BANK_CARD = re.compile(
    f"{_ALONE_BEFORE}"
    f"(?:{_D}{{16,19}}"
    f"|{_D}{{4}}(?P<sep>[- ]){_D}{{4}}(?:(?P=sep){_D}{{4}}){{2}}(?:(?P=sep){_D}{{1,3}})?)"
    f"{_ALONE_AFTER}"
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: ``text[start:end] == value``."""

    kind: Kind
    start: int
    end: int
    value: str

    @property
    def masked(self) -> str:
        """``value`` with its middle digits replaced by ``*``; separators and a
        ``+86`` prefix are kept (``340104********1234``, ``138****5678``)."""
        head, tail = _KEEP[self.kind]
        positions = [i for i, char in enumerate(self.value) if _is_number_char(char)]
        if self.kind == "mobile":
            positions = positions[-_MOBILE_DIGITS:]  # leave the 86 prefix alone
        hidden = set(positions[head : len(positions) - tail])
        return "".join(_MASK if i in hidden else char for i, char in enumerate(self.value))


def find_personal_data(text: str, allow: Collection[str] = ()) -> list[Finding]:
    """Every ID, mobile and bank card number in ``text``, sorted by start.

    A value listed in ``allow``, exactly as written in the text, is skipped.
    An 18-digit number that is a valid ID number is never also reported as a
    bank card.
    """
    if _ANY_CANDIDATE.search(text) is None:
        return []
    accepted: list[Finding] = []
    for finding in _candidates(text):
        if not any(_overlaps(finding, other) for other in accepted):
            accepted.append(finding)
    return sorted(
        (finding for finding in accepted if finding.value not in allow),
        key=lambda finding: finding.start,
    )


def mask_personal_data(text: str, allow: Collection[str] = ()) -> str:
    """``text`` with every finding replaced by its masked form."""
    parts: list[str] = []
    position = 0
    for finding in find_personal_data(text, allow):
        parts.append(text[position : finding.start])
        parts.append(finding.masked)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _candidates(text: str) -> Iterator[Finding]:
    """Valid findings of each kind, ID numbers first (they take precedence)."""
    for match in _ID18.finditer(text):
        if _valid_id18(_digits(match.group())):
            yield _finding("id_card", match)
    for match in _ID15.finditer(text):
        if _valid_id15(_digits(match.group())):
            yield _finding("id_card", match)
    for match in _ID18_GROUPED.finditer(text):
        if _valid_id18(_digits(match.group())) and _standalone_group(text, match):
            yield _finding("id_card", match)
    for match in _ID15_GROUPED.finditer(text):
        if _valid_id15(_digits(match.group())) and _standalone_group(text, match):
            yield _finding("id_card", match)
    for match in _MOBILE.finditer(text):
        number = _digits(match.group())[-_MOBILE_DIGITS:]
        if _valid_mobile(number) and _standalone_group(text, match):
            yield _finding("mobile", match)
    for match in _BANK_CARD.finditer(text):
        digits = _digits(match.group())
        if digits[0] != "0" and _luhn_valid(digits) and _standalone_group(text, match):
            yield _finding("bank_card", match)


def _finding(kind: Kind, match: re.Match[str]) -> Finding:
    return Finding(kind, match.start(), match.end(), match.group())


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _is_number_char(char: str) -> bool:
    return char.translate(_NORMALIZE) in _NUMBER_CHARS


def _digits(value: str) -> str:
    """The digits (and check letter X) of ``value``, as ASCII."""
    return "".join(char for char in value.translate(_NORMALIZE) if char in _NUMBER_CHARS)


def _standalone_group(text: str, match: re.Match[str]) -> bool:
    """A grouped number (``138 1234 5678``) must not be a slice of a longer
    chain of groups joined by the same separator (``1234 5678 9012 3456 7890``)."""
    sep = match.group("sep")
    if sep is None:
        return True
    start, end = match.span()
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    continues_before = len(before) == 2 and before[1] == sep and _ALNUM_CHAR.match(before[0])
    continues_after = len(after) == 2 and after[0] == sep and _ALNUM_CHAR.match(after[1])
    return not (continues_before or continues_after)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _valid_area(digits: str) -> bool:
    return digits[0] in "12345678"


def _id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _valid_id18(digits: str) -> bool:
    """GB 11643: area code, birth date 19xx/20xx, check digit."""
    if not digits[:17].isdigit() or not _valid_area(digits):
        return False
    year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
    if not 1900 <= year <= 2099 or not _real_date(year, month, day):
        return False
    return _id_check_char(digits[:17]) == digits[17]


def _valid_id15(digits: str) -> bool:
    """The old 15-digit number: area code, birth date YYMMDD (19YY), sequence."""
    if not _valid_area(digits):
        return False
    year, month, day = 1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    return _real_date(year, month, day)


def _valid_mobile(digits: str) -> bool:
    return len(digits) == _MOBILE_DIGITS and digits[0] == "1" and digits[1] in "3456789"


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0
