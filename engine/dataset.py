"""Training data as torch datasets over a TrainingData (engine/data/catalog.py reads the
folder). Chips are read lazily, one at a time, never all at once."""

from __future__ import annotations

import numpy as np
import rasterio
import torch
from torch.utils.data import Dataset

from .data.catalog import TrainingData
from .data.formats.survey import open_chip
from .data.preprocess import normalise, resize_chip
from .rasters import valid_pixels
from .spec import ClassInfo

IGNORE_INDEX = -1  # label of unlabelled and nodata pixels: the loss skips them


class _ChipDataset(Dataset):
    """Chips of a TrainingData subset, read from disk and normalised one at a time."""

    def __init__(self, data: TrainingData, indices: list[int], augment: bool, seed: int) -> None:
        self.data = data
        self.indices = indices
        self.augment = augment
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return len(self.indices)

    def _read_image(self, index: int) -> np.ndarray:
        with open_chip(self.data.image_paths[index]) as src:
            return normalise(src.read(), valid_pixels(src), self.data.spec.statistics)


class PixelChipDataset(_ChipDataset):
    """(image, label) pairs: normalised float32 chips and int64 class indices per pixel,
    IGNORE_INDEX where unlabelled; random flips and quarter turns when ``augment``."""

    def __init__(self, data: TrainingData, indices: list[int], augment: bool, seed: int) -> None:
        super().__init__(data, indices, augment, seed)
        self.lookup = _value_to_index_lookup(data.classes)

    def __getitem__(self, item: int) -> tuple[torch.Tensor, torch.Tensor]:
        index = self.indices[item]
        image = self._read_image(index)
        with rasterio.open(self.data.targets[index]) as src:
            label = self.lookup(src.read(1))
        if self.augment:
            image, label = _random_flip_and_turn(self.rng, image, label)
        return torch.from_numpy(image.copy()), torch.from_numpy(label.copy())


class ImageChipDataset(_ChipDataset):
    """(image, class index) pairs, images normalised and resized to the tile size."""

    def __getitem__(self, item: int) -> tuple[torch.Tensor, torch.Tensor]:
        index = self.indices[item]
        image = self._read_image(index)
        if self.augment:
            image, _ = _random_flip_and_turn(self.rng, image, None)
        chip = resize_chip(torch.from_numpy(image.copy()), self.data.spec.tile_size)
        return chip, torch.tensor(self.data.targets[index], dtype=torch.int64)


def _value_to_index_lookup(classes: list[ClassInfo]):
    """A function mapping raster class values to network class indices (others: ignored)."""
    table = np.full(max(info.value for info in classes) + 1, IGNORE_INDEX, dtype=np.int64)
    for index, info in enumerate(classes):
        table[info.value] = index

    def lookup(values: np.ndarray) -> np.ndarray:
        values = values.astype(np.int64)
        inside = (values >= 0) & (values < len(table))
        return np.where(inside, table[np.clip(values, 0, len(table) - 1)], IGNORE_INDEX)

    return lookup


def _random_flip_and_turn(
    rng: np.random.Generator, image: np.ndarray, label: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """The same random flip and quarter turn for image and label: imagery has no 'up'."""
    turns = int(rng.integers(4))
    flip = bool(rng.integers(2))
    image = np.rot90(image, turns, axes=(1, 2))
    label = np.rot90(label, turns) if label is not None else None
    if flip:
        image = image[:, :, ::-1]
        label = label[:, ::-1] if label is not None else None
    return image, label
