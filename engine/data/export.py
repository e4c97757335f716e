"""Export Training Data: image chips and their labels from a raster and a thematic raster or
polygons, in TorchMap's / ArcGIS's *Classified Tiles* layout (pixel labels) or the *ImageNet*
/ *Labeled Tiles* layout (one class per chip), with the metadata that describes them.

This module opens the inputs and checks the settings; ``chip_selection`` chooses and cuts
the chips (an :class:`ExportRun`), ``export_state`` records them and holds the append rules,
``export_config`` the settings."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import rasterio
from rasterio.io import DatasetReader
from rasterio.windows import Window

from ..errors import InputError
from ..i18n import _
from ..options import (
    BOUNDING_BOX,
    CROP_MODES,
)
from ..rasters import (
    bounded_gdal_cache,
    crs_wkt,
    extent_window,
    is_service_dataset,
    open_raster,
    resampled,
    service_grid,
    service_reads,
    snapped,
)
from ..reporter import NullReporter, Reporter
from .chip_selection import ExportRun
from .chip_writer import CHIP_FORMATS, ChipWriter, check_chip_format
from .export_config import ExportConfig, ExportResult
from .export_state import ExportState, output_folder, previous_export
from .feature_checks import SkippedFeatures
from .formats import IMAGENET, METADATA_FORMATS
from .formats import writer as metadata_format
from .formats.torchmap import EXPORT_METADATA_NAME, write_metadata
from .labels import (
    LabelSource,
    PolygonLabels,
    RasterLabels,
    read_polygon_features,
)
from .records import ExportSummary

MIN_TILE_SIZE = 8
GDAL_CACHE_BYTES = 64 * 1024 * 1024  # GDAL's block cache would otherwise grow with the raster


def export_training_data(config: ExportConfig, reporter: Reporter | None = None) -> ExportResult:
    """Write the chips and their metadata into the output folder: whole, or not at all."""
    reporter = reporter or NullReporter()
    _check_options(config)
    with (
        service_reads("raster", config.raster),
        bounded_gdal_cache(GDAL_CACHE_BYTES),
        ExitStack() as stack,
    ):
        source = stack.enter_context(open_raster("raster", config.raster))
        image = stack.enter_context(_on_export_grid(source, config.cell_size, config.extent))
        bands = _bands(config, image)
        check_chip_format(config.chip_format, image.dtypes[bands[0] - 1], len(bands))
        area = _processing_window(config, image)
        labels = _label_source(config, image, area, reporter)
        stack.callback(labels.close)
        for conflict in getattr(labels, "conflicts", []):
            reporter.warning(conflict)
        mask = _mask_source(config, image, reporter)
        previous = previous_export(config)
        # The writer closes (its threads done) before the folder is kept or removed.
        with (
            output_folder(config) as work,
            ChipWriter(work, config.chip_format, config.workers) as writer,
        ):
            state = ExportState(image, bands, labels, previous, config)
            ExportRun(config, image, bands, area, labels, mask, state, writer, reporter).write()
            writer.finish()
            summary = _describe(config, image, state)
            write_metadata(work, summary)
            metadata_format(config.metadata_format).write(work, summary)
    _report_exported(config, state, summary, appended=previous is not None, reporter=reporter)
    return ExportResult(
        output_folder=config.output_folder,
        metadata_path=config.output_folder / EXPORT_METADATA_NAME,
        chip_count=state.new_chips,
        classes=summary.classes,
    )


def _describe(config: ExportConfig, image: DatasetReader, state: ExportState) -> ExportSummary:
    """The export's description for the metadata writers; refuses an export of no chip."""
    if state.new_chips == 0:
        raise InputError(
            "class_data",
            _(
                "{path} has no labelled pixels over valid pixels of the image in the "
                "processing extent (or too few for MIN_LABELLED_FRACTION); label some "
                "pixels inside the image's extent, or check that both layers cover the "
                "same area."
            ).format(path=config.class_data),
        )
    return state.summary(config, image)


def _report_exported(
    config: ExportConfig,
    state: ExportState,
    summary: ExportSummary,
    appended: bool,
    reporter: Reporter,
) -> None:
    if appended:
        exported = _(
            "Exported {count} chips of {width} x {height} px with {classes} classes to "
            "{folder} ({total} in all)."
        )
    else:
        exported = _(
            "Exported {count} chips of {width} x {height} px with {classes} classes to {folder}."
        )
    reporter.info(
        exported.format(
            count=state.new_chips,
            width=config.tile_width,
            height=config.tile_rows,
            classes=len(summary.classes),
            folder=config.output_folder,
            total=len(summary.chips),
        )
    )


