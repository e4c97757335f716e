"""Validation chips are spatially apart from training chips (pixels) or stratified (images)."""

from __future__ import annotations

from collections import Counter

import numpy as np

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


def _seen(positions, split, size: int = 256) -> dict[str, np.ndarray]:
    """Per source, how many times each pixel is seen by training (hidden parts excluded)."""
    seen = {source: np.zeros((size, size), int) for source in {p.source for p in positions}}
    for index in split.train:
        p = positions[index]
        visible = ~split.hidden.get(index, np.zeros((p.height, p.width), bool))
        seen[p.source][p.row : p.row + p.height, p.col : p.col + p.width] += visible
    return seen


def test_no_validation_pixel_is_seen_in_training() -> None:
    positions = _grid()
    split = split_chips("pixel_classification", positions, None, 0.2, 0, NullReporter())
    assert split.validation and len(split.train) > len(split.validation)
    seen = _seen(positions, split)
    for v in split.validation:
        p = positions[v]
        assert not seen[p.source][p.row : p.row + p.height, p.col : p.col + p.width].any()
    share = len(split.validation) / len(positions)
    assert 0.15 <= share <= 0.35
    assert len(split.train) + len(split.validation) + split.dropped == len(positions)
    again = split_chips("pixel_classification", positions, None, 0.2, 0, NullReporter())
    assert (again.train, again.validation) == (split.train, split.validation)


def test_overlapping_training_chips_keep_their_pixels_outside_validation() -> None:
    positions = _grid()
    split = split_chips("pixel_classification", positions, None, 0.2, 0, NullReporter())
    assert split.hidden  # half-stride chips overlap their validation neighbours
    for index, mask in split.hidden.items():
        assert mask.shape == (32, 32) and mask.any() and not mask.all()
        assert index in split.train
    seen, validation = _seen(positions, split), _validated(positions, split)
    # Every pixel of the chips is either validated or seen by training.
    for source, canvas in seen.items():
        assert np.all((canvas > 0) | validation[source])


def _validated(positions, split, size: int = 256) -> dict[str, np.ndarray]:
    held = {source: np.zeros((size, size), bool) for source in {p.source for p in positions}}
    for index in split.validation:
        p = positions[index]
        held[p.source][p.row : p.row + p.height, p.col : p.col + p.width] = True
    return held


def test_a_small_set_keeps_most_of_its_chips_for_training() -> None:
    # 540 x 900 px exported at 256 px with a 128 px stride (the building set of issue #17).
    positions = [
        ChipPosition("a", col, row, 256, 256)
        for row in range(0, 540 - 256 + 1, 128)
        for col in range(0, 900 - 256 + 1, 128)
    ]
    split = split_chips("pixel_classification", positions, None, 0.2, 0, NullReporter())
    assert 1 <= len(split.validation) <= len(positions) / 3
    assert len(split.train) >= len(positions) / 2
    assert len(split.train) > 2 * len(split.validation)


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
