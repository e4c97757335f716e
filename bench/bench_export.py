"""Export Training Data: chip pairs per second, and peak memory against raster size.

Writes a tiled 3-band uint8 GeoTIFF with a dense label raster (5 classes in 64 px cells)
and the same labels as polygons (one square per cell), then exports 256 x 256 chip pairs
(Classified Tiles, TIFF, stride 256), each run in a fresh process so that its peak RSS is
its own. Prints pairs/s for raster and polygon labels, and peak memory at two raster sizes:
windowed reads keep it flat however large the raster is. Pairs per CPU-second (process
CPU time, start-up included) tell what two idle cores would do on a busy machine.

    .venv/bin/python bench/bench_export.py            # quick: 2048 px, memory at 1024/2048
    .venv/bin/python bench/bench_export.py --size 8192 --memory-sizes 4096 8192
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

TILE = 256
CELL = 64  # label cells: classes change every 64 pixels, so every chip is densely labelled
ORIGIN = (500_000.0, 1_700_000.0)
PIXEL = 1.0
INPUT_NAMES = ("image.tif", "labels.tif", "labels.gpkg")


def profile(size: int, count: int) -> dict:
    return {
        "driver": "GTiff", "width": size, "height": size, "count": count, "dtype": "uint8",
        "crs": "EPSG:32615", "transform": from_origin(*ORIGIN, PIXEL, PIXEL),
        "tiled": True, "blockxsize": 256, "blockysize": 256,
    }  # fmt: skip


def cell_classes(size: int, seed: int = 0) -> np.ndarray:
    """The class (1..5) of every 64 px label cell."""
    cells = size // CELL
    return np.random.default_rng(seed).integers(1, 6, (cells, cells), dtype=np.uint8)


def write_inputs(folder: Path, size: int) -> tuple[Path, Path, Path]:
    """Image, label raster and label polygons, written a block row at a time."""
    classes = cell_classes(size)
    image, labels, polygons = (folder / name for name in INPUT_NAMES)
    rng = np.random.default_rng(1)
    with (
        rasterio.open(image, "w", **profile(size, 3)) as img,
        rasterio.open(labels, "w", **profile(size, 1) | {"nodata": 0}) as lab,
    ):
        for row in range(0, size, 256):
            rows = min(256, size - row)
            label = np.kron(classes[row // CELL : (row + rows) // CELL], np.ones((CELL, CELL)))
            label = label.astype(np.uint8)[:, :size]
            pixels = (label[None] * 40 + rng.integers(0, 30, (3, rows, size))).astype(np.uint8)
            window = rasterio.windows.Window(0, row, size, rows)
            img.write(pixels, window=window)
            lab.write(label[None], window=window)
    write_polygons(polygons, classes)
    return image, labels, polygons


def write_polygons(path: Path, classes: np.ndarray) -> None:
    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(32615)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("labels", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("class_value", ogr.OFTInteger))
    layer.StartTransaction()
    x0, y0 = ORIGIN
    for (row, col), value in np.ndenumerate(classes):
        xmin, ymax = x0 + col * CELL * PIXEL, y0 - row * CELL * PIXEL
        xmax, ymin = xmin + CELL * PIXEL, ymax - CELL * PIXEL
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("class_value", int(value))
        ring = f"{xmin} {ymin}, {xmax} {ymin}, {xmax} {ymax}, {xmin} {ymax}, {xmin} {ymin}"
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON (({ring}))"))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    source = None


def measure_one(image: Path, labels: Path, output: Path, field: str | None, workers: int) -> None:
    """Child process: export, then print seconds, chips and peak RSS as JSON."""
    from torchmap.engine.data.export import ExportConfig, export_training_data

    started = time.perf_counter()
    result = export_training_data(
        ExportConfig(
            image, labels, output, tile_size=TILE, stride=TILE, class_value_field=field,
            workers=workers,
        )
    )  # fmt: skip
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime  # the whole process: start-up and imports too
    peak_mib = usage.ru_maxrss / 1024
    print(
        json.dumps(
            {"seconds": seconds, "cpu": cpu, "chips": result.chip_count, "peak_mib": peak_mib}
        )
    )


def run_child(image: Path, labels: Path, output: Path, field: str, workers: int) -> dict:
    child = [sys.executable, __file__, "--workers", str(workers), "--child",
             str(image), str(labels), str(output), field]  # fmt: skip
    completed = subprocess.run(child, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2048, help="raster side for pairs/s")
    parser.add_argument("--memory-sizes", type=int, nargs=2, default=[1024, 2048])
    parser.add_argument("--workers", type=int, default=2, help="chip-writing threads")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_inputs(Path(args.write[0]), int(args.write[1]))
        return
    if args.child:
        image, labels, output, field = args.child
        measure_one(Path(image), Path(labels), Path(output), field or None, args.workers)
        return
    print(f"Export Training Data, {TILE} x {TILE} pairs, 3-band uint8 tiled GeoTIFF, "
          f"{args.workers} writer threads, {os.cpu_count()} CPUs")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        peaks = []
        sizes = sorted({*args.memory_sizes, args.size})
        for size in sizes:
            inputs = work / f"in{size}"
            inputs.mkdir()
            # Written by a child too: Linux carries a parent's peak RSS into the ru_maxrss
            # of the children it forks, so the measuring parent must stay small.
            write = [sys.executable, __file__, "--write", str(inputs), str(size)]
            subprocess.run(write, check=True, capture_output=True)
            image, labels, polygons = (inputs / n for n in INPUT_NAMES)
            for kind, source, field in (
                ("raster", labels, ""),
                ("polygons", polygons, "class_value"),
            ):
                if kind == "polygons" and size != args.size:
                    continue
                result = run_child(image, source, work / f"out{size}{kind}", field, args.workers)
                raster_mib = size * size * 4 / 2**20
                print(f"  {size:>6} px, {kind:8} labels: {result['chips']:6} pairs in "
                      f"{result['seconds']:6.1f} s = {result['chips'] / result['seconds']:5.0f} "
                      f"pairs/s ({result['chips'] / result['cpu']:4.0f} per CPU-second) | "
                      f"image+labels {raster_mib:5.0f} MiB | peak RSS "
                      f"{result['peak_mib']:4.0f} MiB")  # fmt: skip
                if kind == "raster" and size in args.memory_sizes:
                    peaks.append((size, result["peak_mib"]))
        if len(peaks) == 2:
            (small, small_peak), (large, large_peak) = peaks
            print(f"  raster {(large / small) ** 2:.0f}x larger -> peak memory "
                  f"{large_peak / small_peak:.2f}x (windowed: stays ~1x)")  # fmt: skip


if __name__ == "__main__":
    main()
