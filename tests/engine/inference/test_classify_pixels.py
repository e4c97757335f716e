from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import IMAGE_NODATA, class_map, class_pixels, profile

from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.inference.classify_pixels import ClassifyPixelsConfig, classify_pixels
from torchmap.engine.models.package import read_definition
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


# --- any raster, any class values, every option ------------------------------------------


def relabelled(package: Path, values: list[int], folder: Path) -> Path:
    """The trained package with other class values (the network is the same)."""
    import dataclasses
    import io
    import zipfile

    import torch

    from torchmap.engine.models.package import save_package
    from torchmap.engine.spec import ClassInfo

    definition = read_definition(package)
    classes = [
        ClassInfo(value, info.name, info.color)
        for value, info in zip(values, definition.classes, strict=True)
    ]
    with zipfile.ZipFile(package) as archive:
        weights = torch.load(io.BytesIO(archive.read("weights.pt")), weights_only=True)
    path = folder / f"relabelled_{'_'.join(map(str, values))}.tmpk"
    return save_package(path, dataclasses.replace(definition, classes=classes), weights)


def untrained_package(
    path: Path, bands: int, tile: int = 32, low: float = 0, high: float = 1000
) -> Path:
    """An untrained U-Net for ``bands`` bands: enough to check how rasters are read."""
    from torchmap.engine.colormap import default_color
    from torchmap.engine.models.networks import build_model
    from torchmap.engine.models.package import ModelDefinition, save_package
    from torchmap.engine.spec import BandStatistics, ClassInfo, InputSpec

    classes = [ClassInfo(value, f"class {value}", default_color(value)) for value in (1, 2)]
    mean, std = (low + high) / 2, (high - low) / 4
    spec = InputSpec(
        band_count=bands, band_names=[f"band {i}" for i in range(1, bands + 1)],
        statistics=BandStatistics([mean] * bands, [std] * bands, [low] * bands, [high] * bands),
        tile_width=tile, tile_height=tile, cell_size=[10.0, 10.0],
        crs=rasterio.crs.CRS.from_epsg(32615).to_wkt(),
    )  # fmt: skip
    definition = ModelDefinition("unet", "pixel_classification", "Unet", "resnet18", spec, classes)
    save_package(path, definition, build_model("unet", bands, len(classes)).state_dict())
    return path


