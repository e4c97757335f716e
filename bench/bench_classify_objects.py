"""Classify Objects: features per second end to end against the model alone, and memory
against the number of features.

Makes a fishnet with native:creategrid over a synthetic 4-band raster (one cell = one model
tile, 32 px), then in fresh processes (so each peak RSS is that run's own):

- end to end: ``processing.run("torchmap:classifyobjects")`` from the fishnet GeoPackage to a
  classified GeoPackage (reading features, cutting chips, the network, writing the output);
- model only: the network on the same chips, already normalised in memory, same batch size;

and prints features/s for both and their ratio (goal >= 0.85), and peak memory for a small
and a 4x larger fishnet (results are streamed, so it should stay ~1x).

    .venv/bin/python bench/bench_classify_objects.py [--cells 10000] [--quick] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import math
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
TILE = 32
CELL = 10.0  # metres per pixel
ORIGIN = (500_000.0, 1_700_000.0)
CRS = "EPSG:32615"
BATCH = 64


def write_raster(path: Path, side_cells: int) -> None:
    """A raster of side_cells x side_cells tiles, each a random class signature plus noise,
    written block-row by block-row."""
    size = side_cells * TILE
    profile = {
        "driver": "GTiff", "width": size, "height": size, "count": BANDS, "dtype": "uint16",
        "crs": CRS, "transform": from_origin(*ORIGIN, CELL, CELL), "nodata": 0,
        "tiled": True, "blockxsize": 256, "blockysize": 256,
    }  # fmt: skip
    rng = np.random.default_rng(0)
    signatures = rng.integers(300, 2500, (5, BANDS))
    with rasterio.open(path, "w", **profile) as dst:
        for row in range(side_cells):
            classes = rng.integers(0, 5, side_cells)
            block = np.repeat(signatures[classes].T[:, None, :], TILE, axis=2)
            block = np.repeat(block, TILE, axis=1).astype(np.float64)
            block += rng.normal(0, 80, block.shape)
            window = rasterio.windows.Window(0, row * TILE, size, TILE)
            dst.write(block.clip(1, 65535).astype(np.uint16), window=window)


def write_package(path: Path) -> None:
    """An untrained ResNet-18 package: inference cost does not depend on the weights."""
    from torchmap.engine.colormap import default_color
    from torchmap.engine.models.networks import build_model
    from torchmap.engine.models.package import ModelDefinition, save_package
    from torchmap.engine.spec import BandStatistics, ClassInfo, InputSpec

    classes = [ClassInfo(v, f"class {v}", default_color(v - 1)) for v in range(1, 6)]
    definition = ModelDefinition(
        model_type="resnet18", task="image_classification", architecture="ResNet",
        backbone="resnet18",
        spec=InputSpec(
            band_count=BANDS, band_names=[f"band {i}" for i in range(1, BANDS + 1)],
            statistics=BandStatistics([1400.0] * BANDS, [700.0] * BANDS, [1.0] * BANDS,
                                      [3000.0] * BANDS),
            tile_width=TILE, tile_height=TILE,
        ),
        classes=classes,
    )  # fmt: skip
    save_package(path, definition, build_model("resnet18", BANDS, len(classes)).state_dict())


def start_qgis() -> tuple[object, object]:
    """QGIS, Processing and the TorchMap provider, headless (keep both alive while running:
    the registry does not keep the provider's Python side)."""
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    from torchmap.processing_provider.provider import TorchMapProvider

    Processing.initialize()
    provider = TorchMapProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def make_fishnet(raster: Path, side_cells: int, output: Path) -> None:
    """Child: native:creategrid, one cell per tile, over the raster's extent."""
    alive = start_qgis()  # noqa: F841  (kept alive while Processing runs)
    import processing

    size = side_cells * TILE * CELL
    extent = f"{ORIGIN[0]},{ORIGIN[0] + size},{ORIGIN[1] - size},{ORIGIN[1]} [{CRS}]"
    processing.run(
        "native:creategrid",
        {"TYPE": 2, "EXTENT": extent, "HSPACING": TILE * CELL, "VSPACING": TILE * CELL,
         "CRS": CRS, "OUTPUT": str(output)},
    )  # fmt: skip


def end_to_end(raster: Path, package: Path, fishnet: Path, output: Path, device: str) -> dict:
    """Child: the algorithm from the fishnet to a classified GeoPackage (Python imports done
    beforehand: they are the interpreter's start, not the algorithm's work)."""
    alive = start_qgis()  # noqa: F841
    import processing

    import torchmap.engine.inference.classify_objects  # noqa: F401

    started = time.perf_counter()
    processing.run(
        "torchmap:classifyobjects",
        {"INPUT_RASTER": str(raster), "INPUT_FEATURES": str(fishnet), "MODEL": str(package),
         "BATCH_SIZE": BATCH, "DEVICE": device, "OUTPUT": str(output)},
    )  # fmt: skip
    return {"seconds": time.perf_counter() - started}


def model_only(raster: Path, package: Path, side_cells: int, device: str) -> dict:
    """Child: the network alone on the same chips, normalised in memory beforehand."""
    import torch

    from torchmap.engine.data.object_chips import ChipOptions, read_object_chip
    from torchmap.engine.data.preprocess import normalise
    from torchmap.engine.models.package import load_model

    definition, model = load_model(package, torch.device(device))
    count = min(side_cells * side_cells, 2048)  # a sample of the chips: all would not fit
    chips = []
    with rasterio.open(raster) as src:
        for index in range(count):
            row, col = divmod(index, side_cells)
            x0, y0 = ORIGIN[0] + col * TILE * CELL, ORIGIN[1] - row * TILE * CELL
            x1, y1 = x0 + TILE * CELL, y0 - TILE * CELL
            ring = [(x0, y1), (x1, y1), (x1, y0), (x0, y0), (x0, y1)]
            chip = read_object_chip(src, {"type": "Polygon", "coordinates": [ring]},
                                    ChipOptions(TILE))  # fmt: skip
            chips.append(normalise(chip.pixels, chip.valid, definition.spec.statistics))
    images = torch.from_numpy(np.stack(chips))
    with torch.inference_mode():
        model(images[:BATCH].to(device))  # warm-up (cuDNN autotuning, allocations)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        started = time.perf_counter()
        for start in range(0, count, BATCH):
            batch = images[start : start + BATCH].to(device)
            torch.softmax(model(batch), dim=1).cpu()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "features": count}


