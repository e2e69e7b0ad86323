"""Build progress on a terminal (rich); silent when output is not a terminal."""

from __future__ import annotations

from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from gkssg.base.i18n import ENGLISH, Language, t
from gkssg.pipeline.context import Reporter

#: The build's phases (gkssg.pipeline), as the progress display names them.
PHASES = {
    "load": t("reading"),
    "check": t("checking"),
    "catalog": t("cataloguing"),
    "plan": t("planning"),
    "render": t("rendering"),
    "index": t("indexing"),
    "write": t("writing"),
    "publish": t("swapping in"),
}


class TerminalReporter(Reporter):
    def __init__(self, progress: Progress | None, language: Language = ENGLISH) -> None:
        self._progress = progress
        self._task: TaskID | None = None
        self._say = language

    @classmethod
    def for_stream(cls, stream: IO[str], language: Language = ENGLISH) -> TerminalReporter:
        console = Console(file=stream)
        if not console.is_terminal:
            return cls(None, language)
        columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn())
        return cls(Progress(*columns, console=console, transient=True), language)

    def __enter__(self) -> TerminalReporter:
        if self._progress:
            self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress:
            self._progress.stop()

    def phase(self, name: str, total: int | None = None) -> None:
        if self._progress is None:
            return
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[-1].total or 0)
        shown = self._say(PHASES[name]) if name in PHASES else name
        self._task = self._progress.add_task(shown, total=total or 1)

    def advance(self, amount: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)
