"""The documentation says what the code does: the configuration reference is generated
from the schema declarations, the problem-code table lists every code, the README's
item is a valid item, and every link and path the documents name exists."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from gkssg.base.errors import CODES

from conftest import REPO

GENERATOR = REPO / "scripts" / "config_reference.py"
DOCUMENTS = sorted([REPO / "README.md", REPO / "bench" / "README.md", *REPO.glob("docs/*.md")])


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    """scripts/config_reference.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("config_reference", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# -- the configuration reference ----------------------------------------------------


def test_the_configuration_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def rows(text: str) -> set[str]:
    """The keys of every table row, e.g. ``title`` or ``review.by``."""
    return set(re.findall(r"^\| `([\w.]+)` \|", text, flags=re.MULTILINE))


def test_every_declared_key_has_a_row_nested_mappings_included(reference: ModuleType) -> None:
    text = reference.render_reference()
    expected = set()
    for fields in (reference.SITE_FIELDS, reference.COLUMN_FIELDS, reference.ITEM_FIELDS):
        for field in fields:
            expected.add(field.name)
            for inner in reference.nested_fields(field.read) or ():
                expected.add(f"{field.name}.{inner.name}")
    assert {"identity.site_code", "review.by", "published", "code"} <= expected
    assert rows(text) == expected


def test_the_reference_follows_a_planted_change_of_the_declarations(
    reference: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = reference.render_reference()
    planted_field = dataclasses.replace(
        reference.SITE_FIELDS[0], name="planted_option", doc="a planted option", required=False
    )
    planted = reference.render_reference(site_fields=(*reference.SITE_FIELDS, planted_field))
    assert planted != current
    assert "| `planted_option` |" in planted and "a planted option" in planted

    title = reference.ITEM_FIELDS[0]
    renamed = dataclasses.replace(title, alias="题名", doc="the item's title, planted")
    items = tuple(renamed if field is title else field for field in reference.ITEM_FIELDS)
    changed = reference.render_reference(item_fields=items)
    assert "`题名`" in changed and "the item's title, planted" in changed
    assert changed != current

    # --check compares the file with the declarations: stale, then written, then current
    output = tmp_path / "configuration.md"
    monkeypatch.setattr(reference, "OUTPUT", output)
    output.write_text(planted, encoding="utf-8")
    assert reference.main(["--check"]) == 1
    assert reference.main([]) == 0
    assert output.read_text(encoding="utf-8") == current
    assert reference.main(["--check"]) == 0


def test_types_are_named_from_the_readers(reference: ModuleType) -> None:
    by_name = {field.name: field for field in reference.ITEM_FIELDS}
    assert reference.type_of(by_name["validity"].read) == "one of `有效` / `失效` / `废止`"
    assert reference.type_of(by_name["written"].read).startswith("date, e.g.")
    assert reference.type_of(by_name["published"].read).startswith("date or date-time")
    assert reference.type_of(by_name["draft"].read) == "`true` / `false`"


# -- the problem codes ------------------------------------------------------------------


def test_the_problem_codes_document_lists_every_code_and_no_other() -> None:
    document = (REPO / "docs" / "problem-codes.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([A-Z_]+)` \|", document, flags=re.MULTILINE)
    assert len(listed) == len(set(listed)), "a code is listed twice"
    assert set(listed) == set(CODES)


# -- the README -------------------------------------------------------------------------


def test_the_readme_stays_under_8_kb() -> None:
    assert len((REPO / "README.md").read_bytes()) < 8 * 1024


def test_the_readme_item_is_a_valid_item_of_the_sample_site(tmp_path: Path) -> None:
    """The README's ten-line item, put where the README says it lives, passes
    ``gkssg check`` in a copy of the sample site."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## An item\n", 1)[1].split("\n## ", 1)[0]
    where = re.search(r"`(content/[^`]+\.md)`", section)
    item = re.search(r"^```markdown\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    assert where is not None and item is not None
    assert len(item.group(1).splitlines()) == 10

    site = tmp_path / "site"
    site.mkdir()
    for name in ("site.yaml", "content", "data"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy2(source, site / name)
    target = site / where.group(1)
    assert target.is_file(), f"the README names {where.group(1)}, which the sample site lacks"
    target.write_text(item.group(1), encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "gkssg", "--site", str(site), "check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- links and paths --------------------------------------------------------------------


def anchors(document: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings."""
    seen: Counter[str] = Counter()
    found = set()
    inside_code = False
    for line in document.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside_code = not inside_code
        heading = re.match(r"#{1,6} (.+)", line)
        if inside_code or heading is None:
            continue
        text = re.sub(r"[`*]", "", heading.group(1)).strip().lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        found.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
        seen[slug] += 1
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(document: Path) -> None:
    text = re.sub(r"^```.*?^```", "", document.read_text(encoding="utf-8"), flags=re.M | re.S)
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans: `[文字](地址)` shows how to write one
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        resolved = (document.parent / path).resolve() if path else document
        if not resolved.exists() or (
            anchor and resolved.suffix == ".md" and anchor not in anchors(resolved)
        ):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_file_of_the_repository_a_document_names_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    named = re.findall(r"`((?:gkssg|tests|layouts|bench|scripts|schemas|docs)/[\w./-]+)`", text)
    assert [path for path in named if not (REPO / path).exists()] == []
