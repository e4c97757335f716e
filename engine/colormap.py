"""Class colours that travel with the data: read from and written to GDAL colour tables."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import rasterio

from .spec import ClassInfo

log = logging.getLogger(__name__)

# Distinct colours for classes that come without any (a qualitative palette in the spirit of
# ColorBrewer's "Set1"/"Dark2", reordered so that neighbours differ in hue).
DEFAULT_PALETTE: tuple[str, ...] = (
    "#1f78b4",
    "#33a02c",
    "#e31a1c",
    "#ff7f00",
    "#6a3d9a",
    "#b15928",
    "#a6cee3",
    "#b2df8a",
    "#fb9a99",
    "#fdbf6f",
    "#cab2d6",
    "#ffff99",
    "#8dd3c7",
    "#bebada",
    "#80b1d3",
    "#fccde5",
    "#d9d9d9",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
)


def default_color(index: int) -> str:
    """A palette colour for the ``index``-th class (cycling when there are many classes)."""
    return DEFAULT_PALETTE[index % len(DEFAULT_PALETTE)]


def hex_to_rgba(color: str) -> tuple[int, int, int, int]:
    """``#rrggbb`` to an opaque RGBA tuple."""
    text = color.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16), 255


def rgba_to_hex(rgba: tuple[int, ...]) -> str:
    """An RGB(A) tuple to ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])


def read_class_legend(path: Path) -> tuple[dict[int, str], dict[int, str]]:
    """Names and colours by value from a thematic raster's first band, where it has them."""
    colors: dict[int, str] = {}
    # A raster without a colour table raises ValueError: its classes get default colours.
    with rasterio.open(path) as src, contextlib.suppress(ValueError):
        colors = {value: rgba_to_hex(rgba) for value, rgba in src.colormap(1).items()}
    return _read_category_names(path), colors


def _read_category_names(path: Path) -> dict[int, str]:
    """GDAL category names by value (rasterio cannot read them; GDAL's bindings can)."""
    try:
        from osgeo import gdal
    except ImportError:
        return {}
    dataset = gdal.OpenEx(str(path), gdal.OF_RASTER | gdal.OF_READONLY)
    if dataset is None:
        return {}
    # GDAL 3.6's GeoTIFF driver reads the .aux.xml (where category names live) lazily, and
    # GetCategoryNames alone does not trigger it: any georeferencing query does.
    dataset.GetGeoTransform()
    names = dataset.GetRasterBand(1).GetCategoryNames() or []
    return {value: name for value, name in enumerate(names) if name}


def build_classes(
    values: list[int], names: dict[int, str], colors: dict[int, str]
) -> list[ClassInfo]:
    """ClassInfo for each value, taking the raster's names and colours where it had them."""
    return [
        ClassInfo(
            value=value,
            name=names.get(value) or f"class {value}",
            color=colors.get(value) or default_color(index),
        )
        for index, value in enumerate(sorted(values))
    ]


def write_category_names(path: Path, classes: list[ClassInfo]) -> None:
    """Write class names as GDAL category names of a closed single-band classified raster
    (GeoTIFF keeps them in an .aux.xml beside it), so that QGIS's legend shows them."""
    try:
        from osgeo import gdal
    except ImportError:
        log.warning("GDAL's Python bindings are missing: class names not written to %s", path)
        return
    names = [""] * (max(c.value for c in classes) + 1)
    for info in classes:
        names[info.value] = info.name
    dataset = gdal.OpenEx(str(path), gdal.OF_RASTER | gdal.OF_UPDATE)
    dataset.GetRasterBand(1).SetCategoryNames(names)
    dataset.FlushCache()


def write_color_table(path: Path, classes: list[ClassInfo]) -> None:
    """Through GDAL: rasterio writes at most 256 entries, classes may go up to 65535."""
    from osgeo import gdal

    table = gdal.ColorTable()
    for info in classes:
        table.SetColorEntry(info.value, hex_to_rgba(info.color))
    dataset = gdal.OpenEx(str(path), gdal.OF_RASTER | gdal.OF_UPDATE)
    dataset.GetRasterBand(1).SetRasterColorTable(table)
    dataset = None  # closes and flushes
