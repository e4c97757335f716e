"""Dialog widgets TorchMap's parameters need beyond QGIS's own.

Imported by the Processing dialogs only (never by qgis_process): parameters name their
wrapper by dotted path in their metadata (``widget_wrapper``).
"""

from __future__ import annotations

from processing.gui.wrappers import DIALOG_MODELER, WidgetWrapper
from processing.tools.dataobjects import createContext
from qgis.core import (
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox
from qgis.PyQt.QtWidgets import QLineEdit


class ClassFieldWidgetWrapper(WidgetWrapper):
    """A field of the class data, when the class data are polygons; empty and disabled when
    they are a raster.

    QGIS 3.22's own field widget dereferences a null layer when its parent parameter holds a
    raster (Export Training Data's class data may be either), which crashes QGIS."""

    def createWidget(self) -> QgsFieldComboBox | QLineEdit:
        if self.dialogType == DIALOG_MODELER:
            return QLineEdit()  # a field name; the layer is only known when the model runs
        widget = QgsFieldComboBox()
        widget.setAllowEmptyFieldName(True)
        widget.fieldChanged.connect(lambda *_: self.widgetValueHasChanged.emit(self))
        return widget

    def postInitialize(self, wrappers: list) -> None:
        parent = self.parameterDefinition().parentLayerParameterName()
        for wrapper in wrappers:
            if wrapper.parameterDefinition().name() == parent:
                self.follow(wrapper)
                wrapper.widgetValueHasChanged.connect(self.follow)
                break

    def follow(self, parent_wrapper: object) -> None:
        """List the parent layer's fields, or none when it is not a vector layer."""
        if self.dialogType == DIALOG_MODELER:
            return
        layer = self._vector_layer(parent_wrapper.parameterValue())
        current = self.widget.currentField()
        self.widget.setLayer(layer)
        self.widget.setEnabled(layer is not None)
        if layer is not None and current and layer.fields().lookupField(current) >= 0:
            self.widget.setField(current)
        elif layer is None:
            self.widget.setField("")

    def _vector_layer(self, value: object) -> QgsVectorLayer | None:
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            value = value.source.staticValue()
        if isinstance(value, str) and value:
            value = QgsProcessingUtils.mapLayerFromString(value, createContext())
        return value if isinstance(value, QgsVectorLayer) and value.isValid() else None

    def setValue(self, value: object) -> None:
        if value in (None, ""):
            return
        text = value[0] if isinstance(value, list) and value else str(value)
        if isinstance(self.widget, QLineEdit):
            self.widget.setText(text)
        else:
            self.widget.setField(text)

    def value(self) -> str | None:
        text = (
            self.widget.text() if isinstance(self.widget, QLineEdit) else self.widget.currentField()
        )
        return text or None
