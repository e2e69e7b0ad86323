"""The output plan: every file the build will write, added to by the output steps.

Pages are planned as small jobs and rendered later (in parallel); generated
files carry their bytes; copied files name their source. Two outputs for one
path are an error, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from gkssg.errors import until_superseded
from gkssg.render import PageJob

T = TypeVar("T")


class OutputCollision(Exception):
    def __init__(self, path: str, first: str, second: str) -> None:
        super().__init__(f"{path} is produced by both {first} and {second}")
        self.path = path
        self.first = first
        self.second = second


@dataclass(frozen=True)
class PlannedPage:
    path: str  # relative to the output root
    job: PageJob


@dataclass
class OutputPlan:
    pages: list[PlannedPage] = field(default_factory=list)
    generated: dict[str, bytes] = field(default_factory=dict)
    copied: dict[str, Path] = field(default_factory=dict)
    # set by `gkssg serve`, whose plan in the background is thrown away once a newer
    # change waits: a step's long loop then stops (see :meth:`checked`)
    cancelled: Callable[[], bool] | None = None
    _owner: dict[str, str] = field(default_factory=dict)

    def checked(self, values: Iterable[T], owner: str) -> Iterator[T]:
        """``values`` one by one; raises :class:`Superseded` once ``cancelled()`` is true.

        The steps loop over every item through this, so a newer change does not
        share the processor with a plan that will be thrown away.
        """
        if self.cancelled is None:
            return iter(values)
        return until_superseded(values, self.cancelled, owner)

    def _claim(self, path: str, owner: str) -> None:
        first = self._owner.get(path)
        if first is not None:
            raise OutputCollision(path, first, owner)
        self._owner[path] = owner

    def add_page(self, path: str, job: PageJob, owner: str) -> None:
        self._claim(path, owner)
        self.pages.append(PlannedPage(path, job))

    def add_bytes(self, path: str, data: bytes, owner: str) -> None:
        self._claim(path, owner)
        self.generated[path] = data

    def add_text(self, path: str, text: str, owner: str) -> None:
        self.add_bytes(path, text.encode("utf-8"), owner)

    def add_copy(self, path: str, source: Path, owner: str) -> None:
        self._claim(path, owner)
        self.copied[path] = source

    def paths(self) -> list[str]:
        """Every planned output path, sorted."""
        return sorted(self._owner)

    def html_paths(self) -> list[str]:
        return [p for p in self.paths() if p.endswith(".html")]
