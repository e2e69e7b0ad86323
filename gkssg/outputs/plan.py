"""The output plan: every file the build will write, added to by the output steps.

Pages are planned as small jobs and rendered later (in parallel); generated
files carry their bytes; copied files name their source. Two outputs for one
path are an error, never a silent overwrite.

Data files that nothing rendered depends on (the exports, the exact-search
shards, the sitemap) may be planned *later*: their paths are claimed at once,
and their bytes made by :meth:`OutputPlan.produce_later`. The build makes them
while Pagefind indexes the rendered pages, rather than before rendering, from
the items' rows kept by the last build where they are unchanged (``rows``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from gkssg.base.errors import until_superseded
from gkssg.cache.rows import RowCache
from gkssg.render.jobs import PageJob

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


#: Makes the bytes of the paths it was planned for, path → bytes.
Producer = Callable[[], Mapping[str, bytes]]


@dataclass(frozen=True)
class LaterOutput:
    paths: tuple[str, ...]
    produce: Producer
    owner: str


@dataclass
class OutputPlan:
    pages: list[PlannedPage] = field(default_factory=list)
    generated: dict[str, bytes] = field(default_factory=dict)
    copied: dict[str, Path] = field(default_factory=dict)
    later: list[LaterOutput] = field(default_factory=list)
    # set by `gkssg serve`, whose plan in the background is thrown away once a newer
    # change waits: a step's long loop then stops (see :meth:`checked`)
    cancelled: Callable[[], bool] | None = None
    # the items' rows in the data files, kept from the last build (gkssg.cache.rows)
    rows: RowCache = field(default_factory=RowCache)
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

    def add_later(self, paths: Iterable[str], produce: Producer, owner: str) -> None:
        """Claim ``paths`` now; their bytes are ``produce()``'s, made by :meth:`produce_later`."""
        claimed = tuple(paths)
        for path in claimed:
            self._claim(path, owner)
        self.later.append(LaterOutput(claimed, produce, owner))

    def produce_later(self) -> None:
        """Make the bytes of every output planned with :meth:`add_later`, in plan order."""
        planned, self.later = self.later, []
        for later in planned:
            made = later.produce()
            if sorted(made) != sorted(later.paths):
                raise ValueError(
                    f"{later.owner} made {sorted(made)}, but planned {sorted(later.paths)}"
                )
            self.generated.update(made)

    def add_copy(self, path: str, source: Path, owner: str) -> None:
        self._claim(path, owner)
        self.copied[path] = source

    def paths(self) -> list[str]:
        """Every planned output path, sorted."""
        return sorted(self._owner)

    def html_paths(self) -> list[str]:
        return [p for p in self.paths() if p.endswith(".html")]
