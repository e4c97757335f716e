"""What an export has written so far (records, class counts, band statistics, names) and
the rules for adding to an earlier export (append): what it must match, where numbering goes
on, and the output folder that appears whole or not at all."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from affine import Affine
from rasterio.io import DatasetReader

from ..compat import zip_strict
from ..errors import InputError
from ..i18n import _
from ..options import FIXED_SIZE, IMAGE_CLASSIFICATION, PIXEL_CLASSIFICATION
from ..outputs import atomic_additions, atomic_folder
from ..rasters import crs_wkt
from ..spec import ClassInfo, InputSpec
from .chip_writer import ChipWriter
from .export_config import IMAGENET, SOURCE_ID, ExportConfig
from .formats.imagenet import class_folder_name
from .formats.torchmap import EXPORT_METADATA_NAME, read_metadata
from .labels import LabelSource, PolygonLabels, class_counts
from .records import ChipPosition, ChipRecord, ExportSummary
from .statistics import BandStatisticsAccumulator


@dataclass
class Chip:
    """A chip to write: its pixels and where they are valid, and its label (pixel labels for
    Classified Tiles, or the chip's class for ImageNet) on its grid."""

    pixels: np.ndarray
    valid: np.ndarray
    label: np.ndarray | None  # pixel labels (Classified Tiles) ...
    class_value: int | None  # ... or the chip's class (ImageNet)
    transform: Affine


class ExportState:
    """What the export has written so far: the chips' records, class counts and band
    statistics, and their names (continuing an earlier export when appending)."""

    def __init__(
        self,
        image: DatasetReader,
        bands: list[int],
        labels: LabelSource,
        previous: dict | None,
        config: ExportConfig,
    ) -> None:
        self.image = image
        self.bands = bands
        self.labels = labels
        self.label_dtype = labels.dtype
        self.crs_wkt = crs_wkt(image)  # once: converting a CRS costs more than a chip write
        self.chip_width, self.chip_height = config.tile_width, config.tile_rows
        self.config = config
        self.task = (
            IMAGE_CLASSIFICATION if config.metadata_format == IMAGENET else PIXEL_CLASSIFICATION
        )
        self.statistics = BandStatisticsAccumulator(len(bands))
        self.class_pixels: dict[int, int] = {}
        self.class_chips: dict[int, int] = {}
        self.records: list[ChipRecord] = []
        self.names: dict[int, str] = {}
        self.new_chips = 0
        self.previous = previous
        self.source_id = SOURCE_ID
        self.next_index = config.start_index
        if previous is not None:
            check_append(previous, self, config)
            self._continue(previous)

    def _continue(self, previous: dict) -> None:
        spec = InputSpec.from_json(previous["spec"])
        self.statistics = BandStatisticsAccumulator.from_statistics(spec.statistics)
        for item in previous["classes"]:
            self.class_pixels[int(item["value"])] = int(item.get("pixel_count", 0))
            self.class_chips[int(item["value"])] = int(item.get("chip_count", 0))
            self.names[int(item["value"])] = str(item["name"])
        key = "label" if self.task == PIXEL_CLASSIFICATION else "class_value"
        sources = set()
        for chip in previous["chips"]:
            position = ChipPosition.from_json(chip["position"])
            sources.add(position.source)
            self.records.append(
                ChipRecord(chip["image"], chip[key], position, chip.get("rotation", 0))
            )
        sources_by_path = {v: k for k, v in previous.get("source_rasters", {}).items()}
        known = sources_by_path.get(str(self.config.raster))
        self.source_id = known or str(len(sources))
        taken = max((chip_index(r.image) for r in self.records), default=-1)
        if self.config.start_index and self.config.start_index <= taken:
            raise InputError(
                "start_index",
                _(
                    "chips up to number {taken} exist already; use a start index above {taken} "
                    "(or 0 to continue after them)."
                ).format(taken=taken),
            )
        self.next_index = max(self.config.start_index, taken + 1)

    def add(self, chip: Chip, position: ChipPosition, angle: float, writer: ChipWriter) -> None:
        """Count the chip into the statistics and queue it for writing."""
        name = f"{self.next_index:09d}"
        self.next_index += 1
        self.new_chips += 1
        self.statistics.add(chip.pixels, chip.valid)
        crs = self.crs_wkt
        nodata = self.image.nodata
        if chip.label is not None and self.task == PIXEL_CLASSIFICATION:
            values, counts = class_counts(chip.label)
            for value, count in zip_strict(values.tolist(), counts.tolist()):
                self.class_pixels[value] = self.class_pixels.get(value, 0) + count
                self.class_chips[value] = self.class_chips.get(value, 0) + 1
            image_path = writer.write_image(
                f"images/{name}", chip.pixels, chip.transform, crs, nodata
            )
            label_path = writer.write_label(
                f"labels/{name}", chip.label[None].astype(self.label_dtype), chip.transform, crs
            )
            self.records.append(ChipRecord(image_path, label_path, position, angle))
            return
        value = int(chip.class_value)
        self.class_pixels[value] = self.class_pixels.get(value, 0) + 1  # features
        self.class_chips[value] = self.class_chips.get(value, 0) + 1
        folder = self._class_folder(value)
        image_path = writer.write_image(
            f"images/{folder}/{name}", chip.pixels, chip.transform, crs, nodata
        )
        self.records.append(ChipRecord(image_path, value, position, angle))

    def _class_folder(self, value: int) -> str:
        if value not in self.names:
            self.names[value] = self.labels.classes([value])[0].name
        return class_folder_name(ClassInfo(value, self.names[value], "#000000"))

    def _chip_recipe(self, config: ExportConfig) -> dict[str, object] | None:
        """How image chips were cut (None for pixel classification): around polygons as the
        user chose, or class raster tiles (a fixed-size window, nothing blackened)."""
        if self.task != IMAGE_CLASSIFICATION:
            return None
        if not isinstance(self.labels, PolygonLabels):
            return {"crop_mode": FIXED_SIZE, "buffer_percent": 0.0, "blacken_around_feature": False}
        return {
            "crop_mode": config.crop_mode,
            "buffer_percent": config.buffer_percent,
            "blacken_around_feature": config.blacken_around_feature,
        }

    def summary(self, config: ExportConfig, image: DatasetReader) -> ExportSummary:
        """The export's description for the format writers."""
        values = sorted(self.class_pixels)
        classes = self.labels.classes(values)
        if self.names:  # an earlier export's names win: the folders carry them
            classes = [
                replace(info, name=self.names.get(info.value, info.name)) for info in classes
            ]
        band_names = [_band_name(image, band) for band in self.bands]
        spec = InputSpec(
            band_count=len(self.bands),
            band_names=band_names,
            statistics=self.statistics.result(),
            tile_width=self.chip_width,
            tile_height=self.chip_height,
            dtype=image.dtypes[self.bands[0] - 1],
            nodata=image.nodata,
            cell_size=[abs(image.transform.a), abs(image.transform.e)],
            crs=crs_wkt(image),
            source_bands=list(self.bands),
            chip_recipe=self._chip_recipe(config),
        )
        sources = dict((self.previous or {}).get("source_rasters", {}))
        sources[self.source_id] = str(config.raster)
        return ExportSummary(
            task=self.task,
            metadata_format=config.metadata_format,
            spec=spec,
            classes=classes,
            chips=self.records,
            class_pixels=self.class_pixels,
            class_chips=self.class_chips,
            label_dtype=self.label_dtype,
            settings={
                "source_rasters": sources,
                "source_class_data": str(config.class_data),
                "tile_size": [config.tile_width, config.tile_rows],
                "stride": [config.stride_x, config.stride_rows],
                "chip_format": config.chip_format,
                "rotation_angle": config.rotation_angle,
                "min_labelled_fraction": config.min_labelled_fraction,
                "crop_mode": config.crop_mode if self.task == IMAGE_CLASSIFICATION else None,
                "buffer_percent": config.buffer_percent,
            },
        )


def chip_index(path: str) -> int:
    try:
        return int(Path(path).stem)
    except ValueError:
        return -1


def check_append(previous: dict, state: ExportState, config: ExportConfig) -> None:
    """Refuse to append chips that differ from the earlier export's (task, bands, size, format)."""
    spec = InputSpec.from_json(previous["spec"])
    image = state.image
    mismatches = []
    if previous.get("task") != state.task:
        mismatches.append(_("the metadata format"))
    if spec.band_count != len(state.bands) or spec.dtype != image.dtypes[state.bands[0] - 1]:
        mismatches.append(_("the bands or their data type"))
    if (spec.tile_width, spec.tile_height) != (config.tile_width, config.tile_rows):
        mismatches.append(_("the tile size"))
    if previous.get("chip_format", "tif") != config.chip_format:
        mismatches.append(_("the chip format"))
    if mismatches:
        listed = functools.reduce(
            lambda first, second: _("{first} and {second}").format(first=first, second=second),
            mismatches,
        )
        raise InputError(
            "output_folder",
            _(
                "cannot append to {folder}: {mismatches} differ from the earlier export's; "
                "export into a new folder, or use the same settings."
            ).format(folder=config.output_folder, mismatches=listed),
        )


def previous_export(config: ExportConfig) -> dict | None:
    """The earlier export to append to (None: a new export); refuses a folder that holds
    other files unless OVERWRITE replaces it."""
    folder = config.output_folder
    exists_with_files = folder.is_dir() and any(folder.iterdir())
    if config.append and (folder / EXPORT_METADATA_NAME).is_file():
        return read_metadata(folder)
    if exists_with_files and not config.overwrite and not config.append:
        raise InputError(
            "output_folder",
            _(
                "{folder} already holds files; choose a new or empty folder, or switch on "
                "overwrite (replaces an earlier export) or append (adds chips to it)."
            ).format(folder=folder),
        )
    if exists_with_files and config.append:
        raise InputError(
            "output_folder",
            _("{folder} holds other files than an export; append needs an earlier export.").format(
                folder=folder
            ),
        )
    return None


@contextmanager
def output_folder(config: ExportConfig) -> Iterator[Path]:
    """A fresh folder that replaces the output on success, or, when appending, a staging
    folder whose files join the earlier export on success (nothing on cancel or error)."""
    folder = config.output_folder
    if not (config.append and (folder / EXPORT_METADATA_NAME).is_file()):
        with atomic_folder("output_folder", folder, EXPORT_METADATA_NAME) as work:
            yield work
        return
    with atomic_additions(folder) as work:
        yield work


def _band_name(image: DatasetReader, band: int) -> str:
    """The band's description, else its colour (a rendered service's red, green, blue, so
    the model records it was trained on an RGB rendering), else ``band N``."""
    colour = image.colorinterp[band - 1].name
    if image.descriptions[band - 1]:
        return image.descriptions[band - 1]
    return colour if colour in ("red", "green", "blue", "alpha") else f"band {band}"
