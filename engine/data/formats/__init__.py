"""The layouts of a training folder, as a registry: each format says whether a folder is
one of its exports (``is_export``), reads it (``read``) and, for the metadata formats Export
writes, writes it (``write``). TorchMap's own JSON is always written beside the others and
read first (it alone records each chip's source position); ArcGIS *Classified Tiles* (pixel
classification) and *ImageNet* / *Labeled Tiles* (image classification) next; a plain folder
of class sub-folders last."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..records import ExportSummary, TrainingData
from . import classified_tiles, imagenet, torchmap

CLASSIFIED_TILES = "classified_tiles"
IMAGENET = "imagenet"
METADATA_FORMATS = (CLASSIFIED_TILES, IMAGENET)  # what Export writes, in its dialog's order


@dataclass(frozen=True)
class Format:
    name: str
    is_export: Callable[[Path], bool]
    read: Callable[[Path], TrainingData]
    write: Callable[[Path, ExportSummary], None] | None = None


FORMATS = (
    Format("torchmap", torchmap.is_export, torchmap.read_export, torchmap.write_metadata),
    Format(
        CLASSIFIED_TILES,
        classified_tiles.is_export,
        classified_tiles.read_export,
        classified_tiles.write,
    ),
    Format(IMAGENET, imagenet.is_arcgis_export, imagenet.read_arcgis_export, imagenet.write),
    Format("class_folders", lambda folder: True, imagenet.read_class_folders),
)


def reader_for(folder: Path) -> Format:
    """The first format that recognises ``folder`` (class folders take any folder)."""
    return next(format for format in FORMATS if format.is_export(folder))


def writer(name: str) -> Format:
    """The metadata format ``name`` (one of METADATA_FORMATS, or "torchmap")."""
    return next(format for format in FORMATS if format.name == name and format.write)
