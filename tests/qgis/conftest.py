"""Fixtures of the QGIS-side tests: the TorchMap provider in the session's Processing registry.

pytest-qgis starts QGIS offscreen with its own settings folder, so the plugin installed in the
default profile is not loaded here; the tests register the provider themselves, the way
north-road's qgis-processing-r registers its provider in its test suite.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from qgis.core import QgsApplication, QgsProcessingProvider

from torchmap.processing_provider.provider import TorchMapProvider

PROVIDER_ID = "torchmap"


@pytest.fixture(scope="session")
def torchmap_provider(qgis_processing: None) -> Iterator[QgsProcessingProvider]:
    """Registers TorchMap once, after Processing is initialised, and removes it at the end.

    The registry owns (and on removal deletes) the provider, so tests that need it should
    look it up by id rather than keep this object past a test that removes it.
    """
    registry = QgsApplication.processingRegistry()
    if registry.providerById(PROVIDER_ID) is None:
        assert registry.addProvider(TorchMapProvider()), "the registry refused TorchMap"
    yield registry.providerById(PROVIDER_ID)
    if registry.providerById(PROVIDER_ID) is not None:
        registry.removeProvider(PROVIDER_ID)


@pytest.fixture
def dialog_iface(qgis_iface: object) -> object:
    """pytest-qgis's iface, with the browser model that Processing's dialogs ask it for."""
    from qgis.gui import QgsBrowserGuiModel

    model = QgsBrowserGuiModel()
    qgis_iface.browserModel = lambda: model
    return qgis_iface
