from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio

from torchmap.engine.data.catalog import read_training_folder
from torchmap.engine.dataset import PixelChipDataset
from torchmap.engine.errors import InputError


def test_class_folders_name_classes_with_underscores_read_as_spaces(
    image_folder: Path, tmp_path: Path
) -> None:
    shutil.copytree(image_folder, tmp_path / "chips")
    (tmp_path / "chips" / "urban").rename(tmp_path / "chips" / "bare_soil")
    data = read_training_folder(tmp_path / "chips")
    assert [c.name for c in data.classes] == ["bare soil", "forest", "water"]
    assert [c.value for c in data.classes] == [1, 2, 3]
    assert len(data.image_paths) == len(data.targets) == 24


def test_a_folder_with_one_class_is_refused(image_folder: Path, tmp_path: Path) -> None:
    shutil.copytree(image_folder / "water", tmp_path / "chips" / "water")
    with pytest.raises(InputError, match="at least two sub-folders") as caught:
        read_training_folder(tmp_path / "chips")
    assert caught.value.field == "data_folder"


def test_pixel_chips_are_normalised_and_unlabelled_pixels_ignored(export_folder: Path) -> None:
    data = read_training_folder(export_folder)
    image, label = PixelChipDataset(data, [0], augment=False, seed=0)[0]
    with rasterio.open(data.image_paths[0]) as src:
        raw = src.read().astype(np.float32)
    valid = raw[0] != src.nodata
    statistics = data.spec.statistics
    expected = (raw[:, valid] - np.array(statistics.mean)[:, None]) / np.array(statistics.std)[
        :, None
    ]
    np.testing.assert_allclose(image.numpy()[:, valid], expected, rtol=1e-5)
    assert (image.numpy()[:, ~valid] == 0).all()  # nodata becomes the mean, never a value
    assert (label.numpy()[~valid] == -1).all() and set(label.numpy()[valid].tolist()) <= {0, 1, 2}
