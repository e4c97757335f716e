"""Memory stays bounded when reading an imagery service: a 5000 x 5000 px and a 20000 x
20000 px extent of a local XYZ tile folder (one 256 px PNG hard-linked everywhere, so the
folder costs no disk), read at the zoom's cell size in strips through the same GDAL
description and grid the algorithms use. Prints the peak memory (RSS) and time of each, in
fresh processes, one after the other.

    .venv/bin/python bench/bench_imagery_service.py [--sizes 5000 20000]
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

HALF = 20037508.342789244
ZOOM = 17
STRIP = 512  # rows read at once, as Classify Pixels' strips of tiles


def make_tiles(folder: Path, size: int, x0: int, y0: int) -> None:
    """Tiles for ``size`` px from tile (x0, y0) at ZOOM: one PNG, hard-linked."""
    from PIL import Image

    rng = np.random.default_rng(0)
    first = folder / "tile.png"
    Image.fromarray(rng.integers(0, 255, (256, 256, 3), dtype=np.uint8)).save(first)
    count = size // 256 + 2
    for x in range(x0, x0 + count):
        column = folder / str(ZOOM) / str(x)
        column.mkdir(parents=True, exist_ok=True)
        for y in range(y0, y0 + count):
            target = column / f"{y}.png"
            if not target.exists():
                os.link(first, target)


def child(folder: str, size: int, x0: int, y0: int) -> None:
    import rasterio
    from rasterio.windows import Window

    from torchmap.engine.raster_sources import resolve_raster
    from torchmap.engine.rasters import bounded_gdal_cache, snapped

    cell = 2 * HALF / (256 * 2**ZOOM)
    left, top = x0 * 256 * cell - HALF + cell, HALF - y0 * 256 * cell - cell
    extent = (left, top - size * cell, left + size * cell, top)
    source = f"wms:type=xyz&url=file://{folder}/{{z}}/{{x}}/{{y}}.png&zmin={ZOOM}&zmax={ZOOM}"
    started = time.perf_counter()
    total = 0
    description = resolve_raster("raster", source, cell, extent)
    # As the algorithms read: GDAL's block cache bounded (engine/rasters.py).
    with (
        bounded_gdal_cache(),
        rasterio.open(description) as service,
        snapped(service, extent, cell) as grid,
    ):
        for row in range(0, grid.height, STRIP):
            window = Window(0, row, grid.width, min(STRIP, grid.height - row))
            total += int(grid.read(window=window).sum() > 0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak,
                      "width": grid.width, "height": grid.height}))  # fmt: skip


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    options = parser.parse_args()
    x0, y0 = 2**ZOOM // 2 - 100, 2**ZOOM // 2 - 100
    results = []
    with tempfile.TemporaryDirectory() as folder:
        make_tiles(Path(folder), max(options.sizes), x0, y0)
        for size in options.sizes:
            command = [sys.executable, __file__, "--child", folder, str(size), str(x0), str(y0)]
            run = subprocess.run(command, capture_output=True, text=True, check=True)
            results.append((size, json.loads(run.stdout.strip().splitlines()[-1])))
    print(f"{'extent (px)':>13} {'peak RSS (MiB)':>15} {'seconds':>8}")
    for size, figures in results:
        print(f"{size:>6} x {size:<6}{figures['peak_mib']:>15.0f} {figures['seconds']:>8.1f}")
    smallest, largest = results[0][1]["peak_mib"], results[-1][1]["peak_mib"]
    print(f"peak memory of the largest against the smallest extent: {largest / smallest:.2f}x "
          f"for {(results[-1][0] / results[0][0]) ** 2:.0f}x the pixels")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
