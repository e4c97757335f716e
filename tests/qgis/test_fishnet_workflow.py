"""The fishnet workflow: native:creategrid -> torchmap:classifyobjects -> per-class counts,
through processing.run, a graphical model, and that model under qgis_process.bin."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import processing
import pytest
import test_qgis_process  # tests/qgis is on the path: its helpers are shared
from data import Scene, pixel_box
from qgis.core import (
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterLayer,
    QgsVectorLayer,
)
from qgis.core import QgsProcessingModelChildParameterSource as Source

pytestmark = pytest.mark.usefixtures("torchmap_provider")

CELL_METRES = 160  # 16 pixels of the generated scene: a 4 x 4 fishnet over it
COUNTS = "qgis:statisticsbycategories"


def scene_extent() -> str:
    xmin, ymin, xmax, ymax = pixel_box(0, 0, 64, 64)
    return f"{xmin},{xmax},{ymin},{ymax} [EPSG:32615]"


def class_counts(path: str, field: str = "class_name") -> Counter:
    return Counter(feature[field] for feature in QgsVectorLayer(path, "layer").getFeatures())


def table_counts(path: str) -> dict[str, int]:
    """The per-class counts table of qgis:statisticsbycategories."""
    return {f["class_name"]: int(f["count"]) for f in QgsVectorLayer(path, "t").getFeatures()}


def check_fishnet_counts(classified: Counter, counts: dict[str, int]) -> None:
    """16 cells; the blocks of the scene (water left, forest right, urban at the bottom) hold
    at least 4 pure cells each, and the counts table agrees with the classified cells."""
    assert sum(classified.values()) == 16 and dict(classified) == counts
    assert all(counts.get(name, 0) >= 4 for name in ("water", "forest", "urban")), counts


def test_the_fishnet_recipe_with_processing_run(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    grid = processing.run(
        "native:creategrid",
        {"TYPE": 2, "EXTENT": scene_extent(), "HSPACING": CELL_METRES, "VSPACING": CELL_METRES,
         "CRS": "EPSG:32615", "OUTPUT": str(tmp_path / "fishnet.gpkg")},
    )  # fmt: skip
    classified = processing.run(
        "torchmap:classifyobjects",
        {"INPUT_RASTER": str(scene.image), "INPUT_FEATURES": grid["OUTPUT"],
         "MODEL": str(resnet_package), "OUTPUT": str(tmp_path / "classified.gpkg")},
    )  # fmt: skip
    counts = processing.run(
        COUNTS,
        {"INPUT": classified["OUTPUT"], "CATEGORIES_FIELD_NAME": ["class_name"],
         "OUTPUT": str(tmp_path / "counts.csv")},
    )  # fmt: skip
    check_fishnet_counts(class_counts(classified["OUTPUT"]), table_counts(counts["OUTPUT"]))


def child(
    algorithm_id: str, child_id: str, sources: dict[str, Source], outputs: dict[str, str]
) -> QgsProcessingModelChildAlgorithm:
    """A step as the Modeler's dialog adds it: the given sources, defaults for the rest."""
    step = QgsProcessingModelChildAlgorithm(algorithm_id)
    step.setChildId(child_id)
    for parameter in step.algorithm().parameterDefinitions():
        if parameter.isDestination():
            continue
        source = sources.get(parameter.name(), Source.fromStaticValue(parameter.defaultValue()))
        step.addParameterSources(parameter.name(), [source])
    model_outputs = {}
    for name, child_output in outputs.items():
        output = QgsProcessingModelOutput(name, name)
        output.setChildOutputName(child_output)
        model_outputs[name] = output
    step.setModelOutputs(model_outputs)
    return step


def fishnet_model() -> QgsProcessingModelAlgorithm:
    """The recipe as a user builds it in the Modeler: an image and a model package in, a
    fishnet over the image, its cells classified, then counted per class."""
    model = QgsProcessingModelAlgorithm("Fishnet land cover counts", "TorchMap tests")
    model.addModelParameter(
        QgsProcessingParameterRasterLayer("image", "Image"), QgsProcessingModelParameter("image")
    )
    model.addModelParameter(
        QgsProcessingParameterFile("package", "Model package", extension="tmpk"),
        QgsProcessingModelParameter("package"),
    )
    image = Source.fromModelParameter("image")
    model.addChildAlgorithm(
        child("native:creategrid", "grid", {
            "TYPE": Source.fromStaticValue(2), "EXTENT": image, "CRS": image,
            "HSPACING": Source.fromStaticValue(CELL_METRES),
            "VSPACING": Source.fromStaticValue(CELL_METRES),
        }, {})
    )  # fmt: skip
    model.addChildAlgorithm(
        child("torchmap:classifyobjects", "classify", {
            "INPUT_RASTER": image, "INPUT_FEATURES": Source.fromChildOutput("grid", "OUTPUT"),
            "MODEL": Source.fromModelParameter("package"),
        }, {"cells": "OUTPUT"})
    )  # fmt: skip
    model.addChildAlgorithm(
        child(COUNTS, "count", {
            "INPUT": Source.fromChildOutput("classify", "OUTPUT"),
            "CATEGORIES_FIELD_NAME": Source.fromStaticValue(["class_name"]),
        }, {"counts": "OUTPUT"})
    )  # fmt: skip
    return model


def test_the_fishnet_recipe_as_a_graphical_model(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    model = fishnet_model()
    assert model.validate()[0], model.validate()[1]
    result = processing.run(
        model,
        {"image": str(scene.image), "package": str(resnet_package),
         "classify:cells": str(tmp_path / "cells.gpkg"),
         "count:counts": str(tmp_path / "counts.csv")},
    )  # fmt: skip
    check_fishnet_counts(
        class_counts(result["classify:cells"]), table_counts(result["count:counts"])
    )


def headless(test: Callable) -> Callable:
    """The skip conditions of the qgis_process tests (installed plugin, qgis_process.bin)."""
    for mark in test_qgis_process.pytestmark:
        test = mark(test)
    return test


@headless
def test_the_fishnet_model_runs_under_qgis_process(
    scene: Scene, resnet_package: Path, tmp_path: Path
) -> None:
    model_file = tmp_path / "fishnet.model3"
    assert fishnet_model().toFile(str(model_file))
    results = test_qgis_process.run(
        str(model_file),
        image=scene.image, package=resnet_package,
        **{"classify:cells": tmp_path / "cells.gpkg", "count:counts": tmp_path / "counts.csv"},
    )  # fmt: skip
    check_fishnet_counts(
        class_counts(results["classify:cells"]), table_counts(results["count:counts"])
    )
