"""Classify Objects: features per second end to end against the model alone, and memory
against the number of features.

For each chip size (``--tiles``: 32 px, where ResNet-18 costs next to nothing and any overhead
shows, and 128 px, nearer real scene classifiers such as NWPU-RESISC45's 256 px scenes or
ArcGIS's default 224), makes a synthetic 4-band raster and, in fresh processes (so each peak
RSS is that run's own):

- end to end: a fishnet with ``native:creategrid`` (one cell = one model tile), then
  ``processing.run("torchmap:classifyobjects")`` from the fishnet GeoPackage to a classified
  GeoPackage, timed whole: loading the model, reading features, cutting chips, the network,
  writing the output (Python modules are imported beforehand: a QGIS session imports them
  once, and the bench prints that time apart);
- model only: the network as Classify Objects prepares it (batch norms folded,
  channels-last) on a sample of the same chips, already normalised in memory, same batch
  size, after a warm-up. (a) and (b) are timed in turn in the same process, a few rounds:
  this machine's speed drifts by 10-20 % over minutes;

and prints features/s for both and their ratio (goal >= 0.85), and at the first chip size the
peak memory for a fishnet 4x smaller (results are streamed, so it should stay ~1x). Peak RSS
includes GDAL's block cache (by default 5 % of RAM), which fills as a larger raster is read:
bounded, whatever the number of features. The end-to-end time includes each run's fixed cost
(loading the model, creating and closing the output, about half a second), which weighs most
on a small fishnet of small chips.

    .venv/bin/python bench/bench_classify_objects.py [--cells 10000] [--tiles 32 128] [--quick]
        [--rounds 2] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from peak_memory import peak_rss_mib
from rasterio.transform import from_origin

BANDS = 4
CELL = 10.0  # metres per pixel
ORIGIN = (500_000.0, 1_700_000.0)
CRS = "EPSG:32615"
BATCH = 64
SAMPLE_BYTES = 256 * 2**20  # the model-only chips held in memory at once


def write_raster(path: Path, side_cells: int, tile: int) -> None:
    """A raster of side_cells x side_cells tiles, each a random class signature plus noise,
    written block-row by block-row."""
    size = side_cells * tile
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
            block = np.repeat(signatures[classes].T[:, None, :], tile, axis=2)
            block = np.repeat(block, tile, axis=1).astype(np.float32)
            block += rng.normal(0, 80, block.shape).astype(np.float32)
            window = rasterio.windows.Window(0, row * tile, size, tile)
            dst.write(block.clip(1, 65535).astype(np.uint16), window=window)


def write_package(path: Path, tile: int) -> None:
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
            tile_width=tile, tile_height=tile,
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


def end_to_end(
    raster: Path, package: Path, fishnet: Path, output: Path, side: int, tile: int, device: str,
    rounds: int,
) -> dict:  # fmt: skip
    """Child: native:creategrid (one cell per tile), then the algorithm from the fishnet to a
    classified GeoPackage, timed; its peak memory; then, with ``rounds``, (a) and (b) again
    in turn, in this process (this machine's speed drifts by 10-20 % over minutes, so (a)
    and (b) taken minutes apart would compare the drift): half of (a)'s batches, one run of
    (b), the other half."""
    alive = start_qgis()  # noqa: F841  (kept alive while Processing runs)
    import processing

    size = side * tile * CELL
    extent = f"{ORIGIN[0]},{ORIGIN[0] + size},{ORIGIN[1] - size},{ORIGIN[1]} [{CRS}]"
    processing.run(
        "native:creategrid",
        {"TYPE": 2, "EXTENT": extent, "HSPACING": tile * CELL, "VSPACING": tile * CELL,
         "CRS": CRS, "OUTPUT": str(fishnet)},
    )  # fmt: skip
    started = time.perf_counter()
    import torchvision  # noqa: F401  (what the first run of a QGIS session imports)

    import torchmap.engine.inference.classify_objects  # noqa: F401
    from torchmap.engine.options import DEVICES

    imports = time.perf_counter() - started

    def classify() -> float:
        output.unlink(missing_ok=True)
        started = time.perf_counter()
        processing.run(
            "torchmap:classifyobjects",
            {"INPUT_RASTER": str(raster), "INPUT_FEATURES": str(fishnet), "MODEL": str(package),
             "BATCH_SIZE": BATCH, "DEVICE": DEVICES.index(device), "OUTPUT": str(output)},
        )  # fmt: skip
        return time.perf_counter() - started

    first = classify()
    result = {"seconds": first, "imports": imports, "peak_mib": peak_rss_mib()}
    if not rounds:
        return result
    alone = ModelOnly(raster, package, side, tile, device)
    half = max(1, round(side * side / BATCH / 2))
    model_seconds = e2e_seconds = 0.0
    ratios = []
    for _ in range(rounds):
        before = alone.run(half)
        seconds = classify()
        after = alone.run(half)
        model_seconds, e2e_seconds = model_seconds + before + after, e2e_seconds + seconds
        ratios.append((side * side / seconds) / (2 * half * BATCH / (before + after)))
    return result | {
        "seconds": e2e_seconds / rounds,
        "model_rate": 2 * half * BATCH * rounds / model_seconds,
        "round_ratios": ratios,
    }


class ModelOnly:
    """The network alone, prepared as Classify Objects prepares it (batch norms folded,
    channels-last), on a sample of the same chips, normalised in memory first."""

    def __init__(self, raster: Path, package: Path, side: int, tile: int, device: str) -> None:
        import torch

        from torchmap.engine.data.object_chips import ChipOptions, read_object_chip
        from torchmap.engine.data.preprocess import normalise
        from torchmap.engine.inference.runner import as_channels_last, prepare_for_inference
        from torchmap.engine.models.package import load_model

        definition, model = load_model(package, torch.device(device))
        self.model = prepare_for_inference(model, definition.spec.band_count)
        count = min(side * side, 2048, max(4 * BATCH, SAMPLE_BYTES // (BANDS * tile * tile * 4)))
        chips = []
        with rasterio.open(raster) as src:
            for index in range(count):
                row, col = divmod(index, side)
                x0, y0 = ORIGIN[0] + col * tile * CELL, ORIGIN[1] - row * tile * CELL
                x1, y1 = x0 + tile * CELL, y0 - tile * CELL
                ring = [(x0, y1), (x1, y1), (x1, y0), (x0, y0), (x0, y1)]
                chip = read_object_chip(src, {"type": "Polygon", "coordinates": [ring]},
                                        ChipOptions(tile))  # fmt: skip
                chips.append(normalise(chip.pixels, chip.valid, definition.spec.statistics))
        images = torch.from_numpy(np.stack(chips))
        self.batches = [
            as_channels_last(images[start : start + BATCH].to(device))
            for start in range(0, count - BATCH + 1, BATCH)
        ]
        self.device = device
        self.run(1)  # warm-up (oneDNN's kernel choice, cuDNN autotuning, allocations)

    def run(self, batches: int) -> float:
        """Seconds for ``batches`` batches: the network, the softmax, the copy back."""
        import torch

        with torch.inference_mode():
            started = time.perf_counter()
            for index in range(batches):
                batch = self.batches[index % len(self.batches)]
                torch.softmax(self.model(batch), dim=1).cpu()
            if self.device.startswith("cuda"):
                torch.cuda.synchronize()
            return time.perf_counter() - started


def child(kind: str, arguments: list[str], device: str) -> dict:
    command = [sys.executable, __file__, "--device", device, "--child", kind, *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode:
        sys.exit(f"{kind} failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_child(kind: str, arguments: list[str], device: str) -> None:
    paths = [Path(argument) for argument in arguments[:-3]]
    side, tile, rounds = (int(argument) for argument in arguments[-3:])
    print(json.dumps(end_to_end(*paths, side, tile, device, rounds)))


def measure(work: Path, side: int, tile: int, device: str, rounds: int) -> dict:
    """One fishnet of side x side cells at one chip size: both rates and the peak memory."""
    package, raster = work / f"model{tile}.tmpk", work / f"image{tile}_{side}.tif"
    if not package.exists():
        write_package(package, tile)
    write_raster(raster, side, tile)
    fishnet, output = work / f"fishnet{tile}_{side}.gpkg", work / f"classified{tile}_{side}.gpkg"
    e2e = child("end_to_end", [str(raster), str(package), str(fishnet), str(output), str(side),
                               str(tile), str(rounds)], device)  # fmt: skip
    raster.unlink()
    features = side * side
    e2e_rate = features / e2e["seconds"]
    line = (f"  tile {tile:>3} | {features:>6} cells | end to end {e2e_rate:7.1f} features/s "
            f"({e2e['seconds']:6.1f} s, peak RSS {e2e['peak_mib']:5.0f} MiB)")  # fmt: skip
    if rounds:
        spread = ", ".join(f"{ratio:.2f}" for ratio in e2e["round_ratios"])
        line += (f" | model only {e2e['model_rate']:7.1f} chips/s | ratio "
                 f"{e2e_rate / e2e['model_rate']:4.2f} ({spread}; goal >= 0.85)")  # fmt: skip
    print(line, flush=True)
    return e2e


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=10_000, help="fishnet cells (large run)")
    parser.add_argument("--tiles", type=int, nargs="+", default=[32, 128],
                        help="chip sizes in pixels (the model's tile size)")  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true", help="a quick try: 1600 cells at the first tile, 400 after"
    )
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda if present)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds of (a) and (b) in turn (default 2; --quick 1)")  # fmt: skip
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import torch

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    if args.child:
        run_child(args.child[0], args.child[1:], device)
        return
    rounds = args.rounds or (1 if args.quick else 2)
    threads = torch.get_num_threads()
    print(f"Classify Objects, ResNet-18, {BANDS} bands, batch {BATCH}, device {device}, torch "
          f"{torch.__version__}, {threads} CPU threads")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for number, tile in enumerate(args.tiles):
            large = math.isqrt(400 if args.quick and number else 1600 if args.quick else args.cells)
            if number:
                measure(work, large, tile, device, rounds)
                continue
            # 4x fewer cells first (its memory only): memory must not grow 4x with features.
            small = measure(work, max(2, large // 2), tile, device, 0)
            full = measure(work, large, tile, device, rounds)
            print(f"  {large**2 / max(2, large // 2) ** 2:.0f}x more features -> peak memory "
                  f"{full['peak_mib'] / small['peak_mib']:.2f}x (streamed: stays ~1x); imports "
                  f"before a session's first run (not timed above): {full['imports']:.1f} s",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