def child(kind: str, arguments: list[str], device: str) -> dict:
    command = [sys.executable, __file__, "--device", device, "--child", kind, *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode:
        sys.exit(f"{kind} failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_child(kind: str, arguments: list[str], device: str) -> None:
    paths = [Path(argument) for argument in arguments[:-1]]
    side = int(arguments[-1])
    if kind == "fishnet":
        make_fishnet(paths[0], side, paths[1])
        result: dict = {}
    elif kind == "end_to_end":
        result = end_to_end(*paths, device)
    else:
        result = model_only(paths[0], paths[1], side, device)
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=10_000, help="fishnet cells (large run)")
    parser.add_argument("--quick", action="store_true", help="1600 cells: a quick try")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda if present)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import torch

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    if args.child:
        run_child(args.child[0], args.child[1:], device)
        return
    large = math.isqrt(1600 if args.quick else args.cells)
    sides = [max(2, large // 2), large]  # 4x fewer cells first: memory must not grow 4x
    threads = torch.get_num_threads()
    print(f"Classify Objects, ResNet-18, {BANDS} bands, tile {TILE}, batch {BATCH}, device "
          f"{device}, torch {torch.__version__}, {threads} CPU threads")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        package = work / "model.tmpk"
        write_package(package)
        peaks = []
        for side in sides:
            raster, fishnet = work / f"image{side}.tif", work / f"fishnet{side}.gpkg"
            write_raster(raster, side)
            child("fishnet", [str(raster), str(fishnet), str(side)], device)
            output = work / f"classified{side}.gpkg"
            e2e = child("end_to_end", [str(raster), str(package), str(fishnet), str(output),
                                       str(side)], device)  # fmt: skip
            alone = child("model_only", [str(raster), str(package), str(side)], device)
            features = side * side
            e2e_rate = features / e2e["seconds"]
            model_rate = alone["features"] / alone["seconds"]
            peaks.append(e2e["peak_mib"])
            print(f"  {features:>6} cells | end to end {e2e_rate:7.0f} features/s "
                  f"({e2e['seconds']:6.1f} s, peak RSS {e2e['peak_mib']:5.0f} MiB) | model only "
                  f"{model_rate:7.0f} chips/s | ratio {e2e_rate / model_rate:4.2f} "
                  f"(goal >= 0.85)")  # fmt: skip
        print(f"  {sides[1] ** 2 / sides[0] ** 2:.0f}x more features -> peak memory "
              f"{peaks[1] / peaks[0]:.2f}x (streamed: stays ~1x)")  # fmt: skip


if __name__ == "__main__":
    main()
