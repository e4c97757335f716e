"""torchmap:classifyobjects through processing.run: pixel packages, top-k, points, the layer's
selection and filter, NULL results, cancel and bad input."""

from __future__ import annotations

from pathlib import Path

import processing
import pytest
from data import Scene, pixel_box, write_polygons
from qgis.core import (
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from torchmap.engine.models.package import read_definition

pytestmark = pytest.mark.usefixtures("torchmap_provider")


class Feedback(QgsProcessingFeedback):
    """Keeps warnings; asks to cancel after ``cancel_after`` cancel checks."""

    def __init__(self, cancel_after: int | None = None) -> None:
        super().__init__()
        self.warnings: list[str] = []
        self.checks = 0
        self.cancel_after = cancel_after

    def pushWarning(self, warning: str) -> None:
        self.warnings.append(warning)
        super().pushWarning(warning)

    def isCanceled(self) -> bool:
        self.checks += 1
        return self.cancel_after is not None and self.checks > self.cancel_after


def write_wkt_layer(path: Path, geometries: list[str | None], kind: str = "Polygon") -> Path:
    """A GeoPackage layer (EPSG:32615) with a ``name`` field and the given WKT geometries."""
    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(32615)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    types = {"Polygon": ogr.wkbPolygon, "Point": ogr.wkbPoint, "LineString": ogr.wkbLineString}
    layer = source.CreateLayer("features", reference, types[kind])
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for index, wkt in enumerate(geometries):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("name", f"feature {index}")
        if wkt:
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    source = None
    return path


def box_wkt(col: int, row: int, size: int) -> str:
    xmin, ymin, xmax, ymax = pixel_box(col, row, size, size)
    return f"POLYGON (({xmin} {ymin}, {xmax} {ymin}, {xmax} {ymax}, {xmin} {ymax}, {xmin} {ymin}))"


def classify(scene: Scene, package: Path, features: object, output: Path, **extra) -> dict:
    feedback = extra.pop("feedback", None)
    parameters = {"INPUT_RASTER": str(scene.image), "INPUT_FEATURES": features,
                  "MODEL": str(package), "OUTPUT": str(output)} | extra  # fmt: skip
    return processing.run("torchmap:classifyobjects", parameters, feedback=feedback)


def by_name(path: str) -> dict[str, object]:
    layer = QgsVectorLayer(path, "out")
    assert layer.isValid()
    return {feature["name"]: feature for feature in layer.getFeatures()}


def test_a_pixel_package_adds_the_share_of_each_class_and_top_k(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    layer = write_polygons(
        tmp_path / "in.gpkg", [pixel_box(4, 4, 20, 20), pixel_box(40, 50, 16, 10)]
    )
    result = classify(scene, unet_package, str(layer), tmp_path / "out.gpkg", TOP_K=2)
    classes = read_definition(unet_package).classes
    layer = QgsVectorLayer(result["OUTPUT"], "out")
    names = [field.name() for field in layer.fields()]
    assert names[-(6 + len(classes)) :] == [
        "class_value", "class_name", "confidence", "top2_value", "top2_name", "top2_confidence",
        *(f"frac_{c.name.lower().replace(' ', '_')}" for c in classes),
    ]  # fmt: skip
    features = sorted(layer.getFeatures(), key=lambda f: f["name"])
    assert [f["class_value"] for f in features] == [1, 3]
    for feature in features:
        shares = [feature[name] for name in names[-len(classes) :]]
        assert sum(shares) == pytest.approx(1, abs=1e-3)
        assert feature["confidence"] == max(shares) >= feature["top2_confidence"]


def test_points_are_classified_with_a_fixed_size_chip(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    pixels = [pixel_box(12, 20, 1, 1), pixel_box(50, 10, 1, 1), pixel_box(30, 56, 1, 1)]
    points = [f"POINT ({(a + b) / 2} {(c + d) / 2})" for a, c, b, d in pixels]
    layer = write_wkt_layer(tmp_path / "points.gpkg", points, "Point")
    result = classify(scene, resnet_package, str(layer), tmp_path / "out.gpkg")
    features = by_name(result["OUTPUT"])
    assert [features[f"feature {i}"]["class_name"] for i in range(3)] == [
        "water", "forest", "urban",
    ]  # fmt: skip
    assert QgsVectorLayer(result["OUTPUT"], "out").geometryType() == 0  # points stay points


def test_selected_features_only_and_the_layer_filter_are_honoured(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    boxes = [box_wkt(6, 8, 16), box_wkt(40, 10, 16), box_wkt(20, 50, 12), box_wkt(8, 30, 8)]
    layer = QgsVectorLayer(str(write_wkt_layer(tmp_path / "in.gpkg", boxes)), "objects", "ogr")
    layer.setSubsetString("name <> 'feature 3'")
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByExpression("name IN ('feature 0', 'feature 2', 'feature 3')")
        selected = QgsProcessingFeatureSourceDefinition(layer.id(), True)
        result = classify(scene, resnet_package, selected, tmp_path / "selected.gpkg")
        assert sorted(by_name(result["OUTPUT"])) == ["feature 0", "feature 2"]
        result = classify(scene, resnet_package, layer.id(), tmp_path / "filtered.gpkg")
        assert sorted(by_name(result["OUTPUT"])) == ["feature 0", "feature 1", "feature 2"]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_null_and_outside_features_get_null_results_invalid_ones_are_repaired_one_warning(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    xmin, ymin, xmax, ymax = pixel_box(4, 4, 10, 10)
    bowtie = (
        f"POLYGON (({xmin} {ymin}, {xmax} {ymax}, {xmax} {ymin}, {xmin} {ymax}, {xmin} {ymin}))"
    )
    geometries = [box_wkt(6, 8, 16), None, bowtie, box_wkt(500, 500, 10), box_wkt(0, 0, 4)]
    layer = write_wkt_layer(tmp_path / "in.gpkg", geometries)
    feedback = Feedback()
    result = classify(scene, resnet_package, str(layer), tmp_path / "out.gpkg", feedback=feedback)
    features = by_name(result["OUTPUT"])
    assert features["feature 0"]["class_name"] == "water"
    assert features["feature 2"]["class_name"] == "water"  # the bowtie, repaired
    for name in ("feature 1", "feature 3", "feature 4"):  # 4: all nodata
        assert features[name]["class_value"] in (None, _null()), name
    summary = [w for w in feedback.warnings if "get no class" in w]
    assert len(summary) == 1, feedback.warnings
    assert "3 of 5 features" in summary[0] and "1 without a usable geometry (id 2)" in summary[0]
    assert "1 invalid polygon was repaired (id 3)" in summary[0]


def _null() -> object:
    from qgis.PyQt.QtCore import QVariant

    return QVariant()


def test_an_empty_layer_gives_an_empty_output(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    layer = write_wkt_layer(tmp_path / "empty.gpkg", [])
    result = classify(scene, resnet_package, str(layer), tmp_path / "out.gpkg")
    output = QgsVectorLayer(result["OUTPUT"], "out")
    assert output.isValid() and output.featureCount() == 0
    assert output.fields().lookupField("class_name") >= 0


def test_cancel_within_a_batch_writes_nothing(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    layer = write_wkt_layer(tmp_path / "in.gpkg", [box_wkt(2 * i, 2 * i, 8) for i in range(20)])
    feedback = Feedback(cancel_after=5)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        classify(scene, resnet_package, str(layer), tmp_path / "out.gpkg", feedback=feedback)
    assert feedback.checks < 20  # stopped inside the first batch of 32
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.gpkg"]


class CancelLater(Feedback):
    """Cancels once a quarter of the features were classified (and handed to the output)."""

    def __init__(self, output: Path) -> None:
        super().__init__()
        self.output, self.output_existed = output, False

    def isCanceled(self) -> bool:
        if self.progress() < 25:
            return False
        self.output_existed = self.output_existed or self.output.exists()
        return True


def test_cancel_after_batches_were_written_removes_the_partial_output(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    layer = write_wkt_layer(tmp_path / "in.gpkg", [box_wkt(2 * i, 2 * i, 8) for i in range(20)])
    output = tmp_path / "out.gpkg"
    feedback = CancelLater(output)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        classify(scene, resnet_package, str(layer), output, BATCH_SIZE=2, feedback=feedback)
    assert feedback.output_existed  # results were being streamed into it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.gpkg"]


def test_cancel_into_an_existing_geopackage_removes_only_the_new_layer(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    boxes = [box_wkt(2 * i, 2 * i, 8) for i in range(20)]
    layer = write_wkt_layer(tmp_path / "in.gpkg", boxes)
    existing = write_wkt_layer(tmp_path / "existing.gpkg", boxes[:3])
    destination = f"ogr:dbname='{existing}' table=\"classified\" (geom)"
    feedback = CancelLater(existing)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        classify(scene, resnet_package, str(layer), destination, BATCH_SIZE=2, feedback=feedback)
    from osgeo import ogr

    dataset = ogr.Open(str(existing))
    names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
    assert names == ["features"] and dataset.GetLayer(0).GetFeatureCount() == 3


def test_a_line_layer_is_refused_naming_input_features(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    xmin, ymin, xmax, ymax = pixel_box(4, 4, 10, 10)
    layer = write_wkt_layer(tmp_path / "lines.gpkg", [f"LINESTRING ({xmin} {ymin}, {xmax} {ymax})"],
                            "LineString")  # fmt: skip
    with pytest.raises(QgsProcessingException, match="INPUT_FEATURES.*line layer.*Buffer"):
        classify(scene, resnet_package, str(layer), tmp_path / "out.gpkg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lines.gpkg"]


def test_a_raster_whose_bands_do_not_fit_names_input_raster(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    layer = write_wkt_layer(tmp_path / "in.gpkg", [box_wkt(2, 2, 16)])
    with pytest.raises(QgsProcessingException, match="INPUT_RASTER.*1 bands.*trained on 3"):
        processing.run(
            "torchmap:classifyobjects",
            {"INPUT_RASTER": str(scene.labels), "INPUT_FEATURES": str(layer),
             "MODEL": str(resnet_package), "OUTPUT": str(tmp_path / "out.gpkg")},
        )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.gpkg"]
