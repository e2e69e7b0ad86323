"""Python's cyclic garbage collector during a build.

A loaded site is millions of objects that live as long as the build: the
items, the build cache, the catalog. Every full collection walks all of them
again and frees nothing among them (five full collections took 0.36 s of a
no-change build of 10,000 items). So unpickling (the cache, the items) runs
with collection paused, as it makes no garbage; and once the site is loaded,
everything made so far is frozen (``gc.freeze``): left out of every collection
until the build ends, while what later phases make is collected as usual. No
collection comes first: after loading, cold or not, at 1,000 or 10,000 items,
it found 6 unreachable objects, and walked the whole site to find them (0.07 s
of a 3 s rebuild at 10,000 items); what garbage loading left is freed once the
build ends and the site is unfrozen. Forked render workers
inherit the frozen objects, and their collections no longer write into pages
they share with the parent (the use of ``gc.freeze`` the Python documentation
gives for servers that fork).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_heap() -> Iterator[Callable[[], None]]:
    """Call the callback yielded once the site is loaded: the objects made so far are
    frozen until the block ends (garbage among them is freed after it)."""
    frozen = False

    def loaded() -> None:
        nonlocal frozen
        gc.freeze()
        frozen = True

    try:
        yield loaded
    finally:
        if frozen:
            gc.unfreeze()


@contextmanager
def collection_paused() -> Iterator[None]:
    """No collection in the block: for unpickling a large cache, which makes millions of
    objects and no garbage, while each full collection would walk all made so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_out_of_collections() -> None:
    """For a long-running process (``gkssg serve``) that has just loaded its site: free
    what is garbage now, then freeze the rest. A full collection of a 10,000-item site
    held the interpreter for about 0.1 s in the middle of a save's update; what the
    updates make afterwards is collected as usual. What an earlier call froze is
    looked at again (a fresh build replaced that site), so nothing stays frozen for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
