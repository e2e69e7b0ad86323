"""--help in the reader's language: finding --lang before click parses the arguments,
and wrapping Chinese text by the columns it takes on a terminal."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from gkssg.commands.localized import language_in, wrap_cells


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "en", "--help"], "en"),
        (["--help", "--lang=en"], "en"),
        (["--site", "--lang", "check", "--help"], None),  # a folder called --lang
        (["--site", "s", "--lang", "zh", "new", "--help"], "zh"),
        (["new", "--lang", "en"], None),  # not an option of the command
        (["--lang", "fr", "--help"], None),  # click refuses it; the help is in the default
        (["--lang"], None),
        ([], None),
    ],
)
def test_the_language_is_found_among_the_groups_own_options(
    args: list[str], expected: str | None
) -> None:
    assert language_in(args) == expected


TEXT = (
    "撤回一条信息 ITEM（填索引号或文件路径）。从下次生成起，该信息不再出现在任何页面上，"
    "原网址显示撤回说明，其索引号永不再分配。"
)


@pytest.mark.parametrize("width", [10, 17, 24, 40, 79])
def test_chinese_text_is_wrapped_by_terminal_columns(width: int) -> None:
    lines = wrap_cells(TEXT, width)
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    assert "ITEM" in "".join(lines)  # a word of Latin letters is never split
    for line in lines:
        # a line may pass the width only by the closing mark it may not start with
        assert cell_len(line.rstrip("，。）")) <= width, (width, line)
        assert line[0] not in "，。）", (width, line)
    assert len(lines) > 1
    assert lines[:-1] == [line for line in lines[:-1] if cell_len(line) > width - 6]


def test_english_text_is_wrapped_between_words() -> None:
    text = "Give every item without an index number the next free number"
    lines = wrap_cells(text, 20)
    assert " ".join(lines) == text
    assert all(len(line) <= 20 for line in lines)
