"""The attachment files given with a document, matched to its 附件说明.

A file matches an entry when its name, less a leading ``附件1`` and the
punctuation, holds the entry's title (or the title holds the name), or else
when the name starts with the entry's number (``附件2…``). With one entry and
one file, they match. A file that matches no entry is still attached when the
document is imported alone; an entry without a file is for the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_NUMBER = re.compile(r"^附\s*件\s*(?P<n>\d{1,2})")
_NOISE = re.compile(r"[\s\u3000《》“”\"'：:．.、_\-—（）()]+")
DOCUMENT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf")


@dataclass(frozen=True)
class Matched:
    pairs: tuple[tuple[str, Path], ...]  # (title, file) in the 附件说明's order, then extra files
    missing: tuple[str, ...]  # titles without a file
    unused: tuple[Path, ...]  # files given that match no entry (with several documents)


def given_files(paths: Sequence[Path]) -> list[Path]:
    """The files of ``--attach``: each file, and the files of each folder, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    return files


def _key(text: str) -> str:
    return _NOISE.sub("", _NUMBER.sub("", text))


def match(titles: Sequence[str], files: Sequence[Path], *, alone: bool) -> Matched:
    left = list(files)
    pairs: list[tuple[str, Path]] = []
    missing: list[str] = []
    for number, title in enumerate(titles, 1):
        found = _by_title(title, left) or _by_number(number, left)
        if found is None and alone and len(titles) == 1 and len(left) == 1:
            found = left[0]
        if found is None:
            missing.append(title)
            continue
        left.remove(found)
        pairs.append((title, found))
    if alone:
        pairs.extend((_key(f.stem) or f.stem, f) for f in left)
        left = []
    return Matched(tuple(pairs), tuple(missing), tuple(left))


def _by_title(title: str, files: Sequence[Path]) -> Path | None:
    wanted = _key(title)
    for file in files:
        name = _key(file.stem)
        if wanted and name and (wanted in name or name in wanted):
            return file
    return None


def _by_number(number: int, files: Sequence[Path]) -> Path | None:
    for file in files:
        found = _NUMBER.match(file.stem)
        if found and int(found["n"]) == number:
            return file
    return None
