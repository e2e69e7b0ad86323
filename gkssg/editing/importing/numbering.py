"""Word's automatic numbering as the text a reader sees: ``一、`` ``（一）`` ``1.`` ``（1）``.

python-docx gives a paragraph's numbering reference (``w:numPr``) but not its
label; the label is the level's ``lvlText`` with each ``%n`` replaced by that
level's counter in its ``numFmt``. Counters restart below a level that counts on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else chinese_number(rest))
        if 10 <= rest < 20:
            tail = "一" + tail
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
    values += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in values:
        while n >= value:
            text, n = text + letters, n - value
    return text


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a ``w:numFmt``."""
    formats: dict[str, Callable[[int], str]] = {
        "decimal": str,
        "decimalZero": lambda n: f"{n:02d}",
        "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
        "chineseCounting": chinese_number,
        "chineseCountingThousand": chinese_number,
        "chineseLegalSimplified": chinese_number,
        "ideographDigital": lambda n: "".join(_DIGITS[int(c)] for c in str(n)),
        "upperRoman": _roman,
        "lowerRoman": lambda n: _roman(n).lower(),
        "upperLetter": _letters,
        "lowerLetter": lambda n: _letters(n).lower(),
        "none": lambda n: "",
    }
    return formats.get(fmt, str)(n)


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str  # lvlText: %1、 （%2） …
    start: int


@dataclass
class Numbering:
    """The document's numbering definitions and the counters as the body is read."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId → ilvl → level
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    counters: dict[str, list[int]] = field(default_factory=dict)  # abstractNumId → counts

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of (num_id, ilvl), counting it; "" when it has none."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counts = self.counters.setdefault(key, [0] * 9)
        for lower in range(ilvl + 1, 9):
            counts[lower] = 0
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl].start
        text = levels[ilvl].text
        for level in range(ilvl + 1):
            if f"%{level + 1}" in text:
                own = levels.get(level)
                value = counts[level] or (own.start if own else 1)
                shown = format_number(value, own.fmt if own else "decimal")
                text = text.replace(f"%{level + 1}", shown)
        if levels[ilvl].fmt == "bullet":
            return ""
        return text


def read_numbering(numbering_element: Any | None) -> Numbering:
    """The definitions of ``word/numbering.xml`` (python-docx's element), if any."""
    result = Numbering()
    if numbering_element is None:
        return result
    abstracts: dict[str, dict[int, Level]] = {}
    for abstract in numbering_element.findall(qn("w:abstractNum")):
        abstracts[abstract.get(qn("w:abstractNumId"))] = _levels(abstract)
    for num in numbering_element.findall(qn("w:num")):
        num_id = num.get(qn("w:numId"))
        ref = num.find(qn("w:abstractNumId"))
        abstract_id = ref.get(qn("w:val")) if ref is not None else ""
        levels = dict(abstracts.get(abstract_id, {}))
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl"), "0"))
            start = override.find(qn("w:startOverride"))
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = Level(old.fmt, old.text, int(start.get(qn("w:val"), "1")))
        result.levels[num_id] = levels
        result.abstract_of[num_id] = abstract_id
    return result


def _levels(abstract: Any) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.findall(qn("w:lvl")):
        fmt = _val(lvl, "w:numFmt", "decimal")
        start = _val(lvl, "w:start", "1")
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
            fmt, _val(lvl, "w:lvlText", ""), int(start) if start.isdigit() else 1
        )
    return levels


def _val(element: Any, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    if child is None:
        return default
    return str(child.get(qn("w:val"), default))
