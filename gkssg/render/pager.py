"""The pager of a column's list pages: where a page sits among them, and which
page numbers it links to.

A column listing every item of a large site has hundreds of list pages. Each
page used to carry a link to every other page, of which the default theme shows
about a dozen: at 10,000 items that made 250,000 links (and their URLs) for the
500 pages of one column. :attr:`Pager.window` holds the links a page shows;
:attr:`Pager.pages`, every page's link for a site's own layout, is made only
when that layout reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from gkssg.render.views import Link

#: page numbers shown on either side of the current one (then …, then the first or last)
NEAR = 3


@dataclass(frozen=True)
class PageNumber:
    """A link in a pager's window; ``current`` for the page it is on."""

    number: int
    url: str
    current: bool


class PageLinks(Sequence[Link]):
    """Every list page's link (title: its number as text), made when read."""

    def __init__(self, total: int, url: Callable[[int], str]) -> None:
        self._total = total
        self._url = url

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Link: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Link, ...]: ...

    def __getitem__(self, index: int | slice) -> Link | tuple[Link, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._total)))
        if index < 0:
            index += self._total
        if not 0 <= index < self._total:
            raise IndexError(index)
        return Link(str(index + 1), self._url(index + 1))

    def __iter__(self) -> Iterator[Link]:
        return (self[i] for i in range(self._total))


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    previous_url: str
    next_url: str
    #: the first and last pages and those within NEAR of this one, in order; None
    #: stands for the pages left out just beyond them (shown as …)
    window: tuple[PageNumber | None, ...]
    pages: Sequence[Link]  # every page, for layouts that list them all


def make_pager(number: int, total: int, url: Callable[[int], str]) -> Pager:
    """The pager of list page ``number`` of ``total``; ``url(n)`` is page n's URL."""
    return Pager(
        number=number,
        total=total,
        previous_url=url(number - 1) if number > 1 else "",
        next_url=url(number + 1) if number < total else "",
        window=tuple(
            None if shown is None else PageNumber(shown, url(shown), shown == number)
            for shown in window_numbers(number, total)
        ),
        pages=PageLinks(total, url),
    )


def window_numbers(number: int, total: int) -> list[int | None]:
    """The page numbers :attr:`Pager.window` links to, None for a gap."""
    near = range(max(1, number - NEAR), min(total, number + NEAR) + 1)
    linked = sorted({1, total, *near})
    gaps = {n for n in (number - NEAR - 1, number + NEAR + 1) if 1 < n < total}
    return [None if n in gaps else n for n in sorted({*linked, *gaps})]
