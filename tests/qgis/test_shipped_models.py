"""The graphical models shipped in models/: listed by the provider, valid, and the land-cover
workflow (Export -> Train -> Classify Pixels) runs through processing.run."""

from __future__ import annotations

from pathlib import Path

import processing
import pytest
from data import Scene
from qgis.core import QgsApplication, QgsPalettedRasterRenderer, QgsRasterLayer

from torchmap.engine.models.package import read_definition
from torchmap.processing_provider.provider import MODELS_FOLDER

pytestmark = pytest.mark.usefixtures("torchmap_provider")

WORKFLOW = "torchmap:Land cover workflow"


def test_every_shipped_model_is_listed_and_valid() -> None:
    files = sorted(MODELS_FOLDER.glob("*.model3"))
    assert files, "models/ ships no graphical model"
    provider = QgsApplication.processingRegistry().providerById("torchmap")
    listed = {a.sourceFilePath(): a for a in provider.algorithms() if hasattr(a, "sourceFilePath")}
    for path in files:
        model = listed[str(path)]
        valid, problems = model.validate()
        assert valid, problems
        assert model.shortHelpString().strip()


def test_the_workflow_exposes_its_inputs_and_both_outputs() -> None:
    model = QgsApplication.processingRegistry().algorithmById(WORKFLOW)
    assert {p.name() for p in model.parameterDefinitions()} == {
        "image", "labels", "tile_size", "stride", "epochs", "batch_size",
        "train:model", "classify:landcover",
    }  # fmt: skip
    assert [c.algorithmId() for c in model.childAlgorithms().values()].count(
        "torchmap:traindeeplearningmodel"
    ) == 1


def test_the_land_cover_workflow_runs_through_processing(scene: Scene, tmp_path: Path) -> None:
    result = processing.run(
        WORKFLOW,
        {
            "image": str(scene.image),
            "labels": str(scene.labels),
            "tile_size": 32,
            "stride": 16,
            "epochs": 1,
            "batch_size": 4,
            "train:model": str(tmp_path / "unet.tmpk"),
            "classify:landcover": str(tmp_path / "map.tif"),
        },
    )
    assert result["train:model"] == str(tmp_path / "unet.tmpk")
    classes = read_definition(tmp_path / "unet.tmpk").classes
    layer = QgsRasterLayer(result["classify:landcover"], "map")
    assert layer.isValid() and layer.width() == 64
    # Opened from its file, the map is styled with exactly the model's classes.
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert [c.value for c in renderer.classes()] == [c.value for c in classes]
