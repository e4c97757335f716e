"""Each algorithm through processing.run, as the Toolbox, the Modeler and scripts call it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import processing
import pytest
import rasterio
from data import Scene, pixel_box, write_class_raster, write_polygons
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPalettedRasterRenderer,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)

from torchmap.engine.models.package import read_definition

pytestmark = pytest.mark.usefixtures("torchmap_provider")


class LogFeedback(QgsProcessingFeedback):
    """Keeps the lines an algorithm writes to the Processing log."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def pushInfo(self, info: str) -> None:
        self.lines.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning: str) -> None:
        self.lines.append(warning)
        super().pushWarning(warning)


def listing(folder: Path) -> list[str]:
    """Every entry of a folder, hidden partial outputs included."""
    return sorted(path.name for path in folder.iterdir())


def export_parameters(image: Path, labels: Path, folder: Path) -> dict[str, object]:
    return {
        "INPUT_RASTER": str(image),
        "INPUT_CLASS_DATA": str(labels),
        "TILE_SIZE": 32,
        "STRIDE": 32,
        "OUTPUT_FOLDER": str(folder),
    }


def test_export_training_data(scene: Scene, tmp_path: Path) -> None:
    result = processing.run(
        "torchmap:exporttrainingdata",
        export_parameters(scene.image, scene.labels, tmp_path / "chips"),
    )
    assert result == {"OUTPUT_FOLDER": str(tmp_path / "chips"), "CHIP_COUNT": 4}
    assert listing(tmp_path / "chips" / "images") == listing(tmp_path / "chips" / "labels")
    metadata = json.loads((tmp_path / "chips" / "torchmap_export.json").read_text())
    assert [c["value"] for c in metadata["classes"]] == [1, 2, 3]


@pytest.mark.parametrize(
    ("model_type", "folder_fixture"), [(0, "export_folder"), (1, "image_folder")]
)
def test_train_deep_learning_model(
    request: pytest.FixtureRequest, tmp_path: Path, model_type: int, folder_fixture: str
) -> None:
    model = tmp_path / "model.tmpk"
    feedback = LogFeedback()
    result = processing.run(
        "torchmap:traindeeplearningmodel",
        {"INPUT_DATA": str(request.getfixturevalue(folder_fixture)), "MODEL_TYPE": model_type,
         "EPOCHS": 2, "BATCH_SIZE": 4, "LEARNING_RATE": 0.003, "OUTPUT_MODEL": str(model)},
        feedback=feedback,
    )  # fmt: skip
    # Loss and validation metrics reach the Processing log every epoch.
    epoch_lines = [line for line in feedback.lines if line.startswith("Epoch ")]
    assert [line.split(":")[0] for line in epoch_lines] == ["Epoch 1", "Epoch 2"]
    assert all(
        "train_loss" in line and "valid_loss" in line and "mean_iou" in line for line in epoch_lines
    )
    assert set(result) == {"OUTPUT_MODEL", "VALIDATION_ACCURACY", "MEAN_IOU", "OUTPUT_REPORT"}
    assert result["OUTPUT_MODEL"] == str(model) and zipfile.is_zipfile(model)
    assert Path(result["OUTPUT_REPORT"]).is_file()
    assert 0 <= result["VALIDATION_ACCURACY"] <= 1 and 0 <= result["MEAN_IOU"] <= 1


def test_classify_pixels_output_opens_styled_on_the_input_grid(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    output = tmp_path / "landcover.tif"
    result = processing.run(
        "torchmap:classifypixels",
        {"INPUT_RASTER": str(scene.image), "MODEL": str(unet_package), "OUTPUT": str(output)},
    )
    assert result == {"OUTPUT": str(output)}
    layer, source = QgsRasterLayer(str(output), "classes"), QgsRasterLayer(str(scene.image), "in")
    assert layer.isValid()
    assert (layer.crs(), layer.extent(), layer.width(), layer.height()) == (
        source.crs(),
        source.extent(),
        source.width(),
        source.height(),
    )
    # It opens styled with exactly the model's classes (its default style, landcover.qml),
    # not the 256 entries of the GeoTIFF colour table.
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    definition = read_definition(unet_package)
    assert [(c.value, c.label, c.color.name()) for c in renderer.classes()] == [
        (info.value, info.name, info.color) for info in definition.classes
    ]
    with rasterio.open(output) as dst:
        classes = dst.read(1)
    assert (classes[:4, :4] == 0).all()  # the input's nodata corner
    valid = classes > 0
    assert (classes[valid] == scene.truth[valid]).mean() > 0.8


def reprojected_boxes(boxes: list[tuple[float, float, float, float]], epsg: int) -> list[tuple]:
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32615"),
        QgsCoordinateReferenceSystem(f"EPSG:{epsg}"),
        QgsProject.instance(),
    )
    result = []
    for box in boxes:
        rectangle = transform.transformBoundingBox(QgsRectangle(*box))
        result.append(
            (rectangle.xMinimum(), rectangle.yMinimum(), rectangle.xMaximum(), rectangle.yMaximum())
        )
    return result


