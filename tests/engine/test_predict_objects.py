from __future__ import annotations

from pathlib import Path

import pytest
import rasterio
from data import pixel_box, profile, write_image_folder

from torchmap.engine.errors import InputError
from torchmap.engine.predict_objects import ClassifyObjectsConfig, classify_objects


@pytest.fixture(scope="module")
def mosaic(tmp_path_factory: pytest.TempPathFactory, image_folder: Path) -> Path:
    """A raster made of 16 px chips of known classes side by side: water, forest, urban."""
    import numpy as np

    row = []
    for name in ("water", "forest", "urban"):
        with rasterio.open(image_folder / name / "000.tif") as src:
            row.append(src.read())
    pixels = np.concatenate(row, axis=2)
    path = tmp_path_factory.mktemp("mosaic") / "mosaic.tif"
    with rasterio.open(path, "w", **profile(48, 3, "int16", None) | {"height": 16}) as dst:
        dst.write(pixels)
    return path


def test_objects_get_the_class_under_them_with_a_confidence(
    mosaic: Path, resnet_package: Path
) -> None:
    extents = [pixel_box(0, 0, 16, 16), pixel_box(16, 0, 16, 16), pixel_box(32, 0, 16, 16)]
    results = classify_objects(ClassifyObjectsConfig(mosaic, resnet_package), extents)
    assert [r.name for r in results] == ["water", "forest", "urban"]
    assert all(0 < r.confidence <= 1 for r in results)
    assert [r.value for r in results] == [3, 1, 2]  # values follow the sorted folder names


def test_objects_outside_the_raster_get_no_class(mosaic: Path, resnet_package: Path) -> None:
    tiny = pixel_box(40, 5, 1, 1)
    shrunk = (tiny[0] + 2, tiny[1] + 2, tiny[2] - 2, tiny[3] - 2)  # smaller than a pixel
    results = classify_objects(
        ClassifyObjectsConfig(mosaic, resnet_package), [pixel_box(500, 500, 10, 10), shrunk]
    )
    assert results[0] is None
    assert results[1] is not None and results[1].name == "urban"


def test_a_pixel_classifier_is_refused_for_objects(mosaic: Path, unet_package: Path) -> None:
    with pytest.raises(InputError, match="Classify Pixels") as caught:
        classify_objects(ClassifyObjectsConfig(mosaic, unet_package), [pixel_box(0, 0, 4, 4)])
    assert caught.value.field == "model"


def test_bands_must_match(tmp_path: Path, resnet_package: Path) -> None:
    folder = write_image_folder(tmp_path / "chips", chips_per_class=1, bands=4)
    with pytest.raises(InputError, match="has 4 bands") as caught:
        classify_objects(
            ClassifyObjectsConfig(folder / "water" / "000.tif", resnet_package),
            [pixel_box(0, 0, 4, 4)],
        )
    assert caught.value.field == "raster"
