"""Validation chips are spatially apart from training chips (pixels) or stratified (images)."""

from __future__ import annotations

from collections import Counter

from torchmap.engine.data.catalog import ChipPosition
from torchmap.engine.reporter import NullReporter
from torchmap.engine.training.split import random_split, split_chips, stratified_split


def _grid(
    size: int = 256, tile: int = 32, stride: int = 16, sources=("a", "b")
) -> list[ChipPosition]:
    return [
        ChipPosition(source, col, row, tile, tile)
        for source in sources
        for row in range(0, size - tile + 1, stride)
        for col in range(0, size - tile + 1, stride)
    ]


def test_no_validation_chip_overlaps_a_training_chip() -> None:
    positions = _grid()
    split = split_chips("pixel_classification", positions, None, 0.2, 0, NullReporter())
    assert split.validation and len(split.train) > len(split.validation)
    for t in split.train:
        assert not any(positions[t].overlaps(positions[v]) for v in split.validation)
    share = len(split.validation) / len(positions)
    assert 0.15 <= share <= 0.35
    assert len(split.train) + len(split.validation) + split.dropped == len(positions)
    assert split == split_chips("pixel_classification", positions, None, 0.2, 0, NullReporter())


def test_chips_without_positions_split_at_random() -> None:
    split = split_chips("pixel_classification", [None] * 10, None, 0.2, 3, NullReporter())
    assert len(split.validation) == 2 and sorted(split.train + split.validation) == list(range(10))
    assert split == random_split(10, 0.2, 3) != random_split(10, 0.2, 4)


def test_image_chips_are_stratified_by_class() -> None:
    classes = [0] * 50 + [1] * 20 + [2] * 5
    split = stratified_split(classes, 0.2, seed=1)
    counts = Counter(classes[i] for i in split.validation)
    assert counts == {0: 10, 1: 4, 2: 1}
    assert sorted(split.train + split.validation) == list(range(len(classes)))
