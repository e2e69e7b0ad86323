"""Index numbers (索引号): the site's pattern, parsing, formatting and the next free number.

A pattern such as ``{org_code}/{year}-{seq:05d}`` has the placeholders
``org_code``, ``column`` (the column code), ``year`` (of ``published``) and
``seq``; ``seq`` counts within the group formed by the other placeholders.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from gkssg.base.i18n import t

PLACEHOLDERS = ("org_code", "column", "year", "seq")


#: Longer sequence numbers are not index numbers (and would not fit an int quickly).
MAX_SEQ_DIGITS = 12
#: An organisation code other than the site's: a 组织机构代码 (``00298196X``,
#: ``00298196-X``) or a 统一社会信用代码 (18 characters). A number issued before the
#: site's code changed keeps it for good (an 索引号 never changes); the item is
#: warned about (INDEX_NO_MISMATCH), and new numbers take the site's code and go on
#: counting where the old ones stopped.
ANY_ORG_CODE = r"[0-9A-Z]{8}-?[0-9A-Z]|[0-9A-Z]{18}"


class PatternError(ValueError):
    """The pattern in site.yaml cannot be used."""


@dataclass(frozen=True, order=True)
class IndexNumber:
    """An item's 索引号 as written, with the group it counts in and its sequence number."""

    text: str
    group: tuple[str, ...]
    seq: int

    @property
    def slug(self) -> str:
        """The default URL name: the last ``/`` segment.

        ``00298196X/2008-00012`` → ``2008-00012``.
        """
        return self.text.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class IndexPattern:
    """A compiled ``index_no`` pattern bound to the site's ``org_code``."""

    pattern: str
    org_code: str
    fields: tuple[str, ...]  # placeholders in order of appearance
    seq_width: int  # zero-padded width of seq, 0 when not padded
    regex: re.Pattern[str]

    @classmethod
    def compile(cls, pattern: str, org_code: str) -> IndexPattern:
        parts: list[str] = []
        fields: list[str] = []
        seq_width = 0
        try:
            parsed = list(string.Formatter().parse(pattern))
        except ValueError as exc:
            raise PatternError(t("malformed pattern: {reason}", reason=exc)) from exc
        for literal, name, spec, conversion in parsed:
            parts.append(re.escape(literal))
            if name is None:
                continue
            if name not in PLACEHOLDERS:
                raise PatternError(
                    t(
                        "unknown placeholder {{{name}}}; use {known}",
                        name=name,
                        known=", ".join(PLACEHOLDERS),
                    )
                )
            if name in fields:
                raise PatternError(t("placeholder {{{name}}} appears twice", name=name))
            if conversion:
                raise PatternError(
                    t("conversion !{conversion} is not allowed", conversion=conversion)
                )
            fields.append(name)
            if name == "seq":
                match = re.fullmatch(r"0?(\d*)d?", spec or "")
                if match is None:
                    raise PatternError(t("seq format {spec} is not like 05d", spec=repr(spec)))
                seq_width = int(match.group(1) or 0)
                digits = rf"\d{{{seq_width},}}" if seq_width else r"\d+"
                parts.append(f"(?P<seq>{digits})")
            elif spec:
                raise PatternError(t("only seq takes a format, not {name}", name=name))
            elif name == "org_code":
                parts.append(f"(?P<org_code>{re.escape(org_code)}|{ANY_ORG_CODE})")
            elif name == "year":
                parts.append(r"(?P<year>\d{4})")
            else:
                parts.append(r"(?P<column>\d{2,})")
        if "seq" not in fields:
            raise PatternError(t("the pattern needs a {seq} placeholder", seq="{seq}"))
        regex = re.compile("".join(parts), re.ASCII)  # ASCII digits only, never ٣ or ３
        return cls(pattern, org_code, tuple(fields), seq_width, regex)

    def parse(self, text: str) -> IndexNumber | None:
        """Read an 索引号 written in an item; None when it does not match the pattern."""
        match = self.regex.fullmatch(text)
        if match is None or len(match.group("seq")) > MAX_SEQ_DIGITS:
            return None
        # counted in the site's code's group whatever code it carries: the sequence goes
        # on when the code changes, and the URL names (2008-00012) stay unique
        group = tuple(
            self.org_code if name == "org_code" else match.group(name)
            for name in self.fields
            if name != "seq"
        )
        return IndexNumber(text, group, int(match.group("seq")))

    def org_code_of(self, number: IndexNumber) -> str | None:
        """The organisation code ``number`` carries (None when the pattern has none)."""
        match = self.regex.fullmatch(number.text)
        if match is None or "org_code" not in self.fields:
            return None
        return match.group("org_code")

    def group_for(self, column: str, year: int) -> tuple[str, ...]:
        values = {"org_code": self.org_code, "column": column, "year": f"{year:04d}"}
        return tuple(values[name] for name in self.fields if name != "seq")

    def format(self, column: str, year: int, seq: int) -> IndexNumber:
        text = self.pattern.format(
            org_code=self.org_code, column=column, year=f"{year:04d}", seq=seq
        )
        return IndexNumber(text, self.group_for(column, year), seq)

    def field_value(self, number: IndexNumber, name: str) -> str | None:
        """The value of placeholder ``name`` in ``number`` (None when the pattern lacks it)."""
        names = [n for n in self.fields if n != "seq"]
        if name not in names:
            return None
        return number.group[names.index(name)]

    def example(self) -> str:
        return self.format("0203", 2008, 12).text


def next_free(pattern: IndexPattern, taken: Iterable[IndexNumber], column: str, year: int) -> int:
    """The next sequence number in the group of ``column`` and ``year``: one past the highest."""
    group = pattern.group_for(column, year)
    highest = max((number.seq for number in taken if number.group == group), default=0)
    return highest + 1
