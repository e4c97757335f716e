"""QGIS must start and list TorchMap even where torch is missing; the algorithms then say
what to install instead of crashing QGIS (canExecute)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import torchmap

SYSTEM_PYTHON = "/usr/bin/python3"  # QGIS's Python, without the virtualenv's torch

PROBE = """
import json
from qgis.core import QgsApplication, QgsProcessingModelAlgorithm
app = QgsApplication([], False)
app.initQgis()
import torchmap
from torchmap.processing_provider.provider import TorchMapProvider
provider = TorchMapProvider()
QgsApplication.processingRegistry().addProvider(provider)
# The four algorithms (the shipped graphical models only chain them).
algorithms = [a for a in provider.algorithms() if not isinstance(a, QgsProcessingModelAlgorithm)]
report = {a.id(): a.canExecute() for a in algorithms}
# processing.run never asks canExecute(): each algorithm must say the same when run.
import sys
sys.path.append(QgsApplication.pkgDataPath() + "/python/plugins")
from processing.core.Processing import Processing
Processing.initialize()
import processing
from qgis.core import QgsProcessingException
for algorithm_id in report:
    try:
        processing.run(algorithm_id, {})
        report[algorithm_id] = [True, "ran"]
    except QgsProcessingException as error:
        report[algorithm_id] = [False, str(error)]
print(json.dumps(report))
"""


def test_without_torch_the_provider_loads_and_each_algorithm_explains(tmp_path: Path) -> None:
    has_torch = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import torch"], capture_output=True, check=False
    )
    if has_torch.returncode == 0:
        pytest.skip("QGIS's own Python has torch installed system-wide here")
    (tmp_path / "torchmap").symlink_to(Path(torchmap.__file__).resolve().parent)
    env = os.environ | {
        "PYTHONPATH": str(tmp_path),
        "TORCHMAP_SITE_PACKAGES": str(tmp_path / "nothing-here"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [SYSTEM_PYTHON, "-c", PROBE], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(report) == 4
    for can_execute, message in report.values():
        assert can_execute is False
        assert "torch" in message and "make install" in message


def test_an_installed_plugin_points_to_its_installer(monkeypatch, tmp_path) -> None:
    """Outside a checkout the fix is the installer, run with QGIS's Python from the plugins
    folder, which installs into a folder of its own (not pip --user into QGIS's Python)."""
    from torchmap.processing_provider import dependencies

    plugin = tmp_path / "plugins" / "torchmap"
    plugin.mkdir(parents=True)
    monkeypatch.setattr(dependencies, "PLUGIN_ROOT", plugin)
    missing = [d for d in dependencies.DEPENDENCIES if d.module in ("torch", "torchvision")]
    command = dependencies.install_command(missing)
    assert command.startswith(f"cd {tmp_path / 'plugins'} && ")
    assert command.endswith("-m torchmap.install") and "--user" not in command
