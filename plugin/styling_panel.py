"""The dock's Styling panel: style a raster or vector layer by classes taken from a model
package or from the raster's own colour table, edit a colour or a name, save the style as
the layer's default. It applies the same styling function as every TorchMap output."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsMapLayer, QgsMapLayerProxyModel, QgsRasterLayer, QgsVectorLayer
from qgis.gui import QgsColorButton, QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..engine.spec import ClassInfo
from ..processing_provider.styling import (
    CLASS_FIELD,
    colour_table_classes,
    model_classes,
    save_default_style,
    style_class_layer,
)
from .panel_layout import scrolling_content_above_buttons

FROM_MODEL, FROM_COLOUR_TABLE = 0, 1
VALUE_COLUMN, COLOUR_COLUMN, NAME_COLUMN = 0, 1, 2


class StylingPanel(QWidget):
    """Pick a layer and a class source, edit the classes, apply, save as default."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_box = QgsMapLayerComboBox()
        self.layer_box.setFilters(
            QgsMapLayerProxyModel.RasterLayer | QgsMapLayerProxyModel.VectorLayer
        )
        self.field_box = QgsFieldComboBox()
        self.source_box = QComboBox()
        self.source_box.addItems(
            [self.tr("Model package (.tmpk)"), self.tr("The raster's own colour table")]
        )
        self.model_widget = QgsFileWidget()
        self.model_widget.setFilter(self.tr("TorchMap model package (*.tmpk)"))
        self.load_button = QPushButton(self.tr("Load classes"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Value"), self.tr("Colour"), self.tr("Name")])
        self.table.horizontalHeader().setSectionResizeMode(NAME_COLUMN, QHeaderView.Stretch)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.save_button = QPushButton(self.tr("Save as default style"))
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Layer:"), self.layer_box)
        form.addRow(self.tr("Class field (vector):"), self.field_box)
        form.addRow(self.tr("Classes from:"), self.source_box)
        form.addRow(self.tr("Model package:"), self.model_widget)
        buttons = QHBoxLayout()
        for button in (self.load_button, self.apply_button, self.save_button):
            buttons.addWidget(button)
        content = QVBoxLayout()
        content.addLayout(form)
        content.addWidget(self.table, 1)
        content.addWidget(self.message)
        scrolling_content_above_buttons(self, content, buttons)

        self.layer_box.layerChanged.connect(self._layer_changed)
        self.source_box.currentIndexChanged.connect(self._source_changed)
        self.load_button.clicked.connect(self.load_classes)
        self.apply_button.clicked.connect(self.apply_style)
        self.save_button.clicked.connect(self.save_style)
        self._layer_changed(self.layer_box.currentLayer())
        self._source_changed(self.source_box.currentIndex())

    def _layer_changed(self, layer: QgsMapLayer | None) -> None:
        is_vector = isinstance(layer, QgsVectorLayer)
        self.field_box.setEnabled(is_vector)
        self.field_box.setLayer(layer if is_vector else None)
        if is_vector and layer.fields().lookupField(CLASS_FIELD) >= 0:
            self.field_box.setField(CLASS_FIELD)

    def _source_changed(self, index: int) -> None:
        self.model_widget.setEnabled(index == FROM_MODEL)

    def load_classes(self) -> list[ClassInfo]:
        """Read the classes from the chosen source into the table."""
        try:
            classes = self._read_classes()
        except Exception as error:  # a bad package or raster: say why, keep the table
            self.message.setText(self.tr("Could not read the classes: {}").format(error))
            return []
        self.set_classes(classes)
        self.message.setText(self.tr("{} classes loaded.").format(len(classes)))
        return classes

    def _read_classes(self) -> list[ClassInfo]:
        if self.source_box.currentIndex() == FROM_MODEL:
            return model_classes(Path(self.model_widget.filePath()))
        layer = self.layer_box.currentLayer()
        if not isinstance(layer, QgsRasterLayer):
            raise ValueError(self.tr("choose a raster layer to read its colour table"))
        return colour_table_classes(Path(layer.source()))

    def set_classes(self, classes: list[ClassInfo]) -> None:
        """Show ``classes`` for editing: colours through colour buttons, names in place."""
        self.table.setRowCount(len(classes))
        for row, info in enumerate(classes):
            value = QTableWidgetItem(str(info.value))
            value.setFlags(value.flags() & ~Qt.ItemIsEditable)  # the value is the data
            self.table.setItem(row, VALUE_COLUMN, value)
            button = QgsColorButton()
            button.setColor(QColor(info.color))
            self.table.setCellWidget(row, COLOUR_COLUMN, button)
            self.table.setItem(row, NAME_COLUMN, QTableWidgetItem(info.name))

    def classes(self) -> list[ClassInfo]:
        """The classes as edited in the table."""
        return [
            ClassInfo(
                value=int(self.table.item(row, VALUE_COLUMN).text()),
                name=self.table.item(row, NAME_COLUMN).text(),
                color=self.table.cellWidget(row, COLOUR_COLUMN).color().name(),
            )
            for row in range(self.table.rowCount())
        ]

    def apply_style(self) -> bool:
        """Style the chosen layer with the table's classes."""
        layer = self.layer_box.currentLayer()
        if layer is None or not self.table.rowCount():
            self.message.setText(self.tr("Choose a layer and load its classes first."))
            return False
        style_class_layer(layer, self.classes(), self.field_box.currentField() or CLASS_FIELD)
        self.message.setText(self.tr("Styled {}.").format(layer.name()))
        return True

    def save_style(self) -> bool:
        """Apply, then save the style as the layer's default (.qml beside the file)."""
        if not self.apply_style():
            return False
        layer = self.layer_box.currentLayer()
        problem = save_default_style(layer)
        self.message.setText(
            self.tr("The style was not saved: {}").format(problem)
            if problem
            else self.tr("Saved as the default style of {}.").format(layer.name())
        )
        return problem is None
