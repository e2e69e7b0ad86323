"""The reader's language: --lang, else GKSSG_LANG as a shell may set it, else Chinese."""

from __future__ import annotations

import pytest

from gkssg.base.i18n import ENGLISH, language_code, language_from


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("zh", "zh"),
        ("zh_CN", "zh"),
        ("zh-CN.UTF-8", "zh"),
        (" EN ", "en"),
        ("en_US.UTF-8", "en"),
        ("fr", None),
        ("chinese", None),
        ("", None),
    ],
)
def test_a_language_is_known_by_the_codes_a_shell_uses(given: str, code: str | None) -> None:
    assert language_code(given) == code


def test_lang_wins_then_the_variable_then_chinese() -> None:
    assert language_from("en", {"GKSSG_LANG": "zh_CN.UTF-8"}).code == "en"
    assert language_from(None, {"GKSSG_LANG": "zh_CN.UTF-8"}).code == "zh"
    assert language_from(None, {"GKSSG_LANG": "  "}).code == "zh"
    assert language_from(None, {}).code == "zh"


def test_another_language_in_the_variable_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError) as refused:
        language_from(None, {"GKSSG_LANG": "fr"})
    assert ENGLISH(refused.value.args[0]) == (
        "GKSSG_LANG=fr is not a language gkssg speaks: use zh or en"
    )
