"""ArcGIS *Classified Tiles*: ``images/`` and ``labels/`` chips of the same names, ``map.txt``
pairing them, and the ``.emd`` and accumulated statistics with classes and band statistics."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...i18n import _
from ...options import PIXEL_CLASSIFICATION
from ..records import ExportSummary, TrainingData
from . import esri
from .survey import georeferenced_position, image_files, survey_chips

MODE = "Classified_Tiles"


def write(folder: Path, summary: ExportSummary) -> None:
    """The ArcGIS files of a Classified Tiles export, filled with the export's real values."""
    esri.write_files(folder, summary, MODE)
    esri.write_map(folder, [(chip.image, str(chip.target)) for chip in summary.chips])


def is_export(folder: Path) -> bool:
    """Whether ``folder`` is an ArcGIS Classified Tiles export."""
    return esri.is_esri_export(folder) and esri.metadata_mode(folder) in (MODE, "")


def read_export(folder: Path) -> TrainingData:
    """Chip pairs, classes from the ``.emd``, statistics from the accumulated stats (or a
    sample of the chips) and positions from the chips' georeference."""
    pairs = _chip_pairs(folder)
    missing = [label for image, label in pairs if not image.is_file() or not label.is_file()]
    if not pairs or missing:
        raise InputError(
            "data_folder",
            _(
                "{folder} is an incomplete Classified Tiles export (no chips, or chips missing "
                "such as {missing}); export it again."
            ).format(folder=folder, missing=missing[0] if missing else "images/"),
        )
    classes = esri.read_classes(folder)
    if not classes:
        raise InputError(
            "data_folder",
            _(
                "{path} lists no Classes; export the training data again with its class values."
            ).format(path=folder / esri.MODEL_DEFINITION_NAME),
        )
    images = [image for image, _ in pairs]
    spec = survey_chips(images, esri.read_band_statistics(folder), esri.read_tile_size(folder))
    return TrainingData(
        task=PIXEL_CLASSIFICATION,
        image_paths=images,
        targets=[label for _, label in pairs],
        classes=classes,
        spec=spec,
        positions=[georeferenced_position(image) for image in images],
    )


def _chip_pairs(folder: Path) -> list[tuple[Path, Path]]:
    if (folder / esri.MAP_NAME).is_file():
        return esri.read_map(folder)
    labels = {path.stem: path for path in image_files(folder / "labels")}
    return [
        (image, labels.get(image.stem, folder / "labels" / image.name))
        for image in image_files(folder / "images")
    ]
