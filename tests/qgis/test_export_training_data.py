"""Export Training Data through processing.run: polygon labels, both metadata formats, the
options, and bad input that names its parameter and leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import processing
import pytest
import rasterio
from data import (
    CELL,
    Scene,
    pixel_box,
    two_class_boxes,
    write_class_polygons,
    write_rgb_scene,
)
from qgis.core import QgsFeatureRequest, QgsProcessingException, QgsVectorLayer

from torchmap.engine.data.catalog import read_training_folder

pytestmark = pytest.mark.usefixtures("torchmap_provider")

ALGORITHM = "torchmap:exporttrainingdata"


def labels_gpkg(tmp_path: Path, **options: object) -> Path:
    """Two classes, values 10 and 20, as rectangles of whole pixels of the scene."""
    return write_class_polygons(tmp_path / "labels.gpkg", two_class_boxes(), **options)


def run(scene: Scene, labels: Path, folder: Path, **parameters: object) -> dict:
    settings = {
        "INPUT_RASTER": str(scene.image),
        "INPUT_CLASS_DATA": str(labels),
        "TILE_SIZE": 32,
        "STRIDE": 32,
        "OUTPUT_FOLDER": str(folder),
    }
    if labels.suffix == ".gpkg":
        settings |= {"CLASS_VALUE_FIELD": "class_value", "CLASS_NAME_FIELD": "class_name"}
    return processing.run(ALGORITHM, settings | parameters)


def metadata(folder: Path) -> dict:
    return json.loads((folder / "torchmap_export.json").read_text())


def test_polygon_labels_keep_their_values_and_names_in_classified_tiles(
    scene: Scene, tmp_path: Path
) -> None:
    result = run(scene, labels_gpkg(tmp_path), tmp_path / "chips")
    assert result == {"OUTPUT_FOLDER": str(tmp_path / "chips"), "CHIP_COUNT": 3}
    classes = [(c["value"], c["name"]) for c in metadata(tmp_path / "chips")["classes"]]
    assert classes == [(10, "water"), (20, "forest")]
    emd = json.loads((tmp_path / "chips" / "esri_model_definition.emd").read_text())
    assert [(c["Value"], c["Name"]) for c in emd["Classes"]] == classes


def test_a_memory_layer_of_polygons_is_read_too(scene: Scene, tmp_path: Path) -> None:
    source = QgsVectorLayer(str(labels_gpkg(tmp_path)), "labels", "ogr")
    memory = source.materialize(QgsFeatureRequest())
    assert memory.providerType() == "memory"
    result = processing.run(
        ALGORITHM,
        {"INPUT_RASTER": str(scene.image), "INPUT_CLASS_DATA": memory,
         "CLASS_VALUE_FIELD": "class_value", "TILE_SIZE": 32, "STRIDE": 32,
         "OUTPUT_FOLDER": str(tmp_path / "chips")},
    )  # fmt: skip
    assert result["CHIP_COUNT"] == 3  # the bottom-left tile holds no polygon


def test_imagenet_from_polygons_with_bounding_box_buffer_and_blackening(
    scene: Scene, tmp_path: Path
) -> None:
    result = run(
        scene, labels_gpkg(tmp_path), tmp_path / "chips", METADATA_FORMAT=1, TILE_SIZE=16,
        CROP_MODE=1, BUFFER=25, BLACKEN_AROUND_FEATURE=True,
    )  # fmt: skip
    assert result["CHIP_COUNT"] == 3
    data = read_training_folder(tmp_path / "chips")
    assert data.task == "image_classification"
    assert sorted(p.parent.name for p in data.image_paths) == ["forest", "forest", "water"]
    with rasterio.open(next(p for p in data.image_paths if p.parent.name == "water")) as chip:
        assert chip.shape == (16, 16) and chip.transform.a == pytest.approx(30 * CELL / 16)


def test_options_bands_cell_size_extent_mask_rotation_and_png(tmp_path: Path) -> None:
    scene = write_rgb_scene(tmp_path)
    rgb = scene.image
    mask = write_class_polygons(tmp_path / "mask.gpkg", [(pixel_box(0, 0, 64, 32), 1, "top")])
    result = processing.run(
        ALGORITHM,
        {"INPUT_RASTER": str(rgb), "INPUT_CLASS_DATA": str(scene.labels), "TILE_SIZE": 16,
         "STRIDE": 16, "CHIP_FORMAT": 1, "BANDS": [3, 2, 1], "CELL_SIZE": 2 * CELL,
         "EXTENT": "{},{},{},{} [EPSG:32615]".format(*np.array(pixel_box(0, 0, 64, 64))[[0, 2, 1, 3]]),  # noqa: E501
         "MASK_LAYER": str(mask), "ROTATION_ANGLE": 180, "MIN_LABELLED_FRACTION": 0.5,
         "OUTPUT_FOLDER": str(tmp_path / "chips")},
    )  # fmt: skip
    description = metadata(tmp_path / "chips")
    # 20 m cells: 32 x 32 pixels; the mask keeps the top half, two 16 px tiles, each twice.
    assert result["CHIP_COUNT"] == 4 and description["chip_format"] == "png"
    assert description["spec"]["source_bands"] == [3, 2, 1]
    assert description["cell_size"] == [2 * CELL, 2 * CELL]
    assert sorted(c["rotation"] for c in description["chips"]) == [0, 0, 180, 180]
    assert all(c["image"].endswith(".png") for c in description["chips"])


def test_append_with_a_start_index_and_overwrite(scene: Scene, tmp_path: Path) -> None:
    run(scene, scene.labels, tmp_path / "chips")
    second = run(scene, scene.labels, tmp_path / "chips", APPEND=True, START_INDEX=50)
    assert second["CHIP_COUNT"] == 4 and metadata(tmp_path / "chips")["chip_count"] == 8
    assert (tmp_path / "chips" / "images" / "000000050.tif").is_file()
    again = run(scene, scene.labels, tmp_path / "chips", OVERWRITE=True, EXPORT_ALL_TILES=True)
    assert again["CHIP_COUNT"] == 4 and metadata(tmp_path / "chips")["chip_count"] == 4


@pytest.mark.parametrize(
    ("case", "parameter"),
    [
        ("line layer", "INPUT_CLASS_DATA"),
        ("text class field", "CLASS_VALUE_FIELD"),
        ("unknown class field", "CLASS_VALUE_FIELD"),
        ("png of int16", "CHIP_FORMAT"),
        ("stride 0", "STRIDE"),
        ("tile too large", "TILE_SIZE"),
        ("folder with files", "OUTPUT_FOLDER"),
    ],
)
def test_bad_input_names_the_parameter_and_leaves_no_folder(
    scene: Scene, tmp_path: Path, case: str, parameter: str
) -> None:
    labels: Path = scene.labels
    parameters: dict[str, object] = {}
    folder = tmp_path / "chips"
    if case == "line layer":
        labels = labels_gpkg(tmp_path, geometry="line")
    elif case == "text class field":
        labels = labels_gpkg(tmp_path, value_type="string")
    elif case == "unknown class field":
        labels = labels_gpkg(tmp_path)
        parameters["CLASS_VALUE_FIELD"] = "nope"
    elif case == "png of int16":
        parameters["CHIP_FORMAT"] = 1
    elif case == "stride 0":
        parameters["STRIDE"] = 0
    elif case == "tile too large":
        parameters["TILE_SIZE"] = 128
    else:
        folder.mkdir()
        (folder / "notes.txt").write_text("mine")
    with pytest.raises(QgsProcessingException, match=f"^{parameter} ") as caught:
        run(scene, labels, folder, **parameters)
    assert "Traceback" not in str(caught.value)
    if case == "folder with files":
        assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    else:
        assert not folder.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
