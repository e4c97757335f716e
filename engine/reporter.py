"""How the engine reports progress, messages and metrics without knowing who listens."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Protocol

from .errors import CancelledError
from .i18n import _

# Kinds of machine-readable training events, so a dock widget can follow a run without
# parsing log text. ``data`` of each kind:
RUN_STARTED = "run_started"  # settings: task, architecture, backbone, epochs, device, ...
BATCH_END = "batch_end"  # epoch, epochs, batch, batches, loss, elapsed_s, eta_s
EPOCH_END = "epoch_end"  # epoch, epochs, metrics {name: value}, monitor, best, best_epoch, eta_s
RUN_FINISHED = "run_finished"  # status (completed | stopped_early | cancelled | failed), ...


@dataclass(frozen=True)
class TrainingEvent:
    """One thing that happened in a training run; ``run_id`` tells concurrent runs apart."""

    kind: str
    run_id: str
    data: dict[str, object] = field(default_factory=dict)


class Reporter(Protocol):
    """Receives progress (0-100), messages, per-epoch metrics and training events; may ask to
    cancel (stop now, write nothing) or to stop early (finish now, save the best so far)."""

    def progress(self, percent: float) -> None: ...

    def info(self, text: str) -> None: ...

    def warning(self, text: str) -> None: ...

    def metrics(self, epoch: int, values: dict[str, float]) -> None: ...

    def is_cancelled(self) -> bool: ...

    def event(self, event: TrainingEvent) -> None: ...

    def stop_requested(self) -> bool: ...


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

    def event(self, event: TrainingEvent) -> None:
        pass

    def stop_requested(self) -> bool:
        return False


class StreamReporter(NullReporter):
    """Writes messages and metrics to stderr: for scripts and benchmarks."""

    def info(self, text: str) -> None:
        print(text, file=sys.stderr)

    def warning(self, text: str) -> None:
        print(_("warning: {text}").format(text=text), file=sys.stderr)

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        print(format_metrics(epoch, values), file=sys.stderr)


def format_metrics(epoch: int, values: dict[str, float]) -> str:
    """One human line for an epoch's metrics, e.g. ``Epoch 3: train_loss 0.412, ...``."""
    parts = ", ".join(f"{name} {value:.4f}" for name, value in values.items())
    return _("Epoch {epoch}: {metrics}").format(epoch=epoch, metrics=parts)


def raise_if_cancelled(reporter: Reporter) -> None:
    """Raise CancelledError when the user asked to stop."""
    if reporter.is_cancelled():
        raise CancelledError()
