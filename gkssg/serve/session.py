"""One preview session: the live site, the watcher, the reload channel and the server, wired.

The parts do not know each other; this is the only place that connects them:
the watcher's batches go to the live site (one at a time), the live site's
updates go to the reload channel (and to the terminal), and the server reads
the serve folder and the channel.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path

from gkssg.base.i18n import ENGLISH, Language
from gkssg.serve.live_site import SERVE_DIR, LiveSite, Update
from gkssg.serve.overlay import problems_page
from gkssg.serve.reload import ReloadChannel, serve_script
from gkssg.serve.server import PreviewServer, ServedSite, make_server
from gkssg.serve.watcher import Watcher

Say = Callable[[Update], None]


class PreviewSession:
    def __init__(
        self, site_root: Path, *, drafts: bool, say: Say, language: Language = ENGLISH
    ) -> None:
        self.root = site_root.absolute()
        self.channel = ReloadChannel()
        self._say = say
        self._language = language  # of the problems and the overlay in the browser
        self._lock = threading.Lock()  # one update at a time
        self._errors: list[str] = []
        self.live = LiveSite(
            self.root,
            self.root / SERVE_DIR,
            script_for=functools.partial(serve_script, language=language),
            drafts=drafts,
            on_update=self._updated,
            language=language,
        )
        self._watcher = Watcher(self.root, self._changed)
        self._server: PreviewServer | None = None
        self._serving: threading.Thread | None = None

    def start(self, bind: str, port: int) -> str:
        """Build, then listen; returns the preview's URL. Raises OSError if the port is taken."""
        with self._lock:
            self.live.start()  # before any thread starts: the build may fork workers
        self._watcher.start()
        site = ServedSite(self.live.folder, self.base_url, self.channel, self._placeholder)
        self._server = make_server(bind, port, site)
        address = self._server.server_address
        host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
        bound_port = address[1]
        self._serving = threading.Thread(
            target=self._server.serve_forever, name="gkssg-http", daemon=True
        )
        self._serving.start()
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{bound_port}{self.base_url()}"

    def stop(self) -> None:
        self._watcher.stop()
        self.channel.close()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self.live.close()

    def base_url(self) -> str:
        site = self.live.site
        if site is not None:
            return site.config.base_url
        config = self.live.sources.config
        return config.base_url if config is not None else "/"

    def _changed(self, paths: frozenset[str]) -> None:
        with self._lock:
            self.live.apply(paths)

    def _updated(self, update: Update) -> None:
        errors = [problem.format(self._language) for problem in update.problems.errors]
        if update.phase == "pages" or errors:  # background phases only ever add errors
            self._errors = errors
            self.channel.publish_problems(errors)
        if update.ok:
            self.channel.publish_changes(update.changed, everything=update.fresh)
        self._say(update)

    def _placeholder(self) -> bytes | None:
        """Before any build succeeded, every page is the list of problems."""
        if self.live.site is not None or not self._errors:
            return None
        script = serve_script(self.base_url(), self._language)
        return problems_page(self._errors, script, self._language)
