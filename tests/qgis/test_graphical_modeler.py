"""The algorithms chain in the Graphical Modeler: Export -> Train -> Classify Pixels."""

from __future__ import annotations

from pathlib import Path

import processing
import pytest
from data import Scene
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)
from qgis.core import QgsProcessingModelChildParameterSource as Source
from qgis.gui import QgsGui

pytestmark = pytest.mark.usefixtures("torchmap_provider")


def child(
    algorithm_id: str, child_id: str, sources: dict[str, Source]
) -> QgsProcessingModelChildAlgorithm:
    step = QgsProcessingModelChildAlgorithm(algorithm_id)
    step.setChildId(child_id)
    for name, source in sources.items():
        step.addParameterSources(name, [source])
    return step


def chain_model() -> QgsProcessingModelAlgorithm:
    """What a user builds in the Modeler: two raster inputs, three steps, one map output."""
    model = QgsProcessingModelAlgorithm("Land cover from labels", "TorchMap tests")
    for name in ("image", "labels"):
        model.addModelParameter(
            QgsProcessingParameterRasterLayer(name, name), QgsProcessingModelParameter(name)
        )
    model.addChildAlgorithm(
        child("torchmap:exporttrainingdata", "export", {
            "INPUT_RASTER": Source.fromModelParameter("image"),
            "INPUT_CLASS_DATA": Source.fromModelParameter("labels"),
            "TILE_SIZE": Source.fromStaticValue(32),
            "STRIDE": Source.fromStaticValue(8),
        })
    )  # fmt: skip
    model.addChildAlgorithm(
        child("torchmap:traindeeplearningmodel", "train", {
            "INPUT_DATA": Source.fromChildOutput("export", "OUTPUT_FOLDER"),
            "MODEL_TYPE": Source.fromStaticValue(0),
            "EPOCHS": Source.fromStaticValue(1),
            "BATCH_SIZE": Source.fromStaticValue(4),
            "LEARNING_RATE": Source.fromStaticValue(0.003),
        })
    )  # fmt: skip
    classify = child("torchmap:classifypixels", "classify", {
        "INPUT_RASTER": Source.fromModelParameter("image"),
        "MODEL": Source.fromChildOutput("train", "OUTPUT_MODEL"),
    })  # fmt: skip
    output = QgsProcessingModelOutput("landcover", "Land cover")
    output.setChildOutputName("OUTPUT")
    classify.setModelOutputs({"landcover": output})
    model.addChildAlgorithm(classify)
    model.addModelParameter(
        QgsProcessingParameterRasterDestination("classify:landcover", "Land cover"),
        QgsProcessingModelParameter("classify:landcover"),
    )
    return model


@pytest.mark.parametrize(
    ("child_id", "parameter", "output_child", "compatible", "incompatible"),
    [("train", "INPUT_DATA", "export", "OUTPUT_FOLDER", "CHIP_COUNT"),
     ("classify", "MODEL", "train", "OUTPUT_MODEL", "MEAN_IOU")],
)  # fmt: skip
def test_the_modeler_offers_each_output_to_the_next_step(
    child_id: str, parameter: str, output_child: str, compatible: str, incompatible: str
) -> None:
    """The Modeler's own parameter widget only offers outputs of compatible types: asked for
    an incompatible one, it settles on some compatible source instead."""
    model = chain_model()
    algorithm = QgsApplication.processingRegistry().algorithmById(
        model.childAlgorithm(child_id).algorithmId()
    )
    widget = QgsGui.processingGuiRegistry().createModelerParameterWidget(
        model, child_id, algorithm.parameterDefinition(parameter), QgsProcessingContext()
    )
    assert chosen_source(widget, Source.fromChildOutput(output_child, compatible)) == (
        output_child,
        compatible,
    )
    assert chosen_source(widget, Source.fromChildOutput(output_child, incompatible)) != (
        output_child,
        incompatible,
    )


def chosen_source(widget, source: Source) -> tuple[str, str]:
    """The child output the widget settles on when asked for ``source``."""
    widget.setWidgetValue(source)
    value = widget.value()
    chosen = value[0] if isinstance(value, list) else value
    assert chosen.source() == Source.ChildOutput
    return chosen.outputChildId(), chosen.outputName()


def test_the_chain_runs_as_one_model(scene: Scene, tmp_path: Path) -> None:
    model = chain_model()
    assert model.validate()[0], model.validate()[1]
    result = processing.run(
        model,
        {
            "image": str(scene.image),
            "labels": str(scene.labels),
            "classify:landcover": str(tmp_path / "map.tif"),
        },
    )
    assert result["classify:landcover"] == str(tmp_path / "map.tif")
    layer = QgsRasterLayer(str(tmp_path / "map.tif"), "map")
    assert layer.isValid() and layer.width() == 64 and layer.bandCount() == 1
