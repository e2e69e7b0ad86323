"""Files an item's body shows or links to by a relative path (``![图1](附件/图1.png)``),
published beside its page as attachments are.

Only plain relative paths count: no scheme, no ``/`` or ``..``, inside content/
once links are followed, an existing file that is not a Markdown source and not
one a browser runs scripts from (unless the site turned sanitising off).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from gkssg.content.items import ACTIVE_SUFFIXES
from gkssg.content.model import Item
from gkssg.source.scan import CONTENT_DIR

_LINK = re.compile(r"\]\(\s*<?(?P<path>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def body_files(site_root: Path, item: Item, *, sanitize: bool = True) -> list[tuple[str, Path]]:
    """(output path, source file) of each local file the body refers to."""
    if "](" not in item.body:
        return []
    content_root = (site_root / CONTENT_DIR).resolve()
    folder = PurePosixPath(item.source).parent
    found: dict[str, Path] = {}
    for match in _LINK.finditer(item.body):
        path = unquote(match["path"].split("#", 1)[0].split("?", 1)[0])
        pure = PurePosixPath(path)
        if (
            not path
            or _SCHEME.match(path)
            or path.startswith(("/", "\\"))
            or ".." in pure.parts
            or pure.suffix.lower() == ".md"
            or (sanitize and pure.suffix.lower() in ACTIVE_SUFFIXES)
        ):
            continue
        source = folder / pure
        try:
            real = (site_root / source).resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if real.is_relative_to(content_root) and real.is_file():
            found[str(source.relative_to(CONTENT_DIR))] = site_root / source
    return sorted(found.items())
