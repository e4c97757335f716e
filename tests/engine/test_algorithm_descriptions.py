"""The algorithms' descriptions (engine/algorithms/): one vocabulary. An option several
algorithms offer has one kind, label and list of choices in one order everywhere, and every
engine setting a parameter feeds exists, so an engine error names the right parameter."""

from __future__ import annotations

import dataclasses

import pytest

from torchmap.engine import options
from torchmap.engine.algorithms import ALGORITHMS, shared
from torchmap.engine.algorithms.description import CHOICE, Algorithm

CONFIGS = {
    "exporttrainingdata": ("torchmap.engine.data.export", "ExportConfig"),
    "traindeeplearningmodel": ("torchmap.engine.training.train", "TrainConfig"),
    "classifypixels": ("torchmap.engine.inference.classify_pixels", "ClassifyPixelsConfig"),
    "classifyobjects": ("torchmap.engine.inference.classify_objects", "ClassifyObjectsConfig"),
}
VOCABULARY = {
    "DEVICE": options.DEVICES,
    "PRECISION": options.PRECISIONS,
    "TTA": options.TTA_MODES,
    "CROP_MODE": options.CROP_MODES,
    "MONITOR": options.MONITORS,
}


def test_an_option_offered_twice_is_the_same_option() -> None:
    """Same name: same kind and choices in the same order; the shared options (declared in
    shared.py) also read the same. TILE_SIZE or CELL_SIZE may say what they mean where."""
    seen: dict[str, tuple] = {}
    labels: dict[str, str] = {}
    for algorithm in ALGORITHMS:
        for parameter in algorithm.parameters:
            if parameter.is_output:  # OUTPUT is a raster here, a vector layer there
                continue
            same = (parameter.kind, parameter.choices)
            assert seen.setdefault(parameter.name, same) == same, (algorithm.name, parameter)
            if parameter.label_context == shared.TRANSLATION_CONTEXT:
                assert labels.setdefault(parameter.name, parameter.label) == parameter.label
    twice = {name for name in seen if sum(name in _names(a) for a in ALGORITHMS) > 1}
    assert {"DEVICE", "TTA", "BATCH_SIZE", "BANDS", "EXTENT", "MASK_LAYER", "CROP_MODE",
            "BUFFER", "BLACKEN_AROUND_FEATURE"} <= twice & set(labels)  # fmt: skip


def test_choices_are_the_engine_s_vocabulary() -> None:
    for algorithm in ALGORITHMS:
        for parameter in algorithm.parameters:
            if parameter.name in VOCABULARY:
                assert parameter.choices == VOCABULARY[parameter.name]
            if parameter.kind == CHOICE and parameter.choice_labels:
                assert len(parameter.choice_labels) == len(parameter.choices)


@pytest.mark.parametrize("algorithm", ALGORITHMS, ids=lambda a: a.name)
def test_every_described_setting_exists_in_the_engine(algorithm: Algorithm) -> None:
    import importlib

    module, name = CONFIGS[algorithm.name]
    fields = {field.name for field in dataclasses.fields(getattr(importlib.import_module(module),
                                                                 name))}  # fmt: skip
    extra = {"features", "output"} if algorithm.name == "classifyobjects" else set()
    assert set(algorithm.field_parameters) <= fields | extra


def _names(algorithm: Algorithm) -> set[str]:
    return {parameter.name for parameter in algorithm.parameters}