@pytest.fixture(scope="module")
def untrained(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("untrained")
    return {bands: untrained_package(folder / f"b{bands}.tmpk", bands) for bands in (1, 8)}


def write(path: Path, pixels: np.ndarray, nodata: float | None, cell: float = 10.0) -> Path:
    settings = profile(pixels.shape[2], pixels.shape[0], pixels.dtype.name, nodata)
    settings |= {"height": pixels.shape[1]}
    settings["transform"] = rasterio.transform.from_origin(500_000.0, 1_700_000.0, cell, cell)
    with rasterio.open(path, "w", **settings) as dst:
        dst.write(pixels)
    return path


@pytest.mark.parametrize(
    ("values", "dtype", "nodata"),
    [([1, 2, 3], "uint8", 0), ([10, 20, 30], "uint8", 0), ([0, 1, 2], "uint8", 255),
     ([10, 300, 1000], "uint16", 0), ([0, 255, 65535], "uint16", 1)],
)  # fmt: skip
def test_the_output_type_holds_every_class_and_nodata_is_no_class(values, dtype, nodata) -> None:
    from torchmap.engine.inference.raster_outputs import class_encoding

    assert class_encoding(values) == (dtype, nodata)


@pytest.mark.parametrize("values", [[10, 20, 30], [0, 300, 1000]])
def test_any_class_values_come_out_with_their_colours_and_names(
    scene, unet_package: Path, tmp_path: Path, values: list[int]
) -> None:
    package = relabelled(unet_package, values, tmp_path)
    output = tmp_path / "classes.tif"
    result = classify_pixels(ClassifyPixelsConfig(scene.image, package, output))
    with rasterio.open(output) as dst:
        classes, colormap, nodata = dst.read(1), dst.colormap(1), dst.nodata
        assert dst.dtypes[0] == ("uint8" if max(values) < 255 else "uint16")
    assert nodata == result.nodata and nodata not in values
    assert (classes[:4, :4] == nodata).all()
    lookup = dict(zip([1, 2, 3], values, strict=True))
    expected = np.vectorize(lookup.get)(scene.truth)
    valid = classes != nodata
    assert (classes[valid] == expected[valid]).mean() > 0.8
    assert set(np.unique(classes[valid])) <= set(values)
    for info in read_definition(package).classes:
        assert "#{:02x}{:02x}{:02x}".format(*colormap[info.value][:3]) == info.color
        assert _category_names(output)[info.value] == info.name
    assert sum(result.class_pixel_counts.values()) == valid.sum()


def test_tiled_prediction_agrees_with_whole_image_prediction(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    from torchmap.engine.inference.tiling import spans

    tiled, whole = tmp_path / "tiled.tif", tmp_path / "whole.tif"
    common = {"precision": "float32", "batch_size": 3}
    result = classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, tiled, **common))
    classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, whole, tile_size=64, **common))
    assert result.settings["tile_size"] == 32 and result.settings["overlap"] == 8
    with rasterio.open(tiled) as a, rasterio.open(whole) as b:
        tiled_map, whole_map = a.read(1), b.read(1)
    same = tiled_map == whole_map
    # Pixels within 2 px of a border between tile cores are counted on their own.
    near = np.zeros(64, dtype=bool)
    for span in spans(64, 32, 8)[1:]:
        near[span.core_start - 2 : span.core_start + 2] = True
    border = near[:, None] | near[None, :]
    print(f"agreement: all {same.mean():.4f}, inside {same[~border].mean():.4f}, "
          f"tile borders {same[border].mean():.4f}")  # fmt: skip
    assert same[~border].mean() >= 0.995 and same.mean() >= 0.99
    # The rest differ only where classes meet, and there the tiles are the better guess:
    # this model learned on 32 px chips, and the 64 px whole image is outside its habit.
    truth = scene.truth
    class_edge = np.zeros_like(same)
    class_edge[:-1] |= truth[:-1] != truth[1:]
    class_edge[1:] |= truth[:-1] != truth[1:]
    class_edge[:, :-1] |= truth[:, :-1] != truth[:, 1:]
    class_edge[:, 1:] |= truth[:, :-1] != truth[:, 1:]
    assert same[~class_edge].mean() >= 0.999
    differ = ~same
    # (give or take a pixel: one or two class-edge pixels may go either way)
    assert (tiled_map == truth)[differ].sum() >= (whole_map == truth)[differ].sum() - 1


def test_one_band_uint16_raster_smaller_than_a_tile(untrained, tmp_path: Path) -> None:
    pixels = np.random.default_rng(1).integers(0, 1000, (1, 20, 27), dtype=np.uint16)
    image = write(tmp_path / "small.tif", pixels, nodata=None)
    output = tmp_path / "out.tif"
    classify_pixels(
        ClassifyPixelsConfig(image, untrained[1], output, confidence=tmp_path / "c.tif")
    )
    with rasterio.open(output) as dst, rasterio.open(tmp_path / "c.tif") as score:
        assert dst.shape == (20, 27) and set(np.unique(dst.read(1))) <= {1, 2}
        confidence = score.read(1)
    assert (confidence >= 0.5).all() and (confidence <= 1).all()


