"""Running the ``gkssg`` command in a process of its own, as a user would.

``run_gkssg("--site", str(root), "build")`` runs ``python -m gkssg`` with this
test's interpreter, waits for it and returns what it said (text, both streams
captured); ``start_gkssg(...)`` starts one that runs on (``gkssg serve``, a build
to kill) and returns its :class:`subprocess.Popen`. Tests that only need the
command's result in-process use :class:`support.sites.SiteFiles` (Click's runner).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

#: ``support/reversed_listing.py``: gkssg with every directory listing in reverse order.
REVERSED_LISTING = Path(__file__).resolve().parent / "reversed_listing.py"

#: No gkssg run in the suite takes this long; a hung one fails instead of hanging the suite.
TIMEOUT = 600.0

_Stream = int | IO[Any] | None


def gkssg_command(*args: str, reversed_listing: bool = False) -> list[str]:
    """``[python, -m, gkssg, *args]`` (or the reversed-listing wrapper's) for this interpreter."""
    program = [str(REVERSED_LISTING)] if reversed_listing else ["-m", "gkssg"]
    return [sys.executable, *program, *args]


def _environment(env: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if env is None else {**os.environ, **env}


def run_gkssg(
    *args: str,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = False,
    timeout: float | None = TIMEOUT,
    input: str | None = None,
    reversed_listing: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m gkssg *args`` to its end; stdout and stderr captured as text.

    ``env`` holds variables set on top of this process's environment (``{"PYTHONPATH": ""}``);
    ``check`` raises on a non-zero exit; ``reversed_listing`` runs it through
    ``support/reversed_listing.py`` (every directory listed in reverse order).
    """
    return subprocess.run(
        gkssg_command(*args, reversed_listing=reversed_listing),
        cwd=cwd,
        env=_environment(env),
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
        input=input,
    )


def start_gkssg(
    *args: str,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    stdout: _Stream = subprocess.DEVNULL,
    stderr: _Stream = subprocess.DEVNULL,
    start_new_session: bool = False,
) -> subprocess.Popen[str]:
    """Start ``python -m gkssg *args`` and return at once; the caller waits for it or ends it.

    Its output goes nowhere unless ``stdout``/``stderr`` say otherwise (``subprocess.PIPE``,
    read as text); ``start_new_session`` lets ``os.killpg`` end it with its workers.
    """
    return subprocess.Popen(
        gkssg_command(*args),
        cwd=cwd,
        env=_environment(env),
        stdout=stdout,
        stderr=stderr,
        text=True,
        start_new_session=start_new_session,
    )
