"""The reload channel: server-sent events telling open pages what changed.

Every update that writes or removes files is a new *generation* with the list
of output paths it touched. A page reloads itself when its own file is among
them (or a theme asset under ``static/`` changed). The server stamps each HTML response
with the generation it was read at (a cookie), and the page asks for the
changes since then when it connects, so an update that lands while the page is
loading is never missed. The current content errors travel the same way and
are shown by the overlay (:mod:`gkssg.serve.overlay`).
"""

from __future__ import annotations

import json
import queue
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from gkssg.base.i18n import ENGLISH, Language
from gkssg.serve.overlay import overlay_js

#: Under the site's base URL; no column can live there (fsscan skips ``_`` folders).
EVENTS_PATH = "__gkssg__/events"
GENERATION_COOKIE = "gkssg-generation"
HISTORY = 200

_SCRIPT = """<script data-gkssg-serve>
(function () {
  var base = %(base)s;
  var path = decodeURIComponent(location.pathname);
  path = path.indexOf(base) === 0 ? path.slice(base.length) : path;
  if (path === "" || path.slice(-1) === "/") path += "index.html";
  var seen = document.cookie.match(/(?:^|; )%(cookie)s=(\\d+)/);
  var events = new EventSource(base + "%(events)s?since=" + (seen ? seen[1] : "0"));
  %(overlay)s
  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-gkssg-live", "connected");
  });
  events.addEventListener("state", function (event) {
    showProblems(JSON.parse(event.data).problems);
  });
  events.addEventListener("change", function (event) {
    var change = JSON.parse(event.data);
    var mine = change.all || change.paths.some(function (changed) {
      return changed === path || changed.indexOf("static/") === 0;
    });
    if (mine) location.reload();
  });
})();
</script>
"""


def serve_script(base_url: str, language: Language = ENGLISH) -> str:
    """The script ``gkssg serve`` adds before ``</body>`` of every page it builds (its
    overlay in the preview's ``language``)."""
    return _SCRIPT % {
        "base": json.dumps(base_url),
        "cookie": GENERATION_COOKIE,
        "events": EVENTS_PATH,
        "overlay": overlay_js(language),
    }


@dataclass(frozen=True)
class Message:
    event: str  # "state" | "change"
    data: str  # JSON

    def encode(self) -> bytes:
        return f"event: {self.event}\ndata: {self.data}\n\n".encode()


class Subscription:
    """One open page's queue of messages; ``None`` means the server is stopping."""

    def __init__(self) -> None:
        self.messages: queue.Queue[Message | None] = queue.Queue()


class ReloadChannel:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._history: deque[tuple[int, frozenset[str]]] = deque(maxlen=HISTORY)
        self._everything_at = 0  # the last generation that changed every page
        self._problems: tuple[str, ...] = ()
        self._subscribers: list[Subscription] = []
        self._closed = False

    @property
    def generation(self) -> int:
        with self._lock:
            return self._generation

    def publish_changes(self, paths: Iterable[str], *, everything: bool = False) -> None:
        changed = frozenset(paths)
        if not changed and not everything:
            return
        with self._lock:
            self._generation += 1
            self._history.append((self._generation, changed))
            if everything:
                self._everything_at = self._generation
            message = _change(changed, everything)
            self._send(message)

    def publish_problems(self, lines: Iterable[str]) -> None:
        problems = tuple(lines)
        with self._lock:
            if problems == self._problems:
                return
            self._problems = problems
            self._send(_state(problems))

    def subscribe(self, since: int) -> Subscription:
        """A new page: it gets the current problems and what changed since ``since``."""
        subscription = Subscription()
        with self._lock:
            if self._closed:
                subscription.messages.put(None)
                return subscription
            subscription.messages.put(_state(self._problems))
            missed = self._since(since)
            if missed is not None:
                subscription.messages.put(missed)
            self._subscribers.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            if subscription in self._subscribers:
                self._subscribers.remove(subscription)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for subscription in self._subscribers:
                subscription.messages.put(None)
            self._subscribers.clear()

    def _since(self, since: int) -> Message | None:
        if since >= self._generation:
            return None
        oldest = self._history[0][0] if self._history else self._generation + 1
        if since < self._everything_at or since + 1 < oldest:
            return _change(frozenset(), True)
        paths: set[str] = set()
        for generation, changed in self._history:
            if generation > since:
                paths.update(changed)
        return _change(frozenset(paths), False)

    def _send(self, message: Message) -> None:
        for subscription in self._subscribers:
            subscription.messages.put(message)


def _change(paths: frozenset[str], everything: bool) -> Message:
    return Message("change", json.dumps({"paths": sorted(paths), "all": everything}))


def _state(problems: tuple[str, ...]) -> Message:
    return Message("state", json.dumps({"problems": list(problems)}, ensure_ascii=False))