def test_eight_band_int16_nodata_and_probabilities(untrained, tmp_path: Path) -> None:
    pixels = np.random.default_rng(2).integers(0, 1000, (8, 40, 50)).astype(np.int16)
    pixels[:, 5:15, 5:15] = -32768
    image = write(tmp_path / "eight.tif", pixels, nodata=-32768)
    output, probabilities = tmp_path / "out.tif", tmp_path / "p.tif"
    classify_pixels(
        ClassifyPixelsConfig(image, untrained[8], output, probabilities=probabilities, tile_size=32)
    )
    with rasterio.open(output) as dst, rasterio.open(probabilities) as prob:
        classes, scores = dst.read(1), prob.read()
        assert prob.count == 2 and prob.descriptions == (
            "probability of class 1",
            "probability of class 2",
        )
    invalid = np.zeros(classes.shape, dtype=bool)
    invalid[5:15, 5:15] = True
    assert (classes[invalid] == 0).all() and (classes[~invalid] > 0).all()
    assert (scores[:, invalid] == -1).all()
    np.testing.assert_allclose(scores[:, ~invalid].sum(axis=0), 1.0, atol=1e-4)
    assert (scores.argmax(axis=0)[~invalid] + 1 == classes[~invalid]).all()


def test_nan_holes_without_a_nodata_value_become_nodata(untrained, tmp_path: Path) -> None:
    pixels = np.random.default_rng(3).uniform(0, 1000, (1, 40, 40)).astype(np.float32)
    pixels[0, 20:30, 0:12] = np.nan
    image = write(tmp_path / "nan.tif", pixels, nodata=None)
    output = tmp_path / "out.tif"
    classify_pixels(ClassifyPixelsConfig(image, untrained[1], output))
    with rasterio.open(output) as dst:
        classes = dst.read(1)
    assert (classes[20:30, 0:12] == 0).all()
    assert (classes > 0).sum() == 40 * 40 - 10 * 12


def test_alpha_band_and_internal_mask_become_nodata(untrained, tmp_path: Path) -> None:
    pixels = np.random.default_rng(6).integers(1, 1000, (1, 32, 32)).astype(np.uint16)
    alpha = np.full((1, 32, 32), 65535, dtype=np.uint16)
    alpha[0, :, :8] = 0
    settings = profile(32, 2, "uint16", None) | {"alpha": "YES"}  # band 2 is an alpha band
    with_alpha = tmp_path / "alpha.tif"
    with rasterio.open(with_alpha, "w", **settings) as dst:
        dst.write(np.concatenate([pixels, alpha]))
    masked = write(tmp_path / "masked.tif", pixels, nodata=None)
    with rasterio.open(masked, "r+") as dst:
        dst.write_mask(np.where(np.arange(32)[None, :] < 8, 0, 255).repeat(32, 0).astype(np.uint8))
    for image in (with_alpha, masked):
        output = tmp_path / f"classes_{image.name}"
        classify_pixels(ClassifyPixelsConfig(image, untrained[1], output, bands=[1]))
        with rasterio.open(output) as dst:
            classes = dst.read(1)
        assert (classes[:, :8] == 0).all() and (classes[:, 8:] > 0).all(), image.name


def test_rasters_gdal_reads_by_name_zip_and_geopackage(untrained, tmp_path: Path) -> None:
    import zipfile

    pixels = np.random.default_rng(7).integers(1, 1000, (1, 40, 40)).astype(np.uint16)
    plain = write(tmp_path / "plain.tif", pixels, nodata=None)
    with zipfile.ZipFile(tmp_path / "scenes.zip", "w") as archive:
        archive.write(plain, "scene.tif")
    geopackage = tmp_path / "scene.gpkg"
    with rasterio.open(plain) as src:
        settings = src.profile | {"driver": "GPKG", "blockxsize": 256, "blockysize": 256}
        settings.pop("tiled", None)
        with rasterio.open(geopackage, "w", **settings) as dst:
            dst.write(src.read())
    results = []
    for name in (plain, f"/vsizip/{tmp_path / 'scenes.zip'}/scene.tif", f"GPKG:{geopackage}:scene"):
        output = tmp_path / f"out{len(results)}.tif"
        classify_pixels(ClassifyPixelsConfig(name, untrained[1], output, precision="float32"))
        with rasterio.open(output) as dst:
            results.append(dst.read(1))
    assert (results[0] > 0).all()
    assert (results[1] == results[0]).all() and (results[2] == results[0]).all()


