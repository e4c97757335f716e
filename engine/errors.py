"""Errors the engine raises: each names the input at fault and says how to fix it."""

from __future__ import annotations

import re

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


# Terminal control sequences (ANSI CSI/OSC escapes) and other control characters.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[@-_]?"  # other escapes, and a lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other control characters (tabs and newlines stay)
)
# Lines of torch's errors that speak of weights_only: its advice to load unsafely.
_UNSAFE_ADVICE = re.compile(r"weights_only|will likely succeed|arbitrary code", re.IGNORECASE)
DETAIL_LENGTH = 200


def safe_text(text: str, limit: int = DETAIL_LENGTH) -> str:
    """``text`` fit to quote in a message: no control codes, no line of advice about
    ``weights_only``, on one line of at most ``limit`` characters."""
    lines = [
        line.strip()
        for line in _CONTROL.sub("", text).splitlines()
        if line.strip() and not _UNSAFE_ADVICE.search(line)
    ]
    joined = " ".join(lines)
    return joined if len(joined) <= limit else joined[: limit - 3].rstrip() + "..."
