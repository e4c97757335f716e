"""A full disk through Processing (a real 256 KiB tmpfs): the run fails naming the output
parameter and the cause, never with a traceback, and leaves nothing half-written."""

from __future__ import annotations

import os
from pathlib import Path

import processing
import pytest
from conftest import DISK_BYTES
from data import Scene, write_polygons
from qgis.core import QgsProcessingException

from torchmap.engine.models.package import read_definition
from torchmap.processing_provider.styling import save_default_raster_style

pytestmark = pytest.mark.usefixtures("torchmap_provider")


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` bytes of free space."""
    filler = disk / "filler.bin"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    filler.write_bytes(b"\0" * max(free - leave, 0))
    return filler


def contents(disk: Path) -> list[str]:
    return sorted(path.name for path in disk.iterdir())


def test_classify_pixels_on_a_full_disk_names_output_and_says_why(
    full_disk: Path, scene: Scene, unet_package: Path
) -> None:
    fill(full_disk, leave=2048)
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("torchmap:classifypixels", {
            "INPUT_RASTER": str(scene.image), "MODEL": str(unet_package),
            "OUTPUT": str(full_disk / "classes.tif"),
        })  # fmt: skip
    message = str(raised.value)
    assert message.startswith("OUTPUT (") and "the disk is full" in message
    assert "unexpectedly" not in message and "Traceback" not in message
    assert contents(full_disk) == ["filler.bin"]


def test_classify_objects_on_a_full_disk_names_output_and_keeps_nothing(
    full_disk: Path, scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    boxes = [(500_000 + 40 * i, 1_699_000, 500_040 + 40 * i, 1_699_040) for i in range(14)]
    features = write_polygons(tmp_path / "cells.gpkg", boxes)
    fill(full_disk, leave=16 * 1024)
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("torchmap:classifyobjects", {
            "INPUT_RASTER": str(scene.image), "INPUT_FEATURES": str(features),
            "MODEL": str(unet_package), "OUTPUT": str(full_disk / "objects.gpkg"),
        })  # fmt: skip
    message = str(raised.value)
    assert "OUTPUT" in message and "unexpectedly" not in message
    assert not any(name.startswith("objects.gpkg") for name in contents(full_disk))


def test_a_style_that_does_not_fit_is_reported_and_removed(
    full_disk: Path, scene: Scene, unet_package: Path
) -> None:
    raster = full_disk / "classes.tif"
    raster.write_bytes(Path(scene.labels).read_bytes())
    fill(full_disk, leave=0)
    problem = save_default_raster_style(str(raster), read_definition(unet_package).classes)
    assert problem and "the disk is full" in problem
    assert not (full_disk / "classes.qml").exists()
    assert DISK_BYTES
