from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import (
    CELL,
    IMAGE_NODATA,
    ORIGIN,
    Scene,
    pixel_box,
    profile,
    two_class_boxes,
    write_class_polygons,
    write_class_raster,
    write_rgb_scene,
    write_scene,
)
from rasterio.transform import from_origin

from torchmap.engine.data.catalog import read_training_folder
from torchmap.engine.data.export import ExportConfig, export_training_data
from torchmap.engine.data.formats.torchmap import EXPORT_METADATA_NAME
from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.reporter import NullReporter


def export(scene: Scene, folder: Path, **options: object):
    return export_training_data(ExportConfig(scene.image, scene.labels, folder, **options))


def chips(folder: Path, sub: str = "images") -> list[Path]:
    return sorted(p for p in (folder / sub).rglob("*") if p.suffix in (".tif", ".png", ".jpg"))


def read(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read()


def test_writes_matching_image_and_label_chips_with_georeferencing(
    scene: Scene, tmp_path: Path
) -> None:
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    images = [p.name for p in chips(tmp_path / "out")]
    labels = [p.name for p in chips(tmp_path / "out", "labels")]
    assert images == labels and len(images) == result.chip_count == 4
    assert images[0] == "000000000.tif"  # ArcGIS's nine-digit names
    with (
        rasterio.open(tmp_path / "out" / "images" / images[-1]) as chip,
        rasterio.open(scene.image) as src,
    ):
        assert chip.count == src.count and chip.dtypes == src.dtypes and chip.crs == src.crs
        window = rasterio.windows.from_bounds(*chip.bounds, transform=src.transform)
        np.testing.assert_array_equal(chip.read(), src.read(window=window))


def test_metadata_describes_classes_bands_statistics_grid_and_positions(
    scene: Scene, tmp_path: Path
) -> None:
    # Chips that tile the scene without overlap: each valid pixel counts exactly once.
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    metadata = json.loads(result.metadata_path.read_text())
    assert metadata["chip_count"] == result.chip_count == 4
    assert [c["value"] for c in metadata["classes"]] == [1, 2, 3]
    assert metadata["band_count"] == 3 and metadata["dtype"] == "int16"
    assert metadata["cell_size"] == [CELL, CELL] and "UTM zone 15N" in metadata["crs"]
    assert metadata["nodata"] == IMAGE_NODATA
    with rasterio.open(scene.image) as src:
        pixels = src.read().astype(float)
    valid = pixels[0] != IMAGE_NODATA
    stats = metadata["band_statistics"]
    assert min(stats["min"]) > IMAGE_NODATA
    np.testing.assert_allclose(stats["mean"], pixels[:, valid].mean(axis=1), rtol=1e-9)
    np.testing.assert_allclose(stats["std"], pixels[:, valid].std(axis=1), rtol=1e-6)
    assert stats["pixel_count"] == valid.sum()
    # Per-class pixel counts are the labelled valid pixels; chip counts the chips holding them.
    truth = scene.truth.copy()
    truth[~valid] = 0
    for item in metadata["classes"]:
        assert item["pixel_count"] == (truth == item["value"]).sum()
    assert sum(item["chip_count"] for item in metadata["classes"]) >= 4
    positions = sorted((c["position"]["col"], c["position"]["row"]) for c in metadata["chips"])
    assert positions == [(0, 0), (0, 32), (32, 0), (32, 32)]


def test_arcgis_classified_tiles_files_carry_the_real_values(scene: Scene, tmp_path: Path) -> None:
    export(scene, tmp_path / "out", tile_size=32, stride=32)
    folder = tmp_path / "out"
    emd = json.loads((folder / "esri_model_definition.emd").read_text())
    assert [(c["Value"], len(c["Color"])) for c in emd["Classes"]] == [(1, 3), (2, 3), (3, 3)]
    assert emd["ImageWidth"] == emd["ImageHeight"] == 32
    stats = json.loads((folder / "esri_accumulated_stats.json").read_text())
    assert stats["MetaDataMode"] == "Classified_Tiles" and stats["NumTiles"] == 4
    metadata = json.loads((folder / EXPORT_METADATA_NAME).read_text())
    assert stats["ClassPixelStats"]["NumPixelsPerClass"] == [
        c["pixel_count"] for c in metadata["classes"]
    ]
    assert stats["BandStatsState"][0]["M1"] == pytest.approx(metadata["band_statistics"]["mean"][0])
    lines = (folder / "map.txt").read_text().splitlines()
    assert lines[0] == "images/000000000.tif labels/000000000.tif" and len(lines) == 4
    assert "Number of tiles: 4" in (folder / "stats.txt").read_text()


def test_skips_chips_without_labelled_pixels_unless_all_tiles_are_wanted(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    sparse = np.zeros_like(scene.truth)
    sparse[40:44, 40:44] = 2  # one small labelled patch, in the bottom-right chip only
    write_class_raster(scene.labels, sparse)
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    assert result.chip_count == 1 and [c.value for c in result.classes] == [2]
    every = export(scene, tmp_path / "all", tile_size=32, stride=32, export_all_tiles=True)
    assert every.chip_count == 4


def test_min_labelled_fraction_skips_nearly_empty_chips(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    sparse = scene.truth.copy()
    sparse[:32, :32] = 0
    sparse[10:14, 10:14] = 1  # 16 of 1024 pixels labelled in the top-left chip
    write_class_raster(scene.labels, sparse)
    assert export(scene, tmp_path / "a", tile_size=32, stride=32).chip_count == 4
    kept = export(scene, tmp_path / "b", tile_size=32, stride=32, min_labelled_fraction=0.5)
    assert kept.chip_count == 3


def test_labels_over_image_nodata_are_dropped(scene: Scene, tmp_path: Path) -> None:
    export(scene, tmp_path / "out", tile_size=32, stride=32)
    with rasterio.open(tmp_path / "out" / "labels" / "000000000.tif") as chip:
        labels = chip.read(1)
    assert labels.dtype == np.uint8 and chip.nodata == 0
    assert (labels[:4, :4] == 0).all()  # the image's nodata corner
    assert (labels[4:, 4:] > 0).all()


def test_statistics_skip_nan_infinity_and_masked_pixels_of_float_rasters(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    with rasterio.open(scene.image) as src:
        pixels = src.read().astype("float32")
    pixels[:, :4, :4] = np.nan  # a float raster without a nodata value
    pixels[:, 60:, 60:] = np.inf
    float_image = tmp_path / "float.tif"
    with rasterio.open(float_image, "w", **profile(64, 3, "float32", None)) as dst:
        dst.write(pixels)
    result = export_training_data(
        ExportConfig(float_image, scene.labels, tmp_path / "out", tile_size=32, stride=32)
    )
    stats = json.loads(result.metadata_path.read_text())["band_statistics"]
    finite = np.isfinite(pixels[0])
    assert stats["pixel_count"] == finite.sum()
    np.testing.assert_allclose(stats["mean"], pixels[:, finite].mean(axis=1), rtol=1e-6)
    with rasterio.open(tmp_path / "out" / "labels" / "000000000.tif") as chip:
        assert (chip.read(1)[:4, :4] == 0).all()


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
    labels = read(tmp_path / "out" / "labels" / "000000000.tif")[0]
    agree = labels[scene.truth > 0] == scene.truth[scene.truth > 0]
    assert labels.shape == scene.truth.shape and agree[labels[scene.truth > 0] > 0].mean() > 0.95


def test_class_values_above_255_keep_their_values_in_uint16_labels(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    values = np.array([0, 1000, 2000, 3000], dtype=np.uint16)[scene.truth]
    with rasterio.open(scene.labels, "w", **profile(64, 1, "uint16", 0)) as dst:
        dst.write(values[None])
    result = export(scene, tmp_path / "out", tile_size=32, stride=32)
    assert [c.value for c in result.classes] == [1000, 2000, 3000]
    label = read(tmp_path / "out" / "labels" / "000000003.tif")
    assert label.dtype == np.uint16 and set(np.unique(label)) <= {0, 1000, 2000, 3000}


def polygons(tmp_path: Path, **options: object) -> Path:
    """Two classes, values 10 and 20, as rectangles of whole pixels of the scene."""
    return write_class_polygons(tmp_path / "labels.gpkg", two_class_boxes(), **options)


def export_polygons(scene: Scene, path: Path, folder: Path, **options: object):
    settings = {"class_value_field": "class_value", "class_name_field": "class_name"} | options
    return export_training_data(ExportConfig(scene.image, path, folder, **settings))


def test_polygons_are_rasterised_on_each_chip_with_their_values_and_names(
    scene: Scene, tmp_path: Path
) -> None:
    result = export_polygons(scene, polygons(tmp_path), tmp_path / "out", tile_size=32, stride=32)
    assert [(c.value, c.name) for c in result.classes] == [(10, "water"), (20, "forest")]
    expected = np.zeros((64, 64), dtype=np.uint8)
    expected[2:22, 2:22] = 10
    expected[36:48, 36:56] = 20
    expected[4:12, 40:48] = 20
    expected[:4, :4] = 0  # image nodata
    metadata = json.loads(result.metadata_path.read_text())
    for chip in metadata["chips"]:
        position = chip["position"]
        window = expected[
            position["row"] : position["row"] + 32, position["col"] : position["col"] + 32
        ]
        np.testing.assert_array_equal(read(tmp_path / "out" / chip["label"])[0], window)
    counts = {c["value"]: c["pixel_count"] for c in metadata["classes"]}
    assert counts == {10: 20 * 20 - 4, 20: 12 * 20 + 64}


def test_polygons_in_another_crs_are_reprojected(scene: Scene, tmp_path: Path) -> None:
    from osgeo import ogr, osr

    path = polygons(tmp_path)
    source = osr.SpatialReference()
    source.ImportFromEPSG(32615)
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    for item in (source, target):
        item.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    reprojected = tmp_path / "wgs84.gpkg"
    ogr.GetDriverByName("GPKG").CopyDataSource(ogr.Open(str(path)), str(reprojected))
    dataset = ogr.Open(str(reprojected), 1)
    layer = dataset.GetLayer(0)
    # Rewrite the layer in EPSG:4326 (a new layer: a layer's CRS cannot change in place).
    moved = dataset.CreateLayer("wgs84", target, ogr.wkbPolygon)
    for index in range(layer.GetLayerDefn().GetFieldCount()):
        moved.CreateField(layer.GetLayerDefn().GetFieldDefn(index))
    transform = osr.CoordinateTransformation(source, target)
    for feature in layer:
        copy = ogr.Feature(moved.GetLayerDefn())
        copy.SetFrom(feature)
        geometry = feature.GetGeometryRef().Clone()
        geometry.Transform(transform)
        copy.SetGeometry(geometry)
        moved.CreateFeature(copy)
    dataset = None
    result = export_polygons(
        scene, reprojected, tmp_path / "out", class_layer="wgs84", tile_size=32, stride=32
    )
    counts = {
        c["value"]: c["pixel_count"]
        for c in json.loads(result.metadata_path.read_text())["classes"]
    }
    assert abs(counts[10] - (20 * 20 - 4)) <= 4 and abs(counts[20] - (12 * 20 + 64)) <= 8


@pytest.mark.parametrize(
    ("options", "polygon_options", "field", "message"),
    [
        ({"class_value_field": "nope"}, {}, "class_value_field", "no field 'nope'"),
        ({}, {"value_type": "string"}, "class_value_field", "integer field"),
        ({}, {"geometry": "line"}, "class_data", "polygons"),
        ({"class_value_field": None}, {}, "class_value_field", "CLASS_VALUE_FIELD"),
    ],
)
def test_bad_polygon_labels_name_the_parameter_and_write_nothing(
    scene: Scene,
    tmp_path: Path,
    options: dict,
    polygon_options: dict,
    field: str,
    message: str,
) -> None:
    path = polygons(tmp_path, **polygon_options)
    with pytest.raises(InputError, match=message) as caught:
        export_polygons(scene, path, tmp_path / "out", tile_size=32, **options)
    assert caught.value.field == field and not (tmp_path / "out").exists()


def test_labels_that_miss_the_image_are_an_error(scene: Scene, tmp_path: Path) -> None:
    far = [((0.0, 0.0, 100.0, 100.0), 1, "somewhere else")]
    path = write_class_polygons(tmp_path / "far.gpkg", far)
    with pytest.raises(InputError, match="overlaps the image") as caught:
        export_polygons(scene, path, tmp_path / "out", tile_size=32)
    assert caught.value.field == "class_data"


def test_no_labelled_pixels_is_an_error_naming_the_class_data_and_writes_nothing(
    tmp_path: Path,
) -> None:
    scene = write_scene(tmp_path / "scene")
    write_class_raster(scene.labels, np.zeros_like(scene.truth))
    with pytest.raises(InputError) as caught:
        export(scene, tmp_path / "out", tile_size=32)
    assert caught.value.field == "class_data" and "no labelled pixels" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene"]


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"tile_size": 4}, "tile_size"),
        ({"tile_size": 128}, "tile_size"),
        ({"tile_size": 32, "stride": 0}, "stride"),
        ({"tile_size": 32, "chip_format": "png"}, "chip_format"),
        ({"tile_size": 32, "bands": (4,)}, "bands"),
        ({"tile_size": 32, "extent": (0.0, 0.0, 10.0, 10.0)}, "extent"),
    ],
)
def test_bad_options_name_the_parameter(
    scene: Scene, tmp_path: Path, options: dict, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        export(scene, tmp_path / "out", **options)
    assert caught.value.field == field
    assert not (tmp_path / "out").exists()


def sparse_truth(scene: Scene) -> np.ndarray:
    """The scene's classes with unlabelled patches (0), so that NaN and nodata matter."""
    truth = scene.truth.copy()
    truth[10:20, 5:40] = 0
    truth[50:, 50:] = 0
    return truth


def export_contents(folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The metadata (without its settings, which name the class data) and every chip."""
    metadata = json.loads((folder / EXPORT_METADATA_NAME).read_text())
    metadata.pop("source_class_data", None)
    metadata.pop("settings", None)
    arrays = {
        str(path.relative_to(folder)): read(path)
        for sub in ("images", "labels")
        for path in chips(folder, sub)
    }
    return metadata, arrays


@pytest.mark.parametrize(
    ("dtype", "nodata", "options"),
    [
        ("float32", None, {}),  # NaN = unlabelled, as the Raster Calculator leaves it
        ("float64", -1.0, {}),
        ("float32", None, {"rotation_angle": 90.0}),  # rotated chips read another way
        ("float32", 0.0, {"metadata_format": "imagenet"}),
    ],
)
def test_a_float_class_raster_of_whole_numbers_exports_as_its_integer_twin(
    tmp_path: Path, dtype: str, nodata: float | None, options: dict
) -> None:
    scene = write_scene(tmp_path / "scene")
    truth = sparse_truth(scene)
    truth[30:34, 30:34] = 0
    write_class_raster(scene.labels, truth)
    export(scene, tmp_path / "integer", tile_size=32, stride=16, **options)
    values = truth.astype(dtype)
    values[truth == 0] = np.nan if nodata is None else nodata
    values[30:34, 30:34] = -3.0  # negative values are unlabelled, as in integer rasters
    floats = tmp_path / "floats.tif"
    with rasterio.open(floats, "w", **profile(64, 1, dtype, nodata)) as dst:
        dst.write(values[None])
    result = export_training_data(
        ExportConfig(scene.image, floats, tmp_path / "float", tile_size=32, stride=16, **options)
    )
    assert [c.value for c in result.classes] == [1, 2, 3]
    integer_metadata, integer_chips = export_contents(tmp_path / "integer")
    float_metadata, float_chips = export_contents(tmp_path / "float")
    assert float_metadata == integer_metadata
    assert float_chips.keys() == integer_chips.keys() and float_chips
    for name, array in integer_chips.items():
        assert float_chips[name].dtype == array.dtype, name
        np.testing.assert_array_equal(float_chips[name], array, err_msg=name)


def test_a_float_class_raster_on_another_grid_is_resampled_like_an_integer_one(
    tmp_path: Path,
) -> None:
    scene = write_scene(tmp_path / "scene")
    coarse = scene.truth[::2, ::2]
    grid = {"transform": from_origin(*ORIGIN, 2 * CELL, 2 * CELL)}
    with rasterio.open(scene.labels, "w", **profile(32, 1, "uint8", 0) | grid) as dst:
        dst.write(coarse[None])
    export(scene, tmp_path / "integer", tile_size=64)
    floats = tmp_path / "floats.tif"
    with rasterio.open(floats, "w", **profile(32, 1, "float32", None) | grid) as dst:
        dst.write(coarse[None].astype("float32"))
    export_training_data(ExportConfig(scene.image, floats, tmp_path / "float", tile_size=64))
    np.testing.assert_array_equal(
        read(tmp_path / "float" / "labels" / "000000000.tif"),
        read(tmp_path / "integer" / "labels" / "000000000.tif"),
    )


@pytest.mark.parametrize(
    ("bad", "shown"), [(1.5, "1.5"), (np.inf, "inf"), (2.0000001, "2.0000001")]
)
def test_a_float_class_raster_with_fractions_is_refused_naming_the_class_data(
    tmp_path: Path, bad: float, shown: str
) -> None:
    scene = write_scene(tmp_path / "scene")
    values = scene.truth.astype("float64")
    values[40, 40] = bad
    path = tmp_path / "labels_float.tif"
    with rasterio.open(path, "w", **profile(64, 1, "float64", None)) as dst:
        dst.write(values[None])
    with pytest.raises(InputError, match="not whole numbers") as caught:
        export_training_data(ExportConfig(scene.image, path, tmp_path / "out", tile_size=32))
    assert caught.value.field == "class_data" and not (tmp_path / "out").exists()
    assert f"(e.g. {shown})" in caught.value.message and str(path) in caught.value.message
    assert 'round("labels_float@1")' in caught.value.message


def test_a_complex_class_raster_is_refused(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    with rasterio.open(scene.labels, "w", **profile(64, 1, "complex64", None)) as dst:
        dst.write(scene.truth[None].astype("complex64"))
    with pytest.raises(InputError, match="integer class values") as caught:
        export(scene, tmp_path / "out", tile_size=32)
    assert caught.value.field == "class_data"


def test_a_filled_folder_needs_overwrite_and_an_unrelated_one_is_never_replaced(
    scene: Scene, tmp_path: Path
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious")
    for overwrite in (False, True):
        with pytest.raises(InputError) as caught:
            export(scene, tmp_path / "mine", tile_size=32, overwrite=overwrite)
        assert caught.value.field == "output_folder"
    assert (tmp_path / "mine" / "thesis.docx").read_text() == "precious"

    export(scene, tmp_path / "out", tile_size=32, stride=16)
    with pytest.raises(InputError, match="overwrite"):
        export(scene, tmp_path / "out", tile_size=32, stride=32)
    second = export(scene, tmp_path / "out", tile_size=32, stride=32, overwrite=True)
    assert len(chips(tmp_path / "out")) == second.chip_count == 4


def test_append_adds_numbered_chips_and_merges_the_metadata(scene: Scene, tmp_path: Path) -> None:
    first = export(scene, tmp_path / "out", tile_size=32, stride=32)
    second = export(scene, tmp_path / "out", tile_size=32, stride=16, append=True, start_index=100)
    metadata = json.loads(first.metadata_path.read_text())
    assert metadata["chip_count"] == first.chip_count + second.chip_count == 4 + 9
    names = [p.name for p in chips(tmp_path / "out")]
    assert names[:4] == [f"{i:09d}.tif" for i in range(4)] and names[4] == "000000100.tif"
    single = json.loads(
        export(scene, tmp_path / "single", tile_size=32, stride=32).metadata_path.read_text()
    )
    assert metadata["band_statistics"]["pixel_count"] > single["band_statistics"]["pixel_count"]
    assert len(read_training_folder(tmp_path / "out").image_paths) == 13
    with pytest.raises(InputError) as caught:  # the same names again
        export(scene, tmp_path / "out", tile_size=32, append=True, start_index=2)
    assert caught.value.field == "start_index"


def test_cancel_leaves_no_folder_behind(scene: Scene, tmp_path: Path) -> None:
    class CancelAfterTwoChips(NullReporter):
        calls = 0

        def is_cancelled(self) -> bool:
            self.calls += 1
            return self.calls > 2

    with pytest.raises(CancelledError):
        export_training_data(
            ExportConfig(scene.image, scene.labels, tmp_path / "out", 16), CancelAfterTwoChips()
        )
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_chip_by_chip_up_to_100(scene: Scene, tmp_path: Path) -> None:
    class Recorder(NullReporter):
        def __init__(self) -> None:
            self.values: list[float] = []

        def progress(self, percent: float) -> None:
            self.values.append(percent)

    recorder = Recorder()
    export_training_data(
        ExportConfig(scene.image, scene.labels, tmp_path / "out", 16, stride=16), recorder
    )
    assert len(recorder.values) == 16 and recorder.values == sorted(recorder.values)
    assert recorder.values[-1] == 100


def test_band_selection_cell_size_and_extent(scene: Scene, tmp_path: Path) -> None:
    result = export(
        scene,
        tmp_path / "out",
        tile_size=16,
        stride=16,
        bands=(3, 1),
        cell_size=2 * CELL,
        extent=pixel_box(0, 0, 64, 32),  # the top half of the scene
    )
    metadata = json.loads(result.metadata_path.read_text())
    assert metadata["spec"]["source_bands"] == [3, 1] and metadata["band_count"] == 2
    assert metadata["cell_size"] == [2 * CELL, 2 * CELL]
    # 20 m cells: the scene is 32 x 32 pixels, its top half 32 x 16: two 16 px chips.
    assert result.chip_count == 2
    with rasterio.open(chips(tmp_path / "out")[0]) as chip, rasterio.open(scene.image) as src:
        assert chip.count == 2 and chip.transform.a == 2 * CELL
        assert chip.bounds.top == src.bounds.top


def test_mask_polygons_keep_chips_and_labels_inside_them(scene: Scene, tmp_path: Path) -> None:
    mask = write_class_polygons(tmp_path / "mask.gpkg", [(pixel_box(32, 32, 32, 32), 1, "")])
    result = export(scene, tmp_path / "out", tile_size=32, stride=16, mask=mask)
    metadata = json.loads(result.metadata_path.read_text())
    # Only chips that meet the mask's bottom-right quarter, labelled only inside it.
    for chip in metadata["chips"]:
        position = chip["position"]
        assert position["col"] + 32 > 32 and position["row"] + 32 > 32
        label = read(tmp_path / "out" / chip["label"])[0]
        inside_cols = max(0, 32 - position["col"])
        inside_rows = max(0, 32 - position["row"])
        assert (label[:inside_rows, :] == 0).all() and (label[:, :inside_cols] == 0).all()


def test_rotation_adds_rotated_copies_of_each_chip(scene: Scene, tmp_path: Path) -> None:
    result = export(scene, tmp_path / "out", tile_size=32, stride=32, rotation_angle=90)
    assert result.chip_count == 16
    metadata = json.loads(result.metadata_path.read_text())
    assert sorted({c["rotation"] for c in metadata["chips"]}) == [0, 90, 180, 270]
    plain = read(tmp_path / "out" / metadata["chips"][0]["image"])
    turned = read(tmp_path / "out" / metadata["chips"][1]["image"])
    assert metadata["chips"][1]["position"] == metadata["chips"][0]["position"]
    assert any(np.array_equal(turned, np.rot90(plain, turns, axes=(1, 2))) for turns in (1, 3))
    label = read(tmp_path / "out" / metadata["chips"][1]["label"])[0]
    image_label = read(tmp_path / "out" / metadata["chips"][0]["label"])[0]
    assert any(np.array_equal(label, np.rot90(image_label, turns)) for turns in (1, 3))


@pytest.mark.parametrize("chip_format", ["png", "jpg"])
def test_png_and_jpeg_chips_of_8_bit_imagery(tmp_path: Path, chip_format: str) -> None:
    scene = write_rgb_scene(tmp_path)
    result = export(scene, tmp_path / "out", tile_size=32, stride=32, chip_format=chip_format)
    images = chips(tmp_path / "out")
    labels = chips(tmp_path / "out", "labels")
    assert len(images) == result.chip_count == 4
    assert {p.suffix for p in images} == {f".{chip_format}"} and {p.suffix for p in labels} == {
        ".png"
    }
    np.testing.assert_array_equal(read(labels[0])[0], scene.truth[:32, :32])
    data = read_training_folder(tmp_path / "out")
    assert data.spec.dtype == "uint8" and len(data.image_paths) == 4


def test_imagenet_from_a_class_raster_labels_each_tile_by_its_majority_class(
    scene: Scene, tmp_path: Path
) -> None:
    result = export(scene, tmp_path / "out", tile_size=16, stride=16, metadata_format="imagenet")
    data = read_training_folder(tmp_path / "out")
    assert data.task == "image_classification" and result.chip_count == 16
    for path, target, position in zip(data.image_paths, data.targets, data.positions, strict=True):
        window = scene.truth[position.row : position.row + 16, position.col : position.col + 16]
        values, counts = np.unique(window, return_counts=True)
        assert data.classes[target].value == values[np.argmax(counts)]
        assert path.parent.name == data.classes[target].name.replace(" ", "_")
    assert (tmp_path / "out" / "esri_model_definition.emd").is_file()
    assert len((tmp_path / "out" / "map.txt").read_text().splitlines()) == 16


def test_imagenet_from_polygons_cuts_one_chip_per_polygon_into_class_folders(
    scene: Scene, tmp_path: Path
) -> None:
    result = export_polygons(
        scene, polygons(tmp_path), tmp_path / "out", tile_size=16, metadata_format="imagenet"
    )
    assert result.chip_count == 3
    data = read_training_folder(tmp_path / "out")
    assert [(c.value, c.name) for c in data.classes] == [(10, "water"), (20, "forest")]
    assert sorted(p.parent.name for p in data.image_paths) == ["forest", "forest", "water"]
    for path, target in zip(data.image_paths, data.targets, strict=True):
        assert path.parent.name == data.classes[target].name
        with rasterio.open(path) as chip:
            assert chip.shape == (16, 16) and chip.transform.a == CELL
    # A fixed-size chip is centred on its polygon's centroid, at the raster's resolution.
    water = next(p for p in data.image_paths if p.parent.name == "water")
    with rasterio.open(water) as chip:
        centre = chip.xy(8, 8, offset="ul")
    box = pixel_box(2, 2, 20, 20)
    assert centre == pytest.approx(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2))


def test_imagenet_bounding_box_chips_are_buffered_resized_and_blackened(
    scene: Scene, tmp_path: Path
) -> None:
    export_polygons(
        scene,
        polygons(tmp_path),
        tmp_path / "out",
        tile_size=16,
        metadata_format="imagenet",
        crop_mode="bounding_box",
        buffer_percent=25,
        blacken_around_feature=True,
    )
    water = chips(tmp_path / "out" / "images", "water")[0]
    with rasterio.open(water) as chip:
        # A 20 px box plus 25% on each side: 30 px squeezed into 16.
        assert chip.transform.a == pytest.approx(30 * CELL / 16)
        pixels = chip.read(1)
    assert (pixels[0, :] == IMAGE_NODATA).all() and (pixels[8, 8] != IMAGE_NODATA)
