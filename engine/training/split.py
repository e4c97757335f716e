"""Which chips train and which validate: spatially disjoint for pixel chips (no validation
chip overlaps a training chip, so validation measures unseen ground), stratified by class for
image chips (every class validated in its share)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..i18n import _
from ..reporter import Reporter


@dataclass(frozen=True)
class Split:
    train: list[int]
    validation: list[int]
    dropped: int = 0  # training chips left out because they overlap validation chips


def split_chips(
    task: str,
    positions: Sequence[object | None],
    image_classes: Sequence[int] | None,
    validation_fraction: float,
    seed: int,
    reporter: Reporter,
) -> Split:
    """The training and validation chips of a run (seeded, so runs are reproducible)."""
    count = len(positions)
    if count < 3:  # a lone training chip would make a batch of one, which cannot train
        reporter.warning(
            _(
                "Only {count} training chips: they are used for validation too, so the "
                "validation metrics say nothing about unseen data. Export more chips."
            ).format(count=count)
        )
        return Split(list(range(count)), list(range(count)))
    if image_classes is not None:
        return stratified_split(image_classes, validation_fraction, seed)
    if all(position is not None for position in positions):
        split = spatial_split(positions, validation_fraction, seed)
        if split.dropped:
            reporter.info(
                _(
                    "{count} chips overlap validation chips and are left out of training, "
                    "so validation measures ground the model has not seen."
                ).format(count=split.dropped)
            )
        if len(split.train) >= 2 and split.validation:
            return split
    return random_split(count, validation_fraction, seed)


def random_split(count: int, validation_fraction: float, seed: int) -> Split:
    """A seeded random split (at least two chips to train on, at least one to validate)."""
    order = np.random.default_rng(seed).permutation(count).tolist()
    validation_count = min(count - 2, max(1, round(count * validation_fraction)))
    return Split(order[validation_count:], order[:validation_count])


def stratified_split(classes: Sequence[int], validation_fraction: float, seed: int) -> Split:
    """Each class's chips split in the same proportion (a class with one chip trains)."""
    rng = np.random.default_rng(seed)
    by_class: dict[int, list[int]] = defaultdict(list)
    for index, value in enumerate(classes):
        by_class[int(value)].append(index)
    train, validation = [], []
    for members in by_class.values():
        members = rng.permutation(members).tolist()
        share = round(len(members) * validation_fraction)
        share = min(len(members) - 1, max(1 if len(members) > 1 else 0, share))
        validation += members[:share]
        train += members[share:]
    return Split(sorted(train), sorted(validation))


def spatial_split(positions: Sequence, validation_fraction: float, seed: int) -> Split:
    """Blocks of about two chips a side go, in random order, to validation until it holds
    its share; training chips that overlap a validation chip are then left out."""
    blocks: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for index, position in enumerate(positions):
        side_x, side_y = 2 * position.width, 2 * position.height
        blocks[(position.source, position.col // side_x, position.row // side_y)].append(index)
    keys = sorted(blocks)
    order = np.random.default_rng(seed).permutation(len(keys))
    wanted = max(1, round(len(positions) * validation_fraction))
    validation: list[int] = []
    for block in order:
        if len(validation) >= wanted:
            break
        validation += blocks[keys[block]]
    held_out = set(validation)
    candidates = [i for i in range(len(positions)) if i not in held_out]
    overlapping = _overlap_finder([positions[v] for v in validation])
    train = [i for i in candidates if not overlapping(positions[i])]
    return Split(train, sorted(validation), dropped=len(candidates) - len(train))


def _overlap_finder(held_out: Sequence):
    """A test 'does this window overlap a held-out one?' that looks only at nearby windows
    (a grid hash), so large exports split in linear time."""
    if not held_out:
        return lambda position: False
    cell = max(max(p.width, p.height) for p in held_out)
    grid: dict[tuple[str, int, int], list] = defaultdict(list)

    def cells(position) -> list[tuple[str, int, int]]:
        columns = range(position.col // cell, (position.col + position.width - 1) // cell + 1)
        rows = range(position.row // cell, (position.row + position.height - 1) // cell + 1)
        return [(position.source, c, r) for c in columns for r in rows]

    for position in held_out:
        for key in cells(position):
            grid[key].append(position)

    def overlapping(position) -> bool:
        return any(position.overlaps(other) for key in cells(position) for other in grid[key])

    return overlapping
