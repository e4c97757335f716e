"""Shared fixtures: generated scenes and small models trained once per session."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from data import Scene, write_image_folder, write_scene

from torchmap.engine.data.export import ExportConfig, export_training_data
from torchmap.engine.training.train import TrainConfig, train_model


@pytest.fixture(scope="session")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return write_scene(tmp_path_factory.mktemp("scene"))


@pytest.fixture(scope="session")
def export_folder(scene: Scene, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "chips"
    export_training_data(ExportConfig(scene.image, scene.labels, folder, tile_size=32, stride=8))
    return folder


@pytest.fixture(scope="session")
def unet_package(export_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A U-Net trained on the scene long enough (~50 steps, a few seconds) to map it well."""
    path = tmp_path_factory.mktemp("models") / "unet.tmpk"
    train_model(
        TrainConfig(export_folder, "unet", path, epochs=10, batch_size=4, learning_rate=3e-3)
    )
    return path


@pytest.fixture(scope="session")
def image_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_image_folder(tmp_path_factory.mktemp("images") / "chips")


@pytest.fixture(scope="session")
def resnet_package(image_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("models") / "resnet.tmpk"
    train_model(
        TrainConfig(image_folder, "resnet18", path, epochs=20, batch_size=8, learning_rate=3e-3)
    )
    return path


DISK_BYTES = 256 * 1024


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny filesystem (tmpfs, 256 KiB) that fills up: mounting needs root, which CI
    and `make test` have on their Debian machines."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here ({result.stderr.strip()}); run as root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
