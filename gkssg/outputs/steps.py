"""Output steps: each adds its files to the output plan; the build runs them in order.

A step is any object with a ``name`` and ``plan(site, plan)``; steps that work
on the written site (the search index) also have ``begin(site, folder, …)``,
whose run the build tells of each page as it is staged, and
``after_write(site, folder, …)`` for a folder already written (`gkssg serve`);
``prepare()`` and ``close()`` bracket a build's (or a preview's) runs.
Adding an output to gkssg means writing a step and listing it in :mod:`gkssg.pipeline.steps`.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gkssg.content.site import Site
from gkssg.outputs.plan import OutputPlan
from gkssg.outputs.staging import Staging


class OutputStep(Protocol):
    name: str

    def plan(self, site: Site, plan: OutputPlan) -> None:
        """Add this step's outputs to ``plan``."""


@dataclass(frozen=True)
class PreviousOutput:
    """The folder holding what a post-write step made last time, and which of the
    outputs it was made from are unchanged since (by output path)."""

    folder: Path
    unchanged: Callable[[str], bool]


class PostWriteRun(Protocol):
    """A post-write step's work over one staging folder, begun while it is filled."""

    def wanted_first(self) -> set[str]:
        """The pages worth staging before the others (a hint: any order is correct)."""

    def working_beside(self) -> bool:
        """Whether the run has work beside the renderer, now or once the pages wanted
        first are staged (the renderer then leaves it a core: gkssg.outputs.writing)."""

    def staged(self, pages: Iterable[str], rendered: Container[str]) -> None:
        """``pages`` are staged; those in ``rendered`` anew, the others linked unchanged
        from the previous output. Each page is reported once."""

    def finish(self, started: Callable[[], None] | None = None) -> None:
        """Every page is staged: complete the work (see :meth:`PostWriteStep.after_write`
        for ``started``); raise if it failed."""

    def close(self) -> None:
        """Stop what still runs and wait for it; called last, also after a failure."""

    def owns(self, path: str) -> bool:
        """Whether the run made the file ``path`` of the folder, or keeps it (the
        build removes what the spare held and no step made: gkssg.outputs.staging)."""


class PostWriteStep(Protocol):
    name: str

    def prepare(self) -> None:
        """Get ready for the runs to come (what they share: Pagefind processes);
        :meth:`close` follows, always. Called again before a later run, it does nothing."""

    def close(self) -> None:
        """Release what :meth:`prepare` and the runs kept (end the processes)."""

    def begin(
        self,
        site: Site,
        folder: Path,
        previous: Path | None = None,
        cancelled: Callable[[], bool] | None = None,
        staging: Staging | None = None,
    ) -> PostWriteRun:
        """Start the work over ``folder`` before its pages are staged; ``previous`` is
        the output being replaced, whose results for unchanged pages may be kept;
        ``staging`` tells what ``folder`` held when the build took it (the spare)."""

    def after_write(
        self,
        site: Site,
        folder: Path,
        cancelled: Callable[[], bool] | None = None,
        previous: PreviousOutput | None = None,
        started: Callable[[], None] | None = None,
    ) -> None:
        """Work on the rendered (staged) site, before it is swapped in; once
        ``cancelled()`` is true, stop (ending any process started) and raise
        :class:`gkssg.base.errors.Superseded`. What ``previous`` holds may be reused.

        ``started()``, when given, is called once the step's work runs in processes
        of its own: until then the caller leaves the interpreter to it."""
