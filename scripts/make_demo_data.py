"""Generate a small synthetic land-cover scene for the TorchMap demo and tests.

Usage:
    python scripts/make_demo_data.py OUTPUT_DIR [--size 384] [--seed 7]
    python scripts/make_demo_data.py --compare TRUTH.tif PREDICTION.tif

The first form writes, deterministically for a given seed: ``scene.tif`` (4-band uint16
image), ``labels.tif`` (training labels on the left part of the scene), ``truth.tif`` (the
full class map the generator knows), ``fishnet.gpkg`` (square polygons covering the scene)
and ``chips/<class>/*.tif`` (an image-classification training folder). The second form prints
how well a classified map agrees with the truth on the never-labelled hold-out part.
Only numpy, rasterio and GDAL's own Python bindings are used: no download, no QGIS.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from osgeo import gdal, ogr, osr
from rasterio.transform import Affine, from_origin
from rasterio.windows import Window
from rasterio.windows import transform as window_transform

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

EPSG = 32615  # WGS 84 / UTM zone 15N
PIXEL_SIZE = 10.0  # metres, like Sentinel-2's 10 m bands
ORIGIN_X, ORIGIN_Y = 500_000.0, 1_700_000.0  # top-left corner, southern Mexico
BAND_NAMES = ("blue", "green", "red", "nir")
NODATA = 0
LABELLED_FRACTION = 0.6  # the left part is labelled; the rest is left for inference
HOLDOUT_TAG = "TORCHMAP_DEMO_HOLDOUT_COL_OFF"  # first never-labelled column, kept in truth.tif
SEED_POINTS_PER_384 = 42  # patch density: seed points in a 384 x 384 scene (patches ~60 px)
MIN_SIZE = 256  # smaller scenes have too few patches for pure chips of every class
FISHNET_CELL_PIXELS = 32
CHIP_SIZE = 32
CHIP_PURITY = 0.9
CHIPS_PER_CLASS = 48
MIN_CHIPS_PER_CLASS = 20  # fewer is accepted, with a warning; none is an error


@dataclass(frozen=True)
class LandCover:
    """One class: raster value, name, colour and mean reflectance x10000 per band."""

    value: int
    name: str
    rgb: tuple[int, int, int]
    reflectance: tuple[float, float, float, float]  # blue, green, red, nir
    texture: float  # relative amplitude of its spatially correlated texture

    @property
    def folder(self) -> str:
        """Chip folder name: the class name without spaces, which shells and tools dislike."""
        return self.name.replace(" ", "_")


# Signatures overlap on purpose (forest/grassland in the visible bands, urban/bare soil
# everywhere) so that a model has to combine bands and texture.
CLASSES: tuple[LandCover, ...] = (
    LandCover(1, "water", (31, 120, 180), (650, 700, 450, 250), 0.03),
    LandCover(2, "forest", (26, 102, 46), (350, 650, 420, 3300), 0.10),
    LandCover(3, "grassland", (140, 200, 90), (500, 900, 700, 2700), 0.07),
    LandCover(4, "urban", (160, 160, 160), (1300, 1450, 1650, 2200), 0.22),
    LandCover(5, "bare soil", (205, 170, 125), (1100, 1400, 1850, 2450), 0.08),
)


# ---------------------------------------------------------------------------------------------
# Land cover


def box_blur(field: np.ndarray, radius: int) -> np.ndarray:
    """Mean over a (2 * radius + 1)^2 window via summed-area tables (edges replicated)."""
    size = 2 * radius + 1
    padded = np.pad(field, radius, mode="edge")
    table = np.pad(padded.cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    sums = table[size:, size:] - table[:-size, size:] - table[size:, :-size] + table[:-size, :-size]
    return sums / size**2


def smooth_noise(rng: np.random.Generator, size: int, radius: int) -> np.ndarray:
    """Spatially correlated noise with zero mean and unit standard deviation."""
    # Two box blurs approximate a Gaussian blur, avoiding blocky artefacts.
    field = box_blur(box_blur(rng.standard_normal((size, size)), radius), radius)
    return (field - field.mean()) / field.std()


def balanced_classes(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` class values, each class as often as possible, in random order."""
    values = np.array([c.value for c in CLASSES], dtype=np.uint8)
    return rng.permutation(np.resize(rng.permutation(values), count))


