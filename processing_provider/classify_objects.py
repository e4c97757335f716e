"""torchmap:classifyobjects: a class for every polygon or point, from the image under it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..engine.algorithms.classify_objects import ALGORITHM
from ..engine.inference.object_fields import INTEGER, REAL, TEXT, result_fields, result_values
from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .styling import ClassStylePostProcessor, save_vector_style_in_source, style_when_loaded

if TYPE_CHECKING:  # the engine is imported lazily: QGIS must load without torch
    from ..engine.inference.classify_objects import ObjectClassifier, ObjectResult
    from ..engine.spec import ClassInfo

CLASS_FIELD_NAMES = ("class_value", "class_name", "confidence")
WRITE_BATCH = 256  # output features written together (one call into the sink)


class ClassifyObjectsAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "inference"
    DESCRIPTION = ALGORITHM
    INPUT_FEATURES = "INPUT_FEATURES"
    OUTPUT = "OUTPUT"

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.inference.classify_objects import ObjectClassifier

        source = self.parameterAsSource(parameters, self.INPUT_FEATURES, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT_FEATURES))
        if QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.LineGeometry:
            raise QgsProcessingException(
                self.parameter_message(
                    self.INPUT_FEATURES,
                    self.tr(
                        "{} is a line layer; Classify Objects classifies polygons or points. "
                        "Buffer the lines into polygons first (Vector > Geoprocessing > Buffer)."
                    ).format(source.sourceName()),
                )
            )
        # The features stream from QGIS (selection, filter, any provider): not read as a file.
        values = self.values(parameters, context, feedback, skip=(self.INPUT_FEATURES, self.OUTPUT))
        config = ALGORITHM.config(values)
        reporter = FeedbackReporter(feedback)
        classifier = self.run_engine(lambda: ObjectClassifier(config, reporter), feedback)
        with classifier:
            # The model and raster are checked: only now is the output created, and results
            # go into it batch by batch (memory stays flat); a cancel or a failure removes it.
            output = _StreamedOutput(self, parameters, context, feedback, source, classifier)
            try:
                self.run_engine(
                    lambda: _classify_into(classifier, source, context, output), feedback
                )
                destination = output.close()
            except BaseException:
                output.discard(context, feedback)
                raise
        _style_output(destination, classifier.definition.classes, context)
        return {self.OUTPUT: destination}

    def _output_fields(
        self, input_fields: QgsFields, classes: list[ClassInfo], top_k: int, pixel_model: bool
    ) -> tuple[QgsFields, QgsFields]:
        """All output fields, and the input fields kept (less those the results replace)."""
        added = _result_fields(classes, top_k, pixel_model)
        kept = QgsFields()
        for input_field in input_fields:
            # Re-classifying replaces earlier results, so the class style and users always
            # read the new ones, never ``class_name_2``.
            if added.lookupField(input_field.name()) < 0:
                kept.append(input_field)
        return QgsProcessingUtils.combineFields(kept, added), kept


class _StreamedOutput:
    """The output layer: every input feature with its kept attributes and its results, added
    as results come; ``discard`` removes what a failed or cancelled run wrote."""

    def __init__(
        self,
        algorithm: ClassifyObjectsAlgorithm,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
        source: QgsProcessingFeatureSource,
        classifier: ObjectClassifier,
    ) -> None:
        self.classes = classifier.definition.classes
        self.top_k, self.pixel_model = classifier.top_k, classifier.pixel_model
        input_fields = source.fields()
        self.fields, kept = algorithm._output_fields(
            input_fields, self.classes, self.top_k, self.pixel_model
        )
        if kept.count() < input_fields.count():
            feedback.pushWarning(
                QCoreApplication.translate(
                    "ClassifyObjectsAlgorithm",
                    "The input's fields {} are replaced by the new classes.",
                ).format(", ".join(n for n in input_fields.names() if not kept.names().count(n)))
            )
        self.kept = [input_fields.indexOf(field.name()) for field in kept]
        self.empty = [None] * (self.fields.count() - kept.count())
        planned = algorithm.parameterAsOutputLayer(parameters, algorithm.OUTPUT, context)
        self.new_file = _file_path(planned) if not Path(_file_path(planned)).exists() else ""
        self.sink, self.destination = algorithm.parameterAsSink(
            parameters,
            algorithm.OUTPUT,
            context,
            self.fields,
            source.wkbType(),
            source.sourceCrs(),
        )
        if self.sink is None:
            raise QgsProcessingException(algorithm.invalidSinkError(parameters, algorithm.OUTPUT))
        self.algorithm, self.parameters = algorithm, parameters
        self.queued: list[QgsFeature] = []
        self.written = 0

    def add(self, feature: QgsFeature, result: ObjectResult | None) -> None:
        """Queue a feature (its geometry as it came, in the input's CRS) with its results."""
        attributes = feature.attributes()
        values = [attributes[index] for index in self.kept]
        if result is None:
            values += self.empty
        else:
            values += result_values(result, self.top_k, self.pixel_model)
        feature.setFields(self.fields, False)  # the input feature becomes the output one
        feature.setAttributes(values)
        self.queued.append(feature)
        if len(self.queued) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued features."""
        if self.queued and not self.sink.addFeatures(self.queued, QgsFeatureSink.FastInsert):
            raise self._write_failure(self.sink.lastError())
        self.written += len(self.queued)
        self.queued = []

    def close(self) -> str:
        """Write what is queued, close the output (its file is then complete) and return its
        destination."""
        self.flush()
        self.sink = None  # the last reference: closes the file, so a style can be stored in it
        self._check_whole()
        return self.destination

    def _check_whole(self) -> None:
        """The file holds every feature written: OGR's close does not report a full disk."""
        if self.destination.startswith("memory:"):
            return
        written = QgsVectorLayer(self.destination, "written", "ogr")
        if written.isValid() and written.featureCount() == self.written:
            return
        raise self._write_failure("")

    def _write_failure(self, reason: str) -> QgsProcessingException:
        """The error for features that could not be written: names OUTPUT, the file and why
        (a full disk, else what OGR said)."""
        path = _file_path(self.destination)
        folder = Path(path).parent
        full = folder.is_dir() and shutil.disk_usage(folder).free < 1024 * 1024
        translate = QCoreApplication.translate
        if full or "disk is full" in reason:
            reason = translate("ClassifyObjectsAlgorithm", "the disk is full")
        reason = reason or translate("ClassifyObjectsAlgorithm", "it was written incomplete")
        return QgsProcessingException(
            self.algorithm.parameter_message(
                self.algorithm.OUTPUT,
                translate(
                    "ClassifyObjectsAlgorithm", "could not write {}: {}. Nothing was kept."
                ).format(path, reason),
            )
        )

    def discard(self, context: QgsProcessingContext, feedback: QgsProcessingFeedback) -> None:
        """Remove what was written (a cancel or a failure)."""
        self.queued, self.sink = [], None
        if (
            self.new_file
            and Path(self.new_file).is_file()
            and not _remove_output(self.destination, context)
        ):
            _remove_file_we_created(self.new_file)  # e.g. a GeoPackage a full disk broke
            return
        if not _remove_output(self.destination, context):
            message = QCoreApplication.translate(
                "ClassifyObjectsAlgorithm", "The partial output {} could not be removed; delete it."
            )
            feedback.reportError(message.format(self.destination), False)


def _classify_into(
    classifier: ObjectClassifier,
    source: QgsProcessingFeatureSource,
    context: QgsProcessingContext,
    output: _StreamedOutput,
) -> None:
    """Classify every feature of ``source`` into ``output``, in the input's order."""
    to_raster = _transform_to(classifier.crs_wkt, source, context)
    features = source.getFeatures(
        QgsFeatureRequest(), QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
    )
    total = source.featureCount()
    for feature, result in classifier.classify(
        ((f, _geojson(f, to_raster)) for f in features),
        total if total > 0 else None,
        feature_id=lambda f: f.id(),
    ):
        output.add(feature, result)


def _file_path(destination: str) -> str:
    """The file of an output layer's destination (``path|layername=...``)."""
    return destination.split("|")[0]


def _remove_file_we_created(path: str) -> None:
    """Delete a file this run created, with the sidecars GDAL and SQLite leave beside it."""
    for suffix in ("", "-wal", "-shm", "-journal", ".aux.xml"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _remove_output(destination: str, context: QgsProcessingContext) -> bool:
    """Remove an output layer: a temporary layer, or a file's layer (the whole file when that
    layer is all it holds, sidecars included). False when it cannot (e.g. a database)."""
    store = context.temporaryLayerStore()
    if store.mapLayer(destination) is not None:
        store.removeMapLayer(destination)
        return True
    parts = QgsProviderRegistry.instance().decodeUri("ogr", destination)
    path, layer_name = parts.get("path") or "", parts.get("layerName") or ""
    if not Path(path).is_file():
        return False
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
        if dataset is None:
            return False
        names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
        if layer_name and layer_name in names and len(names) > 1:
            return dataset.DeleteLayer(names.index(layer_name)) == 0
        if len(names) > 1 or (layer_name and names != [layer_name]):
            return False  # never delete other layers the file holds
        driver, dataset = dataset.GetDriver(), None
        return driver.Delete(path) == gdal.CE_None
    finally:
        gdal.PopErrorHandler()


def _transform_to(
    crs_wkt: str | None, source: QgsProcessingFeatureSource, context: QgsProcessingContext
) -> QgsCoordinateTransform | None:
    """Features to the raster's CRS as its file declares it (None: same CRS or none)."""
    if not crs_wkt or not source.sourceCrs().isValid():
        return None
    raster_crs = QgsCoordinateReferenceSystem.fromWkt(crs_wkt)
    if raster_crs == source.sourceCrs():
        return None
    return QgsCoordinateTransform(source.sourceCrs(), raster_crs, context.transformContext())


def _geojson(feature: QgsFeature, to_raster: QgsCoordinateTransform | None) -> dict | None:
    """The feature's geometry in the raster's CRS as GeoJSON; None when null, empty,
    invalid, or not transformable."""
    geometry = feature.geometry()
    if geometry.isNull() or geometry.isEmpty():
        return None  # invalid polygons go on: the engine repairs and counts them
    if to_raster is not None:
        try:
            geometry.transform(to_raster)
        except QgsCsException:
            return None
    return json.loads(geometry.asJson())


FIELD_TYPES = {INTEGER: QVariant.Int, TEXT: QVariant.String, REAL: QVariant.Double}


def _result_fields(classes: list[ClassInfo], top_k: int, pixel_model: bool) -> QgsFields:
    fields = QgsFields()
    for name, kind in result_fields(classes, top_k, pixel_model):
        fields.append(QgsField(name, FIELD_TYPES[kind]))
    return fields


def _style_output(
    destination: str, classes: list[ClassInfo], context: QgsProcessingContext
) -> None:
    """Categories by class in the model's colours: in the file, and on the loaded layer."""
    save_vector_style_in_source(destination, classes)
    style_when_loaded(context, destination, lambda: ClassStylePostProcessor.create(classes))
