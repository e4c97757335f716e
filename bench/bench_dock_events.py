"""The dock under a flood of training events: a worker thread publishes batch events as fast
as it can (a fast GPU), the GUI thread serves them. Prints how long publishing takes the
worker (it must never wait for the GUI) and the GUI thread's longest uninterrupted stretch
of event handling (what a user would feel as a freeze).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_dock_events.py [--events 20000]
"""

from __future__ import annotations

import argparse
import threading
import time

from qgis.core import QgsApplication


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    arguments = parser.parse_args()
    application = QgsApplication([], True)
    application.initQgis()

    from torchmap.engine.reporter import BATCH_END, EPOCH_END, RUN_STARTED, TrainingEvent
    from torchmap.plugin.dock import TorchMapDock
    from torchmap.processing_provider.feedback_reporter import FeedbackReporter
    from torchmap.processing_provider.training_hub import training_hub

    training_hub()
    dock = TorchMapDock(None)
    dock.resize(560, 620)
    reporter = FeedbackReporter(None)
    batches = 100
    epochs = arguments.events // batches
    timing: dict[str, float] = {}

    def publish() -> None:
        started = time.perf_counter()
        reporter.event(TrainingEvent(RUN_STARTED, "bench", {"epochs": epochs, "device": "cuda"}))
        for index in range(arguments.events):
            epoch, batch = divmod(index, batches)
            data = {
                "epoch": epoch + 1,
                "epochs": epochs,
                "batch": batch + 1,
                "batches": batches,
                "loss": 1.0 / (index + 1),
                "elapsed_s": index * 0.01,
                "eta_s": 1.0,
            }
            reporter.event(TrainingEvent(BATCH_END, "bench", data))
            if batch + 1 == batches:
                metrics = {
                    "train_loss": 1 / (epoch + 1),
                    "valid_loss": 1.1 / (epoch + 1),
                    "mean_iou": epoch / epochs,
                }
                summary = {
                    "epoch": epoch + 1,
                    "epochs": epochs,
                    "metrics": metrics,
                    "monitor": "mean_iou",
                    "best": epoch / epochs,
                    "best_epoch": epoch + 1,
                }
                reporter.event(TrainingEvent(EPOCH_END, "bench", summary))
        timing["publish"] = time.perf_counter() - started

    worker = threading.Thread(target=publish)
    started = time.perf_counter()
    worker.start()
    longest = 0.0
    while (
        worker.is_alive()
        or dock.training.runs.get("bench") is None
        or (dock.training.runs.get("bench").epoch < epochs)
    ):
        slice_started = time.perf_counter()
        application.processEvents()
        longest = max(longest, time.perf_counter() - slice_started)
        time.sleep(0.001)
    dock.grab()  # one full paint of the final state
    total = time.perf_counter() - started
    print(f"events published: {arguments.events + epochs + 1} ({epochs} epochs)")
    print(f"worker publishing: {timing['publish'] * 1e6 / arguments.events:.1f} us/event")
    print(f"GUI handled everything in {total:.2f} s; longest GUI stretch {longest * 1e3:.1f} ms")
    print(f"chart points: {dock.training.chart.point_count()}")


if __name__ == "__main__":
    main()
