"""Training data as torch datasets: pixel chips from an export folder, or image chips from
a folder of class sub-folders. Chips are read lazily, one at a time, never all at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import torch
from torch.utils.data import Dataset

from .colormap import default_color
from .data.preprocess import normalise, resize_chip
from .errors import InputError
from .export import EXPORT_FORMAT, EXPORT_METADATA_NAME
from .rasters import valid_pixels
from .spec import BandStatistics, ClassInfo, InputSpec
from .statistics import BandStatisticsAccumulator

IGNORE_INDEX = -1  # label of unlabelled and nodata pixels: the loss skips them
IMAGE_SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class TrainingData:
    """What a training folder holds, read once before training."""

    task: str
    image_paths: list[Path]
    targets: list[Path] | list[int]  # label chips (pixels) or class indices (images)
    classes: list[ClassInfo]
    spec: InputSpec


def read_pixel_export(folder: Path) -> TrainingData:
    """An Export Training Data folder: chip pairs and the metadata beside them."""
    metadata = _read_export_metadata(folder)
    image_paths = sorted((folder / "images").glob("*.tif"))
    label_paths = [folder / "labels" / path.name for path in image_paths]
    missing = [path.name for path in label_paths if not path.is_file()]
    if not image_paths or missing:
        raise InputError(
            "data_folder",
            f"{folder} is an incomplete export (no image chips, or label "
            "chips missing); run Export Training Data again.",
        )
    return TrainingData(
        task="pixel_classification",
        image_paths=image_paths,
        targets=label_paths,
        classes=[ClassInfo.from_json(item) for item in metadata["classes"]],
        spec=InputSpec.from_json(metadata["spec"]),
    )


def is_pixel_export(folder: Path) -> bool:
    """Whether ``folder`` is an Export Training Data output."""
    return (folder / EXPORT_METADATA_NAME).is_file()


def _read_export_metadata(folder: Path) -> dict:
    try:
        metadata = json.loads((folder / EXPORT_METADATA_NAME).read_text())
    except (OSError, ValueError) as error:
        raise InputError(
            "data_folder",
            f"{folder} has no readable {EXPORT_METADATA_NAME}; choose a folder "
            "written by Export Training Data.",
        ) from error
    if metadata.get("format") != EXPORT_FORMAT:
        raise InputError(
            "data_folder", f"{folder / EXPORT_METADATA_NAME} is not a TorchMap export."
        )
    return metadata


def read_image_folder(folder: Path) -> TrainingData:
    """A folder with one sub-folder of image chips per class (the sub-folder names the class,
    an underscore standing for a space, since folder names avoid spaces: ``bare_soil``).
    Band statistics are computed here, and chips are later resized to the median chip size."""
    class_folders = (
        sorted(path for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []
    )
    images_by_class = {sub.name: _image_files(sub) for sub in class_folders}
    images_by_class = {name: files for name, files in images_by_class.items() if files}
    if len(images_by_class) < 2:
        raise InputError(
            "data_folder",
            f"{folder} needs at least two sub-folders of image chips (one per "
            "class, named after the class) for image classification.",
        )
    classes = [
        ClassInfo(value=index, name=name.replace("_", " "), color=default_color(index - 1))
        for index, name in enumerate(images_by_class, start=1)
    ]
    paths = [path for files in images_by_class.values() for path in files]
    targets = [index for index, files in enumerate(images_by_class.values()) for _ in files]
    band_count, sizes, statistics, first = _scan_images(paths)
    tile_size = int(np.median(sizes))
    spec = InputSpec(
        band_count=band_count,
        band_names=[d or f"band {i}" for i, d in enumerate(first.descriptions, start=1)],
        statistics=statistics,
        tile_width=tile_size,
        tile_height=tile_size,
        dtype=first.dtype,
        nodata=first.nodata,
        cell_size=first.cell_size,
        crs=first.crs,
    )
    return TrainingData(
        task="image_classification",
        image_paths=paths,
        targets=targets,
        classes=classes,
        spec=spec,
    )


def _image_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())


@dataclass(frozen=True)
class _FirstImage:
    band_count: int
    descriptions: tuple[str | None, ...]
    dtype: str
    nodata: float | None
    cell_size: list[float] | None
    crs: str | None


def _scan_images(paths: list[Path]) -> tuple[int, list[int], BandStatistics, _FirstImage]:
    """Band count, chip sizes, statistics and the first chip's properties; one read each."""
    first = _read_first_image(paths[0])
    accumulator = BandStatisticsAccumulator(first.band_count)
    sizes: list[int] = []
    for path in paths:
        try:
            with rasterio.open(path) as src:
                if src.count != first.band_count:
                    raise InputError(
                        "data_folder",
                        f"{path} has {src.count} bands but {paths[0]} has "
                        f"{first.band_count}; all chips need the same bands.",
                    )
                sizes.append(max(src.width, src.height))
                accumulator.add(src.read(), valid_pixels(src))
        except rasterio.errors.RasterioIOError as error:
            raise InputError(
                "data_folder", f"{path} cannot be read as an image ({error})."
            ) from error
    return first.band_count, sizes, accumulator.result(), first


def _read_first_image(path: Path) -> _FirstImage:
    try:
        with rasterio.open(path) as src:
            return _FirstImage(
                band_count=src.count,
                descriptions=src.descriptions,
                dtype=src.dtypes[0],
                nodata=src.nodata,
                cell_size=[abs(src.transform.a), abs(src.transform.e)] if src.crs else None,
                crs=src.crs.to_wkt() if src.crs else None,
            )
    except rasterio.errors.RasterioIOError as error:
        raise InputError("data_folder", f"{path} cannot be read as an image ({error}).") from error


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
        with rasterio.open(self.data.image_paths[index]) as src:
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
