"""The provider's public interface: algorithm ids and parameter names that qgis_process users
and saved graphical models depend on."""

from __future__ import annotations

from qgis.core import QgsApplication

import torchmap

PUBLIC_PARAMETERS = {
    "torchmap:exporttrainingdata": {
        "INPUT_RASTER",
        "INPUT_CLASS_DATA",
        "TILE_SIZE",
        "STRIDE",
        "OUTPUT_FOLDER",
    },
    "torchmap:traindeeplearningmodel": {
        "INPUT_DATA",
        "MODEL_TYPE",
        "EPOCHS",
        "BATCH_SIZE",
        "LEARNING_RATE",
        "OUTPUT_MODEL",
    },
    "torchmap:classifypixels": {"INPUT_RASTER", "MODEL", "OUTPUT"},
    "torchmap:classifyobjects": {"INPUT_RASTER", "INPUT_FEATURES", "MODEL", "OUTPUT"},
}


def test_the_four_algorithms_keep_their_public_ids_and_parameters(torchmap_provider: None) -> None:
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("torchmap")
    assert {a.id() for a in provider.algorithms()} == set(PUBLIC_PARAMETERS)
    for algorithm_id, names in PUBLIC_PARAMETERS.items():
        algorithm = registry.algorithmById(algorithm_id)
        assert {p.name() for p in algorithm.parameterDefinitions()} == names
        assert algorithm.shortHelpString() and algorithm.displayName() and algorithm.group()
        assert algorithm.canExecute() == (True, "")


def test_the_plugin_registers_the_provider_headless_and_removes_it(qgis_processing: None) -> None:
    registry = QgsApplication.processingRegistry()
    plugin = torchmap.classFactory(None)
    already = registry.providerById("torchmap")
    if already is not None:  # the session fixture's provider: make room for the plugin's own
        registry.removeProvider(already)
    try:
        plugin.initProcessing()
        assert registry.providerById("torchmap") is plugin.provider
        plugin.unload()
        assert registry.providerById("torchmap") is None
    finally:
        if already is not None:
            from torchmap.processing_provider.provider import TorchMapProvider

            registry.addProvider(TorchMapProvider())
