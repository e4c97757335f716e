"""Bad training data: each a clear error naming the parameter, and no package left behind;
odd but usable data (a class no training chip holds, photos without georeference) trains."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from data import write_class_raster, write_jpeg_class_folders, write_scene

from torchmap.engine.data.export import ExportConfig, export_training_data
from torchmap.engine.errors import InputError
from torchmap.engine.models.package import read_definition
from torchmap.engine.reporter import NullReporter
from torchmap.engine.training.train import TrainConfig, train_model

FAST = {"epochs": 1, "batch_size": 4, "learning_rate": 3e-3, "reports": False}


class Warned(NullReporter):
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, text: str) -> None:
        self.warnings.append(text)


def _refused(folder: Path, model_type: str, tmp_path: Path, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        train_model(TrainConfig(folder, model_type, tmp_path / "out" / "m.tmpk", **FAST))
    assert caught.value.field == "data_folder"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _refused(tmp_path / "empty", "resnet18", tmp_path, "empty")


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path / "nowhere", "unet", tmp_path, "not a folder")


def test_chips_of_a_single_class_are_refused(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    write_class_raster(scene.labels, np.ones((64, 64), np.uint8))
    folder = tmp_path / "chips"
    export_training_data(ExportConfig(scene.image, scene.labels, folder, tile_size=32))
    _refused(folder, "unet", tmp_path, "only 1 class")


def test_a_class_no_training_chip_holds_trains_anyway_and_says_so(
    export_folder: Path, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(export_folder, tmp_path / "chips"))
    metadata_path = folder / "torchmap_export.json"
    metadata = json.loads(metadata_path.read_text())
    metadata["classes"].append({"value": 7, "name": "snow", "color": "#ffffff"})
    metadata_path.write_text(json.dumps(metadata))
    reporter = Warned()
    result = train_model(TrainConfig(folder, "unet", tmp_path / "m.tmpk", **FAST), reporter)
    assert any("7 (snow)" in text and "no training chip" in text for text in reporter.warnings)
    assert [c.value for c in read_definition(result.model_path).classes] == [1, 2, 3, 7]


def test_photos_without_georeference_train_without_a_warning(tmp_path: Path) -> None:
    folder = write_jpeg_class_folders(tmp_path / "nwpu")
    reporter = Warned()  # and pytest turns any Python warning into an error
    result = train_model(TrainConfig(folder, "resnet18", tmp_path / "r.tmpk", **FAST), reporter)
    definition = read_definition(result.model_path)
    assert [c.name for c in definition.classes] == ["desert", "lake", "meadow"]
    assert definition.spec.crs is None and definition.spec.band_count == 3
    assert reporter.warnings == []
