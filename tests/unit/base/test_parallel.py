"""gkssg.base.parallel: chunks on every core, and one piece of work alongside them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from gkssg.base.parallel import map_in_workers


def _square(offset: int, chunk: Sequence[int]) -> list[tuple[int, int]]:
    return [(value * value + offset, os.getpid()) for value in chunk]


def _writer(path: Path) -> Callable[[], None]:  # a closure: inherited, never pickled
    def write_pid() -> None:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")

    return write_pid


def _results(path: Path, **options: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for _, part in map_in_workers(
        _square, 1, list(range(40)), chunk_size=4, alongside=_writer(path), **options
    ):
        out.extend(part)
    return out


def test_work_alongside_the_chunks_runs_once_in_a_worker(tmp_path: Path) -> None:
    marks = tmp_path / "alongside"
    results = _results(marks, jobs=2, threshold=1)
    assert [value for value, _ in results] == [v * v + 1 for v in range(40)]  # in order
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers
    (pid,) = marks.read_text(encoding="utf-8").split()
    assert int(pid) != os.getpid()


def test_without_workers_the_work_alongside_runs_in_process(tmp_path: Path) -> None:
    marks = tmp_path / "alongside"
    results = _results(marks, jobs=2)  # 40 values: under the threshold
    assert {pid for _, pid in results} == {os.getpid()}
    assert marks.read_text(encoding="utf-8").split() == [str(os.getpid())]
    _results(marks, jobs=1, threshold=1)
    assert marks.read_text(encoding="utf-8").split() == [str(os.getpid())] * 2


def _failing() -> None:
    raise OSError(28, "No space left on device", "output/data/catalog.json")


def test_a_failure_alongside_is_raised_after_the_chunks(tmp_path: Path) -> None:
    seen: list[int] = []
    with pytest.raises(OSError, match="No space left") as raised:
        for _, part in map_in_workers(
            _square, 0, list(range(40)), jobs=2, chunk_size=4, threshold=1, alongside=_failing
        ):
            seen.extend(value for value, _ in part)
    assert raised.value.filename == "output/data/catalog.json"
    assert seen == [v * v for v in range(40)]
