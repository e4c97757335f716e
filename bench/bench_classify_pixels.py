"""Classify Pixels: throughput, and peak memory against raster size.

Runs tiled inference with a U-Net package on a small and a 16x larger synthetic 4-band
raster, each in a fresh process (so peak RSS is that run's own), and prints megapixels per
second and peak memory side by side. Windowed processing means the larger raster should
need about the same memory, not 16x: the printed ratio shows it.

    .venv/bin/python bench/bench_classify_pixels.py [--sizes 1024 4096] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

BANDS = 4
TILE = 256


def write_raster(path: Path, size: int) -> None:
    """A size x size uint16 raster written block-row by block-row (never whole in memory)."""
    profile = {
        "driver": "GTiff", "width": size, "height": size, "count": BANDS, "dtype": "uint16",
        "crs": "EPSG:32615", "transform": from_origin(500000, 1700000, 10, 10),
        "tiled": True, "blockxsize": 256, "blockysize": 256, "nodata": 0,
    }  # fmt: skip
    rng = np.random.default_rng(0)
    with rasterio.open(path, "w", **profile) as dst:
        for row in range(0, size, 256):
            rows = min(256, size - row)
            block = rng.integers(100, 3000, (BANDS, rows, size), dtype=np.uint16)
            dst.write(block, window=rasterio.windows.Window(0, row, size, rows))


def write_package(path: Path) -> None:
    """An untrained U-Net package: inference cost does not depend on the weights' values."""
    from torchmap.engine.colormap import default_color
    from torchmap.engine.models.networks import build_model
    from torchmap.engine.models.package import ModelDefinition, save_package
    from torchmap.engine.spec import BandStatistics, ClassInfo, InputSpec

    classes = [ClassInfo(v, f"class {v}", default_color(v - 1)) for v in range(1, 6)]
    definition = ModelDefinition(
        model_type="unet", task="pixel_classification", architecture="Unet", backbone="resnet18",
        spec=InputSpec(
            band_count=BANDS, band_names=[f"band {i}" for i in range(1, BANDS + 1)],
            statistics=BandStatistics([1500.0] * BANDS, [800.0] * BANDS, [100.0] * BANDS,
                                      [3000.0] * BANDS),
            tile_width=TILE, tile_height=TILE,
        ),
        classes=classes,
    )  # fmt: skip
    save_package(path, definition, build_model("unet", BANDS, len(classes)).state_dict())


def measure_one(raster: Path, package: Path, output: Path, device: str | None) -> None:
    """Child process: classify, then print seconds and peak RSS as JSON."""
    from torchmap.engine.predict_pixels import ClassifyPixelsConfig, classify_pixels

    started = time.perf_counter()
    classify_pixels(ClassifyPixelsConfig(raster, package, output, batch_size=4, device=device))
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak_mib}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1024, 4096])
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda if present)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure_one(*map(Path, args.child), args.device)
        return

    import torch

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    print(f"Classify Pixels, U-Net resnet18, {BANDS} bands, tile {TILE}, device {device}, "
          f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write_package(work / "model.tmpk")
        rows = []
        for size in args.sizes:
            write_raster(work / f"in{size}.tif", size)
            raster_mib = size * size * BANDS * 2 / 2**20
            files = [str(work / name) for name in (f"in{size}.tif", "model.tmpk", "out.tif")]
            child = [sys.executable, __file__, "--device", device, "--child", *files]
            result = json.loads(
                subprocess.run(child, check=True, capture_output=True, text=True).stdout
            )
            megapixels = size * size / 1e6
            rows.append((raster_mib, result["peak_mib"]))
            print(f"  {size:>6} x {size:<6} raster {raster_mib:8.0f} MiB | peak RSS "
                  f"{result['peak_mib']:7.0f} MiB | {result['seconds']:7.1f} s | "
                  f"{megapixels / result['seconds']:6.2f} Mpx/s")  # fmt: skip
        if len(rows) > 1:
            (small_mib, small_peak), (large_mib, large_peak) = rows[0], rows[-1]
            print(f"  raster {large_mib / small_mib:.0f}x larger -> peak memory "
                  f"{large_peak / small_peak:.2f}x (windowed: stays ~1x)")  # fmt: skip


if __name__ == "__main__":
    main()
