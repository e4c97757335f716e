"""Skipped and repaired input features: the shared tally and its one warning, the repair of
invalid polygons, and polygon labels that count what they drop (Export Training Data)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import Scene, pixel_box, two_class_boxes, write_scene

from torchmap.engine.data.export import ExportConfig, export_training_data
from torchmap.engine.data.feature_checks import (
    NO_CLASS_VALUE,
    NO_GEOMETRY,
    NO_PIXELS,
    UNREPAIRABLE,
    SkippedFeatures,
    valid_polygon,
    valid_polygon_geojson,
)
from torchmap.engine.data.labels import read_polygon_features
from torchmap.engine.errors import InputError
from torchmap.engine.reporter import NullReporter


class Warnings(NullReporter):
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, text: str) -> None:
        self.warnings.append(text)


def test_the_warning_counts_by_reason_and_names_a_few_ids() -> None:
    skipped = SkippedFeatures()
    for fid, reason in ((4, NO_GEOMETRY), (9, NO_CLASS_VALUE), (7, NO_GEOMETRY)):
        skipped.add(fid, reason)
    skipped.repaired(1)
    skipped.repaired(5)
    assert skipped.warning() == (
        "3 features were skipped: 2 without a geometry (ids 4, 7), 1 without a class value "
        "(id 9). 2 invalid polygons were repaired (ids 1, 5)."
    )


def test_singulars_long_id_lists_unknown_ids_and_nothing_to_say() -> None:
    assert SkippedFeatures().warning() is None
    one = SkippedFeatures()
    one.add(3, UNREPAIRABLE)
    assert one.warning() == (
        "1 feature was skipped: 1 with an invalid polygon that could not be repaired (id 3)."
    )
    repaired = SkippedFeatures()
    repaired.repaired(None)
    assert repaired.warning() == "1 invalid polygon was repaired."
    many = SkippedFeatures()
    for fid in range(12):
        many.add(fid, NO_PIXELS)
    many.add(None, NO_GEOMETRY)
    assert many.warning() == (
        "13 features were skipped: 1 without a geometry, 12 outside the raster or over nodata "
        "only (ids 0, 1, 2, 3, 4 and 7 more)."
    )
    assert many.ids[NO_PIXELS] == [0, 1, 2, 3, 4]  # a run of millions keeps five ids
    with pytest.raises(ValueError, match="unknown reason"):
        many.add(1, "tired")


def test_the_warning_is_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    from torchmap.engine import i18n

    skipped = SkippedFeatures()
    skipped.add(4, NO_GEOMETRY)
    skipped.add(7, NO_GEOMETRY)
    skipped.repaired(1)
    try:
        i18n.set_language("fr")
        french = skipped.warning()
        i18n.set_language("de")
        german = skipped.warning()
    finally:
        i18n.set_language(None)
    assert french.startswith("2 entités ont été ignorées") and "4, 7" in french
    assert german.startswith("2 Objekte wurden übersprungen") and "4, 7" in german


def test_invalid_polygons_are_repaired_and_degenerate_ones_refused() -> None:
    from osgeo import ogr

    square = ogr.CreateGeometryFromWkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
    assert valid_polygon(square) == (square, False)
    bowtie = ogr.CreateGeometryFromWkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    fixed, repaired = valid_polygon(bowtie)
    assert repaired and fixed.IsValid() and fixed.GetArea() == pytest.approx(50)
    flat = ogr.CreateGeometryFromWkt("POLYGON ((0 0, 10 0, 20 0, 0 0))")
    assert valid_polygon(flat) == (None, True)
    geojson = json.loads(bowtie.ExportToJson())
    fixed_json, repaired = valid_polygon_geojson(geojson)
    assert repaired and fixed_json["type"] == "MultiPolygon"
    assert valid_polygon_geojson(json.loads(square.ExportToJson()))[1] is False


def write_layer(path: Path, rows: list[tuple[str | None, int | None]]) -> Path:
    """A GeoPackage of (WKT or None, class value or None) rows; FIDs count from 1."""
    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(32615)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("labels", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("class_value", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("class_name", ogr.OFTString))
    for wkt, value in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        if value is not None:
            feature.SetField("class_value", value)
            feature.SetField("class_name", f"class {value}")
        if wkt is not None:
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    source = None  # closes and flushes
    return path


def box_wkt(box: tuple[float, float, float, float]) -> str:
    xmin, ymin, xmax, ymax = box
    return f"POLYGON (({xmin} {ymin}, {xmax} {ymin}, {xmax} {ymax}, {xmin} {ymax}, {xmin} {ymin}))"


def bowtie_wkt(box: tuple[float, float, float, float]) -> str:
    xmin, ymin, xmax, ymax = box
    return f"POLYGON (({xmin} {ymin}, {xmax} {ymax}, {xmax} {ymin}, {xmin} {ymax}, {xmin} {ymin}))"


def untidy_layer(path: Path) -> Path:
    """The scene's two-class boxes (FIDs 1-3) and, after them, a feature without a geometry
    (4), an empty one (5), one without a class value (6), a bowtie (7) and a flat one (8)."""
    xmin, ymin, _, _ = pixel_box(50, 2, 10, 10)
    rows: list[tuple[str | None, int | None]] = [
        (box_wkt(box), value) for box, value, _ in two_class_boxes()
    ]
    rows += [
        (None, 10),
        ("POLYGON EMPTY", 10),
        (box_wkt(pixel_box(24, 24, 8, 8)), None),
        (bowtie_wkt(pixel_box(50, 2, 10, 10)), 30),
        (f"POLYGON (({xmin} {ymin}, {xmin + 5} {ymin}, {xmin + 9} {ymin}, {xmin} {ymin}))", 30),
    ]
    return write_layer(path, rows)


def test_polygon_labels_skip_and_repair_features_and_count_them(tmp_path: Path) -> None:
    skipped = SkippedFeatures()
    features = read_polygon_features(
        "class_data",
        untidy_layer(tmp_path / "untidy.gpkg"),
        None,
        None,
        "class_value",
        skipped=skipped,
    )
    assert [f.fid for f in features] == [1, 2, 3, 7]
    assert features[-1].geometry["type"] == "MultiPolygon"  # the bowtie, repaired
    assert skipped.warning() == (
        "4 features were skipped: 2 without a geometry (ids 4, 5), 1 with an invalid polygon "
        "that could not be repaired (id 8), 1 without a class value (id 6). 1 invalid polygon "
        "was repaired (id 7)."
    )


def export(scene: Scene, class_data: Path, folder: Path, reporter=None, **options: object):
    config = ExportConfig(
        scene.image,
        class_data,
        folder,
        class_value_field="class_value",
        class_name_field="class_name",
        tile_size=32,
        stride=32,
        **options,
    )
    return export_training_data(config, reporter)


def labels_by_position(folder: Path) -> dict[tuple[int, int], np.ndarray]:
    metadata = json.loads((folder / "torchmap_export.json").read_text())
    result = {}
    for chip in metadata["chips"]:
        with rasterio.open(folder / chip["label"]) as src:
            result[chip["position"]["col"], chip["position"]["row"]] = src.read(1)
    return result


def test_export_warns_once_about_skipped_and_repaired_features(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    path = untidy_layer(tmp_path / "untidy.gpkg")
    reporter = Warnings()
    export(scene, path, tmp_path / "out", reporter)
    about_features = [w for w in reporter.warnings if "skipped" in w or "repaired" in w]
    assert about_features == [
        f"{path}: 4 features were skipped: 2 without a geometry (ids 4, 5), 1 with an invalid "
        "polygon that could not be repaired (id 8), 1 without a class value (id 6). 1 invalid "
        "polygon was repaired (id 7)."
    ]
    labels = labels_by_position(tmp_path / "out")
    # The repaired bowtie labels both of its triangles (columns 50-59 of rows 2-11), which
    # meet at its centre: left and right of it, not above or below.
    bowtie = labels[32, 0][2:12, 18:28]
    assert (bowtie[4, :4] == 30).all() and (bowtie[4, 6:] == 30).all()
    assert (bowtie[[0, -1], 4:6] == 0).all()
    # Without the unusable features, the other chips are those of the clean boxes.
    clean = write_layer(
        tmp_path / "clean.gpkg", [(box_wkt(box), value) for box, value, _ in two_class_boxes()]
    )
    export(scene, clean, tmp_path / "clean")
    for position, label in labels_by_position(tmp_path / "clean").items():
        expected = labels[position].copy()
        expected[expected == 30] = 0
        np.testing.assert_array_equal(label, expected)


def test_a_layer_of_only_unusable_features_says_why_before_failing(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    path = write_layer(tmp_path / "bad.gpkg", [(None, 10), (box_wkt(pixel_box(2, 2, 8, 8)), None)])
    reporter = Warnings()
    with pytest.raises(InputError, match="no classified polygons") as caught:
        export(scene, path, tmp_path / "out", reporter)
    assert caught.value.field == "class_data"
    assert reporter.warnings == [
        f"{path}: 2 features were skipped: 1 without a geometry (id 1), 1 without a class "
        "value (id 2)."
    ]


def test_mask_features_without_a_geometry_are_counted_too(tmp_path: Path) -> None:
    scene = write_scene(tmp_path / "scene")
    classes = write_layer(
        tmp_path / "classes.gpkg", [(box_wkt(box), value) for box, value, _ in two_class_boxes()]
    )
    mask = write_layer(tmp_path / "mask.gpkg", [(box_wkt(pixel_box(0, 0, 64, 64)), 1), (None, 1)])
    reporter = Warnings()
    export(scene, classes, tmp_path / "out", reporter, mask=mask)
    assert reporter.warnings == [f"{mask}: 1 feature was skipped: 1 without a geometry (id 2)."]
