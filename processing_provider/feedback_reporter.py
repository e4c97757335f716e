"""Adapts QGIS's processing feedback to the engine's Reporter protocol."""

from __future__ import annotations

from qgis.core import QgsProcessingFeedback

from ..engine.reporter import TrainingEvent, format_metrics
from .training_hub import RUN_SAVED, training_hub


class FeedbackReporter:
    """Progress bar, log lines and cancel button of a Processing run, as a Reporter; training
    events go to the process-wide hub, where the TorchMap dock follows the run."""

    def __init__(self, feedback: QgsProcessingFeedback | None) -> None:
        self.feedback = feedback or QgsProcessingFeedback()
        self._run_ids: list[str] = []

    def progress(self, percent: float) -> None:
        self.feedback.setProgress(percent)

    def info(self, text: str) -> None:
        self.feedback.pushInfo(text)

    def warning(self, text: str) -> None:
        self.feedback.pushWarning(text)

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        self.feedback.pushInfo(format_metrics(epoch, values))

    def is_cancelled(self) -> bool:
        return self.feedback.isCanceled()

    def event(self, event: TrainingEvent) -> None:
        if event.run_id not in self._run_ids:
            self._run_ids.append(event.run_id)
        training_hub().publish(event)

    def stop_requested(self) -> bool:
        hub = training_hub()
        return any(hub.stop_requested(run_id) for run_id in self._run_ids)

    def run_saved(self, model_path: object, report_path: object | None = None) -> None:
        """Tell the dock where the finished run's package and report are."""
        data = {"model_path": str(model_path), "report_path": str(report_path or "")}
        for run_id in self._run_ids:
            training_hub().publish(TrainingEvent(RUN_SAVED, run_id, data))
