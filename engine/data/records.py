"""The values training data are made of: where a chip was cut, what a training folder holds,
and what an export records. A leaf module (dataclasses only): the formats, the catalog and
Export all import it, and it imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..spec import ClassInfo, InputSpec


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


@dataclass(frozen=True)
class ChipRecord:
    """One exported chip: its image path relative to the folder, its target (label chip path
    for pixels, class value for images), where it was cut, and its extra rotation."""

    image: str
    target: str | int
    position: ChipPosition
    rotation: float = 0.0


@dataclass
class ExportSummary:
    """Everything the format writers need to describe an export."""

    task: str
    metadata_format: str
    spec: InputSpec
    classes: list[ClassInfo]
    chips: list[ChipRecord]
    class_pixels: dict[int, int]  # value -> labelled pixels (pixel task) or chip pixels
    class_chips: dict[int, int]  # value -> chips that hold the class
    label_dtype: str
    settings: dict[str, object] = field(default_factory=dict)
