"""Adapts QGIS's processing feedback to the engine's Reporter protocol."""

from __future__ import annotations

from qgis.core import QgsProcessingFeedback

from ..engine.reporter import TrainingEvent, format_metrics


class FeedbackReporter:
    """Progress bar, log lines and cancel button of a Processing run, as a Reporter."""

    def __init__(self, feedback: QgsProcessingFeedback | None) -> None:
        self.feedback = feedback or QgsProcessingFeedback()

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
        pass  # the training dock (issue 9) listens here

    def stop_requested(self) -> bool:
        return False
