from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import Scene
from PIL import Image

from torchmap.engine.data.catalog import (
    IMAGE_CLASSIFICATION,
    PIXEL_CLASSIFICATION,
    ChipPosition,
    read_training_folder,
)
from torchmap.engine.data.formats.survey import sample_paths
from torchmap.engine.data.formats.torchmap import EXPORT_METADATA_NAME
from torchmap.engine.errors import InputError


def test_a_torchmap_export_gives_pixel_chips_with_their_source_windows(
    export_folder: Path, scene: Scene
) -> None:
    data = read_training_folder(export_folder)
    assert data.task == PIXEL_CLASSIFICATION
    assert len(data.image_paths) == len(data.targets) == len(data.positions) > 0
    assert all(path.is_file() for path in [*data.image_paths, *data.targets])
    size = scene.truth.shape[0]
    for path, position in zip(data.image_paths, data.positions, strict=True):
        assert position is not None and position.col + position.width <= size
        with rasterio.open(path) as chip, rasterio.open(scene.image) as src:
            window = rasterio.windows.Window(
                position.col, position.row, position.width, position.height
            )
            np.testing.assert_array_equal(chip.read(), src.read(window=window))


def test_an_arcgis_classified_tiles_export_reads_from_its_esri_files(
    export_folder: Path, tmp_path: Path
) -> None:
    reference = read_training_folder(export_folder)
    arcgis = tmp_path / "arcgis"
    shutil.copytree(export_folder, arcgis)
    (arcgis / EXPORT_METADATA_NAME).unlink()  # what ArcGIS itself writes: no TorchMap JSON
    data = read_training_folder(arcgis)
    assert data.task == PIXEL_CLASSIFICATION
    assert [p.name for p in data.image_paths] == [p.name for p in reference.image_paths]
    assert [p.name for p in data.targets] == [p.name for p in reference.targets]
    assert data.classes == reference.classes
    np.testing.assert_allclose(data.spec.statistics.mean, reference.spec.statistics.mean)
    np.testing.assert_allclose(data.spec.statistics.std, reference.spec.statistics.std, rtol=1e-6)
    assert data.spec.tile_size == reference.spec.tile_size
    # Positions come from the georeference: the same windows, on a grid counted from the
    # CRS origin instead of the raster's corner.
    first, other = data.positions[0], data.positions[-1]
    ref_first, ref_other = reference.positions[0], reference.positions[-1]
    assert (other.col - first.col, other.row - first.row) == (
        ref_other.col - ref_first.col,
        ref_other.row - ref_first.row,
    )


def write_emd(folder: Path, mode: str, classes: list[tuple[int, str]]) -> None:
    entries = [{"Value": v, "Name": n, "Color": [10 * v % 256, 0, 0]} for v, n in classes]
    (folder / "esri_model_definition.emd").write_text(
        json.dumps({"MetaDataMode": mode, "Classes": entries})
    )
    (folder / "esri_accumulated_stats.json").write_text(json.dumps({"MetaDataMode": mode}))


def test_an_arcgis_labeled_tiles_export_reads_each_chips_class_from_its_xml(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "labeled"
    (folder / "images").mkdir(parents=True)
    (folder / "labels").mkdir()
    write_emd(folder, "Labeled_Tiles", [(10, "water"), (20, "forest")])
    rng = np.random.default_rng(0)
    for index, value in enumerate([10, 20, 20, 10]):
        Image.fromarray(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8)).save(
            folder / "images" / f"{index:09d}.png"
        )
        (folder / "labels" / f"{index:09d}.xml").write_text(
            f"<annotation><object><name>{value}</name></object></annotation>"
        )
    data = read_training_folder(folder)
    assert data.task == IMAGE_CLASSIFICATION
    assert [(c.value, c.name) for c in data.classes] == [(10, "water"), (20, "forest")]
    assert data.targets == [0, 1, 1, 0]
    assert data.positions == [None] * 4 and data.spec.tile_size == 8


def write_jpeg_classes(folder: Path, per_class: int) -> None:
    """The NWPU-RESISC45 layout: RGB JPEGs without georeference in class sub-folders."""
    rng = np.random.default_rng(1)
    for shade, name in ((40, "lake"), (200, "desert_dunes")):
        (folder / name).mkdir(parents=True)
        for index in range(per_class):
            pixels = np.clip(rng.normal(shade, 10, (12, 12, 3)), 0, 255).astype(np.uint8)
            Image.fromarray(pixels).save(folder / name / f"{name}_{index:03d}.jpg")


def test_a_plain_folder_of_jpeg_class_folders_reads_quietly_with_sampled_statistics(
    tmp_path: Path,
) -> None:
    write_jpeg_classes(tmp_path / "nwpu", per_class=5)
    data = read_training_folder(tmp_path / "nwpu")  # warnings are errors: none may appear
    assert data.task == IMAGE_CLASSIFICATION
    assert [c.name for c in data.classes] == ["desert dunes", "lake"]
    assert data.targets == [0] * 5 + [1] * 5
    assert data.spec.band_count == 3 and data.spec.dtype == "uint8"
    assert data.spec.crs is None and data.spec.tile_size == 12
    assert 40 < data.spec.statistics.mean[0] < 200 and data.positions == [None] * 10


def test_statistics_sample_at_most_two_hundred_chips_spread_over_every_class() -> None:
    paths = [Path(f"{index:05d}.jpg") for index in range(31_500)]
    sample = sample_paths(paths)
    assert len(sample) == 200 and sample[0] == paths[0] and sample[-1] == paths[-1]


def test_chip_positions_overlap_only_on_the_same_source() -> None:
    a = ChipPosition("0", 0, 0, 32, 32)
    assert a.overlaps(ChipPosition("0", 31, 31, 32, 32))
    assert not a.overlaps(ChipPosition("0", 32, 0, 32, 32))
    assert not a.overlaps(ChipPosition("1", 0, 0, 32, 32))
    assert ChipPosition.from_json(a.to_json()) == a


@pytest.mark.parametrize("make", ["missing", "empty", "one_class"])
def test_folders_without_training_data_are_refused_naming_the_data_folder(
    tmp_path: Path, make: str
) -> None:
    folder = tmp_path / "data"
    if make != "missing":
        folder.mkdir()
    if make == "one_class":
        write_jpeg_classes(tmp_path / "two", per_class=1)
        shutil.move(tmp_path / "two" / "lake", folder / "lake")
    with pytest.raises(InputError) as caught:
        read_training_folder(folder)
    assert caught.value.field == "data_folder"
