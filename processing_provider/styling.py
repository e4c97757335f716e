"""Class styles for TorchMap outputs in QGIS: only the model's classes, with their names and
colours. The engine already writes colour table and class names into the files; this adds the
QGIS renderer, since GeoTIFF pads colour tables to 256 entries and QGIS would list them all."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsColorRampShader,
    QgsMapLayer,
    QgsPalettedRasterRenderer,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
    QgsRasterShader,
    QgsRendererCategory,
    QgsSingleBandPseudoColorRenderer,
    QgsStyle,
    QgsSymbol,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..engine.spec import ClassInfo

CLASS_FIELD = "class_name"


def class_raster_renderer(
    layer: QgsRasterLayer, classes: list[ClassInfo]
) -> QgsPalettedRasterRenderer:
    """A paletted renderer of exactly the classes (band 1)."""
    items = [QgsPalettedRasterRenderer.Class(c.value, QColor(c.color), c.name) for c in classes]
    return QgsPalettedRasterRenderer(layer.dataProvider(), 1, items)


def class_vector_renderer(
    layer: QgsVectorLayer, classes: list[ClassInfo], field: str = CLASS_FIELD
) -> QgsCategorizedSymbolRenderer:
    """Categories on ``field``, one per class in the model's colour: matched on the class
    value when the field is numeric, on the class name otherwise (``class_name``)."""
    index = layer.fields().lookupField(field) if layer.isValid() else -1
    numeric = index >= 0 and layer.fields().at(index).isNumeric()
    categories = []
    for info in classes:
        symbol = QgsSymbol.defaultSymbol(
            layer.geometryType() if layer.isValid() else QgsWkbTypes.PolygonGeometry
        )
        symbol.setColor(QColor(info.color))
        key = info.value if numeric else info.name
        categories.append(QgsRendererCategory(key, symbol, info.name))
    return QgsCategorizedSymbolRenderer(field, categories)


def style_class_layer(
    layer: QgsMapLayer, classes: list[ClassInfo], field: str = CLASS_FIELD
) -> None:
    """Apply the class renderer that fits the layer's kind: the one styling function every
    TorchMap output and the dock's Styling panel use."""
    if isinstance(layer, QgsRasterLayer):
        layer.setRenderer(class_raster_renderer(layer, classes))
    elif isinstance(layer, QgsVectorLayer):
        layer.setRenderer(class_vector_renderer(layer, classes, field))
    layer.triggerRepaint()


def save_default_raster_style(path: str, classes: list[ClassInfo]) -> str | None:
    """Save the class style as the raster's default style (``<name>.qml`` beside it), which QGIS
    loads whenever the file is opened: also outputs of qgis_process look right. Returns an
    error message, or None."""
    options = QgsRasterLayer.LayerOptions(loadDefaultStyle=False)
    layer = QgsRasterLayer(path, "classes", "gdal", options)
    if not layer.isValid():
        return _unreadable(path)
    layer.setRenderer(class_raster_renderer(layer, classes))
    return _saved_whole(layer)


def style_file(path: str) -> Path:
    """Where QGIS keeps a file's default style: ``<name>.qml`` beside it."""
    return Path(path).with_suffix(".qml")


def _saved_whole(layer: QgsMapLayer) -> str | None:
    """Save the layer's default style and check it is whole: QGIS reports success for a
    ``.qml`` a full disk left empty. A broken one is removed. The error, or None."""
    qml = style_file(layer.source())
    message, saved = layer.saveDefaultStyle()
    if not saved:
        return message
    document = QDomDocument()
    try:
        whole = qml.stat().st_size > 0 and document.setContent(qml.read_bytes())[0]
    except OSError:
        whole = False
    if whole:
        return None
    qml.unlink(missing_ok=True)
    free = shutil.disk_usage(qml.parent).free if qml.parent.is_dir() else 0
    reason = (
        QCoreApplication.translate("Styling", "the disk is full")
        if free < 64 * 1024
        else QCoreApplication.translate("Styling", "it was written incomplete")
    )
    return QCoreApplication.translate("Styling", "could not write {}: {}").format(qml, reason)


def ramp_raster_renderer(
    layer: QgsRasterLayer, minimum: float, maximum: float, band: int = 1
) -> QgsSingleBandPseudoColorRenderer:
    """A continuous Viridis ramp from ``minimum`` to ``maximum`` (e.g. probabilities 0-1)."""
    ramp_shader = QgsColorRampShader(
        minimum, maximum, QgsStyle().defaultStyle().colorRamp("Viridis")
    )
    ramp_shader.classifyColorRamp(5, -1)
    shader = QgsRasterShader(minimum, maximum)
    shader.setRasterShaderFunction(ramp_shader)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader)
    renderer.setClassificationMin(minimum)
    renderer.setClassificationMax(maximum)
    return renderer


