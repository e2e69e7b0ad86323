"""The preview's sources in memory: what they assemble after an edit equals a fresh read.

An edit that keeps every item's place (same column, date and 索引号, no 相关信息)
swaps the re-read item into the last catalog instead of checking and sorting
every item again; any other change assembles from scratch. Either way the site
must be the one a fresh read of the files gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gkssg.base.errors import Problems
from gkssg.content.catalog import Catalog
from gkssg.content.site import load_site
from gkssg.serve.changes import classify
from gkssg.serve.sources import SiteSources

from support.sample import ITEM, PLAIN, copy_sample

Edit = Callable[[Path], str]  # changes a file, returns its path


def _edit(path: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> str:
        file = root / path
        text = file.read_text("utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), "utf-8")
        return path

    return edit


PLAIN_BODY = _edit(PLAIN, "各市劳动和社会保障局", "各市人力资源和社会保障局")
PLAIN_TITLE = _edit(PLAIN, "title: 关于做好2008年国庆节", "title: 关于做好国庆节")
RELATED = "related: [00298196X/2008-00010]"
# (edit, whether the last catalog is kept with the item swapped in)
EDITS: dict[str, tuple[Edit, bool]] = {
    "body": (PLAIN_BODY, True),
    "title": (PLAIN_TITLE, True),
    "date": (_edit(PLAIN, "published: 2008-09-27", "published: 2008-09-28"), False),
    "time": (_edit(PLAIN, "published: 2008-09-27", "published: 2008-09-27 09:30"), False),
    "slug": (_edit(PLAIN, "genre: 通知", "genre: 通知\nslug: guoqing"), False),
    "draft": (_edit(PLAIN, "genre: 通知", "genre: 通知\ndraft: true"), False),
    "related_added": (_edit(PLAIN, "genre: 通知", f"genre: 通知\n{RELATED}"), False),
    "related_item_body": (_edit(ITEM, "\n---\n", "\n---\n\n新加的一段正文。\n"), False),
    "duplicate_index_no": (_edit(PLAIN, "2008-00041", "2008-00010"), False),
    "broken_yaml": (_edit(PLAIN, "genre: 通知", "genre: [通知"), False),
}


def _state(catalog: Catalog) -> dict[str, Any]:
    return {f.name: getattr(catalog, f.name) for f in dataclasses.fields(catalog)}


def _count_assemblies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each call of the real Catalog.assemble."""
    calls: list[str] = []
    real = Catalog.assemble.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Catalog], *args: Any) -> Catalog:
        calls.append("assembled")
        return real(cls, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(Catalog, "assemble", classmethod(counted))
    return calls


def _apply_and_compare(root: Path, sources: SiteSources, edit: Edit, calls: list[str]) -> bool:
    """Make the edit, re-read it, assemble; the result equals a fresh read. True when
    the catalog was assembled from scratch."""
    calls.clear()
    sources.apply(classify([edit(root)], sources.files, root))
    site, problems = sources.assemble()
    assembled = bool(calls)
    fresh = SiteSources(root)
    fresh.load_all()
    fresh_site, fresh_problems = fresh.assemble()
    assert [p.format() for p in problems] == [p.format() for p in fresh_problems]
    assert (site is None) == (fresh_site is None)
    if site is not None and fresh_site is not None:
        assert site.content.items == fresh_site.content.items
        assert _state(site.catalog) == _state(fresh_site.catalog)
    return assembled


def _loaded(root: Path) -> SiteSources:
    sources = SiteSources(root)
    sources.load_all()
    site, problems = sources.assemble()
    assert site is not None and not problems.has_errors
    return sources


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_assembles_the_site_a_fresh_read_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    root = copy_sample(tmp_path / "site")
    sources = _loaded(root)
    edit, kept = EDITS[name]
    calls = _count_assemblies(monkeypatch)
    assert _apply_and_compare(root, sources, edit, calls) is not kept


def test_edits_in_a_row_and_a_fix_stay_equal_to_a_fresh_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample(tmp_path / "site")
    sources = _loaded(root)
    calls = _count_assemblies(monkeypatch)
    steps = [
        (PLAIN_BODY, False),  # swapped in
        (PLAIN_TITLE, False),  # swapped into the catalog that was itself swapped
        (_edit(PLAIN, "genre: 通知", "genre: [通知"), True),  # an error: the item goes
        (_edit(PLAIN, "genre: [通知", "genre: 通知"), True),  # fixed: the item comes back
        (_edit(PLAIN, "人力资源和社会保障局", "劳动保障局"), False),
        (_edit(PLAIN, "2008-00041", "2008-00010"), True),  # a duplicate 索引号: an error
        (_edit(PLAIN, "2008-00010", "2008-00041"), True),  # found last time: check again
        (_edit(PLAIN, "各单位值班表", "各单位的值班表"), False),
    ]
    for number, (edit, assembled) in enumerate(steps):
        assert _apply_and_compare(root, sources, edit, calls) is assembled, number


def test_the_preview_reports_personal_data_where_the_build_does(tmp_path: Path) -> None:
    """In a column's ``_index.md`` and in an item, read at start and read again after
    an edit: the preview lists the PRIVACY problems `gkssg check` lists."""
    root = copy_sample(tmp_path / "site")
    sources = _loaded(root)
    column, item = "content/catalog/_index.md", PLAIN
    id_number = "340104199003071235"  # GB 11643 check digit 5

    def privacy(problems: Problems) -> list[str]:
        return sorted(p.format() for p in problems if p.code == "PRIVACY")

    def checked() -> list[str]:
        problems = Problems()
        load_site(root, problems)
        return privacy(problems)

    for path in (column, item):
        with (root / path).open("a", encoding="utf-8") as file:
            file.write(f"\n联系人身份证号{id_number}。\n")
        sources.apply(classify([path], sources.files, root))
        _, problems = sources.assemble()
        assert privacy(problems) == checked()
    assert {p.split(":")[0] for p in checked()} == {column, item}
    restarted = SiteSources(root)
    restarted.load_all()
    assert privacy(restarted.assemble()[1]) == checked()
