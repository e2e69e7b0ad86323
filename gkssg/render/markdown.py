"""Markdown → safe HTML for item and column bodies.

One :class:`MarkdownRenderer` per process (Python-Markdown objects are not
thread-safe); each call resets it. Raw HTML that editors paste is sanitised
with ``nh3`` unless the site opts out. The text is as published: personal data
was masked when the site was loaded (privacy ``mask``).
"""

from __future__ import annotations

import functools
import hashlib
import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension

from gkssg.render.md_processors import (
    BlockGateExtension,
    BraceGateExtension,
    HeadingIdExtension,
    PlainTextExtension,
)

#: The Markdown dialect: Python-Markdown with these extensions. ``toc`` gives
#: headings their ids; :mod:`gkssg.render.md_processors` does its and the inline
#: patterns' work faster, to the same HTML.
EXTENSIONS = ["tables", "footnotes", "attr_list", "toc", "fenced_code", "sane_lists"]
#: The extensions by name, made here: given names, Python-Markdown looks each up among
#: every installed package's entry points (0.05 s of every process that renders).
_EXTENSION_TYPES: dict[str, type[Extension]] = {
    "tables": TableExtension,
    "footnotes": FootnoteExtension,
    "attr_list": AttrListExtension,
    "fenced_code": FencedCodeExtension,
    "sane_lists": SaneListExtension,
}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

#: The libraries that make the HTML, in their installed versions. What gkssg's own code
#: does (extensions, allowed tags) is in ``gkssg.base.hashing.code_fingerprint()``, which every
#: key that holds this holds too.
_LIBRARIES = (markdown.__version__, nh3.__version__)  # type: ignore[attr-defined]
RENDERER_VERSION = hashlib.sha256(repr(_LIBRARIES).encode()).hexdigest()[:12]


def _slugify(value: str, separator: str) -> str:
    """Heading ids that keep Chinese: ``一、适用范围`` → ``一适用范围``."""
    kept = [ch for ch in value.strip().lower() if ch.isalnum() or ch in " -_"]
    return separator.join("".join(kept).split()) or "section"


def markdown_extensions(*, fast: bool = True) -> list[str | Extension]:
    """:data:`EXTENSIONS` as Python-Markdown takes them; ``fast=False`` gives the stock
    processors (the tests compare the two)."""
    heading_ids = HeadingIdExtension if fast else TocExtension
    extensions: list[str | Extension] = [
        heading_ids(permalink=False, slugify=_slugify)
        if name == "toc"
        else (_EXTENSION_TYPES[name]() if fast else name)  # stock: found by name
        for name in EXTENSIONS
    ]
    gates = [PlainTextExtension(), BlockGateExtension(), BraceGateExtension()]
    return [*extensions, *gates] if fast else extensions


class MarkdownRenderer:
    def __init__(self, *, sanitize: bool = True) -> None:
        self._md = markdown.Markdown(extensions=markdown_extensions())
        self._sanitize = sanitize

    def render(self, text: str) -> str:
        self._md.reset()
        html = self._md.convert(text)
        if self._sanitize:
            html = sanitize_html(html)
        return html


def sanitize_html(html: str) -> str:
    """Keep the markup editors use (tables, spans, classes); drop scripts and handlers."""
    return _cleaner().clean(html)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """One configured cleaner: ``nh3.clean`` converts the allow-lists on every call,
    which took half its time."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes={tag: GENERIC_ATTRIBUTES | extra for tag, extra in ALLOWED_ATTRIBUTES.items()}
        | {"*": GENERIC_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_local_sources_only,
    )


def _local_sources_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop an image source on another host: a published page loads nothing from elsewhere."""
    if tag == "img" and attribute == "src" and _REMOTE.match(value):
        return None
    return value


_REMOTE = re.compile(r"\s*([a-z][a-z0-9+.-]*:|[/\\]{2})", re.IGNORECASE)
