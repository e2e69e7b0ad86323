"""The 成文日期 as a 公文 writes it: 二〇〇八年三月一日, 2008年3月1日, ２００８年３月１日."""

from __future__ import annotations

import datetime as dt
import re

_YEAR_DIGITS = {
    **{ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")},
    "○": "0",
    "零": "0",
    "Ｏ": "0",
    "O": "0",
    "0": "0",
}
_CHINESE = "〇○零ＯO一二三四五六七八九十"
DATE = re.compile(
    rf"(?P<y>[0-9０-９{_CHINESE}]{{4}})\s*年\s*(?P<m>[0-9０-９{_CHINESE}]{{1,3}})\s*月"
    rf"\s*(?P<d>[0-9０-９{_CHINESE}]{{1,3}})\s*日"
)


def _small(text: str) -> int | None:
    """一 … 三十一, or digits."""
    text = text.translate({0xFF10 + i: 0x30 + i for i in range(10)})
    if text.isdigit():
        return int(text)
    values = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = values.get(tens, -100) if tens else 1
        low = values.get(ones, -100) if ones else 0
        total = high * 10 + low
        return total if total > 0 else None
    if len(text) == 1 and text in values:
        return values[text]
    return None


def _year(text: str) -> int | None:
    text = text.translate({0xFF10 + i: 0x30 + i for i in range(10)})
    digits = "".join(_YEAR_DIGITS.get(ch, ch) for ch in text)
    return int(digits) if digits.isdigit() else None


def parse_date(text: str) -> dt.date | None:
    """The date a line of a 公文 writes, if the whole line is one."""
    match = DATE.fullmatch(re.sub(r"\s+", "", text))
    if match is None:
        return None
    year, month, day = _year(match["y"]), _small(match["m"]), _small(match["d"])
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def is_chinese_numerals(text: str) -> bool:
    return not any(ch.isdigit() for ch in text.translate({0xFF10 + i: 0x30 + i for i in range(10)}))
