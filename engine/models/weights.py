"""Weights read without ever running code from the file, and what to tell people when a file
is refused.

``torch.load(..., weights_only=True)`` refuses pickles that would import anything but
tensors and plain containers. Its error text then advises re-running with
``weights_only=False``, which would run an attacker's code: that advice, and any terminal
control codes a file could smuggle into an error, never reach a TorchMap message.
"""

from __future__ import annotations

import pickle
import re
from typing import IO

import torch

from ..errors import safe_text
from ..i18n import _

# What torch's refusal names as the forbidden import: "GLOBAL posix.system".
_FORBIDDEN_GLOBAL = re.compile(r"GLOBAL ([A-Za-z_][\w.]*)")


class WeightsError(Exception):
    """Weights that could not be read; ``reason`` says why in the user's language, without
    PyTorch's advice and without control codes."""

    def __init__(self, reason: str, unsafe: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unsafe = unsafe  # the file holds something other than tensors (maybe code)


def load_tensors(source: str | IO[bytes], map_location: torch.device | str) -> object:
    """``torch.load(source, weights_only=True)``: tensors and plain containers only, never
    code; WeightsError otherwise."""
    try:
        return torch.load(source, map_location=map_location, weights_only=True)
    except Exception as error:  # torch raises many types for corrupt or unsafe pickles
        raise refused(error) from error


def refused(error: BaseException) -> WeightsError:
    """Why torch could not load weights, told safely."""
    text = str(error)
    if isinstance(error, pickle.UnpicklingError) or "Weights only load failed" in text:
        forbidden = _FORBIDDEN_GLOBAL.search(text)
        if forbidden:
            reason = _(
                "they hold objects other than tensors ({name}), which could run code when loaded"
            ).format(name=forbidden.group(1))
        else:
            reason = _("they hold objects other than tensors, which could run code when loaded")
        return WeightsError(reason, unsafe=True)
    detail = safe_text(text)
    if detail:
        reason = _("they are damaged or not PyTorch weights ({detail})").format(detail=detail)
    else:
        reason = _("they are damaged or not PyTorch weights")
    return WeightsError(reason, unsafe=False)