def test_bands_extent_mask_and_cell_size(
    untrained, scene, unet_package: Path, tmp_path: Path
) -> None:
    from data import pixel_box

    # Bands: an 8-band raster feeds the 1-band model with its band 3.
    pixels = np.random.default_rng(4).integers(0, 1000, (8, 32, 32)).astype(np.int16)
    image = write(tmp_path / "eight.tif", pixels, nodata=None)
    single = write(tmp_path / "three.tif", pixels[2:3], nodata=None)
    mapped, alone = tmp_path / "mapped.tif", tmp_path / "alone.tif"
    classify_pixels(
        ClassifyPixelsConfig(image, untrained[1], mapped, bands=[3], precision="float32")
    )
    classify_pixels(ClassifyPixelsConfig(single, untrained[1], alone, precision="float32"))
    with rasterio.open(mapped) as a, rasterio.open(alone) as b:
        assert (a.read(1) == b.read(1)).all()
    # Extent: the output covers the extent only, on the input grid; the mask blanks the rest.
    output = tmp_path / "extent.tif"
    triangle = [(500_100, 1_699_900), (500_300, 1_699_900), (500_300, 1_699_700)]
    mask = [{"type": "Polygon", "coordinates": [[*triangle, triangle[0]]]}]
    classify_pixels(
        ClassifyPixelsConfig(
            scene.image, unet_package, output, extent=pixel_box(8, 8, 40, 30), mask=mask
        )
    )
    with rasterio.open(output) as dst, rasterio.open(scene.image) as src:
        assert dst.shape == (30, 40)
        assert dst.transform == src.window_transform(rasterio.windows.Window(8, 8, 40, 30))
        classes = dst.read(1)
    assert (classes > 0).sum() and (classes == 0).sum() > classes.size / 2  # outside the triangle
    # Cell size: a 5 m raster is read at the model's 10 m, output on the 5 m input grid.
    fine = np.repeat(np.repeat(rasterio.open(scene.image).read(), 2, axis=1), 2, axis=2)
    fine_image = write(tmp_path / "fine.tif", fine, nodata=IMAGE_NODATA, cell=5.0)
    resampled, native = tmp_path / "resampled.tif", tmp_path / "native.tif"
    classify_pixels(ClassifyPixelsConfig(fine_image, unet_package, resampled))
    classify_pixels(
        ClassifyPixelsConfig(
            fine_image, unet_package, native, cell_size=10, keep_processing_grid=True
        )
    )
    with rasterio.open(resampled) as dst, rasterio.open(native) as grid:
        assert dst.shape == (128, 128) and dst.transform.a == 5.0
        assert grid.shape == (64, 64) and grid.transform.a == 10.0
        upsampled = np.repeat(np.repeat(grid.read(1), 2, axis=0), 2, axis=1)
        assert (dst.read(1) == upsampled).mean() > 0.97
        assert (grid.read(1)[4:] == scene.truth[4:]).mean() > 0.8


def test_precision_tta_and_batch_options_agree_with_float32(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "float32.tif"
    classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, reference, precision="float32"))
    with rasterio.open(reference) as dst:
        expected = dst.read(1)
    for index, options in enumerate(
        [{"precision": "bfloat16", "batch_size": 1}, {"tta": "flips", "overlap_percent": 50},
         {"tta": "dihedral", "device": "cpu", "overlap_percent": 0}]
    ):  # fmt: skip
        output = tmp_path / f"out{index}.tif"
        classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, output, **options))
        with rasterio.open(output) as dst:
            assert (dst.read(1) == expected).mean() >= 0.97, options


def test_cuda_is_refused_where_there_is_none(scene, unet_package: Path, tmp_path: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(InputError, match="no CUDA GPU") as caught:
        classify_pixels(
            ClassifyPixelsConfig(scene.image, unet_package, tmp_path / "o.tif", device="cuda")
        )
    assert caught.value.field == "device"


class Recorder(NullReporter):
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, text: str) -> None:
        self.warnings.append(text)


