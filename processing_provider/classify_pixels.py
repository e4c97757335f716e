"""torchmap:classifypixels: a classified raster from an image and a pixel classifier."""

from __future__ import annotations

import json
from pathlib import Path

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .options import choice_parameter, read_choice, with_decimals
from .styling import (
    ClassStylePostProcessor,
    RampStylePostProcessor,
    save_default_ramp_style,
    save_default_raster_style,
    style_when_loaded,
)


class ClassifyPixelsAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "inference"
    INPUT_RASTER = "INPUT_RASTER"
    MODEL = "MODEL"
    BANDS = "BANDS"
    EXTENT = "EXTENT"
    MASK_LAYER = "MASK_LAYER"
    CELL_SIZE = "CELL_SIZE"
    OUTPUT_AT_CELL_SIZE = "OUTPUT_AT_CELL_SIZE"
    TILE_SIZE = "TILE_SIZE"
    OVERLAP = "OVERLAP"
    BATCH_SIZE = "BATCH_SIZE"
    DEVICE = "DEVICE"
    PRECISION = "PRECISION"
    TTA = "TTA"
    OUTPUT = "OUTPUT"
    OUTPUT_CONFIDENCE = "OUTPUT_CONFIDENCE"
    OUTPUT_PROBABILITIES = "OUTPUT_PROBABILITIES"

    FIELD_PARAMETERS = {
        "raster": INPUT_RASTER, "model": MODEL, "bands": BANDS, "extent": EXTENT,
        "mask": MASK_LAYER, "cell_size": CELL_SIZE, "tile_size": TILE_SIZE, "overlap": OVERLAP,
        "batch_size": BATCH_SIZE, "device": DEVICE, "precision": PRECISION, "tta": TTA,
        "output": OUTPUT, "confidence": OUTPUT_CONFIDENCE,
        "probabilities": OUTPUT_PROBABILITIES,
    }  # fmt: skip

    def name(self) -> str:
        return "classifypixels"

    def displayName(self) -> str:
        return self.tr("Classify Pixels")

    def help_intro(self) -> str:
        return self.tr(
            "Classifies every pixel of a raster with a pixel classification model package "
            "(.tmpk, e.g. a U-Net from Train Deep Learning Model).\n\n"
            "The raster needs the bands the model was trained on; Bands maps them otherwise "
            "(e.g. 4,3,2: raster band 4 feeds the model's first band). Tiles overlap (25 % by "
            "default) and are blended smoothly, so there are no seams; rasters of any size work "
            "in bounded memory. The raster is read at the model's training cell size (or the "
            "Cell size given) and the output lies on the input's grid. Class values are the "
            "model's (any integers, e.g. 10/20/30 or above 255: then the output is 16-bit); "
            "input nodata (nodata value, mask, alpha, NaN) and pixels outside the mask layer "
            "become output nodata, a value that is no class. The output carries the model's "
            "class colours and names. Optional outputs: the confidence (probability of the "
            "chosen class) and one probability band per class.\n\n"
            "Advanced: tile size, overlap, batch size, device, precision (auto uses bfloat16 "
            "or float16 where the hardware computes it natively) and test-time augmentation "
            "(flips, or all 8 rotations and flips: slower, often a little more accurate)."
        )

    def parameter_help(self) -> dict[str, str]:
        return {
            self.INPUT_RASTER: self.tr(
                "The image to classify, with the bands the model was trained on."
            ),
            self.MODEL: self.tr("A pixel classification model package (.tmpk)."),
            self.OUTPUT: self.tr(
                "The classified raster (GeoTIFF, with the classes' colours and names)."
            ),
            self.BANDS: self.tr(
                "Raster bands feeding the model's bands, in order (e.g. 4,3,2); empty: the "
                "bands the model was trained on."
            ),
            self.EXTENT: self.tr("Classify only this area; empty: the whole raster."),
            self.MASK_LAYER: self.tr(
                "Polygons outside which nothing is classified (output no data there)."
            ),
            self.CELL_SIZE: self.tr(
                "Cell size the model sees; 0: the model's training cell size (the raster is "
                "resampled on the fly)."
            ),
            self.OUTPUT_AT_CELL_SIZE: self.tr(
                "Write the output at that cell size instead of on the input's grid."
            ),
            self.TILE_SIZE: self.tr("Tile size in pixels; 0: the model's tile size."),
            self.OVERLAP: self.tr(
                "Share of each tile that overlaps its neighbours (default 25 %); overlapping "
                "tiles are blended smoothly, so there are no seams."
            ),
            self.BATCH_SIZE: self.tr("Tiles inferred at once; lower it if memory runs out."),
            self.DEVICE: self.tr(
                "Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU."
            ),
            self.PRECISION: self.tr(
                "auto (bfloat16 or float16 where the hardware computes it natively), or "
                "float32 / bfloat16 / float16."
            ),
            self.TTA: self.tr(
                "Average the predictions over flips, or over all 8 rotations and flips "
                "(3 or 8 times slower, often a little more accurate)."
            ),
            self.OUTPUT_CONFIDENCE: self.tr(
                "Optional raster of the chosen class's probability (0-1)."
            ),
            self.OUTPUT_PROBABILITIES: self.tr(
                "Optional raster with one probability band per class."
            ),
        }

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.INPUT_RASTER, self.tr("Input raster"))
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.MODEL, self.tr("Model package (.tmpk)"), extension="tmpk"
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.BANDS, self.tr("Bands (raster band per model band, e.g. 4,3,2)"),
                optional=True,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterExtent(self.EXTENT, self.tr("Processing extent"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.MASK_LAYER, self.tr("Mask layer (classify only inside its polygons)"),
                [QgsProcessing.TypeVectorPolygon], optional=True,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterNumber(
                self.CELL_SIZE, self.tr("Cell size (0: the model's training cell size)"),
                type=QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0,
                optional=True,
            )
        )  # fmt: skip
        self.add_advanced_parameters(
            QgsProcessingParameterBoolean(
                self.OUTPUT_AT_CELL_SIZE,
                self.tr("Write outputs at the cell size (not on the input raster's grid)"),
                defaultValue=False,
            ),
            QgsProcessingParameterNumber(
                self.TILE_SIZE, self.tr("Tile size in pixels (0: the model's)"),
                defaultValue=0, minValue=0, optional=True,
            ),
            with_decimals(QgsProcessingParameterNumber(
                self.OVERLAP, self.tr("Tile overlap (% of the tile)"),
                type=QgsProcessingParameterNumber.Double, defaultValue=25.0, minValue=0.0,
                maxValue=50.0,
            ), 1),
            QgsProcessingParameterNumber(
                self.BATCH_SIZE, self.tr("Batch size (tiles at once)"), defaultValue=4,
                minValue=1,
            ),
            choice_parameter(self.DEVICE),
            choice_parameter(self.PRECISION),
            choice_parameter(self.TTA),
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Classified raster"))
        )
        for name, description in (
            (self.OUTPUT_CONFIDENCE, self.tr("Confidence (probability of the class)")),
            (self.OUTPUT_PROBABILITIES, self.tr("Class probabilities (one band per class)")),
        ):
            self.addParameter(
                QgsProcessingParameterRasterDestination(
                    name, description, optional=True, createByDefault=False
                )
            )

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.inference.classify_pixels import ClassifyPixelsConfig, classify_pixels

        raster = self.raster_file(parameters, self.INPUT_RASTER, context)
        layer = self.parameterAsRasterLayer(parameters, self.INPUT_RASTER, context)
        outputs = {
            name: self.parameterAsOutputLayer(parameters, name, context) or None
            for name in (self.OUTPUT, self.OUTPUT_CONFIDENCE, self.OUTPUT_PROBABILITIES)
        }
        config = ClassifyPixelsConfig(
            raster=raster,
            model=Path(self.parameterAsFile(parameters, self.MODEL, context)),
            output=Path(outputs[self.OUTPUT]),
            bands=self._bands(parameters, context),
            extent=self._extent(parameters, context, layer),
            mask=self._mask(parameters, context, layer, feedback),
            cell_size=self.parameterAsDouble(parameters, self.CELL_SIZE, context) or None,
            keep_processing_grid=self.parameterAsBool(
                parameters, self.OUTPUT_AT_CELL_SIZE, context
            ),
            tile_size=self.parameterAsInt(parameters, self.TILE_SIZE, context) or None,
            overlap_percent=self.parameterAsDouble(parameters, self.OVERLAP, context),
            batch_size=self.parameterAsInt(parameters, self.BATCH_SIZE, context),
            device=read_choice(self, parameters, self.DEVICE, context),
            precision=read_choice(self, parameters, self.PRECISION, context),
            tta=read_choice(self, parameters, self.TTA, context),
            confidence=_path_or_none(outputs[self.OUTPUT_CONFIDENCE]),
            probabilities=_path_or_none(outputs[self.OUTPUT_PROBABILITIES]),
        )  # fmt: skip
        result = self.run_engine(
            lambda: classify_pixels(config, FeedbackReporter(feedback)), feedback
        )
        self._style(self.OUTPUT, save_default_raster_style(outputs[self.OUTPUT], result.classes))
        style_when_loaded(
            context, outputs[self.OUTPUT], lambda: ClassStylePostProcessor.create(result.classes)
        )
        for name in (self.OUTPUT_CONFIDENCE, self.OUTPUT_PROBABILITIES):
            if outputs[name]:
                self._style(name, save_default_ramp_style(outputs[name], 0.0, 1.0))
                style_when_loaded(
                    context, outputs[name], lambda: RampStylePostProcessor.create(0.0, 1.0)
                )
        return {name: path for name, path in outputs.items() if path}

    def _style(self, name: str, problem: str | None) -> None:
        """A style that could not be saved whole (its .qml is the output's legend in every
        later session) fails the run, naming the output, like a failed write of the output."""
        if problem:
            raise QgsProcessingException(
                self.parameter_message(name, self.tr("its style was not saved: {}").format(problem))
            )

    def _bands(self, parameters: dict, context: QgsProcessingContext) -> list[int] | None:
        text = self.parameterAsString(parameters, self.BANDS, context).strip()
        if not text:
            return None
        try:
            return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError as error:
            raise QgsProcessingException(
                self.parameter_message(
                    self.BANDS, self.tr("{} is not a list of band numbers such as 4,3,2.")
                    .format(text),
                )
            ) from error  # fmt: skip

    def _extent(
        self, parameters: dict, context: QgsProcessingContext, layer: object
    ) -> tuple[float, float, float, float] | None:
        if not parameters.get(self.EXTENT):
            return None
        box = self.parameterAsExtent(parameters, self.EXTENT, context, layer.crs())
        if box.isNull() or box.isEmpty():
            return None
        return (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())

    def _mask(
        self, parameters: dict, context: QgsProcessingContext, layer: object,
        feedback: QgsProcessingFeedback,
    ) -> list[dict] | None:  # fmt: skip
        """The mask polygons as GeoJSON geometries in the raster's CRS (the engine's CRS)."""
        source = self.parameterAsSource(parameters, self.MASK_LAYER, context)
        if source is None:
            return None
        transform = QgsCoordinateTransform(source.sourceCrs(), layer.crs(), context.project())
        geometries = []
        for feature in source.getFeatures(QgsFeatureRequest().setNoAttributes()):
            if feedback.isCanceled():
                break
            geometry = feature.geometry()
            if geometry.isNull() or geometry.isEmpty():
                continue
            geometry.transform(transform)
            geometries.append(json.loads(geometry.asJson()))
        if not geometries:
            raise QgsProcessingException(
                self.parameter_message(
                    self.MASK_LAYER, self.tr("the mask layer has no polygons; choose one that "
                                             "covers the area to classify, or none."),
                )
            )  # fmt: skip
        return geometries


def _path_or_none(path: str | None) -> Path | None:
    return Path(path) if path else None
