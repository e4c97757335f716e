"""Raster layers GDAL cannot open by themselves (a virtual raster of the raster calculator, a
PostGIS raster, a provider of another plugin): their pixels fetched block by block from the
layer's data provider into a temporary GeoTIFF the engine then reads as a file. Memory holds
one strip of blocks at a time, never the whole extent; a cancel stops between strips."""

from __future__ import annotations

import math

import numpy as np
from qgis.core import (
    Qgis,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsRasterLayer,
    QgsRectangle,
)

STRIP_ROWS = 256
DTYPES = {
    Qgis.Byte: "uint8",
    Qgis.UInt16: "uint16",
    Qgis.Int16: "int16",
    Qgis.UInt32: "uint32",
    Qgis.Int32: "int32",
    Qgis.Float32: "float32",
    Qgis.Float64: "float64",
}


class ProviderReadError(Exception):
    """The layer's provider gives no numbers TorchMap can use; the message says why."""


def provider_raster(
    layer: QgsRasterLayer,
    extent: QgsRectangle | None,
    cell_size: float | None,
    feedback: QgsProcessingFeedback | None,
) -> str:
    """A temporary GeoTIFF of ``layer`` over ``extent`` (its whole extent by default) at
    ``cell_size`` (its own by default), fetched from its provider a strip at a time."""
    import rasterio
    from rasterio.transform import from_origin

    provider = layer.dataProvider()
    bands = range(1, provider.bandCount() + 1)
    dtypes = {DTYPES.get(provider.dataType(band)) for band in bands}
    if None in dtypes or len(dtypes) != 1:
        raise ProviderReadError("its bands are not numbers of one type (a rendered image)")
    area = (
        layer.extent() if extent is None or extent.isEmpty() else layer.extent().intersect(extent)
    )
    cell = cell_size or layer.rasterUnitsPerPixelX()
    if area.isEmpty() or not cell or cell <= 0:
        raise ProviderReadError("it has no extent or cell size here: give EXTENT and CELL_SIZE")
    width = max(1, math.ceil(area.width() / cell - 1e-9))
    height = max(1, math.ceil(area.height() / cell - 1e-9))
    nodata = provider.sourceNoDataValue(1) if provider.sourceHasNoDataValue(1) else None
    dtype = next(iter(dtypes))
    if nodata is None and dtype in ("float32", "float64"):
        # QGIS's raster calculator (and its virtual rasters) write -FLT_MAX for no data
        # without declaring it.
        nodata = float(np.finfo(np.float32).min)
    path = QgsProcessingUtils.generateTempFilename("torchmap_layer.tif")
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": len(bands),
        "dtype": dtype,
        "crs": layer.crs().toWkt() or None,
        "nodata": nodata,
        "transform": from_origin(area.xMinimum(), area.yMaximum(), cell, cell),
        "tiled": True,
        "compress": "deflate",
        "BIGTIFF": "IF_SAFER",
    }
    with rasterio.open(path, "w", **profile) as out:
        for top in range(0, height, STRIP_ROWS):
            if feedback is not None and feedback.isCanceled():
                raise ProviderReadError("cancelled")
            rows = min(STRIP_ROWS, height - top)
            ymax = area.yMaximum() - top * cell
            strip = QgsRectangle(
                area.xMinimum(), ymax - rows * cell, area.xMinimum() + width * cell, ymax
            )
            for band in bands:
                block = provider.block(band, strip, width, rows)
                if not block.isValid():
                    raise ProviderReadError(f"its provider returned no data for band {band}")
                values = np.frombuffer(bytes(block.data()), dtype=profile["dtype"])
                out.write(values.reshape(rows, width), band, window=((top, top + rows), (0, width)))
    return path
