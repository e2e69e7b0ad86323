"""The garbage-collector settings a build uses are undone when it ends, even on an error:
`gkssg serve` builds inside its own long-running process."""

from __future__ import annotations

import gc
import weakref

import pytest

from gkssg.base.heap import collection_paused, keep_out_of_collections, long_lived_heap


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_what_was_loaded_is_frozen_until_the_build_ends() -> None:
    before = gc.get_freeze_count()
    with long_lived_heap() as loaded:
        kept = [_Cycle() for _ in range(100)]
        garbage = weakref.ref(_Cycle())  # made while loading, unreachable but for its cycle
        assert garbage() is not None
        loaded()
        assert gc.get_freeze_count() >= before + len(kept)
        gc.collect()
        assert garbage() is not None  # frozen: no collection walks the loaded site
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert garbage() is None  # freed once the build is over
    assert gc.isenabled()


def test_collection_comes_back_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        raise RuntimeError("a bad cache")
    assert gc.isenabled()
    with pytest.raises(RuntimeError), long_lived_heap() as loaded:
        loaded()
        raise RuntimeError("a content error")
    assert gc.get_freeze_count() == 0


def test_the_preview_freezes_its_site_and_frees_a_replaced_one() -> None:
    try:
        site = _Cycle()
        replaced = weakref.ref(site)
        keep_out_of_collections()  # the first build: its site is frozen
        assert gc.get_freeze_count() > 0
        del site  # a fresh build replaced it: garbage, but frozen
        gc.collect()
        assert replaced() is not None
        keep_out_of_collections()  # the fresh build is in place
        assert replaced() is None
    finally:
        gc.unfreeze()
