"""Shared fixtures: generated scenes and small models trained once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from data import Scene, write_image_folder, write_scene

from torchmap.engine.export import ExportConfig, export_training_data
from torchmap.engine.train import TrainConfig, train_model

# No display in CI or on servers: Qt (pytest-qgis's QgsApplication) renders offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return write_scene(tmp_path_factory.mktemp("scene"))


@pytest.fixture(scope="session")
def export_folder(scene: Scene, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "chips"
    export_training_data(ExportConfig(scene.image, scene.labels, folder, tile_size=32, stride=16))
    return folder


@pytest.fixture(scope="session")
def unet_package(export_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A U-Net trained briefly on the scene (good enough to beat chance clearly)."""
    path = tmp_path_factory.mktemp("models") / "unet.tmpk"
    train_model(
        TrainConfig(export_folder, "unet", path, epochs=4, batch_size=8, learning_rate=3e-3)
    )
    return path


@pytest.fixture(scope="session")
def image_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_image_folder(tmp_path_factory.mktemp("images") / "chips")


@pytest.fixture(scope="session")
def resnet_package(image_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("models") / "resnet.tmpk"
    train_model(
        TrainConfig(image_folder, "resnet18", path, epochs=4, batch_size=8, learning_rate=3e-3)
    )
    return path
