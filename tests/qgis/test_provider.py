"""The provider's public face: algorithm ids, parameter and output names (which saved graphical
models, scripts and qgis_process command lines depend on), help, and the plugin object that
registers the provider."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingParameterDefinition, QgsProcessingProvider

import torchmap
from torchmap.processing_provider.provider import TorchMapProvider

# Renaming any of these breaks users' models and scripts: the issue fixes them.
PUBLIC_PARAMETERS: dict[str, set[str]] = {
    "torchmap:exporttrainingdata": {
        "INPUT_RASTER",
        "INPUT_CLASS_DATA",
        "CLASS_VALUE_FIELD",
        "CLASS_NAME_FIELD",
        "METADATA_FORMAT",
        "TILE_SIZE",
        "TILE_SIZE_Y",
        "STRIDE",
        "STRIDE_Y",
        "CHIP_FORMAT",
        "BANDS",
        "CELL_SIZE",
        "EXTENT",
        "MASK_LAYER",
        "MIN_LABELLED_FRACTION",
        "EXPORT_ALL_TILES",
        "ROTATION_ANGLE",
        "CROP_MODE",
        "BUFFER",
        "BLACKEN_AROUND_FEATURE",
        "START_INDEX",
        "APPEND",
        "OVERWRITE",
        "OUTPUT_FOLDER",
    },
    "torchmap:traindeeplearningmodel": {
        "INPUT_DATA",
        "MODEL_TYPE",
        "EPOCHS",
        "BATCH_SIZE",
        "LEARNING_RATE",
        "OUTPUT_MODEL",
        "ADDITIONAL_DATA",
        "BACKBONE",
        "PRETRAINED",
        "PRETRAINED_WEIGHTS",
        "VALIDATION_PCT",
        "MAX_TIME",
        "PATIENCE",
        "MONITOR",
        "FREEZE_EPOCHS",
        "INIT_MODEL",
        "SEED",
        "DEVICE",
        "PRECISION",
        "PROCESSES",
        "TRAINING_WINDOW",
        "REFIT",
    },
    "torchmap:classifypixels": {
        "INPUT_RASTER",
        "MODEL",
        "BANDS",
        "EXTENT",
        "MASK_LAYER",
        "CELL_SIZE",
        "OUTPUT_AT_CELL_SIZE",
        "TILE_SIZE",
        "OVERLAP",
        "BATCH_SIZE",
        "DEVICE",
        "PRECISION",
        "TTA",
        "OUTPUT",
        "OUTPUT_CONFIDENCE",
        "OUTPUT_PROBABILITIES",
        "PROCESSES",
    },
    "torchmap:classifyobjects": {
        "INPUT_RASTER",
        "INPUT_FEATURES",
        "MODEL",
        "CROP_MODE",
        "BUFFER",
        "BLACKEN_AROUND_FEATURE",
        "TOP_K",
        "BATCH_SIZE",
        "DEVICE",
        "TTA",
        "OUTPUT",
        "CELL_SIZE",
    },  # fmt: skip
}

# The result keys: destination parameters plus the extra numeric outputs.
PUBLIC_OUTPUTS: dict[str, set[str]] = {
    "torchmap:exporttrainingdata": {"OUTPUT_FOLDER", "CHIP_COUNT"},
    "torchmap:traindeeplearningmodel": {
        "OUTPUT_MODEL",
        "VALIDATION_ACCURACY",
        "MEAN_IOU",
        "OUTPUT_REPORT",
    },
    "torchmap:classifypixels": {"OUTPUT", "OUTPUT_CONFIDENCE", "OUTPUT_PROBABILITIES"},
    "torchmap:classifyobjects": {"OUTPUT"},
}


# The graphical models shipped in models/, listed beside the algorithms.
SHIPPED_MODELS = {"torchmap:Land cover workflow"}


def test_provider_lists_the_four_algorithms_and_the_shipped_models(
    torchmap_provider: QgsProcessingProvider,
) -> None:
    provider = QgsApplication.processingRegistry().providerById("torchmap")
    assert provider is not None
    assert provider.name() == "TorchMap"
    assert sorted(algorithm.id() for algorithm in provider.algorithms()) == sorted(
        set(PUBLIC_PARAMETERS) | SHIPPED_MODELS
    )


@pytest.mark.parametrize("algorithm_id", sorted(PUBLIC_PARAMETERS))
def test_algorithm_keeps_its_public_parameter_and_output_names(
    torchmap_provider: QgsProcessingProvider, algorithm_id: str
) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    assert algorithm is not None, f"{algorithm_id} is not registered"
    assert {p.name() for p in algorithm.parameterDefinitions()} == PUBLIC_PARAMETERS[algorithm_id]
    assert {o.name() for o in algorithm.outputDefinitions()} == PUBLIC_OUTPUTS[algorithm_id]


@pytest.mark.parametrize("algorithm_id", sorted(PUBLIC_PARAMETERS))
def test_algorithm_has_help_and_can_execute_here(
    torchmap_provider: QgsProcessingProvider, algorithm_id: str
) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    assert algorithm.shortHelpString().strip()
    assert algorithm.displayName().strip() and algorithm.group().strip()
    # torch & co. are installed in this environment, so nothing may be reported missing.
    assert algorithm.canExecute() == (True, "")


def test_plugin_init_processing_adds_the_provider_and_unload_removes_it(
    torchmap_provider: QgsProcessingProvider,
) -> None:
    registry = QgsApplication.processingRegistry()
    # Make room for the plugin's own provider: the registry refuses a second "torchmap".
    registry.removeProvider("torchmap")
    plugin = torchmap.classFactory(None)
    try:
        plugin.initProcessing()
        assert registry.providerById("torchmap") is plugin.provider
        assert registry.algorithmById("torchmap:classifypixels") is not None
        plugin.initProcessing()  # QGIS may call it again (initGui): still one provider
        assert [p.id() for p in registry.providers()].count("torchmap") == 1

        plugin.unload()
        assert registry.providerById("torchmap") is None
        assert registry.algorithmById("torchmap:classifypixels") is None
        plugin.unload()  # a second unload must not fail either
    finally:
        # Put a provider back for the tests that follow (the session fixture's one is gone).
        if registry.providerById("torchmap") is None:
            registry.addProvider(TorchMapProvider())


SHARED_CHOICES = ("CROP_MODE", "MONITOR", "DEVICE", "PRECISION", "TTA")  # in dialog order
SHARED = ("BANDS", "EXTENT", "MASK_LAYER", "BATCH_SIZE", *SHARED_CHOICES)
FLAGS = QgsProcessingParameterDefinition


@pytest.mark.parametrize("algorithm_id", sorted(PUBLIC_PARAMETERS))
def test_each_algorithm_offers_what_the_engine_describes(algorithm_id: str) -> None:
    """Names, order, defaults, choices and flags come from engine/algorithms/, which the
    command line reads too: the dialog and ``python -m torchmap.engine`` cannot differ."""
    from torchmap.engine.algorithms import ALGORITHMS

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    description = next(a for a in ALGORITHMS if f"torchmap:{a.name}" == algorithm_id)
    built = algorithm.parameterDefinitions()
    assert [p.name() for p in built] == [p.name for p in description.parameters]
    for parameter, described in zip(built, description.parameters):
        where = (algorithm_id, described.name)
        assert bool(parameter.flags() & FLAGS.FlagOptional) == described.is_optional, where
        assert bool(parameter.flags() & FLAGS.FlagAdvanced) == described.advanced, where
        if described.kind == "choice":
            assert len(parameter.options()) == len(described.choices), where
            default = parameter.defaultValue()
            expected = described.default
            assert (described.choices[default] if default is not None else None) == expected
        elif described.default is not None and not described.is_output:
            assert parameter.defaultValue() == described.default, where
        if described.minimum is not None:
            assert parameter.minimum() == described.minimum, where


def test_shared_options_read_the_same_in_every_algorithm() -> None:
    """DEVICE, PRECISION, TTA, CROP_MODE and MONITOR: the same label, the same choices in the
    same order (index 0 means the same everywhere), and the same relative order; BANDS,
    EXTENT, MASK_LAYER and BATCH_SIZE: the same kind and label."""
    registry = QgsApplication.processingRegistry()
    seen: dict[str, tuple[str, list[str]]] = {}
    for algorithm_id in PUBLIC_PARAMETERS:
        algorithm = registry.algorithmById(algorithm_id)
        names = [p.name() for p in algorithm.parameterDefinitions()]
        shared = [name for name in names if name in SHARED_CHOICES]
        assert shared == sorted(shared, key=SHARED_CHOICES.index), algorithm_id
        for name in shared:
            parameter = algorithm.parameterDefinition(name)
            assert parameter.type() == "enum", f"{algorithm_id} {name} is not a list"
            described = (parameter.description(), list(parameter.options()))
            assert seen.setdefault(name, described) == described, (algorithm_id, name)
    assert set(seen) == set(SHARED_CHOICES)
    assert seen["DEVICE"][1][0] == "Automatic" and len(seen["TTA"][1]) == 3
    kinds: dict[str, tuple[str, str]] = {}
    for algorithm_id in PUBLIC_PARAMETERS:
        algorithm = registry.algorithmById(algorithm_id)
        for name in SHARED:
            parameter = algorithm.parameterDefinition(name)
            if parameter is not None:
                described = (parameter.type(), parameter.description())
                assert kinds.setdefault(name, described) == described, (algorithm_id, name)


@pytest.mark.parametrize("algorithm_id", sorted(PUBLIC_PARAMETERS))
def test_each_algorithm_has_its_own_icon(algorithm_id: str) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    icon = algorithm.icon()
    assert not icon.isNull() and not icon.pixmap(32, 32).isNull()
    assert icon.cacheKey() != QgsApplication.getThemeIcon("/processingAlgorithm.svg").cacheKey()


def test_a_trained_model_is_kept_by_default_not_written_to_a_temporary_file(
    torchmap_provider: object,
) -> None:
    from torchmap.engine.algorithms.train import MODELS_FOLDER

    registry = QgsApplication.processingRegistry()
    algorithms = [registry.createAlgorithmById("torchmap:traindeeplearningmodel") for _ in "ab"]
    for algorithm in algorithms:  # each dialog's instance
        default = Path(algorithm.parameterDefinition("OUTPUT_MODEL").defaultValue())
        assert default.parent == MODELS_FOLDER and default.suffix == ".tmpk"
        assert not default.exists()  # never an earlier model's name
