"""The slips of an input method, found in YAML text and trees, and the line PyYAML's error
is really about."""

from __future__ import annotations

import pytest
import yaml

from gkssg.base.i18n import ENGLISH
from gkssg.source.slips import date_digits_fix, excerpt, line_slips, node_slips
from gkssg.source.yamlnodes import mistake_mark


def _compose_error(text: str) -> yaml.MarkedYAMLError:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=yaml.SafeLoader)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\ngenre：细则\nb: 2\n", 1),  # the key without its colon, not the next line
        ("a: 1\nb: [x, y\nc: 2\n", 1),  # the unclosed [
        ('a: "x\nb: 2\n', 0),  # the unclosed quotation mark
        ("a: 1\n  b: 2\n", 1),  # found where it is
    ],
)
def test_the_mark_is_the_line_that_holds_the_mistake(text: str, line: int) -> None:
    mark = mistake_mark(_compose_error(text))
    assert mark is not None and mark.line == line


def test_indentation_is_looked_at_on_every_line_and_the_rest_on_the_mistakes() -> None:
    lines = ["a:", "\tb: 1", "c: “x”", "d：1"]
    found = line_slips(lines, 10, mistake=3)
    assert [(slip.line, slip.in_key) for slip in found] == [(12, True)]  # the tab alone
    found = line_slips(["a: 1", "d：1"], 10, mistake=1)
    assert [slip.line for slip in found] == [12]
    assert "Chinese colon" in ENGLISH(found[0].message)


def test_quoted_values_and_text_that_merely_holds_full_width_marks_are_no_slips() -> None:
    tree = yaml.compose(
        "a: '“x”'\nb: 关于“十一五”：说明\nc: 【转载】通知\n", Loader=yaml.SafeLoader
    )
    assert node_slips(tree, 0) == []


def test_dates_are_shown_as_they_should_be_written() -> None:
    assert date_digits_fix("２００８－０３－０５") == "2008-03-05"
    assert date_digits_fix("2008-03-05 14：53") == "2008-03-05 14:53"
    assert date_digits_fix("2008-03-05") is None


def test_an_excerpt_is_short() -> None:
    assert excerpt("  genre：细则  ") == "genre：细则"
    assert len(excerpt("长" * 100)) == 30 and excerpt("长" * 100).endswith("…")
