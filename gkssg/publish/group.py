"""Publishing to a group of targets: live on all of them, or on none.

Every target gets a shell holding its lock (:mod:`.session`); what killed
publishes left is removed; the release is uploaded to every target and checked
there, in parallel; only when every target holds it does ``current`` switch on
each, all at once. If an upload fails nothing is switched anywhere (and the
uploads that did succeed are removed); if a switch fails, the targets already
switched are switched back to the release they served before.

A single destination is a group of one: the same code publishes it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from gkssg.base.i18n import Text, t
from gkssg.publish.errors import DestinationBusy, PublishError, ReleaseError
from gkssg.publish.release import OutputDigest, ReleaseInfo, after_existing
from gkssg.publish.releases import (
    Listing,
    choose_rollback,
    cleanup,
    inspect,
    prune,
    remove_release,
    switch,
    to_prune,
)
from gkssg.publish.session import Session
from gkssg.publish.transport import Transport
from gkssg.publish.upload import (
    TransferStats,
    name_release,
    record_and_check,
    upload,
    upload_archive,
)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Target:
    """A place to publish to: its name in site.yaml (or the destination as given)."""

    name: str
    transport: Transport

    @property
    def label(self) -> str:
        where = self.transport.describe()
        return where if where == self.name else f"{self.name} ({where})"


@dataclass
class Connected:
    target: Target
    session: Session
    listing: Listing
    cleaned: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetResult:
    target: Target
    release: str
    previous: str | None
    stats: TransferStats | None = None  # None: nothing was sent
    pruned: tuple[str, ...] = ()
    cleaned: tuple[str, ...] = ()
    warning: Text | None = None


@dataclass(frozen=True)
class GroupResult:
    release: str
    targets: tuple[TargetResult, ...]
    switch_seconds: float | None = None  # first switch sent → last switch done
    already_live: bool = False
    staged: bool = False


@dataclass(frozen=True)
class PublishRequest:
    out: Path
    digest: OutputDigest
    info: ReleaseInfo  # ``release`` is the name proposed; a later one may be taken
    keep: int
    archive: Callable[[ReleaseInfo], Path] | None = None  # writes the archive folder
    prune_archives: bool = False
    stage: bool = False
    wait: bool = False


class GroupFailed(PublishError):
    """One or more targets failed; ``message`` names each and says what state each is in."""


def each(items: Sequence[T], work: Callable[[T], R]) -> list[R | Exception]:
    """``work(item)`` for every item at once, in threads; an exception is returned, not raised."""

    def guarded(item: T) -> R | Exception:
        try:
            return work(item)
        except Exception as exc:  # reported per target by the caller
            return exc

    if len(items) == 1:
        return [guarded(items[0])]
    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(guarded, items))


def describe_failure(label: str, error: Exception) -> Text:
    message = error.message if isinstance(error, PublishError) else t("{error}", error=repr(error))
    return t("{target}: {message}", target=label, message=message)


def _raise_failures(labels: Sequence[str], results: Sequence[object], after: Text) -> None:
    errors = [result for result in results if isinstance(result, Exception)]
    if len(results) == 1 and errors and isinstance(errors[0], PublishError):
        raise errors[0]  # one destination: its own message says it all
    if errors and all(isinstance(error, DestinationBusy) for error in errors):
        raise errors[0]
    failures = [
        describe_failure(label, result)
        for label, result in zip(labels, results, strict=True)
        if isinstance(result, Exception)
    ]
    if failures:
        joined = t("{failures}; {after}", failures=_join(failures), after=after)
        raise GroupFailed(joined)


def _join(texts: Sequence[Text]) -> Text:
    joined = texts[0]
    for text in texts[1:]:
        joined = t("{first}; {second}", first=joined, second=text)
    return joined


@contextlib.contextmanager
def connect(
    targets: Sequence[Target], *, lock: bool, wait: bool = False
) -> Iterator[list[Connected]]:
    """A shell at every target (holding its lock, and with what killed publishes left
    removed, when ``lock``), and what each holds; the shells end on leaving."""
    sessions: list[Session] = []

    def start(target: Target) -> Connected:
        session = Session.open(target.transport)
        sessions.append(session)
        cleaned: list[str] = []
        if lock:
            session.take_lock(wait=wait)
            cleaned = cleanup(session)
        return Connected(target, session, inspect(session), tuple(cleaned))

    try:
        results = each(targets, start)
        _raise_failures([x.label for x in targets], results, t("nothing was changed"))
        yield [result for result in results if isinstance(result, Connected)]
    finally:
        for session in sessions:
            session.close()


def _reusable(connected: Sequence[Connected], digest: OutputDigest) -> str | None:
    """The newest release every target holds with this content, if any."""
    common: set[str] | None = None
    for one in connected:
        same = {
            name
            for name, info in one.listing.releases.items()
            if info is not None and info.content_sha256 == digest.sha256
        }
        common = same if common is None else common & same
    return max(common) if common else None


def publish_group(targets: Sequence[Target], request: PublishRequest) -> GroupResult:
    """Upload to every target, check, then switch them all; see the module's doc."""
    with connect(targets, lock=True, wait=request.wait) as connected:
        name = _reusable(connected, request.digest)
        if name is not None and all(one.listing.live == name for one in connected):
            results = tuple(_result(one, name) for one in connected)
            return GroupResult(name, results, already_live=True)
        stats: list[TransferStats | None] = [None] * len(connected)
        if name is None:
            every = [n for one in connected for n in one.listing.names]
            name = after_existing(request.info.release, every)
            info = dataclasses.replace(request.info, release=name)
            stats = _prepare_all(connected, request, info)
        if request.stage:
            results = tuple(
                _result(one, name, sent) for one, sent in zip(connected, stats, strict=True)
            )
            return GroupResult(name, results, staged=True)
        seconds = switch_all(connected, name)
        return GroupResult(name, _prune_all(connected, name, request, stats), seconds)


