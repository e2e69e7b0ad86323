"""Where pages are rendered: in the build's own process while nearly all are linked
unchanged from the previous output, on every core once many have to be rendered.

After an edit the few pages to render cost less than forking workers, and the core
left free runs Pagefind; a change that re-renders the site must still use every core.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import gkssg.rendering as rendering
from gkssg.build import BuildOptions, build

from support.sites import SITE_YAML, SiteFiles, default_item


def _handed_to_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of pages each build gives to the workers (to forked processes when
    there are enough of them: gkssg.parallel)."""
    handed: list[int] = []
    hand = rendering.map_in_workers

    def recorded(function: Any, state: Any, values: Sequence[Any], **kwargs: Any) -> Any:
        handed.append(len(values))
        return hand(function, state, values, **kwargs)

    monkeypatch.setattr(rendering, "map_in_workers", recorded)
    monkeypatch.setattr(rendering, "CHUNK", 4)
    monkeypatch.setattr(rendering, "RENDERED_IN_PROCESS", 10)
    return handed


def _site(root: Path) -> SiteFiles:
    files = SiteFiles(root)
    for seq in range(1, 21):
        files.with_item(f"catalog/regulations/item{seq:03d}.md", **default_item(seq))
    return files


def _pages(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*.html"))
        if "pagefind" not in path.parts
    }


def test_an_edit_renders_in_the_builds_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed = _handed_to_workers(monkeypatch)
    files = _site(tmp_path)
    files.write()
    options = BuildOptions(jobs=2, search=False)
    first = build(tmp_path, options)
    assert handed == [first.pages]  # nothing to link: every page to the workers

    files.with_item("catalog/regulations/item007.md", "改过的正文。\n", **default_item(7)).write()
    build(tmp_path, options)
    assert handed[1:] == [0]  # the edited page and its lists, here

    clean = tmp_path / "clean"
    build(tmp_path, BuildOptions(jobs=2, search=False, out=clean))
    assert _pages(tmp_path / "output") == _pages(clean)


def test_a_change_to_every_page_goes_to_the_workers_after_a_few(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed = _handed_to_workers(monkeypatch)
    files = _site(tmp_path)
    files.write()
    options = BuildOptions(jobs=2, search=False)
    first = build(tmp_path, options)

    files.config = SITE_YAML.replace("测试厅政府信息公开", "测试厅政府信息公开网", 1)
    files.write()  # the site's title is on every page
    build(tmp_path, options)
    assert handed[1:] == [first.pages - 12]  # 3 pieces of 4 here: 12 pages rendered > 10
