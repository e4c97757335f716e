"""torchmap:classifyobjects: a class for every polygon, from the image under it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterLayer,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QVariant

from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .styling import ClassStylePostProcessor, save_vector_style_in_source

if TYPE_CHECKING:  # the engine is imported lazily: QGIS must load without torch
    from ..engine.predict_objects import ClassifyObjectsConfig, Extent, ObjectClass


CLASS_FIELD_NAMES = ("class_value", "class_name", "confidence")


class ClassifyObjectsAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "inference"
    INPUT_RASTER = "INPUT_RASTER"
    INPUT_FEATURES = "INPUT_FEATURES"
    MODEL = "MODEL"
    OUTPUT = "OUTPUT"

    FIELD_PARAMETERS = {"raster": INPUT_RASTER, "model": MODEL}

    def name(self) -> str:
        return "classifyobjects"

    def displayName(self) -> str:
        return self.tr("Classify Objects")

    def help_intro(self) -> str:
        return self.tr(
            "Gives every polygon (e.g. a fishnet cell, a building, a parcel) a class from an "
            "image classification model package (.tmpk, e.g. a ResNet-18 from Train Deep "
            "Learning Model), looking at the raster under the polygon's bounding box.\n\n"
            "The output keeps all input fields and adds class_value, class_name and confidence "
            "(the model's probability for that class, 0-1); input fields of those names, e.g. "
            "of an earlier run, are replaced. Polygons outside the raster or "
            "over nodata only get empty values. Features are reprojected to the raster's CRS "
            "on the fly."
        )

    def parameter_help(self) -> dict[str, str]:
        return {
            self.INPUT_RASTER: self.tr(
                "The image the objects lie on, with the bands the model was trained on."
            ),
            self.INPUT_FEATURES: self.tr("The polygons to classify."),
            self.MODEL: self.tr("An image classification model package (.tmpk)."),
            self.OUTPUT: self.tr(
                "A copy of the layer with class_value, class_name and confidence added."
            ),
        }

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.INPUT_RASTER, self.tr("Input raster"))
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT_FEATURES,
                self.tr("Objects to classify (polygons)"),
                [QgsProcessing.TypeVectorPolygon],
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.MODEL, self.tr("Model package (.tmpk)"), extension="tmpk"
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Classified objects"), QgsProcessing.TypeVectorPolygon
            )
        )

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.predict_objects import ClassifyObjectsConfig

        raster_layer = self.parameterAsRasterLayer(parameters, self.INPUT_RASTER, context)
        source = self.parameterAsSource(parameters, self.INPUT_FEATURES, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT_FEATURES))
        config = ClassifyObjectsConfig(
            raster=Path(self.raster_file(parameters, self.INPUT_RASTER, context)),
            model=Path(self.parameterAsFile(parameters, self.MODEL, context)),
        )
        request = QgsFeatureRequest().setDestinationCrs(
            raster_layer.crs(), context.transformContext()
        )
        feature_ids, extents = [], []
        for feature in source.getFeatures(request):
            feature_ids.append(feature.id())
            extents.append(_extent(feature))
        # Classify everything before the output exists: a failure leaves no partial layer.
        predictions = self.run_engine(
            lambda: _classify(config, extents, FeedbackReporter(feedback)), feedback
        )
        by_id = dict(zip(feature_ids, predictions, strict=True))
        kept = _fields_to_keep(source.fields())
        if kept.count() < source.fields().count():
            feedback.pushWarning(
                self.tr("The input's fields {} are replaced by the new classes.").format(
                    ", ".join(CLASS_FIELD_NAMES)
                )
            )
        fields = QgsProcessingUtils.combineFields(kept, _class_fields())
        sink, destination = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, source.wkbType(), source.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for feature in source.getFeatures():
            prediction = by_id.get(feature.id())
            output = QgsFeature(fields)
            output.setGeometry(feature.geometry())
            extra = (
                [prediction.value, prediction.name, prediction.confidence]
                if prediction
                else [None, None, None]
            )
            kept_values = [feature[field.name()] for field in kept]
            output.setAttributes(kept_values + extra)
            sink.addFeature(output, QgsFeatureSink.FastInsert)
        del sink  # closes the file, so its style can be stored in it
        _style_output(destination, config.model, context)
        return {self.OUTPUT: destination}


def _style_output(destination: str, model: Path, context: QgsProcessingContext) -> None:
    """Categories by class in the model's colours: in the file, and on the loaded layer."""
    from ..engine.models.package import read_definition

    classes = read_definition(model).classes
    save_vector_style_in_source(destination, classes)
    if context.willLoadLayerOnCompletion(destination):
        details = context.layerToLoadOnCompletionDetails(destination)
        details.setPostProcessor(ClassStylePostProcessor.create(classes))


def _extent(feature: QgsFeature) -> Extent | None:
    geometry = feature.geometry()
    if geometry is None or geometry.isEmpty():
        return None
    box = geometry.boundingBox()
    return box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()


def _classify(
    config: ClassifyObjectsConfig, extents: list[Extent | None], reporter: FeedbackReporter
) -> list[ObjectClass | None]:
    """Run the engine on the features that have a geometry; the others get no class."""
    from ..engine.predict_objects import classify_objects

    present = [extent for extent in extents if extent is not None]
    predictions = iter(classify_objects(config, present, reporter))
    return [next(predictions) if extent is not None else None for extent in extents]


def _fields_to_keep(fields: QgsFields) -> QgsFields:
    """The input's fields, less earlier class fields (re-classifying replaces them, so the
    class style and users always read the new ones, never ``class_name_2``)."""
    kept = QgsFields()
    for field in fields:
        if field.name() not in CLASS_FIELD_NAMES:
            kept.append(field)
    return kept


def _class_fields() -> QgsFields:
    fields = QgsFields()
    fields.append(QgsField("class_value", QVariant.Int))
    fields.append(QgsField("class_name", QVariant.String))
    fields.append(QgsField("confidence", QVariant.Double))
    return fields
