"""The message catalogs: every message the code shows exists in Chinese and English,
with the same fields, and the compiled catalogs are those of the .po files."""

from __future__ import annotations

import string
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from gkssg.base.i18n import ENGLISH, LANGUAGES, language, language_from, t

from conftest import REPO

SCRIPT = REPO / "scripts" / "messages.py"


def _catalog(code: str) -> dict[str, str]:
    path = REPO / "gkssg" / "locale" / LANGUAGES[code] / "LC_MESSAGES" / "gkssg.po"
    with path.open("rb") as stream:
        return {m.id: m.string for m in read_po(stream) if m.id and isinstance(m.id, str)}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogs_hold_every_message_of_the_code_and_are_compiled() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_message_is_translated_with_the_same_fields(code: str) -> None:
    catalog = _catalog(code)
    assert catalog, "an empty catalog"
    untranslated = sorted(source for source, words in catalog.items() if not words.strip())
    assert untranslated == []
    mismatched = sorted(s for s, w in catalog.items() if _fields(s) != _fields(w))
    assert mismatched == []


def test_chinese_is_the_default_and_english_is_asked_for() -> None:
    message = t("warning")
    assert language_from(None, {})(message) == "警告"
    assert language_from(None, {"GKSSG_LANG": "en"})(message) == "warning"
    assert language_from("en", {"GKSSG_LANG": "zh"})(message) == "warning"
    assert ENGLISH(message) == "warning"
    with pytest.raises(ValueError, match="unknown language"):
        language("fr")


def test_values_are_put_into_words_in_the_same_language() -> None:
    zh = language("zh")
    nested = t("{file}: {what}", file="content/a.md", what=t("warning"))
    assert zh(nested).endswith("警告")
    assert ENGLISH(nested) == "content/a.md: warning"
