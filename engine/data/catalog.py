"""What a training folder holds, whatever wrote it: a TorchMap export (pixel or image
classification), an ArcGIS *Classified Tiles* or *Labeled Tiles* / *ImageNet* export, or a
plain folder of class sub-folders. Torch-free, so QGIS can inspect a folder without torch."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..options import IMAGE_CLASSIFICATION, PIXEL_CLASSIFICATION
from .formats import reader_for
from .records import ChipPosition, TrainingData

__all__ = [
    "IMAGE_CLASSIFICATION",
    "PIXEL_CLASSIFICATION",
    "ChipPosition",
    "TrainingData",
    "read_training_folder",
]


def read_training_folder(folder: Path) -> TrainingData:
    """Read a training folder, recognising its format by what it holds."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "data_folder",
            _("{folder} is not a folder; choose a training data folder.").format(folder=folder),
        )
    return reader_for(folder).read(folder)
