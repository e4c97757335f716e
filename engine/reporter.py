"""How the engine reports progress, messages and metrics without knowing who listens."""

from __future__ import annotations

import sys
from typing import Protocol

from .errors import CancelledError


class Reporter(Protocol):
    """Receives progress (0-100), messages and per-epoch metrics; may ask to cancel."""

    def progress(self, percent: float) -> None: ...

    def info(self, text: str) -> None: ...

    def warning(self, text: str) -> None: ...

    def metrics(self, epoch: int, values: dict[str, float]) -> None: ...

    def is_cancelled(self) -> bool: ...


class NullReporter:
    """Ignores everything and never cancels: for tests and library use."""

    def progress(self, percent: float) -> None:
        pass

    def info(self, text: str) -> None:
        pass

    def warning(self, text: str) -> None:
        pass

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        pass

    def is_cancelled(self) -> bool:
        return False


class StreamReporter(NullReporter):
    """Writes messages and metrics to stderr: for scripts and benchmarks."""

    def info(self, text: str) -> None:
        print(text, file=sys.stderr)

    def warning(self, text: str) -> None:
        print(f"warning: {text}", file=sys.stderr)

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        print(format_metrics(epoch, values), file=sys.stderr)


def format_metrics(epoch: int, values: dict[str, float]) -> str:
    """One human line for an epoch's metrics, e.g. ``Epoch 3: train_loss 0.412, ...``."""
    parts = ", ".join(f"{name} {value:.4f}" for name, value in values.items())
    return f"Epoch {epoch}: {parts}"


def raise_if_cancelled(reporter: Reporter) -> None:
    """Raise CancelledError when the user asked to stop."""
    if reporter.is_cancelled():
        raise CancelledError()
