"""Training chips as batches of tensors. Chips are read once and held in memory in their own
data type when they fit (so the data pipeline never slows training), else read from disk
batch by batch; normalisation and augmentation run on whole batches in torch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import torch
from rasterio.errors import RasterioIOError
from torch.nn import functional

from ..compat import zip_strict
from ..distributed import SINGLE, Group
from ..errors import InputError
from ..i18n import _
from ..options import PIXEL_CLASSIFICATION
from ..rasters import valid_where_not_nodata
from ..reporter import Reporter, raise_if_cancelled
from ..spec import BandStatistics, ClassInfo, InputSpec
from .formats.survey import open_chip
from .statistics import BandStatisticsAccumulator

IGNORE_INDEX = -1  # label of unlabelled and nodata pixels: the loss and metrics skip them
MEMORY_LIMIT_BYTES = 4 * 1024**3  # chips above this stay on disk and are read batch by batch


@dataclass
class Chips:
    """Every chip of a training run: raw pixels (N, bands, rows, cols) in their own dtype
    (or None when they stay on disk), a validity mask, and targets (N, rows, cols) class
    indices per pixel or (N,) one class index per image."""

    paths: list[Path]
    pixels: torch.Tensor | None
    valid: torch.Tensor | None
    targets: torch.Tensor
    band_count: int
    size: tuple[int, int]
    nodata: float | None
    task: str

    def __len__(self) -> int:
        return len(self.paths)

    @property
    def is_pixel_task(self) -> bool:
        return self.task == PIXEL_CLASSIFICATION

    def read(self, indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Raw float32 pixels, validity and targets of the chips at ``indices``."""
        index = torch.as_tensor(list(indices), dtype=torch.int64)
        if self.pixels is not None and self.valid is not None:
            return self.pixels[index].float(), self.valid[index], self.targets[index]
        pixels, valid = zip_strict(*(self._read_file(i) for i in index.tolist()))
        return torch.stack(pixels).float(), torch.stack(valid), self.targets[index]

    def _read_file(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        pixels = read_chip(self.paths[index], self.band_count, self.size)
        valid = valid_mask(pixels, self.nodata)
        return torch.from_numpy(pixels), torch.from_numpy(valid)


def read_chip(path: Path, band_count: int, size: tuple[int, int] | None) -> np.ndarray:
    """A chip's pixels (bands, rows, cols); a clear error naming an unreadable or odd chip."""
    try:
        with open_chip(path) as src:
            pixels = src.read()
    except (RasterioIOError, OSError) as error:  # a chip that opens but cannot be decoded
        raise InputError(
            "data_folder",
            _("{path} cannot be read as an image ({error}); remove or replace it.").format(
                path=path, error=error
            ),
        ) from error
    if pixels.shape[0] != band_count:
        raise InputError(
            "data_folder",
            _(
                "{path} has {count} bands where the other chips have {expected}; all chips need "
                "the same bands."
            ).format(path=path, count=pixels.shape[0], expected=band_count),
        )
    if size is not None and pixels.shape[1:] != size:
        raise InputError(
            "data_folder",
            _(
                "{path} is {width} x {height} px where the other chips are {expected_width} x "
                "{expected_height}; export all chips with one tile size."
            ).format(
                path=path,
                width=pixels.shape[2],
                height=pixels.shape[1],
                expected_width=size[1],
                expected_height=size[0],
            ),
        )
    return pixels


def valid_mask(pixels: np.ndarray, nodata: float | None) -> np.ndarray:
    """Pixels of a chip where no band is its nodata value (NaN pixels are refused before)."""
    return valid_where_not_nodata(pixels, [nodata] * pixels.shape[0])


def load_chips(data, reporter: Reporter, memory_limit: int = MEMORY_LIMIT_BYTES) -> Chips:
    """Read every chip of ``data`` (a catalog TrainingData) and its targets, checking them."""
    paths = list(data.image_paths)
    if not paths:
        raise InputError("data_folder", _("the training data holds no chips; export some first."))
    spec: InputSpec = data.spec
    first = read_chip(paths[0], spec.band_count, None)
    pixel_task = data.task == PIXEL_CLASSIFICATION
    size = first.shape[1:] if pixel_task else (spec.tile_height, spec.tile_width)
    in_memory = len(paths) * first[:, :1, :1].nbytes * size[0] * size[1] <= memory_limit
    lookup = label_lookup(data.classes)
    pixels = np.empty((len(paths), spec.band_count, *size), first.dtype) if in_memory else None
    valid = np.empty((len(paths), *size), bool) if in_memory else None
    targets = np.empty((len(paths), *size) if pixel_task else len(paths), np.int64)
    for index, path in enumerate(paths):
        if index % 32 == 0:
            raise_if_cancelled(reporter)
        chip = read_chip(path, spec.band_count, size if pixel_task else None)
        if not pixel_task and chip.shape[1:] != size:
            chip = _resized(chip, size)
        _refuse_nan(chip, spec.nodata, path)
        chip_valid = valid_mask(chip, spec.nodata)
        if pixel_task:
            targets[index] = _pixel_targets(Path(data.targets[index]), lookup, chip_valid, size)
        else:
            targets[index] = int(data.targets[index])
        if pixels is not None and valid is not None:
            pixels[index], valid[index] = chip, chip_valid
    if not in_memory:
        reporter.info(_("The chips do not fit in memory: they are read from disk batch by batch."))
    return Chips(
        paths=paths,
        pixels=None if pixels is None else torch.from_numpy(pixels),
        valid=None if valid is None else torch.from_numpy(valid),
        targets=torch.from_numpy(targets),
        band_count=spec.band_count,
        size=tuple(size),
        nodata=spec.nodata,
        task=data.task,
    )


def _resized(chip: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """An image chip of another size resized (bilinear) to the model's tile size."""
    tensor = torch.from_numpy(chip.astype(np.float32))[None]
    resized = functional.interpolate(tensor, size=size, mode="bilinear", align_corners=False)
    return resized[0].numpy()


def _refuse_nan(chip: np.ndarray, nodata: float | None, path: Path) -> None:
    nan_is_nodata = nodata is not None and np.isnan(nodata)
    if np.issubdtype(chip.dtype, np.floating) and not nan_is_nodata and np.isnan(chip).any():
        raise InputError(
            "data_folder",
            _(
                "{path} holds NaN pixels but its nodata value is {nodata}; set NaN as the "
                "image's nodata value before exporting, or fill the gaps."
            ).format(path=path, nodata=nodata),
        )


def label_lookup(classes: list[ClassInfo]):
    """A function mapping raster class values to network class indices; 0 and negative
    values mean unlabelled; a value no class has raises ValueError with the values."""
    values = np.array([info.value for info in classes], dtype=np.int64)
    order = np.argsort(values)
    sorted_values = values[order]

    def lookup(raster: np.ndarray, nodata: float | None = None) -> np.ndarray:
        if np.issubdtype(raster.dtype, np.floating):  # float label chips (from other tools)
            raster = _whole_class_values(raster, nodata)
        raster = raster.astype(np.int64)
        labelled = raster > 0
        if nodata is not None and not np.isnan(nodata):
            labelled &= raster != int(nodata)
        position = np.clip(np.searchsorted(sorted_values, raster), 0, len(values) - 1)
        known = sorted_values[position] == raster
        unknown = labelled & ~known
        if unknown.any():
            raise ValueError(sorted(set(np.unique(raster[unknown]).tolist()))[:10])
        return np.where(labelled, order[position], IGNORE_INDEX)

    return lookup


def _whole_class_values(raster: np.ndarray, nodata: float | None) -> np.ndarray:
    """Float class values as integers (NaN and nodata: 0, unlabelled); values that are not
    whole numbers raise ValueError with them."""
    labelled = raster > 0  # False for NaN
    if nodata is not None and not np.isnan(nodata):
        labelled &= raster != nodata
    values = raster[labelled]
    fractional = values[~np.isfinite(values) | (values != np.floor(values))]
    if fractional.size:
        raise ValueError(sorted(set(np.unique(fractional).tolist()))[:10])
    return np.where(labelled, raster, 0)


def _pixel_targets(path: Path, lookup, image_valid: np.ndarray, size) -> np.ndarray:
    try:
        with rasterio.open(path) as src:
            raster, nodata = src.read(1), src.nodata
    except (RasterioIOError, OSError) as error:
        raise InputError(
            "data_folder",
            _("{path} cannot be read as a label chip ({error}); export again.").format(
                path=path, error=error
            ),
        ) from error
    if raster.shape != tuple(size):
        raise InputError(
            "data_folder", _("{path} does not match the size of its image chip.").format(path=path)
        )
    try:
        indices = lookup(raster, nodata)
    except ValueError as error:
        raise InputError(
            "data_folder",
            _(
                "{path} holds class values {values} that the folder's metadata does not list; "
                "add them to the classes (or set them to 0 = unlabelled) and export again."
            ).format(path=path, values=error.args[0]),
        ) from error
    indices[~image_valid] = IGNORE_INDEX  # labels over image nodata teach nothing
    return indices


def training_statistics(chips: Chips, indices: Sequence[int]) -> BandStatistics:
    """Band statistics over the valid pixels of the training chips only (never validation)."""
    accumulator = BandStatisticsAccumulator(chips.band_count)
    for start in range(0, len(indices), 64):
        pixels, valid, _targets = chips.read(indices[start : start + 64])
        for chip, chip_valid in zip_strict(pixels.numpy(), valid.numpy()):
            accumulator.add(chip, chip_valid)
    try:
        return accumulator.result()
    except ValueError as error:
        raise InputError(
            "data_folder", _("the training chips hold no valid pixel (all nodata).")
        ) from error


def _class_balance(chips: Chips, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Chances that draw every class equally often (a rare class as often as a common
    one): a chip's weight is the sum of its share of each class's pixels, and within a chip
    a pixel's chance is the inverse of its class's pixel count."""
    targets = [chips.targets[int(i)].numpy().ravel() for i in indices]
    classes = 1 + max((int(target.max()) for target in targets), default=0)
    counts = np.stack(
        [np.bincount(target[target >= 0], minlength=classes) for target in targets]
    ).astype(np.float64)
    totals = counts.sum(axis=0)
    inverse = np.where(totals > 0, 1.0 / np.maximum(totals, 1.0), 0.0)
    weights = (counts * inverse).sum(axis=1)
    return np.maximum(weights, 1e-12), inverse


class BatchLoader:
    """Yields (images, targets) batches of chips on ``device``: normalised, and with the
    same random flip and quarter turn for image and label when ``augment``; ``noise`` adds
    Gaussian noise of that many standard deviations to every valid pixel's normalised bands
    (see BAND_NOISE in training)."""

    def __init__(
        self,
        chips: Chips,
        indices: Sequence[int],
        statistics: BandStatistics,
        batch_size: int,
        device: torch.device,
        augment: bool = False,
        shuffle: bool = False,
        seed: int = 0,
        sample_weights: np.ndarray | None = None,
        group: Group = SINGLE,
        window: int | None = None,
        hidden: dict[int, np.ndarray] | None = None,
        balance: bool = False,
        noise: float = 0.0,
    ) -> None:
        self.chips = chips
        self.indices = np.asarray(indices, dtype=np.int64)
        self.batch_size = batch_size
        self.device = device
        self.augment = augment
        self.shuffle = shuffle
        self.sample_weights = sample_weights  # oversampling: draw chips by these weights
        self.rng = np.random.default_rng(seed)  # the same order on every rank, then shared
        # Flips, turns and windows draw from their own generator: ranks whose last batches
        # differ in size then still share the next epoch's order.
        self.draws = np.random.default_rng((seed, group.rank))
        self.noise = noise
        self.noise_draws = torch.Generator().manual_seed(seed * 1009 + group.rank)
        self.group = group
        self.window = window if window and window < min(chips.size) else None
        self.hidden = hidden or {}
        # Windows balanced by class: each class's pixels as likely to be a window's anchor.
        self.pixel_chances = None
        if balance and self.window and chips.is_pixel_task:
            self.sample_weights, self.pixel_chances = _class_balance(chips, self.indices)
        self.count = len(group.shard(self.indices))
        self.mean = torch.tensor(statistics.mean, dtype=torch.float32)[None, :, None, None]
        self.std = torch.tensor(statistics.std, dtype=torch.float32)[None, :, None, None]
        # A batch of one cannot train BatchNorm: drop a last lone chip when training.
        self.drop_last = shuffle and self.count % batch_size == 1

    def __len__(self) -> int:
        full, rest = divmod(self.count, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def _order(self) -> np.ndarray:
        """This epoch's order of the chips; several ranks share one order, each its part."""
        if self.sample_weights is not None:
            chances = self.sample_weights / self.sample_weights.sum()
            order = self.rng.choice(self.indices, size=len(self.indices), p=chances)
        else:
            order = self.rng.permutation(self.indices) if self.shuffle else self.indices
        return np.asarray(self.group.shard(order), dtype=np.int64)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        order = self._order()
        for batch in range(len(self)):
            chosen = order[batch * self.batch_size : (batch + 1) * self.batch_size]
            yield self.batch(chosen)

    def batch(self, chosen: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
        """The normalised (and maybe augmented) batch of the chips ``chosen``."""
        pixels, valid, targets = self.chips.read(chosen)
        valid, targets = self._hide(chosen, valid, targets)
        if self.window:
            pixels, valid, targets = self._windows(pixels, valid, targets)
        images = (pixels - self.mean) / self.std
        if self.noise > 0:
            images += self.noise * torch.randn(images.shape, generator=self.noise_draws)
        images.masked_fill_(~valid[:, None], 0.0)  # nodata stays at the mean, as in inference
        if self.augment:
            images, targets = self._flip_and_turn(images, targets)
        return images.to(self.device, non_blocking=True), targets.to(self.device)

    def _hide(
        self, chosen: Sequence[int], valid: torch.Tensor, targets: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Pixels of training chips that lie in a validation chip: neither their image nor
        their label is seen (the rest of such a chip still trains)."""
        masks = [self.hidden.get(int(index)) for index in chosen]
        if all(mask is None for mask in masks):
            return valid, targets
        valid, targets = valid.clone(), targets.clone()
        for position, mask in enumerate(masks):
            if mask is not None:
                hide = torch.from_numpy(mask)
                valid[position][hide] = False
                targets[position][hide] = IGNORE_INDEX
        return valid, targets

    def _windows(
        self, pixels: torch.Tensor, valid: torch.Tensor, targets: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """A fresh random window of each chip, placed over one of its labelled pixels (sparse
        labels: a window of unlabelled pixels teaches nothing): every epoch sees other
        windows, and smaller windows make more steps in the same time."""
        size, (rows, cols) = self.window, pixels.shape[-2:]
        starts = []
        for chip_targets in targets.numpy():
            labelled = np.flatnonzero(chip_targets.ravel() >= 0)
            if labelled.size:
                chances = None
                if self.pixel_chances is not None:
                    chances = self.pixel_chances[chip_targets.ravel()[labelled]]
                    chances = chances / chances.sum()
                anchor = self.draws.choice(labelled, p=chances)
                row, col = divmod(int(anchor), cols)
            else:
                row, col = self.draws.integers(rows), self.draws.integers(cols)
            top = int(np.clip(row - self.draws.integers(size), 0, rows - size))
            left = int(np.clip(col - self.draws.integers(size), 0, cols - size))
            starts.append((top, left))

        def cut(part: torch.Tensor) -> torch.Tensor:
            return torch.stack(
                [part[i, ..., r : r + size, c : c + size] for i, (r, c) in enumerate(starts)]
            )

        return cut(pixels), cut(valid), cut(targets)

    def _flip_and_turn(
        self, images: torch.Tensor, targets: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """One of the eight flips/quarter turns per chip (imagery has no 'up'); square chips
        only, since a quarter turn of a rectangle changes its shape."""
        square = images.shape[-1] == images.shape[-2]
        choices = self.draws.integers(8 if square else 2, size=len(images))
        images, targets = images.clone(), targets.clone()
        pixel_targets = targets.dim() == 3
        for choice in np.unique(choices):
            where = torch.from_numpy(np.flatnonzero(choices == choice))
            turns, flip = int(choice) // 2, bool(choice % 2)
            part = torch.rot90(images[where], turns, dims=(2, 3))
            part = part.flip(3) if flip else part
            images[where] = part
            if pixel_targets:
                labels = torch.rot90(targets[where], turns, dims=(1, 2))
                targets[where] = labels.flip(2) if flip else labels
        return images, targets
