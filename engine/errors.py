"""Errors the engine raises: each names the input at fault and says how to fix it."""

from __future__ import annotations

from .i18n import _


class TorchMapError(Exception):
    """Base class of every error the engine raises on purpose."""


class InputError(TorchMapError):
    """An input is unusable; ``field`` is the config field at fault, so that callers can name
    their own parameter for it (``INPUT_RASTER`` in Processing, ``--raster`` on a command line).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class CancelledError(TorchMapError):
    """The user cancelled; whatever was being written has been removed."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled by the user; no output was written."))
