"""gkssg.editing.new_item: the file name `gkssg new` gives an item, from its title."""

from __future__ import annotations

import pytest

from gkssg.editing.new_item import MAX_NAME_BYTES, safe_file_name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("关于调整失业保险金标准的通知", "关于调整失业保险金标准的通知"),
        ("关于《条例》的解读：问与答", "关于《条例》的解读：问与答"),
        ('a/b\\c:d*e?f"g<h>i|j', "abcdefghij"),
        ("  ..隐藏文件  ", "隐藏文件"),
        ("2008 年 工作 要点", "2008-年-工作-要点"),
        ("CON", "CON-新信息"),
        ("///", "新信息"),
    ],
)
def test_file_names_are_safe_on_every_file_system(title: str, name: str) -> None:
    assert safe_file_name(title) == name


def test_long_titles_are_cut_to_a_file_name_that_fits() -> None:
    name = safe_file_name("关于" * 200)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.startswith("关于关于")
