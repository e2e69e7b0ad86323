"""Write docs/configuration.md from the declared schemas of site.yaml and front matter.

    python scripts/config_reference.py            # write docs/configuration.md
    python scripts/config_reference.py --check    # exit 1 when the file is out of date

The tables come from the ``Field`` declarations that gkssg reads the files with
(site.yaml: ``SITE_FIELDS``; ``_index.md``: ``COLUMN_FIELDS``; items:
``ITEM_FIELDS``); a nested mapping (``identity:``, ``review:`` …) gets a table of
its own, found from its ``sub_mapping`` reader. A field's type is named from its
reader function. ``tests/test_docs.py`` runs ``--check``.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "docs" / "configuration.md"
COMMAND = "python scripts/config_reference.py"

sys.path.insert(0, str(REPO))  # this checkout's declarations, not another installed gkssg

from gkssg.content.config import SITE_FIELDS  # noqa: E402
from gkssg.content.frontmatter import COLUMN_FIELDS, ITEM_FIELDS  # noqa: E402
from gkssg.source.schema import Field  # noqa: E402

#: Readers named by ``module.function`` (the last part of the module's name), for the
#: readers whose name alone does not say what to write.
READER_TYPES = {
    "schema.read_text": "text",
    "schema.read_required_text": "text",
    "schema.read_bool": "`true` / `false`",
    "schema.read_positive_int": "whole number > 0",
    "schema.read_text_list": "list of text (or one line, split at `,` `、` `;` and spaces)",
    "schema.read_date_list": "list of dates",
    "config._read_url": 'http(s) URL, e.g. `"https://xxgk.example.gov.cn"`',
    "config._read_base_url": "path, e.g. `/xxgkweb/`",
    "config._read_code": "text, read as written (quote it)",
    "frontmatter._read_code": 'digits, quoted: `"0203"`',
    "frontmatter._read_order": "whole number",
    "frontmatter._read_attachments": "list of paths, or of `{path, title}`",
    "frontmatter._read_related": "list of 索引号",
    "publishing.read_targets": "mapping of name → `user@host:/path` or folder, or "
    "`{dest, ssh_options}`",
    "publishing.read_groups": "mapping of name → list of target names",
}


@dataclass(frozen=True)
class Table:
    """One mapping of the reference: its heading, what it is, and its declared fields."""

    title: str
    intro: str
    fields: Sequence[Field]


def _closure(reader: Callable[..., Any]) -> dict[str, Any]:
    try:
        return dict(inspect.getclosurevars(reader).nonlocals)
    except TypeError:  # not a plain Python function
        return {}


def _factory(reader: Callable[..., Any]) -> str:
    """``sub_mapping`` for ``sub_mapping.<locals>.read``; "" for a reader of its own."""
    qualname = getattr(reader, "__qualname__", "")
    return qualname.split(".<locals>.", 1)[0] if ".<locals>." in qualname else ""


def nested_fields(reader: Callable[..., Any]) -> Sequence[Field] | None:
    """The fields of a nested mapping, when ``reader`` was made by ``sub_mapping``."""
    if _factory(reader) != "sub_mapping":
        return None
    fields = _closure(reader).get("fields")
    return fields if isinstance(fields, (tuple, list)) else None


def type_of(reader: Callable[..., Any], nested: str = "") -> str:
    """What to write for a field read by ``reader``, in a few words."""
    factory = _factory(reader)
    captured = _closure(reader)
    if factory == "sub_mapping":
        return f"mapping ([{nested}](#{slug(nested)}))" if nested else "mapping"
    if factory == "choice" and "allowed" in captured:
        return "one of " + " / ".join(f"`{value}`" for value in captured["allowed"])
    if factory == "_date_reader" and "parse" in captured:
        kind = "date or date-time" if "datetime" in captured["parse"].__name__ else "date"
        forms = str(captured.get("form", "")).split(" or ")
        return f"{kind}, e.g. " + " or ".join(f"`{form}`" for form in forms) if forms[0] else kind
    module = getattr(reader, "__module__", "").rsplit(".", 1)[-1]
    name = getattr(reader, "__name__", "value")
    if f"{module}.{name}" in READER_TYPES:
        return READER_TYPES[f"{module}.{name}"]
    return name.removeprefix("_").removeprefix("read_").replace("_", " ") or "value"


def slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, spaces to -, punctuation dropped."""
    kept = "".join(ch for ch in title.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_table(table: Table, path: str, nested_titles: dict[int, str]) -> list[str]:
    with_aliases = any(field.alias for field in table.fields)
    with_examples = any(field.example for field in table.fields)
    head = ["key", "中文名", "required", "type", "description", "example"]
    shown = [True, with_aliases, True, True, True, with_examples]
    head = [cell for cell, show in zip(head, shown, strict=True) if show]
    lines = [f"## {table.title}", "", table.intro, "", "| " + " | ".join(head) + " |"]
    lines.append("|" + "---|" * len(head))
    for field in table.fields:
        key = f"{path}.{field.name}" if path else field.name
        row = [
            f"`{key}`",
            f"`{field.alias}`" if field.alias else "",
            "yes" if field.required else "",
            type_of(field.read, nested_titles.get(id(field), "")),
            field.doc,
            field.example,
        ]
        row = [cell for cell, show in zip(row, shown, strict=True) if show]
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    lines.append("")
    return lines


HEADER = f"""\
# Configuration reference

<!-- Generated by `{COMMAND}` from the schema declarations; do not edit.
     tests/test_docs.py fails when this file is out of date. -->

This file is generated from the field declarations gkssg reads the files with, by
`{COMMAND}`; edit the declarations (`SITE_FIELDS`, `COLUMN_FIELDS`,
`ITEM_FIELDS` and their nested lists), then run that command. Every key with a
中文名 may be written either way (`title:` or `标题:`), but not both in one file.
A key not listed here is an error (`UNKNOWN_KEY`, with the key probably meant),
and so is a required key that is missing or empty (`MISSING_FIELD`). What the
files are and where they live: [the content contract](content-contract.md).
"""

SITE_INTRO = (
    "`site.yaml` at the site's root: the site's identity, its 索引号 pattern and "
    "the options of the build."
)
COLUMN_INTRO = (
    "The front matter of a column's `_index.md` (a folder with an `_index.md` is a "
    "column, 栏目); the body below it is the column's own page text."
)
ITEM_INTRO = (
    "The front matter of an item, any other `.md` file under `content/`. The "
    "索引号 is not required to read an item, but a build refuses an item without one "
    "(`MISSING_INDEX_NO`): `gkssg new` and `gkssg number` write it. The 保密审查 record "
    "`review` is required when site.yaml says `require_review: true` (`MISSING_REVIEW`). "
    "An attachment is a path relative to the item, or `{path, title}` (also "
    "`{路径, 标题}`)."
)


def render_reference(
    site_fields: Sequence[Field] = SITE_FIELDS,
    column_fields: Sequence[Field] = COLUMN_FIELDS,
    item_fields: Sequence[Field] = ITEM_FIELDS,
) -> str:
    """The whole of docs/configuration.md for these declarations."""
    out = [HEADER]
    tops = [  # (heading, what it is in a sentence, table)
        ("site.yaml", "site.yaml", Table("site.yaml", SITE_INTRO, site_fields)),
        ("Columns", "a column's `_index.md`", Table("Columns", COLUMN_INTRO, column_fields)),
        ("Items", "an item's front matter", Table("Items", ITEM_INTRO, item_fields)),
    ]
    for heading, what, table in tops:
        nested: list[tuple[str, Table]] = []
        titles: dict[int, str] = {}
        for field in table.fields:
            inner = nested_fields(field.read)
            if inner is None:
                continue
            where = f"{heading}: {field.name}"
            titles[id(field)] = where
            label = f"`{field.name}:` ({field.alias})" if field.alias else f"`{field.name}:`"
            about = "" if field.doc in (field.alias, field.name) else f": {field.doc}"
            intro = f"The keys of {label} in {what}{about}."
            nested.append((field.name, Table(where, intro, inner)))
        out.extend(render_table(table, "", titles))
        for name, inner_table in nested:
            out.extend(render_table(inner_table, name, {}))
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    text = render_reference()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current == text:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(), text.splitlines(), "docs/configuration.md", "generated", n=1
        )
        print("\n".join(list(diff)[:40]), file=sys.stderr)
        print(
            f"docs/configuration.md is out of date with the schema declarations; run `{COMMAND}`",
            file=sys.stderr,
        )
        return 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO) if OUTPUT.is_relative_to(REPO) else OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
