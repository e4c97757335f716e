"""Tiny generated datasets for tests: rasters, class rasters, polygons and chip folders.

Classes are spatial blocks whose band values differ clearly, so a network learns them in a
couple of epochs; every generator takes a seed and is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

CRS = "EPSG:32615"
ORIGIN = (500_000.0, 1_700_000.0)
CELL = 10.0
IMAGE_NODATA = -9999


@dataclass(frozen=True)
class Scene:
    image: Path
    labels: Path
    truth: np.ndarray  # class of every pixel (1..3)


def class_map(size: int) -> np.ndarray:
    """Three classes: a left half, a right half, and a bottom band across both."""
    classes = np.ones((size, size), dtype=np.uint8)
    classes[:, size // 2 :] = 2
    classes[int(size * 0.7) :, :] = 3
    return classes


def class_pixels(classes: np.ndarray, bands: int, seed: int) -> np.ndarray:
    """int16 reflectance-like values: each class a distinct signature plus noise."""
    rng = np.random.default_rng(seed)
    signatures = np.array(
        [[300, 900, 200, 600, 100], [1200, 300, 800, 100, 700], [600, 600, 1500, 900, 300]]
    )
    pixels = signatures[classes - 1][..., :bands].transpose(2, 0, 1).astype(np.float64)
    pixels += rng.normal(0, 60, pixels.shape)
    return pixels.astype(np.int16)


def profile(size: int, count: int, dtype: str, nodata: float | None) -> dict:
    return {
        "driver": "GTiff",
        "width": size,
        "height": size,
        "count": count,
        "dtype": dtype,
        "crs": CRS,
        "transform": from_origin(*ORIGIN, CELL, CELL),
        "nodata": nodata,
    }


def write_scene(
    folder: Path, size: int = 64, bands: int = 3, seed: int = 0, nodata_corner: int = 4
) -> Scene:
    """An image (int16, nodata in the top-left corner) and a fully labelled class raster."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = class_map(size)
    pixels = class_pixels(truth, bands, seed)
    pixels[:, :nodata_corner, :nodata_corner] = IMAGE_NODATA
    image, labels = folder / "image.tif", folder / "labels.tif"
    with rasterio.open(image, "w", **profile(size, bands, "int16", IMAGE_NODATA)) as dst:
        dst.write(pixels)
    write_class_raster(labels, truth)
    return Scene(image=image, labels=labels, truth=truth)


def write_class_raster(path: Path, classes: np.ndarray, colormap: dict | None = None) -> Path:
    """A uint8 thematic raster (0 = unlabelled), optionally with a colour table."""
    with rasterio.open(path, "w", **profile(classes.shape[0], 1, "uint8", 0)) as dst:
        dst.write(classes[None].astype(np.uint8))
        if colormap:
            dst.write_colormap(1, colormap)
    return path


def write_image_folder(
    folder: Path, chips_per_class: int = 8, chip: int = 16, bands: int = 3, seed: int = 0
) -> Path:
    """One sub-folder of GeoTIFF chips per class (named after the class)."""
    rng = np.random.default_rng(seed)
    for value, name in enumerate(("water", "forest", "urban"), start=1):
        (folder / name).mkdir(parents=True, exist_ok=True)
        for index in range(chips_per_class):
            pixels = class_pixels(
                np.full((chip, chip), value, np.uint8), bands, int(rng.integers(1e6))
            )
            with rasterio.open(
                folder / name / f"{index:03d}.tif", "w", **profile(chip, bands, "int16", None)
            ) as dst:
                dst.write(pixels)
    return folder


def pixel_box(col: int, row: int, width: int, height: int) -> tuple[float, float, float, float]:
    """Map extent (xmin, ymin, xmax, ymax) of a pixel rectangle of the generated rasters."""
    x0, y0 = ORIGIN
    return (x0 + col * CELL, y0 - (row + height) * CELL, x0 + (col + width) * CELL, y0 - row * CELL)


def write_polygons(
    path: Path, boxes: list[tuple[float, float, float, float]], crs_epsg: int = 32615
) -> Path:
    """A GeoPackage of rectangles with fields ``name`` and ``area_ha``."""
    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(crs_epsg)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("objects", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("area_ha", ogr.OFTReal))
    for index, (xmin, ymin, xmax, ymax) in enumerate(boxes):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("name", f"object {index}")
        feature.SetField("area_ha", (xmax - xmin) * (ymax - ymin) / 10_000)
        ring = (
            f"POLYGON (({xmin} {ymin}, {xmax} {ymin}, {xmax} {ymax}, {xmin} {ymax}, {xmin} {ymin}))"
        )
        feature.SetGeometry(ogr.CreateGeometryFromWkt(ring))
        layer.CreateFeature(feature)
    source = None  # closes and flushes the GeoPackage
    return path


def box_geometry(col: float, row: float, width: float, height: float) -> dict:
    """A GeoJSON polygon over a pixel rectangle of the generated rasters."""
    xmin, ymin, xmax, ymax = pixel_box(col, row, width, height)
    ring = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax), (xmin, ymin)]
    return {"type": "Polygon", "coordinates": [ring]}


def point_geometry(col: float, row: float) -> dict:
    """A GeoJSON point at a pixel position of the generated rasters."""
    return {"type": "Point", "coordinates": (ORIGIN[0] + col * CELL, ORIGIN[1] - row * CELL)}
