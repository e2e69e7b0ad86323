"""Substring recall through a site's own search page, in Chromium.

For every item, fragments are cut at random offsets from its title and from the text of
its body as the page shows it (never across whitespace or a block of the page); each is
asked of the search page's own code (``window.gkssgSearch`` in ``search.js``: the same
words, filters and union as a visitor's query) and the item must be among the pages
found. Used by tests/browser/test_search_recall.py and bench/search_recall.py.

A search page without that code (a build before substring search) is asked through
Pagefind's own word search instead, as its Pagefind UI did: the "before" figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

BLOCKS = {
    "p", "li", "ul", "ol", "div", "table", "tr", "td", "th", "br", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "pre", "section", "figure", "caption", "hr", "dd", "dt",
}  # fmt: skip


@dataclass(frozen=True)
class Probe:
    url: str  # the item page, as Pagefind has it ("/catalog/….html")
    query: str
    part: str  # "title" or "body"


class _Prose(HTMLParser):
    """The text of the first ``<div class="prose">``, a line break at each block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag != "br"
            if tag in BLOCKS:
                self.parts.append("\n")
        elif tag == "div" and ("class", "prose") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag != "br":
            self.depth -= 1
            if tag in BLOCKS:
                self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def body_text(page: str) -> str:
    parser = _Prose()
    parser.feed(page)
    return "".join(parser.parts)


def cut(text: str, shortest: int, longest: int, rng: random.Random) -> str | None:
    """A run of ``shortest``–``longest`` characters at a random offset of a random
    whitespace-free piece of ``text``; None when no piece is long enough."""
    pieces = [piece for piece in text.split() if len(piece) >= shortest]
    if not pieces:
        return None
    piece = rng.choice(pieces)
    length = rng.randint(shortest, min(longest, len(piece)))
    start = rng.randint(0, len(piece) - length)
    return piece[start : start + length]


def probes(items: list[tuple[str, str, str]], seed: int, each: int = 3) -> list[Probe]:
    """``each`` title fragments (2–8 characters) and body fragments (4–8) of every item
    ``(url, title, body text)``."""
    rng = random.Random(seed)
    found = []
    for url, title, body in items:
        for part, text, shortest in (("title", title, 2), ("body", body, 4)):
            for _ in range(each):
                query = cut(text, shortest, 8, rng)
                if query is not None:
                    found.append(Probe(url, query, part))
    return found


def item_texts(output: Path, pages: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``(url, title, body text)`` of each item ``(url, title, output path)``."""
    return [
        (url, title, body_text((output / path).read_text(encoding="utf-8")))
        for url, title, path in pages
    ]


_ASK = """async ([probes, words]) => {
    const own = window.gkssgSearch;
    const api = own ? await own.pagefind() : await (async () => {
        const root = document.querySelector("[data-bundle]");
        const api = await import(root.dataset.bundle + "pagefind.js");
        await api.options({ baseUrl: root.dataset.base });
        for (const path of (root.dataset.merge || "").split(" ").filter(Boolean)) {
            await api.mergeIndex(path, { baseUrl: root.dataset.base });
        }
        return api;
    })();
    const all = await api.search(null, { sort: { date: "desc" } });
    const urlOf = new Map(), textOf = new Map();
    await Promise.all(all.results.map(async (r) => {
        const data = await r.data();
        urlOf.set(r.id, data.url);
        const text = data.content.split("gkssgpairs")[0];
        textOf.set(r.id, text.normalize("NFKC").toLowerCase().replace(/\\s+/g, ""));
    }));
    const plain = async (q) => (await api.search(q)).results.map((r) => r.id);
    /* by date: the same pages as by relevance, most often by one search instead of two */
    const ask = own ? (q) => own.find("?sort=date&q=" + encodeURIComponent(q), false) : plain;
    const found = [];
    for (let at = 0; at < probes.length; at += 4) {  /* a few at once: the worker stays busy */
        const asked = await Promise.all(probes.slice(at, at + 4).map(ask));
        for (const ids of asked) found.push(ids.map((id) => urlOf.get(id)));
    }
    /* what Pagefind's word search finds of a page holding every word of the query (as
       its search splits it): Pagefind also finds pages holding only the beginning of a
       word (工 of 农民工 for 工资), which no one misses */
    const splitter = new Intl.Segmenter("zh", { granularity: "word" });
    const compared = [];
    for (const word of words) {
        const parts = Array.from(splitter.segment(word.normalize("NFKC").toLowerCase()))
            .filter((part) => part.isWordLike).map((part) => part.segment);
        const holding = (await plain(word))
            .filter((id) => parts.every((part) => textOf.get(id).includes(part)));
        compared.push([holding.map((id) => urlOf.get(id)),
                       (await ask(word)).map((id) => urlOf.get(id))]);
    }
    return { found, compared, own: Boolean(own) };
}"""


@dataclass(frozen=True)
class Recall:
    misses: list[Probe]
    asked: list[Probe]
    lost: list[tuple[str, set[str]]]  # each whole word, and the pages holding its words that
    # Pagefind's word search found and the page's search did not
    own: bool  # the page's own search (False: Pagefind's word search, a build before)

    def rate(self, part: str) -> float:
        asked = [probe for probe in self.asked if probe.part == part]
        missed = [probe for probe in self.misses if probe.part == part]
        return 1 - len(missed) / len(asked) if asked else 1.0


def ask(page: Any, base: str, asked: list[Probe], words: list[str]) -> Recall:
    """Ask the search page at ``base`` every probe, and each whole word both ways."""
    page.goto(f"{base}search/?q={quote(NOTHING)}")
    page.wait_for_function("() => document.querySelector('[data-bundle]')")
    answer = page.evaluate(_ASK, [[probe.query for probe in asked], words])
    found = zip(asked, answer["found"], strict=True)
    misses = [probe for probe, urls in found if probe.url not in urls]
    lost = [
        (word, set(before) - set(after))
        for word, (before, after) in zip(words, answer["compared"], strict=True)
    ]
    return Recall(misses, asked, lost, answer["own"])


NOTHING = "量子隧穿薛定谔"
