"""The Toolbox dialog of algorithms with two layer inputs, e.g. an image and its class data.

QGIS 3.22 preselects the active layer in every mandatory layer input, so the class data would
start as the image itself. Imported by the dialogs only (never by qgis_process)."""

from __future__ import annotations

from processing.gui.AlgorithmDialog import AlgorithmDialog
from qgis.core import (
    Qgis,
    QgsMapLayer,
    QgsProcessingAlgorithm,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsProcessingMapLayerComboBox
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QWidget

INTEGER_TYPES = {Qgis.Byte, Qgis.UInt16, Qgis.Int16, Qgis.UInt32, Qgis.Int32}


def dialog_with_distinct_layers(
    algorithm: QgsProcessingAlgorithm, pairs: tuple[tuple[str, str], ...], parent: QWidget | None
) -> AlgorithmDialog:
    """The algorithm's usual dialog, where the second input of each (image, class data) pair
    starts as the project's likeliest class layer, or empty, never as the image."""
    dialog = AlgorithmDialog(algorithm, parent=parent)
    wrappers = dialog.mainWidget().wrappers
    for image_name, classes_name in pairs:
        image = _layer(wrappers[image_name].parameterValue())
        if image is None or _layer(wrappers[classes_name].parameterValue()) is not image:
            continue
        vectors = algorithm.parameterDefinition(classes_name).type() != "raster"
        combo = sip.cast(wrappers[classes_name].wrappedWidget(), QgsProcessingMapLayerComboBox)
        combo.setLayer(likeliest_class_layer(image, vectors))
    return dialog


def _layer(value: object) -> QgsMapLayer | None:
    """The project layer a layer widget's value names (a layer or its id)."""
    if isinstance(value, QgsMapLayer):
        return value
    return QgsProject.instance().mapLayer(value) if isinstance(value, str) else None


def likeliest_class_layer(image: QgsMapLayer | None, vectors: bool) -> QgsMapLayer | None:
    """A one-band integer raster other than ``image`` (a thematic raster), else with
    ``vectors`` a polygon layer; None when the project has neither."""
    layers = [layer for layer in QgsProject.instance().mapLayers().values() if layer is not image]
    for layer in layers:
        if isinstance(layer, QgsRasterLayer) and _is_thematic(layer):
            return layer
    for layer in layers if vectors else []:
        if (
            isinstance(layer, QgsVectorLayer)
            and layer.geometryType() == QgsWkbTypes.PolygonGeometry
        ):
            return layer
    return None


def _is_thematic(layer: QgsRasterLayer) -> bool:
    provider = layer.dataProvider()
    return layer.bandCount() == 1 and provider is not None and provider.dataType(1) in INTEGER_TYPES