def test_values_far_from_training_and_another_crs_warn(untrained, tmp_path: Path) -> None:
    reflectance = np.random.default_rng(5).uniform(0, 0.5, (1, 32, 32)).astype(np.float32)
    image = write(tmp_path / "reflectance.tif", reflectance, nodata=None)
    recorder = Recorder()
    classify_pixels(ClassifyPixelsConfig(image, untrained[1], tmp_path / "o.tif"), recorder)
    (warning,) = recorder.warnings  # the same CRS as WKT and as EPSG code: no CRS warning
    assert "band 1" in warning and "0 to 1000" in warning and "0.0" in warning
    with rasterio.open(image, "r+") as dst:
        dst.crs = rasterio.crs.CRS.from_epsg(3857)
    recorder = Recorder()
    classify_pixels(ClassifyPixelsConfig(image, untrained[1], tmp_path / "o.tif"), recorder)
    assert any("EPSG:3857" in text and "EPSG:32615" in text for text in recorder.warnings)


def test_tiles_much_larger_than_the_training_chips_warn(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    recorder = Recorder()
    config = ClassifyPixelsConfig(scene.image, unet_package, tmp_path / "o.tif", tile_size=64)
    classify_pixels(config, recorder)
    assert any("TILE_SIZE 64 is 2.0x the 32 px chips" in text for text in recorder.warnings)
    recorder = Recorder()
    classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, tmp_path / "o.tif"), recorder)
    assert not any("TILE_SIZE" in text for text in recorder.warnings)


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [({"bands": [1, 2, 9]}, "bands", "band 9 does not exist"),
     ({"bands": [1, 2]}, "bands", "2 bands listed but the model takes 3"),
     ({"extent": (0, 0, 10, 10)}, "extent", "misses the raster"),
     ({"extent": (500_000, 1_699_960, 500_040, 1_700_000)}, "raster", "no valid pixel"),
     ({"overlap_percent": 80}, "overlap", "between 0 and 50")],
)  # fmt: skip
def test_bad_options_name_their_field_and_write_nothing(
    scene, unet_package: Path, tmp_path: Path, options: dict, field: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        classify_pixels(
            ClassifyPixelsConfig(scene.image, unet_package, tmp_path / "o.tif", **options)
        )
    assert caught.value.field == field
    assert list(tmp_path.iterdir()) == []


def test_an_output_location_that_cannot_be_written_names_the_output(
    scene, unet_package: Path, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "a file"
    not_a_folder.write_text("")
    with pytest.raises(InputError, match="choose a location you can write to") as caught:
        classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, not_a_folder / "o.tif"))
    assert caught.value.field == "output"
    assert [p.name for p in tmp_path.iterdir()] == ["a file"]


def test_most_probable_is_argmax_including_ties() -> None:
    from torchmap.engine.inference.raster_outputs import most_probable

    rng = np.random.default_rng(4)
    probabilities = rng.integers(0, 4, (6, 30, 40)).astype(np.float32)  # many ties
    np.testing.assert_array_equal(most_probable(probabilities), probabilities.argmax(axis=0))


def test_reading_ahead_in_a_thread_gives_the_same_map(
    scene, unet_package: Path, tmp_path: Path, monkeypatch
) -> None:
    """The CPU reads tiles in turn with inference, a GPU run reads ahead in a thread: both
    orders must give one result."""
    import torchmap.engine.inference.classify_pixels as module

    in_turn, ahead = tmp_path / "in_turn.tif", tmp_path / "ahead.tif"
    classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, in_turn, device="cpu"))

    class ReadAhead(module.TileReader):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs | {"background": True, "ahead": 2})

    monkeypatch.setattr(module, "TileReader", ReadAhead)
    classify_pixels(ClassifyPixelsConfig(scene.image, unet_package, ahead, device="cpu"))
    with rasterio.open(in_turn) as a, rasterio.open(ahead) as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))
