"""What one build is given and gives back: options, the phases' timer, the result."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.base.errors import ContentError, Problems, UsageError
from gkssg.base.i18n import message_of, t
from gkssg.content.clock import BadClock, build_time
from gkssg.content.config import normalise_base_url

OUTPUT_DIR = "output"
PROTECTED = ("content", "layouts", "data", "site.yaml")


class Reporter:
    """Receives progress; the CLI shows it on a terminal, tests ignore it."""

    def phase(self, name: str, total: int | None = None) -> None:
        """A new phase starts (with a count of units when known)."""

    def advance(self, amount: int) -> None:
        """``amount`` more units of the current phase are done."""


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False  # publish items dated later than the build's clock (定时发布)
    base_url: str | None = None
    out: Path | None = None
    jobs: int | None = None
    wait_for_lock: bool = False
    search: bool = True  # run the post-write steps (the search index)
    serve_script: str = ""  # `gkssg serve` only: injected before </body> of every page


@dataclass
class BuildResult:
    out: Path
    pages: int
    files: int
    items: int
    problems: Problems
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildContext:
    """One build's fixed inputs, and where its problems and timings go."""

    root: Path
    options: BuildOptions
    out: Path
    reporter: Reporter
    now: dt.datetime  # the build's clock (GKSSG_NOW in tests)
    problems: Problems = field(default_factory=Problems)
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(cls, root: Path, options: BuildOptions, reporter: Reporter) -> BuildContext:
        """The context of a build of ``root``; raises :class:`UsageError` for bad options."""
        out = resolve_out(root, options.out)
        if options.base_url is not None:
            try:
                normalise_base_url(options.base_url)
            except ValueError as exc:
                given = options.base_url
                raise UsageError(
                    t("--base-url {value}: {reason}", value=given, reason=message_of(exc))
                ) from exc
        try:
            now = build_time()
        except BadClock as exc:
            raise UsageError(message_of(exc)) from exc
        return cls(root, options, out, reporter, now)

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[None]:
        """A named phase: reported as it starts, timed until it ends."""
        self.reporter.phase(name, total)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - start

    def stop_on_errors(self) -> None:
        """Raise :class:`ContentError` when any problem so far is an error."""
        if self.problems.has_errors:
            raise ContentError(self.problems)


def resolve_out(site_root: Path, out: Path | None) -> Path:
    """The output folder; refuses the site itself, its sources, and their parents."""
    target = (out if out is not None else site_root / OUTPUT_DIR).absolute().resolve()
    root = site_root.absolute().resolve()
    protected = [root] + [root / name for name in PROTECTED]
    for path in protected:
        if target == path or path.is_relative_to(target):
            raise UsageError(
                t(
                    "--out {out} would overwrite the site's own files ({what}); choose a "
                    "separate folder such as output/",
                    out=out,
                    what=path.name or path,
                )
            )
        if path != root and target.is_relative_to(path):  # read back as sources next time
            raise UsageError(
                t(
                    "--out {out} is inside the site's {folder}; choose another folder",
                    out=out,
                    folder=path.name,
                )
            )
    if target.exists() and not target.is_dir():
        raise UsageError(t("--out {out} exists and is not a folder", out=out))
    return target
