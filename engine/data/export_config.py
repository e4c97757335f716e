"""What Export Training Data is asked to do, and what it reports: the settings every part of
the export reads (a leaf module: the export's run, chip selection and state import it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..options import FIXED_SIZE
from ..spec import ClassInfo
from .formats import CLASSIFIED_TILES, IMAGENET

__all__ = ["CLASSIFIED_TILES", "IMAGENET", "SOURCE_ID", "ExportConfig", "ExportResult"]

SOURCE_ID = "0"  # one source raster per export; appends from another raster get another id


@dataclass(frozen=True)
class ExportConfig:
    """What to export. ``class_data`` is a thematic raster (integer class values, 0 or its
    nodata = unlabelled) or a polygon file with ``class_value_field``. Sizes are in pixels of
    the export grid (the raster's, or ``cell_size``'s); ``extent`` is in the raster's CRS."""

    raster: Path | str  # a file, or a GDAL description of an imagery service
    class_data: Path
    output_folder: Path
    tile_size: int = 256  # width (and height unless tile_height is given)
    stride: int | None = None  # x step; None: the tile width (chips that touch)
    tile_height: int | None = None
    stride_y: int | None = None
    class_layer: str | None = None  # layer of a multi-layer vector file
    class_value_field: str | None = None
    class_name_field: str | None = None
    metadata_format: str = CLASSIFIED_TILES
    chip_format: str = "tif"
    bands: tuple[int, ...] | None = None  # 1-based; None: all
    cell_size: float | None = None  # None: the raster's own
    extent: tuple[float, float, float, float] | None = None  # xmin, ymin, xmax, ymax
    mask: Path | None = None
    mask_layer: str | None = None
    min_labelled_fraction: float = 0.0
    export_all_tiles: bool = False
    rotation_angle: float = 0.0
    start_index: int = 0
    append: bool = False
    overwrite: bool = False
    crop_mode: str = FIXED_SIZE
    buffer_percent: float = 0.0
    blacken_around_feature: bool = False
    workers: int = 2

    @property
    def tile_width(self) -> int:
        return self.tile_size

    @property
    def tile_rows(self) -> int:
        return self.tile_height or self.tile_size

    @property
    def stride_x(self) -> int:
        return self.tile_size if self.stride is None else self.stride

    @property
    def stride_rows(self) -> int:
        if self.stride_y is not None:
            return self.stride_y
        return self.stride_x if self.tile_height is None else self.tile_rows


@dataclass(frozen=True)
class ExportResult:
    output_folder: Path
    metadata_path: Path
    chip_count: int
    classes: list[ClassInfo]
