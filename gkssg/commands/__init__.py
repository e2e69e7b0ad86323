"""The commands of ``gkssg``, one module each; registered on the group in :mod:`gkssg.cli`."""

from __future__ import annotations

import click

from gkssg.commands.build import build_command
from gkssg.commands.check import check_command
from gkssg.commands.init import init_command

COMMANDS: list[click.Command] = [
    build_command,
    check_command,
    init_command,
]
