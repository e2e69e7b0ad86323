"""The commands of ``gkssg``, one module each; registered on the group in :mod:`gkssg.cli`."""

from __future__ import annotations

import click

from gkssg.commands.build import build_command
from gkssg.commands.check import check_command
from gkssg.commands.fix_encoding import fix_encoding_command
from gkssg.commands.init import init_command
from gkssg.commands.new import new_command
from gkssg.commands.number import number_command
from gkssg.commands.publish import publish_command
from gkssg.commands.report import report_command
from gkssg.commands.serve import serve_command

COMMANDS: list[click.Command] = [
    build_command,
    check_command,
    init_command,
    new_command,
    number_command,
    fix_encoding_command,
    publish_command,
    serve_command,
    report_command,
]