def voronoi_land_cover(
    rng: np.random.Generator, size: int, labelled_cols: int
) -> tuple[np.ndarray, np.ndarray]:
    """Big homogeneous patches: Voronoi cells of random seed points, with wiggly borders.

    Returns the cell index of each pixel and the class value of each cell."""
    # Seed points scale with the area, so that patches keep their size at any scene size.
    seed_count = round(SEED_POINTS_PER_384 * (size / 384) ** 2)
    seeds = rng.uniform(0, size, (seed_count, 2))  # (row, col)
    # Classes are balanced separately inside and outside the labelled part, so that every
    # class has patches to learn from and patches to be predicted.
    in_labelled = seeds[:, 1] < labelled_cols
    cell_class = np.empty(seed_count, dtype=np.uint8)
    cell_class[in_labelled] = balanced_classes(rng, int(in_labelled.sum()))
    cell_class[~in_labelled] = balanced_classes(rng, int((~in_labelled).sum()))
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float32)
    # Domain warping turns straight Voronoi edges into natural-looking boundaries.
    warp = size / 40
    rows += warp * smooth_noise(rng, size, max(2, size // 24))
    cols += warp * smooth_noise(rng, size, max(2, size // 24))
    return nearest_seed(rows, cols, seeds), cell_class


def nearest_seed(rows: np.ndarray, cols: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Index of the nearest seed point for every pixel (a Voronoi partition)."""
    # A running minimum over the seeds keeps memory at a few images, where one
    # (rows, cols, seeds) distance array would take gigabytes for large scenes.
    nearest = np.zeros(rows.shape, dtype=np.int64)
    best = np.full(rows.shape, np.inf)
    for index, (row, col) in enumerate(seeds):
        distance = (rows - row) ** 2 + (cols - col) ** 2
        closer = distance < best
        best[closer] = distance[closer]
        nearest[closer] = index
    return nearest


def river_mask(rng: np.random.Generator, size: int) -> np.ndarray:
    """A meandering river across the whole scene (left to right)."""
    cols = np.arange(size, dtype=np.float64)
    phase = rng.uniform(0, 2 * np.pi, 2)
    centre = (
        rng.uniform(0.3, 0.7) * size
        + 0.08 * size * np.sin(2 * np.pi * cols / (0.55 * size) + phase[0])
        + 0.03 * size * np.sin(2 * np.pi * cols / (0.17 * size) + phase[1])
    )
    # Vertical distance times cos(slope) approximates the distance to the centre line.
    slope = np.gradient(centre)
    half_width = 2.5 + 1.5 * (cols / size)  # widening downstream
    rows = np.arange(size)[:, None]
    return np.abs(rows - centre) / np.sqrt(1 + slope**2) <= half_width


def nodata_mask(size: int) -> np.ndarray:
    """A strip of missing pixels in the bottom-right corner (as at a swath edge)."""
    mask = np.zeros((size, size), dtype=bool)
    mask[-max(2, size // 64) :, int(size * 0.75) :] = True
    return mask


# ---------------------------------------------------------------------------------------------
# Image


def synthesise_image(
    rng: np.random.Generator, classes: np.ndarray, patches: np.ndarray
) -> np.ndarray:
    """Reflectance x10000 per band: class signature, patch-level variation, texture, noise.

    ``patches`` numbers the homogeneous areas (0..n-1), each of which gets its own tint."""
    size = classes.shape[0]
    signatures = np.zeros((256, len(BAND_NAMES)), dtype=np.float64)
    textures = np.zeros(256, dtype=np.float64)
    for land_cover in CLASSES:
        signatures[land_cover.value] = land_cover.reflectance
        textures[land_cover.value] = land_cover.texture
    mean = signatures[classes]  # (rows, cols, bands)
    # Each patch is a little brighter or darker than its class average (soil moisture,
    # canopy density ...), which keeps a per-pixel lookup from being enough.
    gain = rng.normal(1.0, 0.06, (patches.max() + 1, len(BAND_NAMES)))[patches]
    # Fine texture shared by all bands (shadows, roofs, tree crowns) plus a gentle haze
    # gradient that brightens the visible bands towards the top of the scene.
    texture = 1 + textures[classes][..., None] * smooth_noise(rng, size, 1)[..., None]
    haze = np.linspace(60, 0, size)[:, None, None] * np.array([1.0, 0.7, 0.4, 0.0])
    image = mean * gain * texture + haze
    image += rng.normal(0, 1, image.shape) * (0.03 * mean + 25)  # sensor noise
    # Valid pixels must never read as nodata (0), hence the lower bound of 1.
    return np.clip(np.rint(image), 1, 10_000).astype(np.uint16).transpose(2, 0, 1)


# ---------------------------------------------------------------------------------------------
# Writing


def geotiff_profile(size: int, count: int, dtype: str) -> dict[str, object]:
    """Profile of a deflate-compressed, tiled GeoTIFF on the demo grid."""
    return {
        "driver": "GTiff",
        "width": size,
        "height": size,
        "count": count,
        "dtype": dtype,
        "crs": f"EPSG:{EPSG}",
        "transform": from_origin(ORIGIN_X, ORIGIN_Y, PIXEL_SIZE, PIXEL_SIZE),
        "nodata": NODATA,
        "compress": "deflate",
        "tiled": size % 16 == 0,  # GeoTIFF tiles must be multiples of 16 pixels
        **({"blockxsize": 128, "blockysize": 128} if size % 128 == 0 else {}),
    }


def write_scene(path: Path, image: np.ndarray) -> None:
    """The multispectral image, with band descriptions so tools can tell bands apart."""
    profile = geotiff_profile(image.shape[1], len(BAND_NAMES), "uint16")
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(image)
        dst.descriptions = BAND_NAMES


def write_thematic(path: Path, classes: np.ndarray, tags: dict[str, str] | None = None) -> None:
    """A class raster whose colour table and category names travel with the file."""
    with rasterio.open(path, "w", **geotiff_profile(classes.shape[0], 1, "uint8")) as dst:
        dst.write(classes, 1)
        dst.set_band_description(1, "land cover")
        dst.write_colormap(1, {c.value: (*c.rgb, 255) for c in CLASSES} | {0: (0, 0, 0, 0)})
        if tags:
            dst.update_tags(**tags)
    # rasterio cannot write category names; GDAL's bindings can, once rasterio has closed.
    names = ["unlabelled"] + [""] * max(c.value for c in CLASSES)
    for land_cover in CLASSES:
        names[land_cover.value] = land_cover.name
    dataset = gdal.Open(str(path), gdal.GA_Update)
    dataset.GetRasterBand(1).SetCategoryNames(names)
    dataset.FlushCache()
    dataset = None  # closing the dataset writes the names


def write_fishnet(path: Path, size: int, holdout_col: int) -> int:
    """Square polygons covering the scene; returns how many were written."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    driver = ogr.GetDriverByName("GPKG")
    if path.exists():
        driver.DeleteDataSource(str(path))
    source = driver.CreateDataSource(str(path))
    layer = source.CreateLayer("fishnet", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("cell_id", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("note", ogr.OFTString))
    cell = FISHNET_CELL_PIXELS
    count = 0
    layer.StartTransaction()  # one transaction: GeoPackage inserts are slow one by one
    for row in range(0, size, cell):
        for col in range(0, size, cell):
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("cell_id", count + 1)
            part = "hold-out" if col >= holdout_col else "training area"
            feature.SetField("note", f"row {row // cell}, column {col // cell} ({part})")
            height, width = min(cell, size - row), min(cell, size - col)  # edge cells clipped
            feature.SetGeometry(cell_polygon(row, col, height, width))
            layer.CreateFeature(feature)
            count += 1
    layer.CommitTransaction()
    source = None  # closing flushes the GeoPackage
    return count


def cell_polygon(row: int, col: int, height: int, width: int) -> ogr.Geometry:
    """The map-space rectangle of a pixel block (exterior ring counter-clockwise, as the
    simple-features convention asks)."""
    left, top = ORIGIN_X + col * PIXEL_SIZE, ORIGIN_Y - row * PIXEL_SIZE
    right, bottom = left + width * PIXEL_SIZE, top - height * PIXEL_SIZE
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((left, top), (left, bottom), (right, bottom), (right, top), (left, top)):
        ring.AddPoint_2D(x, y)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


# ---------------------------------------------------------------------------------------------
# Chips


def chip_purity(labels: np.ndarray, value: int, offsets: np.ndarray) -> np.ndarray:
    """Share of each candidate chip's pixels labelled ``value`` (offsets: (n, 2) row, col)."""
    table = np.pad((labels == value).cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    top, left = offsets[:, 0], offsets[:, 1]
    bottom, right = top + CHIP_SIZE, left + CHIP_SIZE
    sums = table[bottom, right] - table[top, right] - table[bottom, left] + table[top, left]
    return sums / CHIP_SIZE**2


def chip_offsets(size: int, labelled_cols: int) -> np.ndarray:
    """Candidate chip corners every quarter chip, entirely inside the labelled part."""
    step = CHIP_SIZE // 8  # overlapping candidates, so that small patches still yield chips
    rows = np.arange(0, size - CHIP_SIZE + 1, step)
    cols = np.arange(0, labelled_cols - CHIP_SIZE + 1, step)
    return np.stack(np.meshgrid(rows, cols, indexing="ij"), axis=-1).reshape(-1, 2)


def pick_chips(
    rng: np.random.Generator, labels: np.ndarray, labelled_cols: int
) -> dict[LandCover, np.ndarray]:
    """Up to CHIPS_PER_CLASS random pure-enough chip corners per class; fails if one has none."""
    offsets = chip_offsets(labels.shape[0], labelled_cols)
    picked: dict[LandCover, np.ndarray] = {}
    for land_cover in CLASSES:
        pure = offsets[chip_purity(labels, land_cover.value, offsets) >= CHIP_PURITY]
        if len(pure) == 0:
            sys.exit(
                f"make_demo_data: no {CHIP_SIZE}x{CHIP_SIZE} chip is {CHIP_PURITY:.0%} "
                f"'{land_cover.name}' in the labelled part; try another --seed or a larger --size"
            )
        if len(pure) < MIN_CHIPS_PER_CLASS:
            print(
                f"make_demo_data: warning: only {len(pure)} '{land_cover.name}' chips",
                file=sys.stderr,
            )
        count = min(CHIPS_PER_CLASS, len(pure))
        picked[land_cover] = pure[np.sort(rng.choice(len(pure), count, replace=False))]
    return picked


def write_chips(folder: Path, image: np.ndarray, picked: dict[LandCover, np.ndarray]) -> None:
    """Each chip as a small georeferenced GeoTIFF under ``folder/<class>/``."""
    grid = from_origin(ORIGIN_X, ORIGIN_Y, PIXEL_SIZE, PIXEL_SIZE)
    for land_cover, offsets in picked.items():
        class_folder = folder / land_cover.folder
        class_folder.mkdir(parents=True)
        for number, (row, col) in enumerate(offsets, start=1):
            chip_path = class_folder / f"{land_cover.folder}_{number:03d}.tif"
            write_chip(chip_path, image, grid, row, col)


def write_chip(path: Path, image: np.ndarray, grid: Affine, row: int, col: int) -> None:
    """One CHIP_SIZE square of the image at (row, col), with its own geotransform."""
    window = Window(col, row, CHIP_SIZE, CHIP_SIZE)
    profile = geotiff_profile(CHIP_SIZE, len(BAND_NAMES), "uint16")
    profile.update(transform=window_transform(window, grid), tiled=False)
    profile.pop("blockxsize", None)
    profile.pop("blockysize", None)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(image[:, row : row + CHIP_SIZE, col : col + CHIP_SIZE])
        dst.descriptions = BAND_NAMES


# ---------------------------------------------------------------------------------------------
# Commands


def generate(output_dir: Path, size: int, seed: int) -> None:
    """Write the whole demo data set into ``output_dir`` (replacing what was there)."""
    if size < MIN_SIZE:
        sys.exit(f"make_demo_data: --size must be at least {MIN_SIZE}")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    labelled_cols = round(size * LABELLED_FRACTION)
    patches, cell_class = voronoi_land_cover(rng, size, labelled_cols)
    truth = cell_class[patches]
    river = river_mask(rng, size)
    truth[river] = CLASSES[0].value
    patches[river] = len(cell_class)  # the river is one more homogeneous area
    missing = nodata_mask(size)
    image = synthesise_image(rng, truth, patches)
    image[:, missing] = NODATA
    truth[missing] = 0
    labels = truth.copy()
    labels[:, labelled_cols:] = 0
    assert not (missing & (labels > 0)).any(), "a labelled pixel is nodata"

    output_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("chips", "fishnet.gpkg"):
        target = output_dir / stale
        if target.is_dir():
            shutil.rmtree(target)
    write_scene(output_dir / "scene.tif", image)
    write_thematic(output_dir / "labels.tif", labels)
    write_thematic(output_dir / "truth.tif", truth, {HOLDOUT_TAG: str(labelled_cols)})
    cells = write_fishnet(output_dir / "fishnet.gpkg", size, labelled_cols)
    picked = pick_chips(rng, labels, labelled_cols)
    write_chips(output_dir / "chips", image, picked)

    chip_counts = ", ".join(f"{c.folder} {len(o)}" for c, o in picked.items())
    print(
        f"make_demo_data: wrote {output_dir}/ in {time.perf_counter() - started:.1f} s: "
        f"scene.tif ({size}x{size}, 4 bands), labels.tif (left {labelled_cols} columns), "
        f"truth.tif, fishnet.gpkg ({cells} cells), chips/ ({chip_counts})"
    )


def class_names(path: Path) -> dict[int, str]:
    """GDAL category names by raster value (empty when the raster has none)."""
    # The dataset needs a name of its own: GDAL < 3.8 crashes when a band outlives it.
    dataset = gdal.Open(str(path))
    # GDAL 3.6's GTiff driver reads the .aux.xml (where category names live) lazily, and
    # GetCategoryNames alone does not trigger that; reading the metadata does.
    dataset.GetMetadata()
    names = dataset.GetRasterBand(1).GetCategoryNames() or []
    dataset = None
    return {value: name for value, name in enumerate(names) if name}


def to_truth_values(prediction: np.ndarray, prediction_path: Path) -> np.ndarray:
    """Prediction values re-encoded as the generator's class values, matched by class name
    when the prediction carries names (a model may number classes its own way)."""
    names = class_names(prediction_path)
    by_name = {c.name: c.value for c in CLASSES} | {c.folder: c.value for c in CLASSES}
    if not any(name in by_name for name in names.values()):
        return prediction  # no usable names: assume the values are the generator's
    lookup = np.zeros(max(int(prediction.max()), max(names)) + 1, dtype=np.uint8)
    for value, name in names.items():
        lookup[value] = by_name.get(name, 0)
    return lookup[prediction]


def compare(truth_path: Path, prediction_path: Path) -> None:
    """Print the agreement of a classified map with the truth on the never-labelled columns."""
    with rasterio.open(truth_path) as src:
        truth = src.read(1)
        holdout_col = int(src.tags().get(HOLDOUT_TAG, 0))
    with rasterio.open(prediction_path) as src:
        # Negative nodata values (e.g. -1) would index lookup tables from the end.
        prediction = np.clip(src.read(1).astype(np.int64), 0, None)
    if prediction.shape != truth.shape:
        sys.exit(f"make_demo_data: {prediction_path} is {prediction.shape}, truth {truth.shape}")
    predicted = to_truth_values(prediction, prediction_path)
    holdout = np.zeros(truth.shape, dtype=bool)
    holdout[:, holdout_col:] = True
    holdout &= truth > 0
    correct = predicted[holdout] == truth[holdout]
    per_class = ", ".join(
        f"{c.name} {np.mean(correct[truth[holdout] == c.value]):.1%}"
        for c in CLASSES
        if (truth[holdout] == c.value).any()
    )
    print(
        f"hold-out agreement with truth: {correct.mean():.1%} of {correct.size} pixels "
        f"(columns {holdout_col}+, never labelled); per class: {per_class}"
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; either OUTPUT_DIR or --compare TRUTH PREDICTION."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output_dir", nargs="?", type=Path, metavar="OUTPUT_DIR")
    parser.add_argument("--size", type=int, default=384, help="scene width and height in pixels")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("TRUTH", "PREDICTION"),
        help="print the hold-out agreement of a classified raster with truth.tif instead",
    )
    arguments = parser.parse_args(argv)
    if (arguments.output_dir is None) == (arguments.compare is None):
        parser.error("give either OUTPUT_DIR or --compare TRUTH PREDICTION")
    return arguments


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    arguments = parse_arguments(argv)
    if arguments.compare:
        compare(*arguments.compare)
    else:
        generate(arguments.output_dir, arguments.size, arguments.seed)


if __name__ == "__main__":
    main()
