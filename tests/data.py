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


def write_rare_class_scene(folder: Path, size: int = 192, seed: int = 0) -> Scene:
    """4 int16 bands: three common classes in broad regions and a rare one (about 2% of the
    pixels) in small 6 x 6 patches, with noisy signatures so the task is not trivial."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:size, 0:size]
    truth = np.where(cols < size * 0.45, 1, 2).astype(np.uint8)
    truth[rows > size * 0.65] = 3
    for _ in range(size * size // 1800):
        row, col = rng.integers(0, size - 6, 2)
        truth[row : row + 6, col : col + 6] = 4
    signatures = np.array(
        [[300, 900, 200, 600], [800, 500, 700, 300], [600, 600, 1100, 900], [1300, 1200, 400, 1100]]
    )
    pixels = signatures[truth - 1].transpose(2, 0, 1) + rng.normal(0, 150, (4, size, size))
    folder.mkdir(parents=True, exist_ok=True)
    image, labels = folder / "image.tif", folder / "labels.tif"
    with rasterio.open(image, "w", **profile(size, 4, "int16", IMAGE_NODATA)) as dst:
        dst.write(pixels.astype(np.int16))
    write_class_raster(labels, truth)
    return Scene(image=image, labels=labels, truth=truth)


def write_jpeg_class_folders(folder: Path, per_class: int = 6, size: int = 32) -> Path:
    """The NWPU-RESISC45 layout: one folder of RGB JPEGs per class, no georeference."""
    from PIL import Image

    rng = np.random.default_rng(1)
    colours = {"lake": (40, 80, 160), "meadow": (70, 160, 60), "desert": (210, 180, 120)}
    for name, colour in colours.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            pixels = np.array(colour) + rng.normal(0, 20, (size, size, 3))
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            image.save(folder / name / f"{name}_{index:03d}.jpg", quality=90)
    return folder


def two_class_boxes() -> list[tuple[tuple[float, float, float, float], int, str]]:
    """Labelling rectangles of the scene: class 10 "water" and class 20 "forest" (twice)."""
    return [
        (pixel_box(2, 2, 20, 20), 10, "water"),
        (pixel_box(36, 36, 20, 12), 20, "forest"),
        (pixel_box(40, 4, 8, 8), 20, "forest"),
    ]


def write_class_polygons(
    path: Path,
    polygons: list[tuple[tuple[float, float, float, float], int | None, str]],
    crs_epsg: int = 32615,
    value_type: str = "integer",
    geometry: str = "polygon",
) -> Path:
    """A GeoPackage of labelling rectangles (map boxes) with fields ``class_value`` and
    ``class_name``; ``geometry="line"`` writes their outlines instead (a wrong input)."""
    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(crs_epsg)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    kinds = {"integer": ogr.OFTInteger, "real": ogr.OFTReal, "string": ogr.OFTString}
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    kind = ogr.wkbPolygon if geometry == "polygon" else ogr.wkbLineString
    layer = source.CreateLayer("labels", reference, kind)
    layer.CreateField(ogr.FieldDefn("class_value", kinds[value_type]))
    layer.CreateField(ogr.FieldDefn("class_name", ogr.OFTString))
    for (xmin, ymin, xmax, ymax), value, name in polygons:
        feature = ogr.Feature(layer.GetLayerDefn())
        if value is not None:
            feature.SetField("class_value", value)
        feature.SetField("class_name", name)
        ring = f"{xmin} {ymin}, {xmax} {ymin}, {xmax} {ymax}, {xmin} {ymax}, {xmin} {ymin}"
        text = f"POLYGON (({ring}))" if geometry == "polygon" else f"LINESTRING ({ring})"
        feature.SetGeometry(ogr.CreateGeometryFromWkt(text))
        layer.CreateFeature(feature)
    source = None  # closes and flushes the GeoPackage
    return path


def write_rgb_scene(tmp_path: Path) -> Scene:
    """The scene as 8-bit RGB without nodata (what PNG and JPEG chips can hold)."""
    scene = write_scene(tmp_path / "scene", nodata_corner=0)
    with rasterio.open(scene.image) as src:
        pixels = np.clip(src.read() / 8, 0, 255).astype("uint8")
    rgb = tmp_path / "rgb.tif"
    with rasterio.open(rgb, "w", **profile(64, 3, "uint8", None)) as dst:
        dst.write(pixels)
    return Scene(image=rgb, labels=scene.labels, truth=scene.truth)


def box_geometry(col: float, row: float, width: float, height: float) -> dict:
    """A GeoJSON polygon over a pixel rectangle of the generated rasters."""
    xmin, ymin, xmax, ymax = pixel_box(col, row, width, height)
    ring = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax), (xmin, ymin)]
    return {"type": "Polygon", "coordinates": [ring]}


def point_geometry(col: float, row: float) -> dict:
    """A GeoJSON point at a pixel position of the generated rasters."""
    return {"type": "Point", "coordinates": (ORIGIN[0] + col * CELL, ORIGIN[1] - row * CELL)}


WEB_MERCATOR_HALF = 20037508.342789244


def write_xyz_tiles(image: Path, folder: Path, zooms: range, bands: int = 3) -> Path:
    """A local XYZ tile folder ``folder/{z}/{x}/{y}.png`` (EPSG:3857, 256 px, as a basemap
    service serves) rendered from the first ``bands`` bands of ``image``, scaled to bytes."""
    from rasterio.warp import Resampling, reproject, transform_bounds

    with rasterio.open(image) as src:
        pixels = src.read(list(range(1, bands + 1))).astype(np.float64)
        low, high = np.percentile(pixels, [1, 99])
        scaled = np.clip((pixels - low) / (high - low) * 254 + 1, 1, 255).astype(np.uint8)
        west, south, east, north = transform_bounds(src.crs, "EPSG:3857", *src.bounds)
        for zoom in zooms:
            size = 2 * WEB_MERCATOR_HALF / 2**zoom
            for x in range(
                int((west + WEB_MERCATOR_HALF) // size), int((east + WEB_MERCATOR_HALF) // size) + 1
            ):
                for y in range(int((WEB_MERCATOR_HALF - north) // size),
                               int((WEB_MERCATOR_HALF - south) // size) + 1):  # fmt: skip
                    tile = np.zeros((bands, 256, 256), np.uint8)
                    left, top = x * size - WEB_MERCATOR_HALF, WEB_MERCATOR_HALF - y * size
                    transform = rasterio.transform.from_origin(left, top, size / 256, size / 256)
                    reproject(
                        scaled,
                        tile,
                        src_transform=src.transform,
                        src_crs=src.crs,
                        dst_transform=transform,
                        dst_crs="EPSG:3857",
                        resampling=Resampling.bilinear,
                    )
                    path = folder / str(zoom) / str(x) / f"{y}.png"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    from PIL import Image

                    Image.fromarray(np.moveaxis(tile, 0, -1)).save(path)
    return folder
