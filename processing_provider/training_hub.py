"""The process-wide hub where training runs publish their events and the dock asks them to
stop early.

Runs start on Processing's worker threads (Toolbox, graphical models, the dock's Train...
button) and publish through their FeedbackReporter; the dock listens in the GUI thread. The
hub lives in the application's main thread, so Qt delivers its signal to GUI receivers as a
queued call: a worker never waits for the GUI, and the GUI never waits for a worker.
"""

from __future__ import annotations

import threading

from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..engine.reporter import TrainingEvent

# Published by the Processing algorithm once the engine returned (RUN_FINISHED comes before
# the package is written): data model_path, report_path.
RUN_SAVED = "run_saved"


class TrainingHub(QObject):
    """Carries training events from any thread to listeners, and stop-early requests back."""

    eventPublished = pyqtSignal(object)  # a TrainingEvent  # noqa: N815 (Qt signal name)

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._stop_requests: set[str] = set()

    def publish(self, event: TrainingEvent) -> None:
        """Hand an event to every listener (queued to their threads; never blocks)."""
        self.eventPublished.emit(event)

    def request_stop(self, run_id: str) -> None:
        """Ask the run to finish now and save its best model (stop early, not cancel)."""
        with self._lock:
            self._stop_requests.add(run_id)

    def stop_requested(self, run_id: str) -> bool:
        """Whether someone asked ``run_id`` to stop early."""
        with self._lock:
            return run_id in self._stop_requests


_hub: TrainingHub | None = None
_hub_lock = threading.Lock()


def training_hub() -> TrainingHub:
    """The one hub of this process, created on first use and kept in the main thread."""
    global _hub
    with _hub_lock:
        if _hub is None:
            _hub = TrainingHub()
            application = QCoreApplication.instance()
            if application is not None and _hub.thread() is not application.thread():
                _hub.moveToThread(application.thread())
        return _hub
