"""A document that is not imported, and why: a problem code, a message, a hint."""

from __future__ import annotations

from gkssg.base.i18n import Text


class Refused(Exception):
    """Raised by the checks of a file; nothing has been written when it is."""

    def __init__(self, code: str, message: Text, hint: Text | str = "") -> None:
        super().__init__(message.source)
        self.code = code
        self.message = message
        self.hint = hint
