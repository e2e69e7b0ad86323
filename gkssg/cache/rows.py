"""Each item's rows in the data files, kept from one build to the next.

``catalog.json``, ``catalog.csv`` and the exact-search shards hold one row per
item. Making the rows of 10,000 items took 1.1-1.3 s of every build, also when
one item or none had changed. A row is now kept, under its kind and its item's
file, with the item's fingerprint (a hash of everything the item holds, made
once when its file is parsed: see :class:`gkssg.content.reading.SiteContent`) and its
*context*: every other value the row shows (the site's configuration and
gkssg's own code, the item's column, its related items). A row is made again
only when either changed; a kept row is the very object the last build made.

The build keeps the rows in its cache (:class:`gkssg.cache.store.BuildCache`,
part ``rows``); the rows of items that are gone are dropped with it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from gkssg.base.hashing import code_fingerprint, digest, stable_repr
from gkssg.content.config import SiteConfig

T = TypeVar("T")

#: kind and item (``catalog:content/…/通知.md``) → ((fingerprint, context), row)
RowEntries = Mapping[str, tuple[Hashable, Any]]


@dataclass
class RowCache:
    # the last build's rows, read when a row is first asked for: by then the build
    # runs Pagefind, and the rows are not read in the time everything else waits for
    load: Callable[[], RowEntries] = dict
    made: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)  # this build's
    _kept: RowEntries | None = field(default=None, init=False, repr=False)

    def row(
        self,
        kind: str,
        source: str,
        fingerprint: str | None,
        context: Hashable,
        make: Callable[[], T],
    ) -> T:
        """The ``kind`` row of the item read from ``source``, whose fingerprint is
        ``fingerprint``: kept when it was made from the same fingerprint in an equal
        ``context``, else ``make()``. Without a fingerprint, always made."""
        if fingerprint is None:
            return make()
        if self._kept is None:
            self._kept = self.load()
        key = f"{kind}:{source}"  # an edit rewrites the cache shards of its rows only
        found = self.made.get(key) or self._kept.get(key)
        if found is None or found[0] != (fingerprint, context):
            found = ((fingerprint, context), make())
        self.made[key] = found
        return cast(T, found[1])


def site_context(config: SiteConfig) -> str:
    """What every row may show of the site: its configuration, and the code making it."""
    return digest(code_fingerprint(), stable_repr(config))
