"""Which chips train and which validate: spatially disjoint for pixel chips (training never
sees a pixel of a validation chip, so validation measures unseen ground), stratified by class
for image chips (every class validated in its share)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..i18n import _
from ..reporter import Reporter


@dataclass(frozen=True)
class Split:
    train: list[int]
    validation: list[int]
    dropped: int = 0  # training chips left out because they lie within validation chips
    # Training chips that overlap validation chips: their pixels to hide (rows, cols).
    hidden: dict[int, np.ndarray] = field(default_factory=dict)


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
        if split.hidden or split.dropped:
            reporter.info(
                _(
                    "{count} training chips overlap validation chips: those parts are hidden "
                    "from training ({dropped} chips entirely), so validation measures ground "
                    "the model has not seen."
                ).format(count=len(split.hidden) + split.dropped, dropped=split.dropped)
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


MIN_BLOCKS = 10  # blocks to draw validation from: fewer make its share all or nothing
MAX_VALIDATION_SHARE = 1 / 3  # small sets: validation never takes more of the chips


def spatial_split(positions: Sequence, validation_fraction: float, seed: int) -> Split:
    """Blocks of neighbouring chips go, in random order, to validation until it holds its
    share (never more than a third of the chips, so small sets keep most labels to learn
    from). Training chips keep their pixels outside every validation chip: the parts that
    overlap one are hidden (``Split.hidden``), and a chip with nothing left is left out."""
    blocks = _blocks(positions)
    keys = sorted(blocks)
    order = np.random.default_rng(seed).permutation(len(keys))
    wanted = max(1, round(len(positions) * validation_fraction))
    most = max(wanted, int(len(positions) * MAX_VALIDATION_SHARE))
    validation: list[int] = []
    for block in order:
        members = blocks[keys[block]]
        if len(validation) >= wanted:
            break
        if validation and len(validation) + len(members) > most:
            continue  # a block that would take too much: a smaller one may fit
        validation += members
    held_out = set(validation)
    overlapping = _overlap_finder([positions[v] for v in validation])
    train, hidden = [], {}
    for index in range(len(positions)):
        if index in held_out:
            continue
        others = overlapping(positions[index])
        if not others:
            train.append(index)
            continue
        mask = _hidden_pixels(positions[index], others)
        if not mask.all():
            train.append(index)
            hidden[index] = mask
    dropped = len(positions) - len(validation) - len(train)
    return Split(train, sorted(validation), dropped=dropped, hidden=hidden)


def _blocks(positions: Sequence) -> dict[tuple[str, int, int], list[int]]:
    """Chips grouped in square blocks of two chips a side, or of one chip or half a chip a
    side where that gives too few blocks to draw a fair share from."""
    blocks: dict[tuple[str, int, int], list[int]] = {}
    for scale in (2.0, 1.0, 0.5):
        blocks = defaultdict(list)
        for index, position in enumerate(positions):
            side_x = max(1, int(scale * position.width))
            side_y = max(1, int(scale * position.height))
            key = (position.source, position.col // side_x, position.row // side_y)
            blocks[key].append(index)
        if len(blocks) >= MIN_BLOCKS:
            break
    return blocks


def _hidden_pixels(position, others: Sequence) -> np.ndarray:
    """The pixels of a chip (rows, cols) that lie in any of ``others``."""
    mask = np.zeros((position.height, position.width), bool)
    for other in others:
        top, left = max(other.row - position.row, 0), max(other.col - position.col, 0)
        bottom = min(other.row + other.height - position.row, position.height)
        right = min(other.col + other.width - position.col, position.width)
        mask[top:bottom, left:right] = True
    return mask


def _overlap_finder(held_out: Sequence):
    """A lookup 'which held-out windows does this one overlap?' that looks only at nearby windows
    (a grid hash), so large exports split in linear time."""
    if not held_out:
        return lambda position: []
    cell = max(max(p.width, p.height) for p in held_out)
    grid: dict[tuple[str, int, int], list] = defaultdict(list)

    def cells(position) -> list[tuple[str, int, int]]:
        columns = range(position.col // cell, (position.col + position.width - 1) // cell + 1)
        rows = range(position.row // cell, (position.row + position.height - 1) // cell + 1)
        return [(position.source, c, r) for c in columns for r in rows]

    for position in held_out:
        for key in cells(position):
            grid[key].append(position)

    def overlapping(position) -> list:
        found = [other for key in cells(position) for other in grid[key]]
        return [other for other in dict.fromkeys(found) if position.overlaps(other)]

    return overlapping
