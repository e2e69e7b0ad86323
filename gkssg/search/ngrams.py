"""Substring search: the pairs of Han characters of each item page, as words Pagefind keeps whole.

Pagefind splits Chinese into words when it indexes a page and again when a visitor
searches, so a run of characters cut across a word boundary (``徽省人力资``, the tail of
安徽省 and the head of 人力资源) matched neither side. A government CMS search finds any
such run, and visitors expect that.

So each item page is indexed with one extra word for every pair of adjacent Han
characters it holds (a character bigram): a query's run of two or more characters
becomes the words of its own pairs, and Pagefind finds the pages holding every one of
them. The words are letters and digits, which Pagefind neither splits nor stems:

- ``q`` + two character codes: a pair anywhere in the searchable text (全文);
- ``z`` + two character codes: a pair in the title (标题, the page's first ``<h1>``);
- ``y`` + a word of letters or digits of the title, for a title search of ``2008``.

A character's code is three base-36 digits whose first is never past ``r``, so the
three kinds never begin alike and no word is the beginning of another kind's (Pagefind
matches a query word as the beginning of an indexed one). The words are added to
Pagefind's copy of the page only (see :func:`searchable_copy`): the published page does
not carry them. Each pair is written once per page, the title's with a higher weight.

``layouts/static/search.js`` mirrors :func:`char_code` and :func:`query_words`; change
both together.
"""

from __future__ import annotations

import html
import operator
import re
import unicodedata
from functools import cache

HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_RUN = re.compile(f"[{HAN}]{{2,}}")
_WORD = re.compile(r"[0-9a-z]+")
_RARE = re.compile("[\U00020000-\U0003ffff]")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MARK = "gkssgpairs"  # the word before the pairs: search.js cuts the page's text there
TITLE_WEIGHT = 10  # data-pagefind-weight of the title's pairs (Pagefind's h1 has 7)

_BODY = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_IGNORED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1\s*>", re.S)
_UNSEEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S)
_TAG = re.compile(r"<[^>]*>")


def char_code(char: str) -> str:
    """Three base-36 digits for a Han character (mirrored in search.js)."""
    point = ord(char)
    if point < 0xA000:
        number = point - 0x3400  # CJK extension A and the unified ideographs
    elif point < 0x20000:
        number = 27648 + point - 0xF900  # compatibility ideographs
    else:
        number = 28160 + (point - 0x20000) % 8000  # the rare planes share codes
    return _DIGITS[number // 1296] + _DIGITS[number // 36 % 36] + _DIGITS[number % 36]


@cache
def _table(kind: str) -> dict[int, str]:
    """``str.translate``'s table: every Han character of the basic plane → its code (a
    compatibility ideograph → the code of the character NFKC makes of it, as a query's),
    and the separator ``\\x01`` → a space and ``kind``, which begins the next word."""
    table = {point: char_code(chr(point)) for point in range(0x3400, 0xA000)}
    for point in range(0xF900, 0xFB00):
        same = unicodedata.normalize("NFKC", chr(point))
        table[point] = char_code(same if len(same) == 1 and "\u3400" <= same else chr(point))
    table[1] = " " + kind
    return table


def pairs(text: str) -> set[str]:
    """The pairs of adjacent Han characters in ``text``."""
    joined = " ".join(_RUN.findall(text))
    return {pair for pair in set(map(operator.add, joined, joined[1:])) if " " not in pair}


def words(found: set[str], kind: str = "q") -> str:
    """The words of the pairs ``found``, sorted, space-separated (a fixed text for a set)."""
    if not found:
        return ""
    joined = "\x01".join(sorted(found))
    if _RARE.search(joined):  # a character past the basic plane, seldom: one by one
        table = _table(kind)
        return " ".join(kind + "".join(table.get(ord(c)) or char_code(c) for c in pair)
                        for pair in sorted(found))
    return kind + joined.translate(_table(kind))


def title_words(title: str) -> str:
    """The title's words: its pairs (``z``) and its words of letters or digits (``y``)."""
    title = unicodedata.normalize("NFKC", title)
    found = [words(pairs(title), "z"), *("y" + word for word in _WORD.findall(title.lower()))]
    return " ".join(word for word in found if word)


def page_text(markup: str) -> str:
    """The text of an HTML fragment: tags, scripts and Pagefind-ignored elements left out."""
    kept = _IGNORED.sub(" ", _UNSEEN.sub(" ", markup))
    return html.unescape(_TAG.sub(" ", kept))


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
        f'<div data-pagefind-weight="{TITLE_WEIGHT}">{words(in_title)} {title_words(title)}</div>'
        f"<div>{words(pairs(page_text(markup)) - in_title)}</div>"
    )
    return page[:end] + added + page[end:]