def _check_options(config: ExportConfig) -> None:
    for name, value in (("tile_size", config.tile_width), ("tile_size", config.tile_rows)):
        if value < MIN_TILE_SIZE:
            raise InputError(
                name,
                _("must be at least {minimum} pixels (got {value}).").format(
                    minimum=MIN_TILE_SIZE, value=value
                ),
            )
    for value in (config.stride_x, config.stride_rows):
        if value < 1:
            raise InputError(
                "stride", _("must be at least 1 pixel (got {value}).").format(value=value)
            )
    if config.metadata_format not in METADATA_FORMATS:
        raise InputError(
            "metadata_format",
            _("must be one of {choices}.").format(choices=", ".join(METADATA_FORMATS)),
        )
    if config.chip_format not in CHIP_FORMATS:
        raise InputError(
            "chip_format", _("must be one of {choices}.").format(choices=", ".join(CHIP_FORMATS))
        )
    if config.crop_mode not in CROP_MODES:
        raise InputError(
            "crop_mode", _("must be one of {choices}.").format(choices=", ".join(CROP_MODES))
        )
    if not 0 <= config.min_labelled_fraction <= 1:
        raise InputError("min_labelled_fraction", _("must lie between 0 and 1."))
    if not 0 <= config.rotation_angle < 360:
        raise InputError("rotation_angle", _("must lie between 0 and 360 degrees (0: none)."))
    if config.cell_size is not None and not config.cell_size > 0:
        raise InputError("cell_size", _("must be above 0 (or empty for the raster's own)."))
    if config.buffer_percent < 0:
        raise InputError("buffer_percent", _("must not be negative."))
    if config.start_index < 0:
        raise InputError("start_index", _("must not be negative."))


@contextmanager
def _on_export_grid(
    src: DatasetReader, cell: float | None, extent: tuple[float, float, float, float] | None
) -> Iterator[DatasetReader]:
    """The raster itself, or resampled on the fly (bilinear) to ``cell`` CRS units; an
    imagery service on the cell size's own grid over the extent."""
    if is_service_dataset(src):
        with snapped(src, *service_grid(extent, cell)) as vrt:
            yield vrt
        return
    if cell is None or math.isclose(cell, abs(src.transform.a)):
        yield src
        return
    with resampled(src, cell) as vrt:
        yield vrt


def _bands(config: ExportConfig, image: DatasetReader) -> list[int]:
    bands = list(config.bands) if config.bands else list(image.indexes)
    bad = [band for band in bands if not 1 <= band <= image.count]
    if bad:
        raise InputError(
            "bands",
            _("band {band} does not exist; the raster has bands 1 to {count}.").format(
                band=bad[0], count=image.count
            ),
        )
    dtypes = {image.dtypes[band - 1] for band in bands}
    if len(dtypes) > 1:
        raise InputError(
            "bands",
            _("the chosen bands mix data types ({dtypes}).").format(dtypes=", ".join(dtypes)),
        )
    return bands


def _processing_window(config: ExportConfig, image: DatasetReader) -> Window:
    """The pixel window to tile: the raster, or its part inside the processing extent."""
    full = extent_window("extent", image, config.extent)
    if config.metadata_format == IMAGENET and config.crop_mode == BOUNDING_BOX:
        return full  # chips are resized feature boxes: no tile needs to fit
    if full.width < config.tile_width or full.height < config.tile_rows:
        if config.extent:
            too_large = _(
                "{width} x {height} px is larger than the processing extent ({area_width} x "
                "{area_height} pixels); use at most {most}."
            )
        else:
            too_large = _(
                "{width} x {height} px is larger than the raster ({area_width} x {area_height} "
                "pixels); use at most {most}."
            )
        raise InputError(
            "tile_size",
            too_large.format(
                width=config.tile_width,
                height=config.tile_rows,
                area_width=int(full.width),
                area_height=int(full.height),
                most=int(min(full.width, full.height)),
            ),
        )
    return full


def _window_bounds(image: DatasetReader, window: Window) -> tuple[float, float, float, float]:
    return tuple(rasterio.windows.bounds(window, image.transform))


def _is_vector(config: ExportConfig) -> bool:
    if config.class_value_field or config.class_layer:
        return True
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        raster = gdal.OpenEx(str(config.class_data), gdal.OF_RASTER | gdal.OF_READONLY)
        return raster is None and Path(config.class_data).exists()
    finally:
        gdal.PopErrorHandler()


def _label_source(
    config: ExportConfig, image: DatasetReader, area: Window, reporter: Reporter
) -> LabelSource:
    if not _is_vector(config):
        return RasterLabels(config.class_data, image)
    if not config.class_value_field:
        raise InputError(
            "class_value_field",
            _(
                "{path} is a vector layer: choose its integer field of class values "
                "(CLASS_VALUE_FIELD)."
            ).format(path=config.class_data),
        )
    skipped = SkippedFeatures()
    features = read_polygon_features(
        "class_data",
        config.class_data,
        config.class_layer,
        crs_wkt(image),
        config.class_value_field,
        config.class_name_field,
        skipped,
    )
    _warn_skipped(reporter, config.class_data, skipped)
    return PolygonLabels(features, _window_bounds(image, area), config.class_data)


def _mask_source(
    config: ExportConfig, image: DatasetReader, reporter: Reporter
) -> PolygonLabels | None:
    if config.mask is None:
        return None
    skipped = SkippedFeatures()
    features = read_polygon_features(
        "mask", config.mask, config.mask_layer, crs_wkt(image), None, skipped=skipped
    )
    _warn_skipped(reporter, config.mask, skipped)
    try:
        return PolygonLabels(features, tuple(image.bounds), config.mask)
    except InputError as error:
        raise InputError("mask", error.message) from error


def _warn_skipped(reporter: Reporter, path: Path, skipped: SkippedFeatures) -> None:
    """One warning for the features of ``path`` that were skipped or repaired (before
    anything can fail for want of them, so that the warning explains the failure)."""
    message = skipped.warning()
    if message:
        reporter.warning(_("{path}: {message}").format(path=path, message=message))