@pytest.mark.parametrize("epsg", [32615, 3857])
def test_classify_objects_adds_class_fields_and_keeps_the_others(
    scene: Scene, resnet_package: Path, tmp_path: Path, epsg: int
) -> None:
    inside = [pixel_box(6, 8, 16, 16), pixel_box(40, 10, 16, 16), pixel_box(20, 50, 12, 12)]
    outside = [pixel_box(500, 500, 16, 16)]
    polygons = write_polygons(
        tmp_path / "objects.gpkg", reprojected_boxes(inside + outside, epsg), epsg
    )
    output = tmp_path / "classified.gpkg"
    result = processing.run(
        "torchmap:classifyobjects",
        {"INPUT_RASTER": str(scene.image), "INPUT_FEATURES": str(polygons),
         "MODEL": str(resnet_package), "OUTPUT": str(output)},
    )  # fmt: skip
    layer = QgsVectorLayer(result["OUTPUT"], "classified")
    assert layer.isValid() and layer.crs().authid() == f"EPSG:{epsg}"
    # The GeoPackage carries its class style: categories on class_name in the model's colours.
    assert isinstance(layer.renderer(), QgsCategorizedSymbolRenderer)
    assert layer.renderer().classAttribute() == "class_name"
    assert {c.value(): c.symbol().color().name() for c in layer.renderer().categories()} == {
        c.name: c.color for c in read_definition(resnet_package).classes
    }
    assert [f.name() for f in layer.fields()][-5:] == [
        "name",
        "area_ha",
        "class_value",
        "class_name",
        "confidence",
    ]
    features = sorted(layer.getFeatures(), key=lambda f: f["name"])
    assert [f["name"] for f in features] == [f"object {i}" for i in range(4)]
    # The boxes lie in the scene's blocks of classes 1, 2 and 3, whose signatures are those of
    # the water, forest and urban chips the model learned from.
    assert [f["class_name"] for f in features[:3]] == ["water", "forest", "urban"]
    assert all(0 < f["confidence"] <= 1 for f in features[:3])
    assert features[3]["class_value"] is None or features[3]["class_value"] == _null()


def _null():
    from qgis.PyQt.QtCore import QVariant

    return QVariant()


