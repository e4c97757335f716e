"""What a training folder holds, whatever wrote it: a TorchMap export (pixel or image
classification), an ArcGIS *Classified Tiles* or *Labeled Tiles* / *ImageNet* export, or a
plain folder of class sub-folders. Torch-free, so QGIS can inspect a folder without torch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..spec import ClassInfo, InputSpec

PIXEL_CLASSIFICATION = "pixel_classification"
IMAGE_CLASSIFICATION = "image_classification"


@dataclass(frozen=True)
class ChipPosition:
    """Where a chip was cut: a pixel window of a source raster (``source`` tells rasters
    apart), so training can hold out validation chips that overlap no training chip."""

    source: str
    col: int
    row: int
    width: int
    height: int

    def overlaps(self, other: ChipPosition) -> bool:
        """Whether the two windows share a pixel of the same source."""
        return (
            self.source == other.source
            and self.col < other.col + other.width
            and other.col < self.col + self.width
            and self.row < other.row + other.height
            and other.row < self.row + self.height
        )

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "col": self.col,
            "row": self.row,
            "width": self.width,
            "height": self.height,
        }

    @staticmethod
    def from_json(data: dict[str, object] | None) -> ChipPosition | None:
        if not data:
            return None
        return ChipPosition(
            source=str(data["source"]),
            col=int(data["col"]),
            row=int(data["row"]),
            width=int(data["width"]),
            height=int(data["height"]),
        )


@dataclass(frozen=True)
class TrainingData:
    """A training folder read once before training: chips, their targets (label chip paths
    for pixel classification, indices into ``classes`` for image classification), the
    classes, the input description and each chip's position (None where unknown)."""

    task: str
    image_paths: list[Path]
    targets: list[Path] | list[int]
    classes: list[ClassInfo]
    spec: InputSpec
    positions: list[ChipPosition | None]

    def __post_init__(self) -> None:
        if not len(self.image_paths) == len(self.targets) == len(self.positions):
            raise ValueError("image_paths, targets and positions must have the same length")


def read_training_folder(folder: Path) -> TrainingData:
    """Read a training folder, recognising its format by what it holds."""
    from .formats import classified_tiles, imagenet, torchmap

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "data_folder",
            _("{folder} is not a folder; choose a training data folder.").format(folder=folder),
        )
    if torchmap.is_export(folder):
        return torchmap.read_export(folder)
    if classified_tiles.is_export(folder):
        return classified_tiles.read_export(folder)
    if imagenet.is_arcgis_export(folder):
        return imagenet.read_arcgis_export(folder)
    return imagenet.read_class_folders(folder)
