"""An 索引号 keeps the organisation code it was issued with: numbers made before
``org_code`` changed still parse, count in the site's group, and say which code they carry."""

from __future__ import annotations

import pytest

from gkssg.content.index_numbers import IndexPattern, next_free

PATTERN = IndexPattern.compile("{org_code}/{year}-{seq:05d}", "11340000002986061N")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("11340000002986061N/2026-00003", "11340000002986061N"),
        ("00298196X/2026-00002", "00298196X"),  # a 组织机构代码 issued before
        ("00298196-X/2026-00001", "00298196-X"),
        ("000000000/2026-00001", "000000000"),  # gkssg init's placeholder
    ],
)
def test_numbers_of_an_earlier_code_parse_and_count_in_the_sites_group(
    text: str, code: str
) -> None:
    number = PATTERN.parse(text)
    assert number is not None
    assert PATTERN.org_code_of(number) == code
    assert number.group == ("11340000002986061N", "2026")


def test_the_sequence_goes_on_across_the_change() -> None:
    taken = [PATTERN.parse(t) for t in ("00298196X/2026-00001", "00298196X/2026-00002")]
    assert next_free(PATTERN, [n for n in taken if n], "0201", 2026) == 3


@pytest.mark.parametrize(
    "text", ["abc/2026-00001", "2026-00001", "00298196x/2026-00001", "１１/2026-00001"]
)
def test_what_is_no_organisation_code_is_still_refused(text: str) -> None:
    assert PATTERN.parse(text) is None
