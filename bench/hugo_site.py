"""The benchmark corpus as a Hugo site, with templates equivalent to gkssg's pages.

Item pages with a metadata table, per-column lists of 20 per page, a home
page with the column tree and the newest items, one site feed — the same
work gkssg does, so the two can be timed side by side. The templates and the
configuration are in ``hugo-layouts/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "hugo-layouts"


def write_hugo(
    items: list[tuple[Any, int]], columns: list[tuple[str, str, str, str, int]], out: Path
) -> None:
    """Write ``items`` (with their sequence numbers, see ``corpus.numbered``) as a Hugo site."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(TEMPLATES, out / "layouts", ignore=shutil.ignore_patterns("hugo.toml"))
    shutil.copy(TEMPLATES / "hugo.toml", out / "hugo.toml")
    for folder, _code, title, _layout, _ in columns:
        path = out / "content" / folder / "_index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\n---\n", "utf-8")
    for item, seq in items:
        year = item.published.year
        front = (
            f"---\ntitle: {item.title}\ndate: {item.published:%Y-%m-%dT%H:%M:00+08:00}\n"
            f'index_no: "00298196X/{year}-{seq:05d}"\n'
            f"doc_no: {item.doc_no}\ntopic: {item.topic}\n"
            f"slug: {year}-{seq:05d}\n---\n"
        )
        (out / "content" / item.column / item.name).write_text(front + item.body, "utf-8")
