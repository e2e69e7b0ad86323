"""Which pages a change reaches: compare what each page shows, before and after.

Unchanged items and columns are the very same objects before and after an
update (only re-read files make new ones), so finding what changed is a pass
of identity checks. From the changed items follow the pages that show them:
their own page, their neighbours' (前一篇/后一篇) and related items' pages, the
list pages of their column and its ancestors whose slice of items moved, and
the home page. What every page shows — the configuration, the templates, the
column tree (titles, codes, order) — changing means every page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from gkssg.content.catalog import Catalog
from gkssg.content.model import Column, Item
from gkssg.content.urls import HOME_PAGE
from gkssg.outputs.pages import column_pages, item_page
from gkssg.render.jobs import HomePage, PageJob
from gkssg.render.views import ColumnView, SiteView


@dataclass
class PageChanges:
    """Pages to render (output path → job) and page paths that no longer exist."""

    render: dict[str, PageJob] = field(default_factory=dict)
    remove: set[str] = field(default_factory=set)


def site_wide(old: SiteView, new: SiteView) -> bool:
    """Something every page shows differs (item counts aside, which only lists show)."""
    return _without_counts(old) != _without_counts(new)


def _without_counts(view: SiteView) -> SiteView:
    def strip(column: ColumnView) -> ColumnView:
        children = tuple(strip(child) for child in column.children)
        return dataclasses.replace(column, count=0, children=children)

    return dataclasses.replace(view, columns=tuple(strip(c) for c in view.columns))


def changed_pages(old: Catalog, new: Catalog) -> PageChanges:
    """The pages whose content differs between ``old`` and ``new`` (same site-wide parts)."""
    result = PageChanges()
    columns: set[str] = set()
    for before, after in _changed_items(old, new):
        if before is not None:
            _reached_by(before, old, new, result, columns)
            if after is None or after.output_path != before.output_path:
                result.remove.add(before.output_path)
        if after is not None:
            _reached_by(after, new, new, result, columns)
    for column in new.columns:
        if old.find_column(column.path) is not column:
            columns.add(column.path)  # its own _index.md changed: its list pages,
            for item in new.items_in(column):  # and its items' pages, which receive it
                result.render[item.output_path] = item_page(item)
    for path in columns:
        _list_pages(old, new, path, result)
    if _home_differs(old, new):
        result.render[HOME_PAGE] = HomePage()
    result.remove -= result.render.keys()
    return result


def _changed_items(old: Catalog, new: Catalog) -> list[tuple[Item | None, Item | None]]:
    """(before, after) of each item file whose item is not the same object in both."""
    if len(old.items) == len(new.items):
        # the usual edit: the same files in the same order, a few items new objects
        pairs = [(a, b) for a, b in zip(old.items, new.items, strict=True) if a is not b]
        if all(a.source == b.source for a, b in pairs):
            return list(pairs)
    old_items = {item.source: item for item in old.items}
    new_items = {item.source: item for item in new.items}
    return [
        (old_items.get(source), new_items.get(source))
        for source in sorted(old_items.keys() | new_items.keys())
        if old_items.get(source) is not new_items.get(source)
    ]


def _reached_by(
    item: Item, side: Catalog, new: Catalog, result: PageChanges, columns: set[str]
) -> None:
    """Pages that show ``item`` as ``side`` has it; added to ``result`` as ``new`` has them."""
    shown_on = [item, *side.related(item), *(n for n in side.neighbours(item) if n is not None)]
    for other in shown_on:
        current = new.item(other.index_no.text)
        if current is not None:
            result.render[current.output_path] = item_page(current)
    column = side.find_column(item.column)
    if column is not None:
        columns.update(c.path for c in side.ancestors(column))


def _list_pages(old: Catalog, new: Catalog, path: str, result: PageChanges) -> None:
    """The list pages of one column whose items, pager or child columns changed."""
    before, after = old.find_column(path), new.find_column(path)
    old_pages = column_pages(old, before) if before is not None else {}
    new_pages = column_pages(new, after) if after is not None else {}
    result.remove.update(old_pages.keys() - new_pages.keys())
    if after is None:
        return
    if (
        before is not after
        or len(old_pages) != len(new_pages)
        or _child_counts(old, before) != _child_counts(new, after)
    ):
        result.render.update(new_pages)
        return
    old_listed, new_listed = old.listed_in(before), new.listed_in(after)
    size = after.per_page
    for number, (page_path, job) in enumerate(new_pages.items(), start=1):
        start = (number - 1) * size
        if old_listed[start : start + size] != new_listed[start : start + size]:
            result.render[page_path] = job


def _child_counts(catalog: Catalog, column: Column | None) -> tuple[int, ...]:
    if column is None:
        return ()
    return tuple(len(catalog.listed_in(child)) for child in catalog.children(column))


def _home_differs(old: Catalog, new: Catalog) -> bool:
    shown = new.config.home_items
    return (
        len(old.items) != len(new.items)
        or old.items[:shown] != new.items[:shown]
        or _counts(old, old.columns) != _counts(new, new.columns)
    )


def _counts(catalog: Catalog, columns: Iterable[Column]) -> tuple[tuple[str, int], ...]:
    return tuple((column.path, len(catalog.listed_in(column))) for column in columns)
