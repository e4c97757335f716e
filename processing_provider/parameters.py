"""Processing parameters built from the engine's algorithm descriptions
(``engine/algorithms/``), and the user's values read back by kind, so that the dialog,
graphical models, ``qgis_process`` and the engine's command line offer the same parameters
and hand the engine the same values."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..engine.algorithms import description as d
from ..engine.algorithms.description import Algorithm, LayerSource, Parameter
from .options import option_label, with_decimals

VECTOR_FORMATS = ["gpkg", "shp", "geojson", "fgb"]  # what OGR reads that QGIS can write
GEOMETRY_TYPES = {
    d.POLYGONS: [QgsProcessing.TypeVectorPolygon],
    d.POLYGONS_OR_POINTS: [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
}


def translated(description: Algorithm, parameter: Parameter | None, text: str) -> str:
    """``text`` of ``description`` (or of one of its parameters) in QGIS's language."""
    if not text:
        return text
    context = (parameter.label_context if parameter else "") or description.translation_context
    return QCoreApplication.translate(context, text)


def build_parameter(
    description: Algorithm, parameter: Parameter, choice_labels: list[str] | None = None
) -> QgsProcessingParameterDefinition:
    """The Processing parameter for ``parameter``; ``choice_labels`` replace the described
    labels of a choice."""
    label = QCoreApplication.translate(
        parameter.label_context or description.translation_context, parameter.label
    )
    default = parameter.default_value()
    built = _BUILDERS[parameter.kind](parameter, label, default, choice_labels, description)
    flags = built.flags()
    if parameter.is_optional:
        flags |= QgsProcessingParameterDefinition.FlagOptional
    if parameter.advanced:
        flags |= QgsProcessingParameterDefinition.FlagAdvanced
    built.setFlags(flags)
    if parameter.widget:
        # e.g. "widgets.ClassFieldWidgetWrapper": a module of this package, imported by the
        # dialogs only (never by qgis_process)
        built.setMetadata({"widget_wrapper": {"class": f"{__package__}.{parameter.widget}"}})
    return built


def _number(parameter: Parameter, label: str, default: Any, *_: Any):
    kind = (
        QgsProcessingParameterNumber.Integer
        if parameter.kind == d.INTEGER
        else QgsProcessingParameterNumber.Double
    )
    built = QgsProcessingParameterNumber(parameter.name, label, type=kind, defaultValue=default)
    if parameter.minimum is not None:
        built.setMinimum(parameter.minimum)
    if parameter.maximum is not None:
        built.setMaximum(parameter.maximum)
    return with_decimals(built, parameter.decimals) if parameter.decimals else built


def _choice(parameter: Parameter, label: str, default: Any, labels: Any, description: Algorithm):
    if labels is None:
        labels = [translated(description, None, text) for text in parameter.choice_labels] or [
            option_label(name) for name in parameter.choices
        ]
    index = parameter.choices.index(default) if default is not None else None
    return QgsProcessingParameterEnum(parameter.name, label, options=labels, defaultValue=index)


def _file(parameter: Parameter, label: str, default: Any, *_: Any):
    if parameter.kind == d.FOLDER:
        return QgsProcessingParameterFile(
            parameter.name, label, behavior=QgsProcessingParameterFile.Folder
        )
    return QgsProcessingParameterFile(
        parameter.name, label, extension=parameter.extension, defaultValue=default
    )


def _field(parameter: Parameter, label: str, *_: Any):
    return QgsProcessingParameterField(
        parameter.name, label, parentLayerParameterName=parameter.parent, optional=True
    )


_BUILDERS = {
    d.RASTER: lambda p, label, *_: QgsProcessingParameterRasterLayer(p.name, label),
    d.LAYER: lambda p, label, *_: QgsProcessingParameterMapLayer(
        p.name, label, types=[QgsProcessing.TypeRaster, QgsProcessing.TypeVectorAnyGeometry]
    ),
    d.VECTOR: lambda p, label, *_: QgsProcessingParameterFeatureSource(
        p.name, label, GEOMETRY_TYPES[p.geometry]
    ),
    d.FILE: _file,
    d.FOLDER: _file,
    d.STRING: lambda p, label, default, *_: QgsProcessingParameterString(
        p.name, label, defaultValue=default
    ),
    d.BANDS: lambda p, label, *_: QgsProcessingParameterString(p.name, label),
    d.INTEGER: _number,
    d.NUMBER: _number,
    d.BOOLEAN: lambda p, label, default, *_: QgsProcessingParameterBoolean(
        p.name, label, defaultValue=bool(default)
    ),
    d.CHOICE: _choice,
    d.EXTENT: lambda p, label, *_: QgsProcessingParameterExtent(p.name, label),
    d.FIELD: _field,
    d.FOLDER_OUT: lambda p, label, *_: QgsProcessingParameterFolderDestination(p.name, label),
    d.FILE_OUT: lambda p, label, default, _labels, description: (
        QgsProcessingParameterFileDestination(
            p.name,
            label,
            fileFilter=translated(description, p, p.extension),
            defaultValue=default,
        )
    ),
    d.RASTER_OUT: lambda p, label, *_: QgsProcessingParameterRasterDestination(
        p.name, label, optional=p.optional, createByDefault=not p.optional
    ),
    d.VECTOR_OUT: lambda p, label, *_: QgsProcessingParameterFeatureSink(
        p.name, label, QgsProcessing.TypeVectorAnyGeometry
    ),
}


