"""The repository's sample site (site.yaml, content/, data/): a fresh copy, and items by path."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

REGULATIONS = "content/catalog/regulations"
ITEM = f"{REGULATIONS}/关于调整全省失业保险金标准的通知.md"  # named by a 政策解读
#: An item nothing relates to: its edits in place keep the catalog and swap the item in.
PLAIN = f"{REGULATIONS}/关于做好2008年国庆节期间劳动保障维权工作的通知.md"


def copy_sample(target: Path) -> Path:
    """A copy of the sample site's sources in ``target`` (created), not built."""
    target.mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", target / "site.yaml")
    shutil.copytree(REPO / "content", target / "content")
    if (REPO / "data").is_dir():
        shutil.copytree(REPO / "data", target / "data")
    return target
