"""The catalog: the column tree and the published items, indexed the ways pages need.

Built once per build from :class:`~gkssg.content.reading.SiteContent` after validation;
every lookup a template or output step needs is a dictionary read here, so no
page does work that grows with items × columns.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from gkssg.content.config import SiteConfig
from gkssg.content.model import Column, Item


@dataclass(frozen=True)
class Catalog:
    config: SiteConfig
    columns: tuple[Column, ...]  # in tree order (depth first, siblings by order/code)
    items: tuple[Item, ...]  # published items, newest first
    _by_path: dict[str, Column] = field(repr=False)
    _children: dict[str | None, tuple[Column, ...]] = field(repr=False)
    _own_items: dict[str, tuple[Item, ...]] = field(repr=False)
    _subtree_items: dict[str, tuple[Item, ...]] = field(repr=False)
    _by_index_no: dict[str, Item] = field(repr=False)
    _related: dict[str, tuple[Item, ...]] = field(repr=False)
    _position: dict[str, int] = field(repr=False)

    @classmethod
    def assemble(
        cls, config: SiteConfig, columns: Iterable[Column], items: Iterable[Item]
    ) -> Catalog:
        by_path = {column.path: column for column in columns}
        ordered_children = _children_by_parent(by_path)
        newest_first = tuple(
            sorted((i for i in items if i.column in by_path), key=_publication, reverse=True)
        )
        # each column with its ancestors, found once: an item is listed in all of them
        lineage = {
            path: tuple(c.path for c in _lineage(column, by_path))
            for path, column in by_path.items()
        }
        own: dict[str, list[Item]] = defaultdict(list)
        subtree: dict[str, list[Item]] = defaultdict(list)
        for item in newest_first:
            own[item.column].append(item)
            for path in lineage[item.column]:
                subtree[path].append(item)
        by_index_no = {item.index_no.text: item for item in newest_first}
        return cls(
            config=config,
            columns=_tree_order(ordered_children),
            items=newest_first,
            _by_path=by_path,
            _children=ordered_children,
            _own_items={k: tuple(v) for k, v in own.items()},
            _subtree_items={k: tuple(v) for k, v in subtree.items()},
            _by_index_no=by_index_no,
            _related=_related_both_ways(newest_first, by_index_no),
            _position={
                item.index_no.text: index
                for column_items in own.values()
                for index, item in enumerate(column_items)
            },
        )

    def substituted(self, pairs: Sequence[tuple[Item, Item]]) -> Catalog | None:
        """This catalog with each ``(old, new)`` item pair's ``old`` replaced by ``new``.

        Only for pairs that keep the item's place: the same column, publication
        time and 索引号, and no 相关信息 either way. Then the catalog that
        :meth:`assemble` would make differs from this one by those objects only,
        and they are swapped in place of being sorted and grouped again: an edit
        in `gkssg serve` costs a few copies instead of a pass over every item.
        None when a pair moves or relates: assemble the catalog again.
        """
        items, own = self.items, dict(self._own_items)
        subtree, by_index_no = dict(self._subtree_items), dict(self._by_index_no)
        for old, new in pairs:
            if (
                old.column != new.column
                or _publication(old) != _publication(new)
                or old.related
                or new.related
                or old.index_no.text in self._related
            ):
                return None
            column = self._by_path.get(old.column)
            if column is None:
                continue  # in no column: in no list either
            swapped = _swap(items, old, new)
            if swapped is None:
                return None
            items = swapped
            for path, target in (
                (column.path, own),
                *((c.path, subtree) for c in _lineage(column, self._by_path)),
            ):
                swapped = _swap(target[path], old, new)
                if swapped is None:
                    return None
                target[path] = swapped
            if by_index_no.get(old.index_no.text) is old:
                by_index_no[old.index_no.text] = new
        return dataclasses.replace(
            self, items=items, _own_items=own, _subtree_items=subtree, _by_index_no=by_index_no
        )

    # -- columns ----------------------------------------------------------------

    def column(self, path: str) -> Column:
        return self._by_path[path]

    def find_column(self, path: str) -> Column | None:
        return self._by_path.get(path)

    def children(self, column: Column | None) -> tuple[Column, ...]:
        return self._children.get(column.path if column else None, ())

    def ancestors(self, column: Column) -> list[Column]:
        """From the top-level column down to ``column`` itself."""
        return _lineage(column, self._by_path)[::-1]

    # -- items ------------------------------------------------------------------

    def items_in(self, column: Column) -> tuple[Item, ...]:
        """The column's own items, newest first."""
        return self._own_items.get(column.path, ())

    def listed_in(self, column: Column) -> tuple[Item, ...]:
        """Items a column's list pages show: its own and its descendants', newest first."""
        return self._subtree_items.get(column.path, ())

    def list_pages(self, column: Column) -> int:
        """How many list pages ``column`` has: one at least, one in all for a page layout."""
        if column.layout == "page":
            return 1
        return max(1, math.ceil(len(self.listed_in(column)) / column.per_page))

    def item(self, index_no: str) -> Item | None:
        return self._by_index_no.get(index_no)

    def related(self, item: Item) -> tuple[Item, ...]:
        """Items ``item`` names in 相关信息 and items that name it."""
        return self._related.get(item.index_no.text, ())

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """(previous, next) within the item's column: the older and the newer one."""
        siblings = self._own_items.get(item.column, ())
        index = self._position[item.index_no.text]
        older = siblings[index + 1] if index + 1 < len(siblings) else None
        newer = siblings[index - 1] if index > 0 else None
        return older, newer


