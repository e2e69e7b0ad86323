"""The README documents every problem code gkssg can report."""

from __future__ import annotations

import re

from gkssg.base.errors import CODES

from conftest import REPO


def test_readme_lists_every_problem_code_and_no_other() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert listed == set(CODES)
