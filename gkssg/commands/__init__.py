"""The commands of ``gkssg``, one module each; registered on the group in :mod:`gkssg.cli`.

A command's module is imported only when the command runs (or when ``--help``
lists them all): ``gkssg check``, ``new`` and ``number``, which editors run
often, do not load the renderer, the search index or the preview server.
"""

from __future__ import annotations

import importlib

import click

#: command name → (its module under gkssg.commands, the click command in it)
COMMANDS: dict[str, tuple[str, str]] = {
    "archive": ("archive", "archive_command"),
    "build": ("build", "build_command"),
    "check": ("check", "check_command"),
    "fix-encoding": ("fix_encoding", "fix_encoding_command"),
    "import": ("import_documents", "import_command"),
    "init": ("init", "init_command"),
    "new": ("new", "new_command"),
    "number": ("number", "number_command"),
    "publish": ("publish", "publish_command"),
    "report": ("report", "report_command"),
    "serve": ("serve", "serve_command"),
    "withdraw": ("withdraw", "withdraw_command"),
}


def load_command(name: str) -> click.Command | None:
    """The click command called ``name`` (its module imported now), or None."""
    found = COMMANDS.get(name)
    if found is None:
        return None
    module, attribute = found
    command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    assert isinstance(command, click.Command) and command.name == name, name
    return command