#: :attr:`Item.sort_key` read in C: the catalog sorts every item on every save in `gkssg serve`.
_publication = attrgetter("published", "index_no.text")


def _lineage(column: Column, by_path: dict[str, Column]) -> list[Column]:
    """``column`` and its ancestors that are columns."""
    chain = [column]
    while (parent := chain[-1].parent_path) is not None and parent in by_path:
        chain.append(by_path[parent])
    return chain


def _children_by_parent(by_path: dict[str, Column]) -> dict[str | None, tuple[Column, ...]]:
    """Each column's children in their order (None: the top-level columns)."""
    children: dict[str | None, list[Column]] = defaultdict(list)
    for column in by_path.values():
        parent = column.parent_path if column.parent_path in by_path else None
        children[parent].append(column)
    return {key: tuple(sorted(value, key=lambda c: c.sort_key)) for key, value in children.items()}


def _tree_order(children: dict[str | None, tuple[Column, ...]]) -> tuple[Column, ...]:
    """Every column, depth first: each followed by its descendants."""
    tree: list[Column] = []

    def walk(parent: str | None) -> None:
        for child in children.get(parent, ()):
            tree.append(child)
            walk(child.path)

    walk(None)
    return tuple(tree)


def _related_both_ways(
    newest_first: tuple[Item, ...], by_index_no: dict[str, Item]
) -> dict[str, tuple[Item, ...]]:
    """Each item's 相关信息: the items it names and the items that name it, newest first."""
    related: dict[str, list[Item]] = defaultdict(list)
    for item in newest_first:
        for number in item.related:
            target = by_index_no.get(number)
            if target is None or target is item:
                continue
            if target not in related[item.index_no.text]:
                related[item.index_no.text].append(target)
            if item not in related[number]:
                related[number].append(item)
    return {k: tuple(sorted(v, key=lambda i: i.sort_key, reverse=True)) for k, v in related.items()}


def _swap(items: tuple[Item, ...], old: Item, new: Item) -> tuple[Item, ...] | None:
    """``items`` (newest first) with ``old`` replaced by ``new``; None if ``old`` is absent."""
    key = _publication(old)
    low, high = 0, len(items)
    while low < high:  # the first item not newer than ``old``
        middle = (low + high) // 2
        if _publication(items[middle]) > key:
            low = middle + 1
        else:
            high = middle
    for index in range(low, len(items)):  # items of the same key (duplicate 索引号) in turn
        if items[index] is old:
            return (*items[:index], new, *items[index + 1 :])
        if _publication(items[index]) != key:
            break
    return None
