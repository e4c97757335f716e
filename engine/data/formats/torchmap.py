"""TorchMap's own export metadata, ``torchmap_export.json``: written beside every export (in
either layout) and read first, since it alone records each chip's source position."""

from __future__ import annotations

import json
from pathlib import Path

from ...errors import InputError
from ...i18n import _
from ...options import IMAGE_CLASSIFICATION, PIXEL_CLASSIFICATION
from ...spec import ClassInfo, InputSpec
from ..records import ChipPosition, ExportSummary, TrainingData

EXPORT_METADATA_NAME = "torchmap_export.json"
EXPORT_FORMAT = "torchmap-export"
EXPORT_FORMAT_VERSION = 2


def is_export(folder: Path) -> bool:
    """Whether ``folder`` holds a TorchMap export."""
    return (folder / EXPORT_METADATA_NAME).is_file()


def write_metadata(folder: Path, summary: ExportSummary) -> Path:
    """Write ``torchmap_export.json``: classes with pixel and chip counts, the input spec,
    the export settings and every chip with its position."""
    spec = summary.spec
    document = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "task": summary.task,
        "metadata_format": summary.metadata_format,
        **summary.settings,
        "chip_count": len(summary.chips),
        "spec": spec.to_json(),
        # Flat copies of the spec's main fields, for people reading the file.
        "band_count": spec.band_count,
        "band_names": spec.band_names,
        "dtype": spec.dtype,
        "nodata": spec.nodata,
        "band_statistics": spec.statistics.to_json(),
        "crs": spec.crs,
        "cell_size": spec.cell_size,
        "label_dtype": summary.label_dtype,
        "classes": [
            {
                **info.to_json(),
                "pixel_count": summary.class_pixels.get(info.value, 0),
                "chip_count": summary.class_chips.get(info.value, 0),
            }
            for info in summary.classes
        ],
        "chips": [
            {
                "image": chip.image,
                ("label" if summary.task == PIXEL_CLASSIFICATION else "class_value"): chip.target,
                "position": chip.position.to_json(),
                "rotation": chip.rotation,
            }
            for chip in summary.chips
        ],
    }
    path = folder / EXPORT_METADATA_NAME
    path.write_text(json.dumps(document, indent=1))
    return path


def read_metadata(folder: Path) -> dict:
    """The parsed ``torchmap_export.json`` of a TorchMap export."""
    try:
        metadata = json.loads((folder / EXPORT_METADATA_NAME).read_text())
    except (OSError, ValueError) as error:
        raise InputError(
            "data_folder",
            _(
                "{folder} has no readable {metadata}; choose a folder written by Export "
                "Training Data."
            ).format(folder=folder, metadata=EXPORT_METADATA_NAME),
        ) from error
    if not isinstance(metadata, dict) or metadata.get("format") != EXPORT_FORMAT:
        raise InputError(
            "data_folder",
            _("{path} is not a TorchMap export.").format(path=folder / EXPORT_METADATA_NAME),
        )
    return metadata


def read_export(folder: Path) -> TrainingData:
    """A TorchMap export of either layout, with every chip's position."""
    metadata = read_metadata(folder)
    task = metadata.get("task", PIXEL_CLASSIFICATION)
    classes = [ClassInfo.from_json(item) for item in metadata["classes"]]
    chips = metadata.get("chips")
    if chips is None:  # format version 1: chip pairs of the same name, no positions
        chips = [
            {"image": f"images/{path.name}", "label": f"labels/{path.name}"}
            for path in sorted((folder / "images").glob("*.tif"))
        ]
    image_paths = [folder / chip["image"] for chip in chips]
    if task == IMAGE_CLASSIFICATION:
        index_of = {info.value: index for index, info in enumerate(classes)}
        targets: list = [index_of[int(chip["class_value"])] for chip in chips]
        needed = image_paths
    else:
        targets = [folder / chip["label"] for chip in chips]
        needed = image_paths + targets
    missing = [path for path in needed if not path.is_file()]
    if not chips or missing:
        raise InputError(
            "data_folder",
            _(
                "{folder} is an incomplete export (no chips, or chips missing such as "
                "{missing}); run Export Training Data again."
            ).format(folder=folder, missing=missing[0] if missing else "images/"),
        )
    return TrainingData(
        task=task,
        image_paths=image_paths,
        targets=targets,
        classes=classes,
        spec=InputSpec.from_json(metadata["spec"]),
        positions=[ChipPosition.from_json(chip.get("position")) for chip in chips],
    )
