"""Running a function over chunks of work on every core.

Worker processes are forked with a read-only ``state`` already in memory (the
loaded site, a renderer): it is inherited, never pickled. Only the chunks and
the results cross between processes. Small workloads run in-process, where
forking would cost more than it saves.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

# The state of a worker process, set once by the pool's initializer. It exists
# only inside worker processes; the parent process never reads or sets it.
_worker_state: Any = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def map_in_workers(
    function: Callable[[S, Sequence[T]], R],
    state: S,
    values: Sequence[T],
    *,
    jobs: int | None = None,
    chunk_size: int = 200,
    threshold: int = 400,
) -> Iterator[tuple[Sequence[T], R]]:
    """Yield ``(chunk, function(state, chunk))`` for consecutive chunks, in order."""
    chunks = [values[i : i + chunk_size] for i in range(0, len(values), chunk_size)]
    workers = min(jobs or available_cores(), len(chunks))
    if workers <= 1 or len(values) < threshold:
        for chunk in chunks:
            yield chunk, function(state, chunk)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_set_state, initargs=(state,)) as pool:
        results = pool.imap(functools.partial(_call, function), chunks)
        for chunk, result in zip(chunks, results, strict=True):
            yield chunk, result


def _set_state(state: Any) -> None:
    global _worker_state
    _worker_state = state


def _call(function: Callable[[Any, Sequence[Any]], Any], chunk: Sequence[Any]) -> Any:
    return function(_worker_state, chunk)
