"""PROCESSES above 1 from Processing: Train runs under torchrun as one run, its progress in
the feedback; a cancel stops every rank and leaves nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import processing
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from torchmap.engine.models.definition import read_definition

pytestmark = pytest.mark.usefixtures("torchmap_provider")


class Recorder(QgsProcessingFeedback):
    def __init__(self) -> None:
        super().__init__()
        self.progress: list[float] = []
        self.lines: list[str] = []

    def setProgress(self, percent: float) -> None:
        self.progress.append(percent)
        super().setProgress(percent)

    def pushInfo(self, text: str) -> None:
        self.lines.append(text)
        super().pushInfo(text)


def _ranks_running(marker: str) -> list[str]:
    """Command lines of live processes that mention ``marker`` (the run's output path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in command:
                found.append(command)
    return found


def test_training_in_two_processes_reports_progress_and_saves_one_package(
    export_folder: Path, tmp_path: Path
) -> None:
    feedback = Recorder()
    output = tmp_path / "two.tmpk"
    result = processing.run(
        "torchmap:traindeeplearningmodel",
        {"INPUT_DATA": str(export_folder), "EPOCHS": 2, "BATCH_SIZE": 4,
         "LEARNING_RATE": 0.003, "PROCESSES": 2, "OUTPUT_MODEL": str(output)},
        feedback=feedback,
    )  # fmt: skip
    assert Path(result["OUTPUT_MODEL"]) == output and output.is_file()
    assert read_definition(output).training["processes"] == 2
    assert 0 <= result["MEAN_IOU"] <= 1 and Path(result["OUTPUT_REPORT"]).is_file()
    assert feedback.progress and max(feedback.progress) == 100.0
    assert any("Epoch 2" in line for line in feedback.lines)  # rank 0's log, as it came


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the ranks")
def test_a_cancel_stops_every_rank_and_leaves_nothing(export_folder: Path, tmp_path: Path) -> None:
    feedback = Recorder()
    output = tmp_path / "cancelled.tmpk"
    timer = threading.Timer(12.0, feedback.cancel)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(QgsProcessingException, match="Cancelled"):
            processing.run(
                "torchmap:traindeeplearningmodel",
                {"INPUT_DATA": str(export_folder), "EPOCHS": 500, "BATCH_SIZE": 4,
                 "LEARNING_RATE": 0.003, "PROCESSES": 2, "OUTPUT_MODEL": str(output)},
                feedback=feedback,
            )  # fmt: skip
    finally:
        timer.cancel()
    assert time.monotonic() - started < 90  # stopped, not run to the end
    assert not _ranks_running(str(output))
    assert not output.exists() and not (tmp_path / "cancelled_report").exists()
    assert not list(tmp_path.glob(".torchmap-run-*"))
