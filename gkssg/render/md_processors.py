"""Python-Markdown's processors, given the stock HTML with less work.

A disclosure item is mostly plain Chinese prose. Python-Markdown tries each of
its inline patterns (fifteen, with the footnotes extension) on every
paragraph, list item and table cell, and the ``toc`` extension renders a table
of contents (serialising every heading twice) that no page shows. Skipping
that work where it cannot change the result takes about 40 % off the Markdown
time of a cold build. Likewise each block of text is offered to a dozen block
processors, most of which search all of it with a regular expression for
markup (``#``, ``>``, ``|`` …) the block does not contain; a block without it
is passed over without the search. ``tests/unit/render/test_md_processors.py`` compares the
output with the stock processors' on every kind of markup, on random
documents and on the sample site.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import (
    TocExtension,
    TocTreeprocessor,
    remove_fnrefs,
    render_inner_html,
    strip_tags,
    unique,
)
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor

#: The inline patterns that ``gkssg.render.markdown.EXTENSIONS`` register, and a search that
#: finds every place one of them could start: a backtick or backslash (code,
#: escapes), ``[`` (links, images, references, footnotes), ``<`` (autolinks,
#: inline HTML), ``&`` (entities), ``*`` and ``_`` (emphasis) and two spaces
#: before a line break. Text without any of these is left as it is.
GATED_PATTERNS = frozenset(
    {
        "backtick",
        "escape",
        "footnote",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "em_strong",
    }
)
_MAY_MATCH = re.compile(r"[`\\\[<&*_]|  \n")

#: What the serialiser, the unescaping and the post-processors would change in a
#: heading's text: markup, entities and Python-Markdown's placeholders.
_NOT_PLAIN = re.compile("[&<>\x02\x03]")


class GatedInlineProcessor(InlineProcessor):
    """The stock inline processor, which returns text that no pattern can match at once.

    Python-Markdown has no public hook for this; the override is of the
    (name-mangled) method that applies the patterns to one text. Were it renamed
    in a later version, the stock method would run and the output would not
    change; a test notices that the gate is no longer taken. The gate is only
    used while the registered patterns are the ones it was written for.
    """

    _gated = False  # set for each document by run()

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        patterns = self.md.inlinePatterns
        self._gated = len(patterns) == len(GATED_PATTERNS) and all(
            name in patterns for name in GATED_PATTERNS
        )
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self._gated and not _MAY_MATCH.search(data):
            return data
        handle = super()._InlineProcessor__handleInline  # type: ignore[misc]
        return handle(data, patternIndex)  # type: ignore[no-any-return]


class PlainTextExtension(Extension):
    """Registers :class:`GatedInlineProcessor` in the stock inline processor's place."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(GatedInlineProcessor(md), "inline", 20)


#: For the block processors that search a whole block, by name: their stock type, and
#: strings of which every block they take holds one (a table's first row has a pipe,
#: a setext heading's second line starts with = or -, a rule is made of -, _ or *; a
#: footnote's or a link's definition has ``[^`` or ``]:``). Their ``test`` is asked
#: only of blocks that hold one; for the other blocks it would say no.
BLOCK_GATES: dict[str, tuple[type[BlockProcessor], tuple[str, ...]]] = {
    "table": (TableProcessor, ("|",)),
    "hashheader": (HashHeaderProcessor, ("#",)),
    "setextheader": (SetextHeaderProcessor, ("\n=", "\n-")),
    "hr": (HRProcessor, ("-", "_", "*")),
    "quote": (BlockQuoteProcessor, (">",)),
    "footnote": (FootnoteBlockProcessor, ("[^",)),
    "reference": (ReferenceProcessor, ("]:",)),
}


class BlockGateExtension(Extension):
    """Gates the ``test`` of each block processor of :data:`BLOCK_GATES` that is the
    stock one (another extension's processor of the same name is left alone).

    ``footnote`` and ``reference`` accept every block and give it back from ``run``
    when it holds no definition: gated, they are not asked. ``table`` and ``hr``
    keep state from ``test`` for ``run``, which runs only after a ``test`` that
    said yes, so a block passed over changes nothing.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        processors = md.parser.blockprocessors
        for name, (stock, needles) in BLOCK_GATES.items():
            if name in processors and type(processors[name]) is stock:
                processor = processors[name]
                processor.test = _gated(processor.test, needles)  # type: ignore[method-assign,assignment]


def _gated(
    test: Callable[[etree.Element, str], bool], needles: tuple[str, ...]
) -> Callable[[etree.Element, str], bool]:
    def gated(parent: etree.Element, block: str) -> bool:
        return any(needle in block for needle in needles) and test(parent, block)

    return gated


class BraceGateExtension(Extension):
    """Puts :class:`BraceGatedAttrList` in the stock ``attr_list`` processor's place (another
    extension's processor of that name is left alone)."""

    def extendMarkdown(self, md: Markdown) -> None:
        tree = md.treeprocessors
        if "attr_list" in tree and type(tree["attr_list"]) is AttrListTreeprocessor:
            braces = BraceFinder(md)
            md.preprocessors.register(braces, "gkssg_braces", 1)  # the last: sees their lines
            tree.register(BraceGatedAttrList(md, braces), "attr_list", 8)  # attr_list's priority


class BraceFinder(Preprocessor):
    """Notes whether the lines the other preprocessors leave hold a ``{``; changes none.

    Every element's text comes from these lines: what the preprocessors set aside
    (raw HTML, fenced code) is not text ``attr_list`` looks at.
    """

    found = True

    def run(self, lines: list[str]) -> list[str]:
        self.found = any("{" in line for line in lines)
        return lines


class BraceGatedAttrList(AttrListTreeprocessor):
    """``attr_list``'s processor, which walks every element of every document for the
    ``{`` its lists start with: a document without one is left as it is."""

    def __init__(self, md: Markdown, braces: BraceFinder) -> None:
        super().__init__(md)
        self._braces = braces

    def run(self, doc: etree.Element) -> None:
        if self._braces.found:
            super().run(doc)


class HeadingIdProcessor(TocTreeprocessor):
    """The ``toc`` extension's heading ids, without the table of contents it also builds.

    A document with the ``[TOC]`` marker gets the full processor. Otherwise each
    heading gets the id ``toc`` would give it: from its text when that is plain,
    else from its rendered inner HTML, exactly as ``toc`` does.
    """

    def run(self, doc: etree.Element) -> None:
        if self._needs_toc(doc):
            super().run(doc)
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for el in doc.iter():
            if not (isinstance(el.tag, str) and self.header_rgx.match(el.tag)):
                continue
            self.set_level(el)
            if "id" not in el.attrib:
                name = html.unescape(self._name(el))
                el.attrib["id"] = unique(self.slugify(name, self.sep), used_ids, counters)
            el.attrib.pop("data-toc-label", None)

    def _needs_toc(self, doc: etree.Element) -> bool:
        """A ``[TOC]`` to replace, or anchors and permalinks to add: ``toc``'s own work."""
        if self.use_anchors or self.use_permalinks:
            return True
        return bool(self.marker) and any(self.marker in (el.text or "") for el in doc.iter())

    def _name(self, heading: etree.Element) -> str:
        text = heading.text or ""
        if len(heading) == 0 and not _NOT_PLAIN.search(text):
            return " ".join(text.split())
        return strip_tags(render_inner_html(remove_fnrefs(heading), self.md))


class HeadingIdExtension(TocExtension):
    """``toc`` with :class:`HeadingIdProcessor` (its documented ``TreeProcessorClass`` hook)."""

    TreeProcessorClass = HeadingIdProcessor
