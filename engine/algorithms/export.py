"""torchmap:exporttrainingdata / ``export``: image chips and their labels, from a raster and a
thematic raster or polygons, in the Classified Tiles or ImageNet / Labeled Tiles layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import shared
from .description import (
    BOOLEAN,
    CHOICE,
    FIELD,
    FOLDER_OUT,
    INTEGER,
    LAYER,
    NUMBER,
    RASTER,
    Algorithm,
    Output,
    Parameter,
    qt_text,
)
from .sources import layer_source

TRANSLATION_CONTEXT = "ExportTrainingDataAlgorithm"
METADATA_FORMATS = ("classified_tiles", "imagenet")  # engine/data/formats' names
CHIP_FORMATS = ("tif", "png", "jpg")
# QGIS 3.22's own field widget crashes when the class data are a raster.
CLASS_FIELD_WIDGET = "widgets.ClassFieldWidgetWrapper"


def _field(name: str, label: str, help: str) -> Parameter:
    return Parameter(
        name,
        FIELD,
        label,
        help,
        optional=True,
        field=name.lower(),
        parent="INPUT_CLASS_DATA",
        widget=CLASS_FIELD_WIDGET,
    )


def _switch(name: str, label: str, help: str, field: str = "") -> Parameter:
    return Parameter(name, BOOLEAN, label, help, default=False, advanced=True, field=field)


PARAMETERS = (
    Parameter(
        "INPUT_RASTER",
        RASTER,
        qt_text("Input raster"),
        qt_text(
            "The image to learn from (any band count and data type): a file, a VRT, GeoPackage "
            "tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE over EXTENT."
        ),
        field="raster",
    ),
    Parameter(
        "INPUT_CLASS_DATA",
        LAYER,
        qt_text("Class data (class raster, or polygons with a class value field)"),
        qt_text(
            "What each pixel is: a raster of class values (0 or nodata = unlabelled; its "
            "colour table and category names name and colour the classes) or polygons."
        ),
        field="class_data",
    ),
    _field(
        "CLASS_VALUE_FIELD",
        qt_text("Class value field (integer; polygons only)"),
        qt_text("Polygons only: the integer field holding the class value."),
    ),
    _field(
        "CLASS_NAME_FIELD",
        qt_text("Class name field (polygons only)"),
        qt_text("Polygons only: a field naming each class (optional)."),
    ),
    Parameter(
        "METADATA_FORMAT",
        CHOICE,
        qt_text("Metadata format"),
        qt_text(
            "Classified Tiles: image and label chips for pixel classification (U-Net). "
            "ImageNet / Labeled Tiles: one folder of chips per class, for image and object "
            "classification (ResNet)."
        ),
        default="classified_tiles",
        optional=True,
        field="metadata_format",
        choices=METADATA_FORMATS,
        choice_labels=(
            qt_text("Classified Tiles (pixel classification)"),
            qt_text("ImageNet / Labeled Tiles (image and object classification)"),
        ),
    ),
    Parameter(
        "TILE_SIZE",
        INTEGER,
        qt_text("Tile size (pixels)"),
        qt_text("Width (and height) of each chip in pixels, e.g. 256."),
        default=256,
        field="tile_size",
        minimum=8,
    ),
    Parameter(
        "STRIDE",
        INTEGER,
        qt_text("Stride (pixels; smaller than the tile size for overlapping chips)"),
        qt_text(
            "Pixels between the starts of neighbouring chips; half the tile size gives "
            "overlapping chips, i.e. more of them."
        ),
        default=128,
        field="stride",
        minimum=0,
    ),
    Parameter(
        "CHIP_FORMAT",
        CHOICE,
        qt_text("Chip format"),
        qt_text(
            "File format of the chips: TIFF keeps every band, data type and the georeferencing."
        ),
        default="tif",
        optional=True,
        field="chip_format",
        choices=CHIP_FORMATS,
        choice_labels=(
            qt_text("TIFF (every band and data type, georeferenced)"),
            qt_text("PNG (8-bit, 1, 3 or 4 bands)"),
            qt_text("JPEG (8-bit, 1 or 3 bands; labels as PNG)"),
        ),
    ),
    Parameter(
        "TILE_SIZE_Y",
        INTEGER,
        qt_text("Tile height (pixels; empty: the tile size)"),
        qt_text("Height of each chip when it differs from the width."),
        optional=True,
        advanced=True,
        field="tile_height",
        minimum=8,
    ),
    Parameter(
        "STRIDE_Y",
        INTEGER,
        qt_text("Stride y (pixels; empty: the stride)"),
        qt_text("Vertical stride when it differs from the horizontal one."),
        optional=True,
        advanced=True,
        field="stride_y",
        minimum=0,
    ),
    shared.bands(qt_text("Which raster bands to export, e.g. 4,3,2; empty: all."), advanced=True),
    Parameter(
        "CELL_SIZE",
        NUMBER,
        qt_text("Output cell size (CRS units; empty: the raster's)"),
        qt_text("Resample the image to this cell size first; empty: keep it."),
        optional=True,
        advanced=True,
        field="cell_size",
        minimum=0.0,
    ),
    shared.extent(qt_text("Export only this part of the raster."), advanced=True),
    shared.mask_layer(qt_text("Export only chips inside these polygons."), advanced=True),
    Parameter(
        "MIN_LABELLED_FRACTION",
        NUMBER,
        qt_text("Minimum labelled fraction of a chip (0-1)"),
        qt_text("Skip chips with a smaller share of labelled pixels."),
        default=0.0,
        advanced=True,
        field="min_labelled_fraction",
        minimum=0.0,
        maximum=1.0,
        decimals=2,
    ),
    _switch(
        "EXPORT_ALL_TILES",
        qt_text("Export all tiles (also those without labels)"),
        qt_text("Also write chips that have no labelled pixel."),
    ),
    Parameter(
        "ROTATION_ANGLE",
        NUMBER,
        qt_text("Rotation angle for extra rotated chips (degrees; 0: none)"),
        qt_text("Also write copies rotated by this angle (augmentation); 0: none."),
        default=0.0,
        advanced=True,
        field="rotation_angle",
        minimum=0.0,
        maximum=359.0,
        decimals=1,
    ),
    shared.crop_mode(
        qt_text("ImageNet from polygons: how a feature's chip is cut."),
        default="fixed_size",
        advanced=True,
    ),
    shared.buffer(
        qt_text("ImageNet from polygons: margin added around each bounding box."),
        default=0.0,
        advanced=True,
    ),
    shared.blacken_around_feature(
        qt_text("ImageNet from polygons: set pixels outside the feature to 0."), advanced=True
    ),
    Parameter(
        "START_INDEX",
        INTEGER,
        qt_text("Start index of chip names"),
        qt_text("Number of the first chip file (to continue an export)."),
        default=0,
        advanced=True,
        field="start_index",
        minimum=0,
    ),
    _switch(
        "APPEND",
        qt_text("Append to an existing export"),
        qt_text("Add the chips to an existing export of the same bands and classes."),
    ),
    _switch(
        "OVERWRITE",
        qt_text("Overwrite an existing export"),
        qt_text("Replace an existing TorchMap export in the output folder."),
    ),
    Parameter(
        "OUTPUT_FOLDER",
        FOLDER_OUT,
        qt_text("Output folder"),
        qt_text("Where images/, labels/ and torchmap_export.json are written."),
        field="output_folder",
    ),
)

INTRO = qt_text(
    "Cuts an image raster into chips labelled by a thematic class raster or by "
    "polygons, for training a pixel classifier (Classified Tiles) or an image / object "
    "classifier (ImageNet / Labeled Tiles).\n\n"
    "Class data: a raster of integer class values (0 or its nodata = unlabelled; its "
    "colour table and category names name and colour the classes), or a polygon "
    "layer with an integer class value field and an optional class name field. "
    "Polygons are rasterised on each chip's own grid; labels in another CRS are "
    "reprojected. Class values need not be 1..n (10/20/30 and values above 255 keep "
    "their values). Image nodata (value, mask, alpha, NaN) is never learned from.\n\n"
    "Classified Tiles: images/ and labels/ chips of the same names, with ArcGIS's "
    "esri_model_definition.emd, esri_accumulated_stats.json, map.txt and stats.txt. "
    "ImageNet: images/<class name>/<id> chips, one per polygon (fixed size around its "
    "centroid, or its bounding box plus a buffer, resized to the tile size), or one "
    "per tile of a class raster labelled by its majority class. Both write "
    "torchmap_export.json: classes, bands, statistics over valid pixels, CRS, cell "
    "size and the source position of every chip.\n\n"
    "An existing folder is refused unless Overwrite (replaces an earlier export) or "
    "Append (adds chips to it, numbered from Start index) is on."
)


def config(values: dict[str, Any]) -> Any:
    """The engine's settings from the parameters' values (see ``description.KINDS``)."""
    from ..data.export import ExportConfig
    from ..raster_sources import is_service, resolve_raster

    class_data = layer_source(values["INPUT_CLASS_DATA"])
    mask = layer_source(values.get("MASK_LAYER"))
    bands = shared.parse_bands(values.get("BANDS"))
    raster = resolve_raster(
        "input_raster", values["INPUT_RASTER"], values.get("CELL_SIZE"), values.get("EXTENT")
    )
    return ExportConfig(
        raster=raster if is_service(values["INPUT_RASTER"]) else Path(raster),
        class_data=Path(class_data.path),
        class_layer=class_data.layer,
        output_folder=Path(values["OUTPUT_FOLDER"]),
        class_value_field=values.get("CLASS_VALUE_FIELD") or None,
        class_name_field=values.get("CLASS_NAME_FIELD") or None,
        metadata_format=values["METADATA_FORMAT"],
        tile_size=values["TILE_SIZE"],
        tile_height=values.get("TILE_SIZE_Y"),
        stride=values["STRIDE"],
        stride_y=values.get("STRIDE_Y"),
        chip_format=values["CHIP_FORMAT"],
        bands=tuple(bands) if bands else None,
        cell_size=values.get("CELL_SIZE") or None,
        extent=values.get("EXTENT"),
        mask=Path(mask.path) if mask else None,
        mask_layer=mask.layer if mask else None,
        min_labelled_fraction=values["MIN_LABELLED_FRACTION"],
        export_all_tiles=values["EXPORT_ALL_TILES"],
        rotation_angle=values["ROTATION_ANGLE"],
        crop_mode=values["CROP_MODE"],
        buffer_percent=values["BUFFER"],
        blacken_around_feature=values["BLACKEN_AROUND_FEATURE"],
        start_index=values["START_INDEX"],
        append=values["APPEND"],
        overwrite=values["OVERWRITE"],
    )


def run(values: dict[str, Any], reporter: Any) -> dict[str, Any]:
    from ..data.export import export_training_data

    result = export_training_data(config(values), reporter)
    return {"OUTPUT_FOLDER": str(result.output_folder), "CHIP_COUNT": result.chip_count}


ALGORITHM = Algorithm(
    name="exporttrainingdata",
    command="export",
    title=qt_text("Export Training Data"),
    intro=INTRO,
    parameters=PARAMETERS,
    outputs=(Output("CHIP_COUNT", "number", qt_text("Number of chips")),),
    config=config,
    run=run,
    translation_context=TRANSLATION_CONTEXT,
)
