"""Why a publish stopped: messages in the reader's language, and which exit code."""

from __future__ import annotations

from gkssg.base.i18n import Text


class PublishError(Exception):
    """Publishing stopped; ``message`` says why (exit code 1)."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


class TransportError(PublishError):
    """A command at a destination failed or could not reach it; says which and why."""


class DestinationBusy(PublishError):
    """Another publish holds the destination's lock."""


class ReleaseError(PublishError):
    """A release that does not exist, or nothing to roll back to (exit code 2)."""
