"""Substring search: the pairs of characters of each item page, as words Pagefind keeps whole.

Pagefind splits Chinese into words when it indexes a page and again when a visitor
searches, so a run of characters cut across a word boundary (``徽省人力资``, the tail of
安徽省 and the head of 人力资源) matched neither side. A government CMS search finds any
such run, and visitors expect that.

So each item page is indexed with one extra word for every pair of adjacent characters
it holds (a character bigram; whitespace separates, anything else is a character, in
NFKC and lower case): a query's run of two or more characters becomes the words of its
own pairs, and Pagefind finds the pages holding every one of them. The words are
letters and digits, which Pagefind neither splits nor stems:

- ``q`` + two character codes: a pair anywhere in the searchable text (全文);
- ``z`` + two character codes: a pair in the title (标题, the page's first ``<h1>``).

A character's code is three base-36 digits (:func:`char_code`); every word is seven
characters long, so no word is the beginning of another (Pagefind matches a query
word as the beginning of an indexed one). The words are added to Pagefind's copy of
the page only (:func:`searchable_copy`): the published page does not carry them. Each
pair is written once per page, the title's with a higher weight.

``layouts/static/search.js`` mirrors :func:`char_code` and the pairs of a query;
change both together.
"""

from __future__ import annotations

import html
import operator
import re
import unicodedata
from functools import cache

_RUN = re.compile(r"\S{2,}")
_RARE = re.compile("[\U00010000-\U0010ffff]")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MARK = "gkssgpairs"  # the word before the pairs: search.js cuts the page's text there
TITLE_WEIGHT = 10  # data-pagefind-weight of the title's pairs (Pagefind's h1 has 7)

_BODY = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_IGNORED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1\s*>", re.S)
_UNSEEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S)
_TAG = re.compile(r"<[^>]*>")


def char_code(char: str) -> str:
    """Three base-36 digits for a character (mirrored in search.js)."""
    point = ord(char)
    if 0x3400 <= point < 0xA000:
        number = point - 0x3400  # CJK extension A and the unified ideographs
    elif 0xF900 <= point < 0xFB00:
        number = 27648 + point - 0xF900  # compatibility ideographs (none left after NFKC)
    elif point >= 0x10000:
        number = 28160 + point % 8000  # the other planes share codes
    else:
        number = 36160 + point % 10496  # the rest of the basic plane
    return _DIGITS[number // 1296] + _DIGITS[number // 36 % 36] + _DIGITS[number % 36]


def _code(char: str) -> str:
    """The code of the character NFKC and lower case make of ``char`` (the first, should
    they make several), as of the same character in a query."""
    same = unicodedata.normalize("NFKC", char).lower() or char
    return char_code(same[0])


@cache
def _table() -> dict[int, str]:
    """``str.translate``'s table: every character of the basic plane → :func:`_code`, and
    the separator ``\\x01`` → a space and ``\\x01`` (then replaced by the words' kind).

    Made once per process."""
    table = {}
    for point in range(0x10000):
        char = chr(point)
        if char.lower() == char and unicodedata.is_normalized("NFKC", char):
            table[point] = char_code(char)
        else:
            table[point] = _code(char)
    table[1] = " \x01"
    return table


def pairs(text: str) -> set[str]:
    """The pairs of adjacent characters in ``text``, whitespace apart (each run once)."""
    joined = " ".join(dict.fromkeys(_RUN.findall(text)))
    return {pair for pair in set(map(operator.add, joined, joined[1:])) if " " not in pair}


def words(found: set[str], kind: str = "q") -> str:
    """The words of the pairs ``found``, sorted, space-separated (a fixed text for a set)."""
    if not found:
        return ""
    joined = "\x01".join(sorted(found))
    if _RARE.search(joined):  # a character past the basic plane, seldom: one by one
        return " ".join(kind + _code(pair[0]) + _code(pair[1]) for pair in sorted(found))
    return kind + joined.translate(_table()).replace("\x01", kind)


def page_text(markup: str) -> str:
    """The text of an HTML fragment: tags, scripts and Pagefind-ignored elements left out."""
    kept = _IGNORED.sub("\n", _UNSEEN.sub("\n", markup))
    return html.unescape(_TAG.sub("", kept))  # <strong>失业</strong>保险 is one run


def searchable_copy(page: str) -> str:
    """``page`` with the words of its pairs at the end of its ``data-pagefind-body`` element
    (the whole ``<body>`` when it has none), as Pagefind is to index it."""
    body = _BODY.search(page)
    tag = body.group(1) if body else "body"
    start = body.end() if body else page.find("<body")
    end = page.rfind(f"</{tag}>")
    if start < 0 or end < start:
        return page
    markup = page[start:end]
    heading = _H1.search(markup)
    title = page_text(heading.group(1)) if heading else ""
    in_title = pairs(title)
    added = (
        f"<div>{MARK}</div>"
        f'<div data-pagefind-weight="{TITLE_WEIGHT}">{words(in_title)} {words(in_title, "z")}</div>'
        f"<div>{words(pairs(page_text(markup)) - in_title)}</div>"
    )
    return page[:end] + added + page[end:]
