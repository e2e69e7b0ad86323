"""Running a function over chunks of work on every core.

Worker processes are forked with a read-only ``state`` already in memory (the
loaded site, a renderer): it is inherited, never pickled. Only the chunks and
the results cross between processes. Small workloads run in-process, where
forking would cost more than it saves.

One more piece of work may run ``alongside`` the chunks: a callable inherited by
the workers like the state, run once by the first worker free (in-process after
the chunks when there are no workers); its exception, if any, is raised once the
chunks are done.
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

# The state of a worker process, and the work to do alongside the chunks, set once
# by the pool's initializer. They exist only inside worker processes; the parent
# process never reads or sets them.
_worker_state: Any = None
_worker_alongside: Callable[[], Any] | None = None


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
    alongside: Callable[[], Any] | None = None,
) -> Iterator[tuple[Sequence[T], R]]:
    """Yield ``(chunk, function(state, chunk))`` for consecutive chunks, in order, and
    run ``alongside()`` once meanwhile (see above)."""
    chunks = [values[i : i + chunk_size] for i in range(0, len(values), chunk_size)]
    workers = min(jobs or available_cores(), len(chunks))
    if workers <= 1 or len(values) < threshold:
        for chunk in chunks:
            yield chunk, function(state, chunk)
        if alongside is not None:
            alongside()
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_set_state, initargs=(state, alongside)) as pool:
        # queued first: the first worker free takes it while the others take chunks
        pending = pool.apply_async(_call_alongside) if alongside is not None else None
        results = pool.imap(functools.partial(_call, function), chunks)
        for chunk, result in zip(chunks, results, strict=True):
            yield chunk, result
        if pending is not None:
            pending.get()


def _set_state(state: Any, alongside: Callable[[], Any] | None) -> None:
    global _worker_state, _worker_alongside
    _worker_state, _worker_alongside = state, alongside


def _call_alongside() -> None:
    assert _worker_alongside is not None
    _worker_alongside()


def _call(function: Callable[[Any, Sequence[Any]], Any], chunk: Sequence[Any]) -> Any:
    return function(_worker_state, chunk)
