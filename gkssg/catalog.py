"""The catalog: the column tree and the published items, indexed the ways pages need.

Built once per build from :class:`~gkssg.content.SiteContent` after validation;
every lookup a template or output step needs is a dictionary read here, so no
page does work that grows with items × columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from gkssg.config import SiteConfig
from gkssg.model import Column, Item


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
        children: dict[str | None, list[Column]] = defaultdict(list)
        for column in by_path.values():
            parent = column.parent_path if column.parent_path in by_path else None
            children[parent].append(column)
        ordered_children = {
            key: tuple(sorted(value, key=lambda c: c.sort_key)) for key, value in children.items()
        }
        tree: list[Column] = []

        def walk(parent: str | None) -> None:
            for child in ordered_children.get(parent, ()):
                tree.append(child)
                walk(child.path)

        walk(None)
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
        position = {}
        for column_items in own.values():
            for index, item in enumerate(column_items):
                position[item.index_no.text] = index
        return cls(
            config=config,
            columns=tuple(tree),
            items=newest_first,
            _by_path=by_path,
            _children=ordered_children,
            _own_items={k: tuple(v) for k, v in own.items()},
            _subtree_items={k: tuple(v) for k, v in subtree.items()},
            _by_index_no=by_index_no,
            _related={
                k: tuple(sorted(v, key=lambda i: i.sort_key, reverse=True))
                for k, v in related.items()
            },
            _position=position,
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
        chain = [column]
        while (parent := chain[-1].parent_path) is not None and parent in self._by_path:
            chain.append(self._by_path[parent])
        return chain[::-1]

    # -- items ------------------------------------------------------------------

    def items_in(self, column: Column) -> tuple[Item, ...]:
        """The column's own items, newest first."""
        return self._own_items.get(column.path, ())

    def listed_in(self, column: Column) -> tuple[Item, ...]:
        """Items a column's list pages show: its own and its descendants', newest first."""
        return self._subtree_items.get(column.path, ())

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
