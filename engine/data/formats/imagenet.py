"""Image classification layouts: TorchMap's *ImageNet* export (``images/<class name>/<id>``,
one chip per feature or tile, with ArcGIS *Labeled Tiles* files beside it), ArcGIS's own
*Labeled Tiles* / *ImageNet* exports (``labels/<id>.xml`` naming each chip's class), and a
plain folder of class sub-folders (the NWPU-RESISC45 layout)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ...colormap import default_color
from ...errors import InputError
from ...i18n import _
from ...options import IMAGE_CLASSIFICATION
from ...spec import ClassInfo
from ..records import ExportSummary, TrainingData
from . import esri
from .survey import georeferenced_position, image_files, survey_chips

MODE = "Labeled_Tiles"
ARCGIS_MODES = ("Labeled_Tiles", "ImageNet", "MultiLabeled_Tiles")


def class_folder_name(info: ClassInfo) -> str:
    """A folder name for a class: its name with spaces as underscores (read back as spaces)
    and characters that file systems refuse dropped."""
    name = re.sub(r"[\\/:*?\"<>|]", "", info.name).strip().replace(" ", "_")
    return name or f"class_{info.value}"


def write(folder: Path, summary: ExportSummary) -> None:
    """ArcGIS *Labeled Tiles* files beside the class folders: one ``labels/<id>.xml`` per chip
    naming its class value, ``map.txt`` pairing them, the ``.emd`` and the statistics."""
    labels = folder / "labels"
    labels.mkdir(exist_ok=True)
    pairs = []
    for chip in summary.chips:
        label = f"labels/{Path(chip.image).stem}.xml"
        (folder / label).write_text(_label_xml(chip.image, int(chip.target), summary))
        pairs.append((chip.image, label))
    esri.write_files(folder, summary, MODE)
    esri.write_map(folder, pairs)


def _label_xml(image: str, value: int, summary: ExportSummary) -> str:
    spec = summary.spec
    return (
        "<annotation>"
        f"<filename>{Path(image).name}</filename>"
        f"<size><width>{spec.tile_width}</width><height>{spec.tile_height}</height>"
        f"<depth>{spec.band_count}</depth></size>"
        f"<object><name>{value}</name><bndbox><xmin>0</xmin><ymin>0</ymin>"
        f"<xmax>{spec.tile_width}</xmax><ymax>{spec.tile_height}</ymax></bndbox></object>"
        "</annotation>\n"
    )


def is_arcgis_export(folder: Path) -> bool:
    """Whether ``folder`` is an ArcGIS export labelling whole chips."""
    return esri.is_esri_export(folder) and esri.metadata_mode(folder) in ARCGIS_MODES


def read_arcgis_export(folder: Path) -> TrainingData:
    """An ArcGIS Labeled Tiles / ImageNet export: each chip's class from its label XML."""
    classes = esri.read_classes(folder)
    pairs = (
        esri.read_map(folder)
        if (folder / esri.MAP_NAME).is_file()
        else [
            (path, folder / "labels" / f"{path.stem}.xml")
            for path in image_files(folder / "images")
        ]
    )
    if not pairs or not classes:
        raise InputError(
            "data_folder",
            _(
                "{folder} is an incomplete {format} export (no chips, or no Classes in "
                "{definition}); export it again."
            ).format(
                folder=folder,
                format=esri.metadata_mode(folder),
                definition=esri.MODEL_DEFINITION_NAME,
            ),
        )
    by_value = {str(info.value): index for index, info in enumerate(classes)}
    by_name = {info.name: index for index, info in enumerate(classes)}
    targets = []
    for image, label in pairs:
        name = _first_object_name(label)
        index = by_value.get(name, by_name.get(name))
        if index is None or not image.is_file():
            raise InputError(
                "data_folder",
                _(
                    "{label} names class {name!r}, which {definition} does not list, or its "
                    "image is missing; export the training data again."
                ).format(label=label, name=name, definition=esri.MODEL_DEFINITION_NAME),
            )
        targets.append(index)
    images = [image for image, _ in pairs]
    return TrainingData(
        task=IMAGE_CLASSIFICATION,
        image_paths=images,
        targets=targets,
        classes=classes,
        spec=survey_chips(images, esri.read_band_statistics(folder), esri.read_tile_size(folder)),
        positions=[georeferenced_position(image) for image in images],
    )


def _first_object_name(label: Path) -> str:
    try:
        root = ElementTree.parse(label).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise InputError(
            "data_folder", _("{path} cannot be read ({error}).").format(path=label, error=error)
        ) from error
    name = root.findtext("object/name")
    if name is None:
        raise InputError(
            "data_folder", _("{path} names no class (no <object><name>).").format(path=label)
        )
    return name.strip()


def read_class_folders(folder: Path) -> TrainingData:
    """A folder with one sub-folder of chips per class (``images/`` may hold them): the
    sub-folder names the class, an underscore standing for a space (``bare_soil``). Band
    statistics come from a sample of the chips; chips have no known position."""
    root = folder / "images" if _class_folders(folder / "images") else folder
    images_by_class = {sub.name: image_files(sub) for sub in _class_folders(root)}
    images_by_class = {name: files for name, files in images_by_class.items() if files}
    if len(images_by_class) < 2:
        raise InputError(
            "data_folder",
            _(
                "{folder} is neither an export (TorchMap or ArcGIS) nor a folder with at least "
                "two sub-folders of image chips (one per class, named after the class); choose "
                "such a folder."
            ).format(folder=folder),
        )
    classes = [
        ClassInfo(value=index, name=name.replace("_", " "), color=default_color(index - 1))
        for index, name in enumerate(images_by_class, start=1)
    ]
    paths = [path for files in images_by_class.values() for path in files]
    targets = [index for index, files in enumerate(images_by_class.values()) for _ in files]
    return TrainingData(
        task=IMAGE_CLASSIFICATION,
        image_paths=paths,
        targets=targets,
        classes=classes,
        spec=survey_chips(paths),
        positions=[None] * len(paths),
    )


def _class_folders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")
    )
