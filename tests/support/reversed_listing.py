"""Run the gkssg command with every directory listing in reverse order.

``python tests/support/reversed_listing.py --site DIR build`` is ``gkssg`` with
``os.scandir`` (and so ``os.walk``, ``Path.rglob``) and ``os.listdir`` (and so
``Path.iterdir``) handing out names in the reverse of the usual order, to show
that no output depends on the order the file system lists a folder in.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from types import TracebackType
from typing import Any

_scandir = os.scandir
_listdir = os.listdir


class ReversedScandir:
    def __init__(self, path: Any = ".") -> None:
        with _scandir(path) as entries:
            self._entries = iter(sorted(entries, key=lambda entry: entry.name, reverse=True))

    def __iter__(self) -> Iterator[os.DirEntry[Any]]:
        return self

    def __next__(self) -> os.DirEntry[Any]:
        return next(self._entries)

    def __enter__(self) -> ReversedScandir:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._entries = iter(())


def reversed_listdir(path: Any = ".") -> list[Any]:
    return sorted(_listdir(path), reverse=True)


def main() -> None:
    os.scandir = ReversedScandir  # type: ignore[assignment]
    os.listdir = reversed_listdir
    from gkssg.cli import main as gkssg_main  # imported after patching, like gkssg's modules

    sys.argv[0] = "gkssg"
    gkssg_main()


if __name__ == "__main__":
    main()