def _prepare_all(
    connected: Sequence[Connected], request: PublishRequest, info: ReleaseInfo
) -> list[TransferStats | None]:
    archive = request.archive(info) if request.archive is not None else None

    def prepare(one: Connected) -> TransferStats:
        stats = upload(one.session, request.out, info.release, one.listing)
        if archive is not None:
            upload_archive(one.session, archive, info.release)
        record_and_check(one.session, info.release, info, request.digest)
        name_release(one.session, info.release, archived=archive is not None)
        return stats

    results = each(connected, prepare)
    if any(isinstance(result, Exception) for result in results):
        prepared = [
            one for one, r in zip(connected, results, strict=True) if not isinstance(r, Exception)
        ]
        each(prepared, lambda one: remove_release(one.session, info.release))
        labels = [one.target.label for one in connected]
        _raise_failures(labels, results, t("nothing was switched on any target"))
    return [r if isinstance(r, TransferStats) else None for r in results]


def switch_all(connected: Sequence[Connected], name: str) -> float:
    """Switch every target that does not serve ``name`` yet, all at once; when one
    fails, switch the others back. The seconds from the first switch to the last."""
    moving = [one for one in connected if one.listing.live != name]
    times: dict[int, tuple[float, float]] = {}

    def one_switch(one: Connected) -> None:
        sent = time.monotonic()
        switch(one.session, name)
        times[id(one)] = (sent, time.monotonic())

    results = each(moving, one_switch)
    failed = [(one, r) for one, r in zip(moving, results, strict=True) if isinstance(r, Exception)]
    if failed:
        switched = [
            one for one, r in zip(moving, results, strict=True) if not isinstance(r, Exception)
        ]
        raise GroupFailed(_put_back(switched, failed))
    if not times:
        return 0.0
    return max(end for _, end in times.values()) - min(start for start, _ in times.values())


def _put_back(switched: Sequence[Connected], failed: Sequence[tuple[Connected, Exception]]) -> Text:
    """Switch ``switched`` back to what each served; says what happened to every target."""
    messages = [describe_failure(one.target.label, error) for one, error in failed]
    undone = each(switched, lambda one: switch(one.session, one.listing.live))
    for one, result in zip(switched, undone, strict=True):
        previous = one.listing.live or t("no release")
        if isinstance(result, Exception):
            messages.append(
                t(
                    "{target} could not be switched back to {previous}: {error}",
                    target=one.target.label,
                    previous=previous,
                    error=describe_failure("", result),
                )
            )
        else:
            messages.append(
                t(
                    "{target} was switched back to {previous}",
                    target=one.target.label,
                    previous=previous,
                )
            )
    if all(not isinstance(result, Exception) for result in undone):
        messages.append(t("every target serves the release it served before"))
    return _join(messages)


def _prune_all(
    connected: Sequence[Connected],
    name: str,
    request: PublishRequest,
    stats: Sequence[TransferStats | None],
) -> tuple[TargetResult, ...]:
    def one_prune(one: Connected) -> list[str]:
        doomed = to_prune(one.listing.names, name, request.keep, one.listing.live)
        prune(one.session, doomed, archives=request.prune_archives)
        return doomed

    results = each(connected, one_prune)
    summary = []
    for one, pruned, sent in zip(connected, results, stats, strict=True):
        if isinstance(pruned, Exception):
            warning = describe_failure(one.target.label, pruned)
            summary.append(dataclasses.replace(_result(one, name, sent), warning=warning))
        else:
            summary.append(_result(one, name, sent, tuple(pruned)))
    return tuple(summary)


def _result(
    one: Connected, name: str, stats: TransferStats | None = None, pruned: tuple[str, ...] = ()
) -> TargetResult:
    return TargetResult(one.target, name, one.listing.live, stats, pruned, one.cleaned)


def switch_group(targets: Sequence[Target], wanted: str, *, wait: bool = False) -> GroupResult:
    """Make ``wanted`` (a release name or prefix; "": the one before the live one) live
    on every target; nothing is uploaded."""
    with connect(targets, lock=True, wait=wait) as connected:
        chosen = {one.target.label: choose_rollback(one.listing, wanted) for one in connected}
        if len(set(chosen.values())) > 1:
            shown = ", ".join(f"{label}: {name}" for label, name in chosen.items())
            raise ReleaseError(
                t(
                    "the targets would switch to different releases ({shown}); name the release",
                    shown=shown,
                )
            )
        name = next(iter(chosen.values()))
        seconds = switch_all(connected, name)
        return GroupResult(name, tuple(_result(one, name) for one in connected), seconds)


def list_group(targets: Sequence[Target]) -> list[tuple[Target, Listing]]:
    """What every target holds (read without taking the lock)."""
    with connect(targets, lock=False) as connected:
        return [(one.target, one.listing) for one in connected]
