from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import CELL, IMAGE_NODATA, ORIGIN, Scene, profile, write_class_raster, write_scene
from rasterio.transform import from_origin

from torchmap.engine.data.export import ExportConfig, export_training_data
from torchmap.engine.data.formats.torchmap import EXPORT_METADATA_NAME
from torchmap.engine.errors import InputError
from torchmap.engine.reporter import NullReporter


def export(scene: Scene, folder: Path, **options: object):
    return export_training_data(ExportConfig(scene.image, scene.labels, folder, **options))


def test_writes_matching_image_and_label_chips_with_georeferencing(
    scene: Scene, tmp_path: Path
) -> None:
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    images = sorted(p.name for p in (tmp_path / "out" / "images").iterdir())
    labels = sorted(p.name for p in (tmp_path / "out" / "labels").iterdir())
    assert images == labels and len(images) == result.chip_count == 4
    with (
        rasterio.open(tmp_path / "out" / "images" / images[-1]) as chip,
        rasterio.open(scene.image) as src,
    ):
        assert chip.count == src.count and chip.dtypes == src.dtypes and chip.crs == src.crs
        window = rasterio.windows.from_bounds(*chip.bounds, transform=src.transform)
        np.testing.assert_array_equal(chip.read(), src.read(window=window))


def test_metadata_describes_classes_bands_statistics_and_grid(scene: Scene, tmp_path: Path) -> None:
    # Chips that tile the scene without overlap: each valid pixel counts exactly once.
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    metadata = json.loads(result.metadata_path.read_text())
    assert metadata["chip_count"] == result.chip_count == 4
    assert [c["value"] for c in metadata["classes"]] == [1, 2, 3]
    assert metadata["band_count"] == 3 and metadata["dtype"] == "int16"
    assert metadata["cell_size"] == [CELL, CELL] and "UTM zone 15N" in metadata["crs"]
    assert metadata["nodata"] == IMAGE_NODATA
    # Statistics are those of the valid pixels of the chips (nodata excluded).
    with rasterio.open(scene.image) as src:
        pixels = src.read().astype(float)
    valid = pixels[0] != IMAGE_NODATA
    stats = metadata["band_statistics"]
    assert min(stats["min"]) > IMAGE_NODATA
    np.testing.assert_allclose(stats["mean"], pixels[:, valid].mean(axis=1), rtol=1e-9)
    np.testing.assert_allclose(stats["std"], pixels[:, valid].std(axis=1), rtol=1e-6)
    assert stats["pixel_count"] == valid.sum()


def test_skips_chips_without_labelled_pixels(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    sparse = np.zeros_like(scene.truth)
    sparse[40:44, 40:44] = 2  # one small labelled patch, in the bottom-right chip only
    write_class_raster(scene.labels, sparse)
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    assert result.chip_count == 1
    assert [c.value for c in result.classes] == [2]


def test_labels_over_image_nodata_are_dropped(scene: Scene, tmp_path: Path) -> None:
    export(scene, tmp_path / "out", tile_size=32, stride=32)
    with rasterio.open(tmp_path / "out" / "labels" / "000000.tif") as chip:
        labels = chip.read(1)
    assert labels.dtype == np.uint8 and chip.nodata == 0
    assert (labels[:4, :4] == 0).all()  # the image's nodata corner
    assert (labels[4:, 4:] > 0).all()


def test_class_names_and_colours_come_from_the_class_raster(tmp_path: Path) -> None:
    from osgeo import gdal

    scene = write_scene(tmp_path / "scene")
    write_class_raster(scene.labels, scene.truth, {1: (0, 0, 255, 255), 2: (0, 128, 0, 255)})
    dataset = gdal.Open(str(scene.labels), gdal.GA_Update)
    dataset.GetRasterBand(1).SetCategoryNames(["", "water", "forest", "urban"])
    dataset = None  # flush the .aux.xml
    classes = export(scene, tmp_path / "out", tile_size=32).classes
    assert [(c.value, c.name) for c in classes] == [(1, "water"), (2, "forest"), (3, "urban")]
    assert classes[0].color == "#0000ff" and classes[1].color == "#008000"
    assert classes[2].color.startswith("#")  # a default for the class without a colour


def test_a_class_raster_on_another_grid_is_resampled_onto_the_image(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    coarse = scene.truth[::2, ::2]  # 20 m cells instead of 10 m
    settings = profile(coarse.shape[0], 1, "uint8", 0) | {
        "transform": from_origin(*ORIGIN, 2 * CELL, 2 * CELL)
    }
    with rasterio.open(scene.labels, "w", **settings) as dst:
        dst.write(coarse[None])
    export(scene, tmp_path / "out", tile_size=64)
    with rasterio.open(tmp_path / "out" / "labels" / "000000.tif") as chip:
        labels = chip.read(1)
    agree = labels[scene.truth > 0] == scene.truth[scene.truth > 0]
    assert labels.shape == scene.truth.shape and agree[labels[scene.truth > 0] > 0].mean() > 0.95


def test_no_labelled_pixels_is_an_error_naming_the_class_raster_and_writes_nothing(
    tmp_path: Path,
) -> None:
    scene = write_scene(tmp_path / "scene")
    write_class_raster(scene.labels, np.zeros_like(scene.truth))
    with pytest.raises(InputError) as caught:
        export(scene, tmp_path / "out", tile_size=32)
    assert caught.value.field == "class_raster" and "no labelled pixels" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene"]


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"tile_size": 4}, "tile_size"),
        ({"tile_size": 128}, "tile_size"),
        ({"tile_size": 32, "stride": 0}, "stride"),
    ],
)
def test_bad_tiling_names_the_parameter(
    scene: Scene, tmp_path: Path, options: dict, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        export(scene, tmp_path / "out", **options)
    assert caught.value.field == field
    assert not (tmp_path / "out").exists()


def test_a_float_class_raster_is_refused(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    with rasterio.open(scene.labels, "w", **profile(64, 1, "float32", None)) as dst:
        dst.write(scene.truth[None].astype("float32"))
    with pytest.raises(InputError, match="integer class values") as caught:
        export(scene, tmp_path / "out", tile_size=32)
    assert caught.value.field == "class_raster"


def test_an_unrelated_folder_is_never_overwritten_but_an_earlier_export_is(
    scene: Scene, tmp_path: Path
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious")
    with pytest.raises(InputError) as caught:
        export(scene, tmp_path / "mine", tile_size=32)
    assert caught.value.field == "output_folder"
    assert (tmp_path / "mine" / "thesis.docx").read_text() == "precious"

    export(scene, tmp_path / "out", tile_size=32, stride=16)
    second = export(scene, tmp_path / "out", tile_size=32, stride=32)
    assert len(list((tmp_path / "out" / "images").iterdir())) == second.chip_count == 4
    assert json.loads((tmp_path / "out" / EXPORT_METADATA_NAME).read_text())["stride"] == 32


def test_cancel_leaves_no_folder_behind(scene: Scene, tmp_path: Path) -> None:
    class CancelAtOnce(NullReporter):
        def is_cancelled(self) -> bool:
            return True

    from torchmap.engine.errors import CancelledError

    with pytest.raises(CancelledError):
        export_training_data(
            ExportConfig(scene.image, scene.labels, tmp_path / "out", 32), CancelAtOnce()
        )
    assert list(tmp_path.iterdir()) == []