def test_band_mismatch_names_input_raster_and_writes_nothing(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    with pytest.raises(QgsProcessingException, match="INPUT_RASTER.*1 bands.*trained on 3"):
        processing.run(
            "torchmap:classifypixels",
            {
                "INPUT_RASTER": str(scene.labels),
                "MODEL": str(unet_package),
                "OUTPUT": str(tmp_path / "out.tif"),
            },
        )
    assert listing(tmp_path) == []


@pytest.fixture(params=["text", "empty zip"])
def fake_package(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "models" / "fake.tmpk"
    path.parent.mkdir()
    if request.param == "text":
        path.write_text("not a model")
    else:
        zipfile.ZipFile(path, "w").close()
    return path


@pytest.mark.parametrize("algorithm", ["classifypixels", "classifyobjects"])
def test_a_file_that_is_not_a_model_package_names_model(
    scene: Scene, fake_package: Path, tmp_path: Path, algorithm: str
) -> None:
    parameters = {
        "INPUT_RASTER": str(scene.image),
        "MODEL": str(fake_package),
        "OUTPUT": str(tmp_path / "out.gpkg"),
    }
    if algorithm == "classifypixels":
        parameters["OUTPUT"] = str(tmp_path / "out.tif")
    else:
        parameters["INPUT_FEATURES"] = str(
            write_polygons(tmp_path / "in.gpkg", [pixel_box(0, 0, 8, 8)])
        )
    with pytest.raises(QgsProcessingException, match="MODEL.*not a TorchMap model package"):
        processing.run(f"torchmap:{algorithm}", parameters)
    assert not Path(parameters["OUTPUT"]).exists()
    assert not [name for name in listing(tmp_path) if name.startswith(".")]


def no_labels_here(scene: Scene, tmp_path: Path, how: str) -> Path:
    labels = tmp_path / f"labels_{how.replace(' ', '_')}.tif"
    if how == "all zero":
        return write_class_raster(labels, np.zeros_like(scene.truth))
    # Labelled everywhere, but 10 km away from the image.
    from data import profile
    from rasterio.transform import from_origin

    with rasterio.open(
        labels,
        "w",
        **profile(64, 1, "uint8", 0) | {"transform": from_origin(600_000, 1_700_000, 10, 10)},
    ) as dst:
        dst.write(scene.truth[None])
    return labels


@pytest.mark.parametrize("how", ["all zero", "outside the image"])
def test_no_labelled_pixels_names_input_class_data_and_leaves_no_folder(
    scene: Scene, tmp_path: Path, how: str
) -> None:
    labels = no_labels_here(scene, tmp_path, how)
    # Labels beside the image are refused as such, before anything is read.
    expected = "no labelled pixels" if how == "all zero" else "does not overlap the image"
    with pytest.raises(QgsProcessingException, match=f"INPUT_CLASS_DATA.*{expected}"):
        processing.run(
            "torchmap:exporttrainingdata",
            export_parameters(scene.image, labels, tmp_path / "chips"),
        )
    assert not (tmp_path / "chips").exists()
    assert not [name for name in listing(tmp_path) if name.startswith(".")]


def test_export_refuses_a_folder_with_other_files_and_keeps_them(
    scene: Scene, tmp_path: Path
) -> None:
    (tmp_path / "chips").mkdir()
    (tmp_path / "chips" / "notes.txt").write_text("mine")
    with pytest.raises(QgsProcessingException, match="OUTPUT_FOLDER"):
        processing.run(
            "torchmap:exporttrainingdata",
            export_parameters(scene.image, scene.labels, tmp_path / "chips"),
        )
    assert listing(tmp_path / "chips") == ["notes.txt"]


def test_training_the_wrong_model_type_for_the_data_names_input_data(
    export_folder: Path, tmp_path: Path
) -> None:
    with pytest.raises(QgsProcessingException, match="INPUT_DATA.*pixel-labelled chips"):
        processing.run(
            "torchmap:traindeeplearningmodel",
            {"INPUT_DATA": str(export_folder), "MODEL_TYPE": 1, "EPOCHS": 1, "BATCH_SIZE": 4,
             "LEARNING_RATE": 0.001, "OUTPUT_MODEL": str(tmp_path / "m.tmpk")},
        )  # fmt: skip
    assert listing(tmp_path) == []


def test_cancel_stops_training_promptly_and_writes_no_model(
    export_folder: Path, tmp_path: Path
) -> None:
    feedback = QgsProcessingFeedback()
    progress: list[float] = []

    def cancel_on_first_progress(percent: float) -> None:
        progress.append(percent)
        feedback.cancel()

    feedback.progressChanged.connect(cancel_on_first_progress)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run(
            "torchmap:traindeeplearningmodel",
            {"INPUT_DATA": str(export_folder), "MODEL_TYPE": 0, "EPOCHS": 50, "BATCH_SIZE": 2,
             "LEARNING_RATE": 0.001, "OUTPUT_MODEL": str(tmp_path / "m.tmpk")},
            feedback=feedback,
        )  # fmt: skip
    assert len([p for p in progress if p > 0]) == 1  # stopped within the next batch
    assert listing(tmp_path) == []


def test_a_non_geotiff_output_name_names_output(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    with pytest.raises(QgsProcessingException, match=r"OUTPUT .*must end in \.tif"):
        processing.run(
            "torchmap:classifypixels",
            {
                "INPUT_RASTER": str(scene.image),
                "MODEL": str(unet_package),
                "OUTPUT": str(tmp_path / "map.png"),
            },
        )
    assert listing(tmp_path) == []


def test_reclassifying_an_output_replaces_its_class_fields(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    polygons = write_polygons(tmp_path / "objects.gpkg", [pixel_box(2, 2, 16, 16)])
    parameters = {"INPUT_RASTER": str(scene.image), "MODEL": str(resnet_package)}
    first = processing.run(
        "torchmap:classifyobjects",
        parameters | {"INPUT_FEATURES": str(polygons), "OUTPUT": str(tmp_path / "first.gpkg")},
    )
    feedback = LogFeedback()
    second = processing.run(
        "torchmap:classifyobjects",
        parameters | {"INPUT_FEATURES": first["OUTPUT"], "OUTPUT": str(tmp_path / "second.gpkg")},
        feedback=feedback,
    )
    names = [f.name() for f in QgsVectorLayer(second["OUTPUT"], "second").fields()]
    assert names[-5:] == ["name", "area_ha", "class_value", "class_name", "confidence"]
    assert not any(name.endswith("_2") for name in names)
    assert any("are replaced by the new classes" in line for line in feedback.lines)


def test_the_style_post_processor_styles_a_loaded_layer_once(resnet_package: Path) -> None:
    from torchmap.processing_provider.styling import ClassStylePostProcessor

    layer = QgsVectorLayer("Polygon?crs=EPSG:32615&field=class_name:string", "loaded", "memory")
    classes = read_definition(resnet_package).classes
    processor = ClassStylePostProcessor.create(classes)
    processor.postProcessLayer(layer, None, None)
    assert isinstance(layer.renderer(), QgsCategorizedSymbolRenderer)
    assert [c.value() for c in layer.renderer().categories()] == [c.name for c in classes]
    assert processor not in ClassStylePostProcessor._alive  # released once it has run
