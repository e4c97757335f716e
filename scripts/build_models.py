"""Writes the graphical models shipped in models/ (run it after changing a step; the
.model3 files are committed, and the provider lists them in the Processing Toolbox).

    .venv/bin/python scripts/build_models.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)
from qgis.core import QgsProcessingModelChildParameterSource as Source
from qgis.PyQt.QtCore import QPointF

MODELS = Path(__file__).resolve().parent.parent / "models"
HELP = (
    "The land-cover workflow in one run: cuts the image and its class raster into training "
    "chips (Export Training Data), trains a U-Net on them (Train Deep Learning Model) and "
    "classifies every pixel of the image with it (Classify Pixels). Outputs: the model "
    "package (.tmpk) and the classified land-cover raster, styled with the classes' colours "
    "and names. See the README section 'A graphical model: the land-cover workflow'."
)


def step(
    algorithm_id: str, child_id: str, description: str, sources: dict[str, Source], row: int
) -> QgsProcessingModelChildAlgorithm:
    child = QgsProcessingModelChildAlgorithm(algorithm_id)
    child.setChildId(child_id)
    child.setPosition(QPointF(420, 120 + 130 * row))
    child.setDescription(description)
    for name, source in sources.items():
        child.addParameterSources(name, [source])
    return child


def model_output(child: QgsProcessingModelChildAlgorithm, name: str, output: str, label: str):
    result = QgsProcessingModelOutput(name, label)
    result.setChildOutputName(output)
    result.setChildId(child.childId())
    result.setPosition(child.position() + QPointF(260, 0))
    child.setModelOutputs({**child.modelOutputs(), name: result})


def land_cover_workflow() -> QgsProcessingModelAlgorithm:
    """Export -> Train (U-Net) -> Classify Pixels, with the settings a user tunes exposed."""
    model = QgsProcessingModelAlgorithm("Land cover workflow", "Workflows")
    model.setHelpContent({"ALG_DESC": HELP, "ALG_CREATOR": "TorchMap"})
    inputs = [
        QgsProcessingParameterRasterLayer("image", "Image raster"),
        QgsProcessingParameterRasterLayer("labels", "Class raster (1..n, 0 = unlabelled)"),
        QgsProcessingParameterNumber(
            "tile_size", "Tile size (pixels)", defaultValue=256, minValue=8
        ),
        QgsProcessingParameterNumber("stride", "Stride (pixels)", defaultValue=128, minValue=1),
        QgsProcessingParameterNumber("epochs", "Epochs", defaultValue=10, minValue=1),
        QgsProcessingParameterNumber("batch_size", "Batch size", defaultValue=8, minValue=2),
    ]
    for row, parameter in enumerate(inputs):
        component = QgsProcessingModelParameter(parameter.name())
        component.setPosition(QPointF(120, 60 + 70 * row))
        model.addModelParameter(parameter, component)
    given = Source.fromModelParameter
    model.addChildAlgorithm(
        step("torchmap:exporttrainingdata", "export", "Export Training Data", {
            "INPUT_RASTER": given("image"), "INPUT_CLASS_DATA": given("labels"),
            "TILE_SIZE": given("tile_size"), "STRIDE": given("stride"),
        }, row=0)
    )  # fmt: skip
    train = step("torchmap:traindeeplearningmodel", "train", "Train Deep Learning Model", {
        "INPUT_DATA": Source.fromChildOutput("export", "OUTPUT_FOLDER"),
        "MODEL_TYPE": Source.fromStaticValue(0), "EPOCHS": given("epochs"),
        "BATCH_SIZE": given("batch_size"), "LEARNING_RATE": Source.fromStaticValue(0.001),
    }, row=1)  # fmt: skip
    model_output(train, "model", "OUTPUT_MODEL", "Model package")
    model.addChildAlgorithm(train)
    classify = step("torchmap:classifypixels", "classify", "Classify Pixels", {
        "INPUT_RASTER": given("image"), "MODEL": Source.fromChildOutput("train", "OUTPUT_MODEL"),
    }, row=2)  # fmt: skip
    model_output(classify, "landcover", "OUTPUT", "Land cover")
    model.addChildAlgorithm(classify)
    model.addModelParameter(
        QgsProcessingParameterFileDestination(
            "train:model", "Model package", fileFilter="TorchMap model package (*.tmpk)"
        ),
        QgsProcessingModelParameter("train:model"),
    )
    model.addModelParameter(
        QgsProcessingParameterRasterDestination("classify:landcover", "Land cover"),
        QgsProcessingModelParameter("classify:landcover"),
    )
    return model


def main() -> int:
    application = QgsApplication([], False)
    application.initQgis()
    model = land_cover_workflow()
    path = MODELS / "land_cover_workflow.model3"
    if not model.toFile(str(path)):
        print(f"could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
