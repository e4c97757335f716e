"""The training folders of a run, read by the catalog (any format) and merged into one
TrainingData, checked against the model type's task."""

from __future__ import annotations

from pathlib import Path

from ..compat import zip_strict
from ..data.catalog import TrainingData, read_training_folder
from ..errors import InputError
from ..i18n import _
from ..models.registry import PIXEL_CLASSIFICATION


def read_training_folders(folders: list[Path], task: str, label: str) -> TrainingData:
    """Every folder read, of the model type's task, merged (same bands and classes)."""
    if not folders:
        raise InputError("data_folder", _("no training data folder given."))
    parts = [_read(Path(folder), task, label) for folder in folders]
    first = parts[0]
    for folder, part in zip_strict(folders[1:], parts[1:]):
        if part.spec.band_count != first.spec.band_count:
            raise InputError(
                "data_folder",
                _(
                    "{folder} has {count} bands but {first} has {first_count}; training "
                    "folders need the same bands."
                ).format(
                    folder=folder,
                    count=part.spec.band_count,
                    first=folders[0],
                    first_count=first.spec.band_count,
                ),
            )
        if [c.value for c in part.classes] != [c.value for c in first.classes]:
            raise InputError(
                "data_folder",
                _(
                    "{folder} has other classes than {first}; export both with the same classes."
                ).format(folder=folder, first=folders[0]),
            )
    return TrainingData(
        task=first.task,
        image_paths=[path for part in parts for path in part.image_paths],
        targets=[target for part in parts for target in part.targets],
        classes=first.classes,
        spec=first.spec,
        positions=[position for part in parts for position in part.positions],
    )


def _read(folder: Path, task: str, label: str) -> TrainingData:
    data = read_training_folder(folder)
    if data.task == task:
        return data
    if task == PIXEL_CLASSIFICATION:
        raise InputError(
            "data_folder",
            _(
                "{folder} is not an Export Training Data folder of pixel-labelled chips, which "
                "{model_type} needs; export chips with a class raster first, or choose an image "
                "classification model type for a folder of class sub-folders."
            ).format(folder=folder, model_type=label),
        )
    raise InputError(
        "data_folder",
        _(
            "{folder} holds pixel-labelled chips; train a pixel classification model type "
            "(U-Net...) on it, or give image classification a folder with one sub-folder of "
            "images per class."
        ).format(folder=folder),
    )