class ValueReader:
    """Reads the values of one run's parameters by kind, as ``config`` takes them."""

    def __init__(
        self,
        algorithm: Any,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> None:
        self.algorithm = algorithm
        self.parameters = parameters
        self.context = context
        self.feedback = feedback

    def values(self, description: Algorithm, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {
            parameter.name: self.value(parameter)
            for parameter in description.parameters
            if parameter.name not in skip
        }

    def is_unset(self, name: str) -> bool:
        return self.parameters.get(name) in (None, "")

    def value(self, parameter: Parameter) -> Any:
        name, kind = parameter.name, parameter.kind
        a, parameters, context = self.algorithm, self.parameters, self.context
        unset_without_default = self.is_unset(name) and parameter.default is None
        if kind == d.RASTER:
            return a.raster_file(parameters, name, context, self.feedback)
        if kind == d.LAYER:
            return self._layer(parameter)
        if kind == d.VECTOR:
            return None if self.is_unset(name) else self._vector(name)
        if kind in (d.FILE, d.FOLDER):
            return a.parameterAsFile(parameters, name, context) or None
        if kind == d.BANDS and isinstance(parameters.get(name), (list, tuple)):
            return ",".join(str(band) for band in parameters[name])  # scripts' [4, 3, 2]
        if kind in (d.STRING, d.BANDS):
            return (a.parameterAsString(parameters, name, context) or "").strip()
        if kind == d.FIELD:
            return a.parameterAsString(parameters, name, context) or None
        if kind == d.INTEGER:
            return None if unset_without_default else a.parameterAsInt(parameters, name, context)
        if kind == d.NUMBER:
            if unset_without_default:
                return None
            return a.parameterAsDouble(parameters, name, context)
        if kind == d.BOOLEAN:
            return a.parameterAsBool(parameters, name, context)
        if kind == d.CHOICE:
            if unset_without_default and a.parameterDefinition(name).defaultValue() is None:
                return None
            return parameter.choices[a.parameterAsEnum(parameters, name, context)]
        if kind == d.EXTENT:
            return self._extent(parameter)
        if kind in (d.FOLDER_OUT, d.FILE_OUT):
            return a.parameterAsFileOutput(parameters, name, context) or None
        return a.parameterAsOutputLayer(parameters, name, context) or None  # layer outputs

    def _layer(self, parameter: Parameter) -> LayerSource:
        """A raster file, or a vector file and layer name the engine reads with OGR."""
        layer = self.algorithm.parameterAsLayer(self.parameters, parameter.name, self.context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(
                self.algorithm.parameter_message(
                    parameter.name,
                    QCoreApplication.translate(
                        "TorchMapAlgorithm", "the layer could not be loaded."
                    ),
                )
            )
        if isinstance(layer, QgsRasterLayer):
            path = self.algorithm.raster_file(
                self.parameters, parameter.name, self.context, self.feedback
            )
            return LayerSource(path, None, is_raster=True)
        return self._vector(parameter.name)

    def _vector(self, name: str) -> LayerSource:
        """Layers that are not files OGR reads, or that have a selection or a filter, are
        saved to a temporary file first (Processing does it)."""
        path, layer_name = self.algorithm.parameterAsCompatibleSourceLayerPathAndLayerName(
            self.parameters, name, self.context, VECTOR_FORMATS, "gpkg", self.feedback
        )
        return LayerSource(path, layer_name or None)

    def _extent(self, parameter: Parameter) -> tuple[float, float, float, float] | None:
        """The extent in the CRS of its raster (the engine's CRS)."""
        if self.is_unset(parameter.name):
            return None
        raster = self.algorithm.parameterAsRasterLayer(
            self.parameters, parameter.parent, self.context
        )
        crs = raster.crs() if raster is not None else None
        box = self.algorithm.parameterAsExtent(self.parameters, parameter.name, self.context, crs)
        if box.isNull() or box.isEmpty():
            return None
        return (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())


def add_described_parameters(
    algorithm: QgsProcessingAlgorithm,
    description: Algorithm,
    choice_labels: dict[str, list[str]] | None = None,
) -> None:
    """Add every parameter of ``description`` to ``algorithm``, in the described order;
    ``choice_labels`` replaces the labels of choices that are made at run time."""
    choice_labels = choice_labels or {}
    for parameter in description.parameters:
        labels = choice_labels.get(parameter.name)
        algorithm.addParameter(build_parameter(description, parameter, labels))
