"""Metadata formats of an export folder, each with one writer and one reader: TorchMap's own
JSON (always written), ArcGIS *Classified Tiles* (pixel classification) and *ImageNet* /
*Labeled Tiles* (image classification: one class folder per class)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...spec import ClassInfo, InputSpec
from ..catalog import ChipPosition

CLASSIFIED_TILES = "classified_tiles"
IMAGENET = "imagenet"
METADATA_FORMATS = (CLASSIFIED_TILES, IMAGENET)


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
