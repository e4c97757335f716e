"""The plugin object QGIS creates: registers the Processing provider and, with a GUI, the
TorchMap dock (plugin menu entry and toolbar icon).

The provider is registered in ``initProcessing()`` (which QGIS and qgis_process call without
a GUI) rather than only in ``initGui()``, so the algorithms work headless too.
"""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..processing_provider.provider import ICON_PATH, TorchMapProvider
from ..processing_provider.training_hub import training_hub
from .translation import install_translator, remove_translator

MENU = "&TorchMap"


class TorchMapPlugin:
    def __init__(self, iface: object | None) -> None:
        self.iface = iface
        self.provider: TorchMapProvider | None = None
        self.action: QAction | None = None
        self.dock = None
        # Before the provider exists: its algorithms translate their labels when loaded.
        self.translator = install_translator()

    @staticmethod
    def tr(text: str) -> str:
        return QCoreApplication.translate("TorchMapPlugin", text)

    def initProcessing(self) -> None:
        training_hub()  # created here, in the main thread, before any run publishes to it
        if self.provider is None:
            self.provider = TorchMapProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        self.initProcessing()
        if self.iface is None:
            return
        from ..engine.threads import set_interactive

        set_interactive(True)  # the desktop's interface keeps a core while models compute
        self.action = QAction(QIcon(str(ICON_PATH)), self.tr("TorchMap"), self.iface.mainWindow())
        self.action.setCheckable(True)
        self.action.setToolTip(self.tr("Training runs, class styling and dependencies"))
        self.action.toggled.connect(self.show_dock)
        self.iface.addPluginToMenu(MENU, self.action)
        self.iface.addToolBarIcon(self.action)

    def show_dock(self, visible: bool = True) -> None:
        """Show (creating it on first use) or hide the TorchMap dock."""
        if self.dock is None:
            from .dock import TorchMapDock

            self.dock = TorchMapDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
            self.dock.visibilityChanged.connect(self._sync_action)
        self.dock.setVisible(visible)

    def _sync_action(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.setChecked(visible)

    def unload(self) -> None:
        if self.dock is not None and self.iface is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.action is not None and self.iface is not None:
            self.iface.removePluginMenu(MENU, self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
