"""The TorchMap dock: Training, Styling and Dependencies panels in tabs."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QDockWidget, QTabWidget, QWidget

from .dependencies_panel import DependenciesPanel
from .styling_panel import StylingPanel
from .training_panel import TrainingPanel


class TorchMapDock(QDockWidget):
    """Follows training runs, styles layers by class, and shows what TorchMap runs on."""

    def __init__(self, iface: object | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("TorchMap"))
        self.setObjectName("TorchMapDock")
        self.training = TrainingPanel(iface)
        self.styling = StylingPanel()
        self.dependencies = DependenciesPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.training, self.tr("Training"))
        self.tabs.addTab(self.styling, self.tr("Styling"))
        self.tabs.addTab(self.dependencies, self.tr("Dependencies"))
        self.setWidget(self.tabs)

    def show_panel(self, panel: QWidget) -> None:
        """Bring the tab of ``panel`` (e.g. ``self.styling``) to the front."""
        self.tabs.setCurrentWidget(panel)
