"""Build progress on a terminal (rich); silent when output is not a terminal."""

from __future__ import annotations

from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from gkssg.pipeline.context import Reporter


class TerminalReporter(Reporter):
    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    @classmethod
    def for_stream(cls, stream: IO[str]) -> TerminalReporter:
        console = Console(file=stream)
        if not console.is_terminal:
            return cls(None)
        columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn())
        return cls(Progress(*columns, console=console, transient=True))

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
        self._task = self._progress.add_task(name, total=total or 1)

    def advance(self, amount: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)