def _unreadable(path: str) -> str:
    return QCoreApplication.translate("Styling", "{} could not be opened to save its style").format(
        path
    )


def save_default_ramp_style(path: str, minimum: float, maximum: float) -> str | None:
    """Save a ramp style of band 1 as the raster's default style (``<name>.qml``), for
    scores such as a confidence or probabilities. Returns an error message, or None."""
    options = QgsRasterLayer.LayerOptions(loadDefaultStyle=False)
    layer = QgsRasterLayer(path, "scores", "gdal", options)
    if not layer.isValid():
        return _unreadable(path)
    layer.setRenderer(ramp_raster_renderer(layer, minimum, maximum))
    return _saved_whole(layer)


def save_vector_style_in_source(path: str, classes: list[ClassInfo]) -> None:
    """Store the class style as default in the file itself where the format can (GeoPackage),
    so the layer opens styled anywhere, also after qgis_process."""
    layer = QgsVectorLayer(path, "classes", "ogr")
    if layer.isValid() and layer.dataProvider().isSaveAndLoadStyleToDatabaseSupported():
        layer.setRenderer(class_vector_renderer(layer, classes))
        layer.saveStyleToDatabase("TorchMap classes", "Classes of the TorchMap model", True, "")


class ClassStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles an output layer by class once Processing has loaded it into the project.

    Processing loads outputs without their default style (``.qml``), so a layer added from a
    dialog or ``runAndLoadResults`` is styled here; the ``.qml`` serves files opened later."""

    _alive: list[QgsProcessingLayerPostProcessorInterface] = []  # QGIS does not own them

    def __init__(self, classes: list[ClassInfo]) -> None:
        super().__init__()
        self.classes = classes

    def postProcessLayer(
        self, layer: QgsMapLayer, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> None:
        style_class_layer(layer, self.classes)
        self._alive.remove(self)  # each styles one layer once: then it may go

    @classmethod
    def create(cls, classes: list[ClassInfo]) -> ClassStylePostProcessor:
        instance = cls(classes)
        cls._alive.append(instance)
        return instance


class RampStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles a loaded score raster (confidence, probabilities) with a 0-1 ramp."""

    def __init__(self, minimum: float, maximum: float) -> None:
        super().__init__()
        self.minimum, self.maximum = minimum, maximum

    def postProcessLayer(
        self, layer: QgsMapLayer, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> None:
        if isinstance(layer, QgsRasterLayer):
            layer.setRenderer(ramp_raster_renderer(layer, self.minimum, self.maximum))
            layer.triggerRepaint()
        ClassStylePostProcessor._alive.remove(self)

    @classmethod
    def create(cls, minimum: float, maximum: float) -> RampStylePostProcessor:
        instance = cls(minimum, maximum)
        ClassStylePostProcessor._alive.append(instance)
        return instance


def style_when_loaded(
    context: QgsProcessingContext,
    destination: str,
    post_processor: Callable[[], QgsProcessingLayerPostProcessorInterface],
) -> None:
    """Have ``post_processor()`` style the output at ``destination`` if Processing loads it."""
    if context.willLoadLayerOnCompletion(destination):
        details = context.layerToLoadOnCompletionDetails(destination)
        details.setPostProcessor(post_processor())


def model_classes(path: Path) -> list[ClassInfo]:
    """The classes (values, names, colours) a model package carries."""
    from ..engine.models.definition import read_definition

    return list(read_definition(path).classes)


def colour_table_classes(path: Path) -> list[ClassInfo]:
    """The classes a thematic raster describes itself: values with a category name or,
    without names, the non-black entries of its colour table (GeoTIFF pads tables to 256)."""
    from ..engine.colormap import build_classes, read_class_legend

    names, colours = read_class_legend(path)
    values = sorted(names) or sorted(v for v, c in colours.items() if c != "#000000")
    return build_classes(values, names, colours)


def class_legend_layer(classes: list[ClassInfo], name: str) -> QgsVectorLayer:
    """An empty memory layer whose legend lists ``classes``: a model's key on the map and in
    print layouts."""
    layer = QgsVectorLayer(f"Polygon?field={CLASS_FIELD}:string", name, "memory")
    layer.setRenderer(class_vector_renderer(layer, classes))
    return layer


def save_default_style(layer: QgsMapLayer) -> str | None:
    """Save the layer's current style as its default (``<name>.qml`` beside the file, or
    inside a GeoPackage), which QGIS loads whenever the file is opened. Returns an error
    message, or None."""
    message, saved = layer.saveDefaultStyle()
    return None if saved else message
