"""The engine runs inside QGIS's process: it must not change what the process shares with
other plugins (matplotlib's backend, pyplot's state), and reading a package's definition must
not need torch (the Styling panel, the command line's info)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_training_reports_leave_matplotlib_s_backend_and_pyplot_alone(tmp_path: Path) -> None:
    code = f"""
import sys
import matplotlib
matplotlib.use("svg")  # what another plugin chose
import numpy as np
from torchmap.engine.spec import ClassInfo
from torchmap.engine.training.reports import RunRecord, write_reports
classes = [ClassInfo(1, "water", "#1f78b4"), ClassInfo(2, "forest", "#33a02c")]
run = RunRecord(
    title="t", task="pixel_classification", classes=classes,
    history=[{{"epoch": 1, "train_loss": 1.0, "valid_loss": 1.1, "mean_iou": 0.3,
               "accuracy": 0.6}}],
    best_epoch=1, matrix=np.array([[3, 1], [0, 4]]), settings={{}},
    scores={{key: [0.5, 0.6] for key in ("iou", "precision", "recall", "f1")}},
)
from pathlib import Path
page = write_reports(Path({str(tmp_path)!r}), run)
print(matplotlib.get_backend(), "matplotlib.pyplot" in sys.modules, page.is_file())
"""
    assert run_python(code) == "svg False True"
    assert (tmp_path / "curves.png").stat().st_size > 0


def test_a_package_s_definition_reads_without_torch(unet_package: Path) -> None:
    code = f"""
import sys
sys.modules["torch"] = None  # torch missing: any import of it fails
from pathlib import Path
from torchmap.engine.models.definition import read_definition
definition = read_definition(Path({str(unet_package)!r}))
print(len(definition.classes), "torch" in sys.modules and sys.modules["torch"] is not None)
"""
    classes, torch_loaded = run_python(code).split()
    assert int(classes) >= 2 and torch_loaded == "False"
