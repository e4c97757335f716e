"""The plugin object QGIS creates: registers the Processing provider.

The provider is registered in ``initProcessing()`` (which QGIS and qgis_process call without
a GUI) rather than only in ``initGui()``, so the algorithms work headless too.
"""

from __future__ import annotations

from qgis.core import QgsApplication

from ..processing_provider.provider import TorchMapProvider


class TorchMapPlugin:
    def __init__(self, iface: object | None) -> None:
        self.iface = iface
        self.provider: TorchMapProvider | None = None

    def initProcessing(self) -> None:
        if self.provider is None:
            self.provider = TorchMapProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        self.initProcessing()

    def unload(self) -> None:
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
