from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import IMAGE_NODATA, class_map, class_pixels, profile

from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.models.package import read_definition
from torchmap.engine.predict_pixels import ClassifyPixelsConfig, classify_pixels
from torchmap.engine.reporter import NullReporter


def test_output_is_on_the_input_grid_with_colours_and_class_names(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    output = tmp_path / "classes.tif"
    result = classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, output))
    definition = read_definition(unet_package)
    with rasterio.open(scene.image) as src, rasterio.open(output) as dst:
        assert (dst.crs, dst.transform, dst.shape) == (src.crs, src.transform, src.shape)
        classes = dst.read(1)
        colormap = dst.colormap(1)
        tags = dst.tags()
    assert dst.nodata == 0 and dst.dtypes[0] == "uint8"
    for info in definition.classes:
        assert "#{:02x}{:02x}{:02x}".format(*colormap[info.value][:3]) == info.color
    assert [c["name"] for c in json.loads(tags["TORCHMAP_CLASSES"])] == [
        c.name for c in definition.classes
    ]
    assert _category_names(output)[1:4] == [c.name for c in definition.classes]
    assert (classes[:4, :4] == 0).all()  # input nodata stays nodata
    valid = np.ones_like(classes, dtype=bool)
    valid[:4, :4] = False
    assert (classes[valid] > 0).all()
    assert (classes[valid] == scene.truth[valid]).mean() > 0.8
    assert sum(result.class_pixel_counts.values()) == valid.sum()


def _category_names(path: Path) -> list[str]:
    from osgeo import gdal

    dataset = gdal.Open(str(path))
    dataset.GetGeoTransform()  # makes GDAL 3.6 load the .aux.xml
    return list(dataset.GetRasterBand(1).GetCategoryNames())


def test_rasters_of_any_size_are_read_window_by_window(
    unet_package: Path, tmp_path: Path, monkeypatch
) -> None:
    size_rows, size_cols = 45, 70  # not multiples of the 32 px tile: edge tiles are partial
    truth = class_map(max(size_rows, size_cols))[:size_rows, :size_cols]
    settings = profile(size_cols, 3, "int16", IMAGE_NODATA) | {"height": size_rows}
    image = tmp_path / "odd.tif"
    with rasterio.open(image, "w", **settings) as dst:
        dst.write(class_pixels(truth, 3, seed=5))

    largest_read = []
    original_read = rasterio.io.DatasetReader.read

    def recording_read(self, *args, **kwargs):
        data = original_read(self, *args, **kwargs)
        largest_read.append(data.shape[-2] * data.shape[-1])
        return data

    monkeypatch.setattr(rasterio.io.DatasetReader, "read", recording_read)
    classify_pixels(ClassifyPixelsConfig(image, unet_package, tmp_path / "odd_classes.tif"))
    monkeypatch.undo()
    assert max(largest_read) <= 32 * 32  # never the whole raster at once
    with rasterio.open(tmp_path / "odd_classes.tif") as dst:
        assert dst.shape == (size_rows, size_cols)
        assert (dst.read(1) > 0).all()


def test_band_count_mismatch_names_the_raster_and_writes_nothing(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="has 1 bands but the model was trained on 3") as caught:
        classify_pixels(ClassifyPixelsConfig(scene.labels, unet_package, tmp_path / "out.tif"))
    assert caught.value.field == "raster"
    assert list(tmp_path.iterdir()) == []


def test_an_image_classifier_is_refused_for_pixels(
    scene, resnet_package: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="Classify Objects") as caught:
        classify_pixels(ClassifyPixelsConfig(scene.image, resnet_package, tmp_path / "out.tif"))
    assert caught.value.field == "model"


def test_cancel_removes_the_partial_output_and_keeps_an_earlier_one(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    class CancelAfterFirstTile(NullReporter):
        calls = 0

        def is_cancelled(self) -> bool:
            self.calls += 1
            return self.calls > 1

    earlier = tmp_path / "out.tif"
    earlier.write_bytes(b"an earlier result")
    with pytest.raises(CancelledError):
        classify_pixels(
            ClassifyPixelsConfig(scene.image, unet_package, earlier), CancelAfterFirstTile()
        )
    assert [p.name for p in tmp_path.iterdir()] == ["out.tif"]
    assert earlier.read_bytes() == b"an earlier result"


def test_an_output_that_is_not_a_geotiff_name_is_refused(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match=r"must end in \.tif") as caught:
        classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, tmp_path / "map.png"))
    assert caught.value.field == "output"
    assert list(tmp_path.iterdir()) == []
