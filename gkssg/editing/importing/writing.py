"""The imported item on disk: its pictures and attachments in ``附件/`` beside it, then
the Markdown file, with Chinese front-matter keys and a 保密审查 placeholder.

Nothing is overwritten: names are chosen free (``-2``, ``-3`` … added to a name
that is taken), every file is created exclusively, and when one cannot be
written the files made before it are removed again, so that an import makes the
whole item or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gkssg.content.config import KeyLanguage
from gkssg.content.index_numbers import IndexNumber
from gkssg.editing.archetypes import REVIEW_COMMENT, key_of

ATTACHMENT_DIR = "附件"
MAX_ATTEMPTS = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True)
class Front:
    """The item's front matter, in the contract's order (section 3)."""

    title: str
    published: dt.datetime
    written: dt.date | None = None
    publisher: str = ""
    doc_no: str = ""
    genre: str = ""
    attachments: tuple[tuple[str, str], ...] = ()  # (path relative to the item, title)
    comments: tuple[str, ...] = ()  # the 版记 and the source, as YAML comments


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def item_text(
    front: Front,
    number: IndexNumber,
    keys: KeyLanguage = "zh",
    defaults: Sequence[tuple[str, str]] = (),
) -> str:
    """The front matter, keyed as site.yaml ``keys:`` says; the column's ``defaults:``
    fill the fields the document did not give."""
    values: dict[str, str] = {"title": quoted(front.title), "index_no": quoted(number.text)}
    values["published"] = f"{front.published:%Y-%m-%d %H:%M}"
    if front.written is not None:
        values["written"] = front.written.isoformat()
    for name, value in (("publisher", front.publisher), ("doc_no", front.doc_no)):
        if value:
            values[name] = quoted(value)
    if front.genre:
        values["genre"] = quoted(front.genre)
    for name, value in defaults:
        if name not in values and name not in ("attachments", "review"):
            values[name] = value
    lines = ["---", *(f"{key_of(name, keys)}: {value}" for name, value in values.items())]
    if front.attachments:
        path, title = ("路径", "标题") if keys == "zh" else ("path", "title")
        lines.append(f"{key_of('attachments', keys)}:")
        lines.extend(
            f"  - {{{path}: {quoted(file)}, {title}: {quoted(name)}}}"
            for file, name in front.attachments
        )
    by, date = ("审查人", "审查日期") if keys == "zh" else ("by", "date")
    lines.append(f'{key_of("review", keys)}: {{{by}: "", {date}: ""}}  # {REVIEW_COMMENT}')
    lines.extend(f"# {_CONTROL.sub(' ', comment)}" for comment in front.comments)
    lines.append("---")
    return "\n".join(lines) + "\n"


def written_fields(front: Front, defaults: Sequence[tuple[str, str]]) -> set[str]:
    """The fields :func:`item_text` writes a value for."""
    names = {"title", "index_no", "published", "review"} | {name for name, _ in defaults}
    for name, value in (
        ("written", front.written),
        ("publisher", front.publisher),
        ("doc_no", front.doc_no),
        ("genre", front.genre),
        ("attachments", front.attachments),
    ):
        if value:
            names.add(name)
    return names


def free_name(folder: Path, stem: str, suffix: str, taken: set[str]) -> str:
    """``stem+suffix``, or ``stem-2+suffix`` …, free in ``folder`` and not in ``taken``."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        name = f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}"
        if name not in taken and not (folder / name).exists():
            taken.add(name)
            return name
    raise FileExistsError(f"too many files named {stem}*{suffix} in {folder}")


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Create every file (names relative to ``folder``, the item last), none overwritten;
    on any failure the ones made are removed and the error raised."""
    created: list[Path] = []
    try:
        for name, data in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as stream:
                created.append(target)
                stream.write(data)
    except BaseException:
        remove(created)
        raise
    return created


def remove(paths: Sequence[Path]) -> None:
    for path in reversed(paths):
        path.unlink(missing_ok=True)
