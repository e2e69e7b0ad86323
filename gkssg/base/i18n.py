"""Messages in the reader's language: Simplified Chinese by default, English on request.

Every text a person reads is written in the code as its English source with named
values, ``t("{file} is not UTF-8", file=path)``, and shown through a
:class:`Language`, which looks the source up in that language's message catalog
(``gkssg/locale/<language>/LC_MESSAGES/gkssg.mo``, compiled from the ``.po`` files
by ``python scripts/messages.py``). A :class:`Text` is a value: problems carry
them through caches and processes and are put into words only when shown, so
``gkssg check --lang en`` and ``gkssg check`` report the same codes, files and
lines in two languages.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Union

#: The languages gkssg speaks, by the code ``--lang`` and ``GKSSG_LANG`` take.
LANGUAGES: dict[str, str] = {"zh": "zh_CN", "en": "en"}
DEFAULT_LANGUAGE = "zh"
LANGUAGE_VARIABLE = "GKSSG_LANG"
DOMAIN = "gkssg"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: A value shown in a message: text as it is, or another message to put into words.
Value = Union[str, "Text"]


@dataclass(frozen=True)
class Text:
    """A message: its English source (the catalogs' key, with ``{name}`` fields) and
    the values of its fields."""

    source: str
    values: tuple[tuple[str, Value], ...] = ()

    def __str__(self) -> str:  # the English source filled in: logs, reprs, tests
        return ENGLISH(self)


def t(source: str, /, **values: object) -> Text:
    """A message to show in the reader's language (``source`` is English, extracted into
    the catalogs); values other than text and messages are shown with ``str()``."""
    return Text(source, tuple((k, v if isinstance(v, Text) else str(v)) for k, v in values.items()))


class Language:
    """Puts messages into words in one language."""

    def __init__(self, code: str, catalog: gettext.NullTranslations) -> None:
        self.code = code
        self._catalog = catalog

    def __call__(self, message: Text | str) -> str:
        if isinstance(message, str):
            return message
        words = self._catalog.gettext(message.source)
        if not message.values:
            return words
        return words.format_map({name: self(value) for name, value in message.values})

    def __repr__(self) -> str:
        return f"Language({self.code!r})"


@functools.cache
def language(code: str = DEFAULT_LANGUAGE) -> Language:
    """The language called ``code`` (``zh`` or ``en``); raises ValueError for another."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: use one of {', '.join(LANGUAGES)}")
    catalog = gettext.translation(DOMAIN, LOCALE_DIR, [LANGUAGES[code]], fallback=True)
    return Language(code, catalog)


def message_of(exc: BaseException) -> Text | str:
    """What an exception says: the :class:`Text` it was raised with (put into words in
    the reader's language where it is shown), else its text."""
    if exc.args and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)


def language_code(given: str) -> str | None:
    """The code of the language ``given`` names (``zh``, ``zh_CN``, ``zh-CN.UTF-8``, ``EN``
    …), when gkssg speaks it."""
    code = re.split(r"[-_.@]", given.strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else None


def language_from(given: str | None, environ: Mapping[str, str] = os.environ) -> Language:
    """The language asked for with ``--lang``, else ``GKSSG_LANG``, else Chinese; raises
    ValueError (with a :class:`Text`) when ``GKSSG_LANG`` names another language."""
    if given:
        return language(given)
    asked = environ.get(LANGUAGE_VARIABLE, "").strip()
    if not asked:
        return language(DEFAULT_LANGUAGE)
    code = language_code(asked)
    if code is None:
        raise ValueError(
            t(
                "{variable}={value} is not a language gkssg speaks: use zh or en",
                variable=LANGUAGE_VARIABLE,
                value=asked,
            )
        )
    return language(code)


#: English: the sources themselves, filled in.
ENGLISH = Language("en", gettext.NullTranslations())
