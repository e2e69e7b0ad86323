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
from dataclasses import dataclass
from pathlib import Path

from gkssg.content.index_numbers import IndexNumber

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


def item_text(front: Front, number: IndexNumber) -> str:
    lines = ["---", f"标题: {quoted(front.title)}", f"索引号: {quoted(number.text)}"]
    lines.append(f"发布日期: {front.published:%Y-%m-%d %H:%M}")
    if front.written is not None:
        lines.append(f"成文日期: {front.written.isoformat()}")
    for key, value in (
        ("发布机构", front.publisher),
        ("文号", front.doc_no),
        ("体裁", front.genre),
    ):
        if value:
            lines.append(f"{key}: {quoted(value)}")
    if front.attachments:
        lines.append("附件:")
        lines.extend(
            f"  - {{路径: {quoted(path)}, 标题: {quoted(title)}}}"
            for path, title in front.attachments
        )
    lines.append('保密审查: {审查人: "", 审查日期: ""}  # 保密审查：发布前填写审查人和审查日期')
    lines.extend(f"# {_CONTROL.sub(' ', comment)}" for comment in front.comments)
    lines.append("---")
    return "\n".join(lines) + "\n"


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
        for path in reversed(created):
            path.unlink(missing_ok=True)
        raise
    return created
