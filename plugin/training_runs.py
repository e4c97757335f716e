"""What the dock knows about each training run, rebuilt from the engine's training events.

Free of Qt, so the bookkeeping is tested on its own; the dock only displays it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from ..engine.models.registry import model_type
from ..engine.reporter import BATCH_END, EPOCH_END, RUN_FINISHED, RUN_STARTED, TrainingEvent
from ..processing_provider.training_hub import RUN_SAVED

RUNNING = "running"
LOSS_SERIES = ("train_loss", "valid_loss")


@dataclass
class TrainingRun:
    """One run's progress, history and outcome as far as its events told."""

    run_id: str
    settings: dict[str, object] = field(default_factory=dict)
    status: str = RUNNING
    epoch: int = 0
    epochs: int = 0
    batch: int = 0
    batches: int = 0
    elapsed_s: float = 0.0
    eta_s: float | None = None
    monitor: str = ""
    best: float | None = None
    best_epoch: int = 0
    history: list[dict[str, float]] = field(default_factory=list)
    outcome: dict[str, object] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    @property
    def device(self) -> str:
        return str(self.settings.get("device", ""))

    @property
    def title(self) -> str:
        """A short name for the run list: the model and the output's file name."""
        model = str(self.settings.get("model_type") or self.settings.get("architecture") or "")
        with contextlib.suppress(ValueError):  # a key of the registry: its name, "U-Net"
            model = model_type(model).name
        output = str(self.outcome.get("model_path") or "")
        name = output.replace("\\", "/").rsplit("/", 1)[-1]
        return " \u00b7 ".join(part for part in (model, name) if part) or self.run_id

    @property
    def model_path(self) -> str:
        return str(self.outcome.get("model_path") or "")

    @property
    def report_path(self) -> str:
        return str(self.outcome.get("report_path") or "")

    def series(self, name: str) -> list[tuple[int, float]]:
        """(epoch, value) of one metric over the epochs seen so far."""
        return [
            (int(row["epoch"]), float(row[name]))
            for row in self.history
            if isinstance(row.get(name), (int, float))
        ]

    def apply(self, event: TrainingEvent) -> None:
        """Update from one event of this run."""
        data = event.data
        if event.kind == RUN_STARTED:
            self.settings = dict(data)
            self.epochs = int(data.get("epochs", 0) or 0)
        elif event.kind == BATCH_END:
            self._take_progress(data)
            self.batch = int(data.get("batch", 0) or 0)
            self.batches = int(data.get("batches", 0) or 0)
        elif event.kind == EPOCH_END:
            self._take_progress(data)
            metrics = data.get("metrics") or {}
            self.history.append({"epoch": self.epoch, **dict(metrics)})  # type: ignore[arg-type]
            self.monitor = str(data.get("monitor", self.monitor) or "")
            if isinstance(data.get("best"), (int, float)):
                self.best = float(data["best"])  # type: ignore[arg-type]
            self.best_epoch = int(data.get("best_epoch", self.best_epoch) or 0)
        elif event.kind == RUN_FINISHED:
            self.outcome.update(data)
            self.status = str(data.get("status", "completed"))
            self.eta_s = 0.0
            if isinstance(data.get("elapsed_s"), (int, float)):
                self.elapsed_s = float(data["elapsed_s"])  # type: ignore[arg-type]
        elif event.kind == RUN_SAVED:
            self.outcome.update(data)

    def _take_progress(self, data: dict[str, object]) -> None:
        self.epoch = int(data.get("epoch", self.epoch) or 0)
        self.epochs = int(data.get("epochs", self.epochs) or 0)
        if isinstance(data.get("elapsed_s"), (int, float)):
            self.elapsed_s = float(data["elapsed_s"])  # type: ignore[arg-type]
        eta = data.get("eta_s")
        self.eta_s = float(eta) if isinstance(eta, (int, float)) else self.eta_s


class TrainingRuns:
    """The runs of this QGIS session, in the order they started."""

    def __init__(self) -> None:
        self._runs: dict[str, TrainingRun] = {}

    def __len__(self) -> int:
        return len(self._runs)

    def __iter__(self):
        return iter(self._runs.values())

    def get(self, run_id: str) -> TrainingRun | None:
        return self._runs.get(run_id)

    def apply(self, event: TrainingEvent) -> TrainingRun:
        """Record an event, creating its run on first sight (also mid-run)."""
        run = self._runs.get(event.run_id)
        if run is None:
            run = self._runs[event.run_id] = TrainingRun(event.run_id)
        run.apply(event)
        return run


def format_duration(seconds: float | None) -> str:
    """``1:02:03`` or ``2:03``; an em dash when unknown."""
    if seconds is None:
        return "\u2014"
    whole = max(int(round(seconds)), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
