"""Classify Pixels: throughput (model only against end to end), the fast path against float32,
and peak memory against raster size, side by side in one run.

For U-Net with ResNet-18 and ResNet-34 encoders at tiles of 256 and 512 it prints
(a) model-only throughput on tiles already in memory and (b) end-to-end throughput of
``classify_pixels`` on a synthetic 4-band uint16 raster (reading, normalising, inferring,
blending, writing; loading the model excluded), in megapixels per second. (b) is
given per output pixel and per tile pixel: overlapping tiles infer some pixels twice, so
"b/a" compares tile pixels (the overlap counted separately). (a) and (b) are timed in
turn in one process, a few rounds, as this machine's speed drifts by 10-20 % over minutes.
Then float32 against the fast path (channels-last, bf16/fp16 autocast where the hardware
has it) with their pixel agreement, and peak memory (RSS, each run in a fresh process) for
a small and a 16x larger raster with the same model.

    .venv/bin/python bench/bench_classify_pixels.py --quick     # a minute or two
    .venv/bin/python bench/bench_classify_pixels.py             # full: 3000² and 12000²
"""

from __future__ import annotations

import argparse
import json
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
CLASSES = 5


def write_raster(path: Path, size: int) -> None:
    """A size x size uint16 raster written block-row by block-row (never whole in memory);
    smooth fields plus noise, so class maps have regions like real imagery."""
    profile = {
        "driver": "GTiff", "width": size, "height": size, "count": BANDS, "dtype": "uint16",
        "crs": "EPSG:32615", "transform": from_origin(500000, 1700000, 10, 10),
        "tiled": True, "blockxsize": 256, "blockysize": 256, "nodata": 0, "compress": "deflate",
    }  # fmt: skip
    rng = np.random.default_rng(0)
    cols = np.arange(size)
    with rasterio.open(path, "w", **profile) as dst:
        for row in range(0, size, 256):
            rows = np.arange(row, min(row + 256, size))[:, None]
            block = np.empty((BANDS, len(rows), size), dtype=np.uint16)
            for band in range(BANDS):
                field = 1500 + 800 * np.sin(cols / (60 + 17 * band)) * np.cos(rows / 80)
                block[band] = field + rng.normal(0, 100, field.shape)
            dst.write(block, window=rasterio.windows.Window(0, row, size, len(rows)))


def write_package(path: Path, backbone: str, tile: int) -> None:
    """A U-Net package (random weights: inference cost does not depend on their values)."""
    import torch

    from torchmap.engine.colormap import default_color
    from torchmap.engine.models.package import ModelDefinition, save_package
    from torchmap.engine.spec import BandStatistics, ClassInfo, InputSpec

    torch.manual_seed(0)
    classes = [ClassInfo(v, f"class {v}", default_color(v - 1)) for v in range(1, CLASSES + 1)]
    definition = ModelDefinition(
        model_type="unet", task="pixel_classification", architecture="Unet", backbone=backbone,
        spec=InputSpec(
            band_count=BANDS, band_names=[f"band {i}" for i in range(1, BANDS + 1)],
            statistics=BandStatistics([1500.0] * BANDS, [800.0] * BANDS, [100.0] * BANDS,
                                      [3000.0] * BANDS),
            tile_width=tile, tile_height=tile, cell_size=[10.0, 10.0], crs="EPSG:32615",
        ),
        classes=classes,
    )  # fmt: skip
    save_package(path, definition, build_network(backbone).state_dict())


def build_network(backbone: str):
    """U-Net with the given encoder, as the engine builds it from a package."""
    from torchmap.engine.models.networks import build_network as engine_network

    return engine_network("pixel_classification", "Unet", backbone, BANDS, CLASSES).eval()


class ModelOnly:
    """(a) the network alone on normalised tiles already in memory: ``prepared`` as Classify
    Pixels runs it (batch norms folded, channels-last), else the bare network."""

    def __init__(self, backbone: str, tile: int, precision: str, channels_last: bool,
                 batch: int, prepared: bool = True) -> None:  # fmt: skip
        import torch

        from torchmap.engine.inference.runner import SegmentationRunner
        from torchmap.engine.runtime import resolve_precision

        self.dtype = resolve_precision(precision, torch.device("cpu"), training=False)
        model = build_network(backbone)
        if prepared:
            model = SegmentationRunner(model, torch.device("cpu"), self.dtype, bands=BANDS).model
        self.images = torch.randn(batch, BANDS, tile, tile)
        if channels_last:
            model = model.to(memory_format=torch.channels_last)
            self.images = self.images.contiguous(memory_format=torch.channels_last)
        self.model, self.tile_pixels = model, batch * tile * tile
        self.run(1)  # warm-up: oneDNN picks its kernels on the first call

    def run(self, batches: int) -> float:
        """Seconds for ``batches`` forward passes."""
        import torch

        reduced = self.dtype != torch.float32
        with torch.inference_mode(), torch.autocast("cpu", dtype=self.dtype, enabled=reduced):
            started = time.perf_counter()
            for _ in range(batches):
                self.model(self.images)
            return time.perf_counter() - started

    def rate(self, seconds: float) -> float:
        """Mpx/s over at least ``seconds`` (and two batches)."""
        runs, elapsed = 0, 0.0
        while elapsed < seconds or runs < 2:
            elapsed += self.run(1)
            runs += 1
        return runs * self.tile_pixels / elapsed / 1e6


def model_only(backbone: str, tile: int, precision: str, channels_last: bool, batch: int,
               seconds: float, prepared: bool = True) -> float:  # fmt: skip
    """(a) in Mpx/s, measured for ``seconds``."""
    return ModelOnly(backbone, tile, precision, channels_last, batch, prepared).rate(seconds)


def end_to_end_child(raster: Path, package: Path, output: Path, options: dict) -> None:
    """Child process: classify, then print seconds, peak RSS and tile pixels as JSON. With
    ``rounds``, (a) the network alone is timed too, in the same process, interleaved with
    (b): half of (a) before each run of (b), half after, so both see the same machine."""
    backbone, rounds = options.pop("backbone"), options.pop("rounds", 0)
    from torchmap.engine.inference.classify_pixels import ClassifyPixelsConfig, classify_pixels
    from torchmap.engine.inference.tiling import inference_tiles

    # Warm up on one tile (oneDNN picks its kernels on the first calls), as (a) does.
    small = output.with_name("warm-up.tif")
    with rasterio.open(raster) as src:
        window = rasterio.windows.Window(0, 0, min(src.width, 256), min(src.height, 256))
        profile = src.profile | {"width": window.width, "height": window.height,
                                 "transform": src.window_transform(window)}  # fmt: skip
        with rasterio.open(small, "w", **profile) as dst:
            dst.write(src.read(window=window))
    classify_pixels(
        ClassifyPixelsConfig(small, package, small.with_name("warm-out.tif"), **options)
    )
    from torchmap.engine.reporter import NullReporter

    class StreamStart(NullReporter):
        """Notes when streaming starts: the settings line follows loading the model."""

        started = 0.0

        def info(self, text: str) -> None:
            if text.startswith("Classify Pixels settings"):
                self.started = time.perf_counter()

    def classify() -> tuple[float, dict]:
        reporter = StreamStart()
        result = classify_pixels(ClassifyPixelsConfig(raster, package, output, **options),
                                 reporter)  # fmt: skip
        return time.perf_counter() - reporter.started, result.settings

    seconds, settings = classify()
    with rasterio.open(raster) as src:
        width, height = src.width, src.height
    tile_pixels = sum(
        tile.read.width * tile.read.height
        for tile in inference_tiles(width, height, settings["tile_size"], settings["overlap"])
    )
    peak_mib = peak_rss_mib()
    figures = {"seconds": seconds, "peak_mib": peak_mib, "tile_pixels": tile_pixels,
               "precision": settings["precision"]}  # fmt: skip
    if rounds:
        figures |= interleaved_rounds(backbone, settings, options, tile_pixels, rounds, classify)
    print(json.dumps(figures))


def interleaved_rounds(backbone: str, settings: dict, options: dict, tile_pixels: int,
                       rounds: int, classify) -> dict:  # fmt: skip
    """(a) and (b) in turn: per round, half of (a)'s batches, one run of (b), the other half.
    (a) infers as many tiles as (b) does, so both take about as long."""
    tile = settings["tile_size"]
    batch = options.get("batch_size", 4)
    alone = ModelOnly(backbone, tile, options.get("precision", "auto"), True, batch)
    half = max(1, round(tile_pixels / alone.tile_pixels / 2))
    model_seconds, e2e_seconds, ratios = 0.0, 0.0, []
    for _ in range(rounds):
        before = alone.run(half)
        seconds, _ = classify()
        after = alone.run(half)
        model_seconds += before + after
        e2e_seconds += seconds
        a = 2 * half * alone.tile_pixels / (before + after)
        ratios.append(tile_pixels / seconds / a)
    return {"model_mpx_s": 2 * half * rounds * alone.tile_pixels / model_seconds / 1e6,
            "e2e_seconds": e2e_seconds / rounds, "round_ratios": ratios}  # fmt: skip


def end_to_end(raster: Path, package: Path, output: Path, **options: object) -> dict:
    child = [sys.executable, __file__, "--child", str(raster), str(package), str(output),
             json.dumps(options)]  # fmt: skip
    completed = subprocess.run(child, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def agreement(first: Path, second: Path) -> float:
    """Share of pixels with the same class, read block by block."""
    same = total = 0
    with rasterio.open(first) as a, rasterio.open(second) as b:
        for _, window in a.block_windows(1):
            same += int((a.read(1, window=window) == b.read(1, window=window)).sum())
            total += int(window.width * window.height)
    return same / total


SECTIONS = ("speed", "fastpath", "memory", "real")
LANDSAT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "landsat7_chiapas"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small rasters, ResNet-18 only")
    parser.add_argument("--sections", nargs="*", default=list(SECTIONS), choices=SECTIONS,
                        help="which parts to run (default: all)")  # fmt: skip
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=4)
    args = parser.parse_args()
    if args.child:
        *paths, options = args.child
        end_to_end_child(*map(Path, paths), json.loads(options))
        return

    import torch

    from torchmap.engine.runtime import native_bf16

    speed_size = 1024 if args.quick else 3000
    memory_sizes = (750, 3000) if args.quick else (3000, 12000)
    print(f"Classify Pixels bench: {BANDS}-band uint16, {CLASSES} classes, batch {args.batch}, "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads, CPU bf16 native: "
          f"{native_bf16(torch.device('cpu'))}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sizes = {speed_size} if {"speed", "fastpath"} & set(args.sections) else set()
        sizes |= set(memory_sizes) if "memory" in args.sections else set()
        rasters = {}
        for size in sorted(sizes):
            rasters[size] = work / f"in{size}.tif"
            write_raster(rasters[size], size)
        package = work / "resnet18_256.tmpk"
        write_package(package, "resnet18", 256)
        if "speed" in args.sections:
            bench_speed(args, work, rasters[speed_size])
        if "fastpath" in args.sections:
            bench_fast_path(args, work, rasters[speed_size], package)
        if "memory" in args.sections:
            bench_memory(args, work, [rasters[size] for size in memory_sizes], package)
        if "real" in args.sections:
            bench_real_imagery(work, epochs=6 if args.quick else 12)


def bench_speed(args: argparse.Namespace, work: Path, raster: Path) -> None:
    """1. (a) the network alone against (b) the whole algorithm, per model and tile size,
    measured in turn in one process (this machine's speed drifts by 10-20 % over minutes:
    (a) and (b) taken minutes apart would compare the drift, not the overhead)."""
    size = _side(raster)
    backbones = ("resnet18",) if args.quick else ("resnet18", "resnet34")
    tiles = (256,) if args.quick else (256, 512)
    rounds = 1 if args.quick else 2
    print(f"\n1. Throughput on a {size}² raster (Mpx/s), overlap 25 %, precision auto; (a) "
          f"and (b) interleaved, {rounds} round(s)")  # fmt: skip
    print("   model        tile | (a) model only | (b) end to end: output  tiles | b/a "
          "(per round)")  # fmt: skip
    for backbone in backbones:
        for tile in tiles:
            package = work / f"{backbone}_{tile}.tmpk"
            write_package(package, backbone, tile)
            b = end_to_end(raster, package, work / "out.tif", backbone=backbone,
                           batch_size=args.batch, rounds=rounds)  # fmt: skip
            a, seconds = b["model_mpx_s"], b["e2e_seconds"]
            output_rate = size**2 / seconds / 1e6
            tile_rate = b["tile_pixels"] / seconds / 1e6
            spread = ", ".join(f"{ratio:.2f}" for ratio in b["round_ratios"])
            print(f"   U-Net {backbone:9} {tile:4} | {a:14.2f} | {output_rate:22.2f} "
                  f"{tile_rate:6.2f} | {tile_rate / a:.2f} ({spread})", flush=True)  # fmt: skip


def bench_fast_path(args: argparse.Namespace, work: Path, raster: Path, package: Path) -> None:
    """2. float32 against the fast path, model only and end to end (untrained weights: the
    agreement of a trained model is in section 4)."""
    size = _side(raster)
    print(f"\n2. float32 against the fast path, U-Net resnet18, tile 256, {size}²")
    bare = model_only("resnet18", 256, "float32", False, args.batch, 10, prepared=False)
    last = model_only("resnet18", 256, "float32", True, args.batch, 10, prepared=False)
    folded = model_only("resnet18", 256, "float32", True, args.batch, 10)
    fast = model_only("resnet18", 256, "auto", True, args.batch, 10)
    print(f"   model only: bare float32 {bare:.2f}, channels-last {last:.2f}, + batch norms "
          f"folded {folded:.2f}, fast path (all + autocast) {fast:.2f} Mpx/s "
          f"({fast / bare:.1f}x bare float32)")  # fmt: skip
    outputs = {precision: work / f"{precision}.tif" for precision in ("float32", "auto")}
    runs = {
        precision: end_to_end(raster, package, path, backbone="resnet18",
                              batch_size=args.batch, precision=precision)
        for precision, path in outputs.items()
    }  # fmt: skip
    slow, quick = runs["float32"]["seconds"], runs["auto"]["seconds"]
    print(f"   end to end: float32 {size**2 / slow / 1e6:.2f}, fast path "
          f"({runs['auto']['precision']}) {size**2 / quick / 1e6:.2f} Mpx/s "
          f"({slow / quick:.1f}x); pixel agreement on random weights "
          f"{agreement(outputs['float32'], outputs['auto']):.2%}")  # fmt: skip


def bench_memory(args: argparse.Namespace, work: Path, rasters: list[Path], package: Path) -> None:
    """3. Peak memory for a small and a 16x larger raster, each in a fresh process."""
    print("\n3. Peak memory (RSS), U-Net resnet18, tile 256, precision auto")
    peaks = []
    for raster in rasters:
        size = _side(raster)
        run = end_to_end(raster, package, work / "out.tif", backbone="resnet18",
                         batch_size=args.batch)  # fmt: skip
        peaks.append(run["peak_mib"])
        print(f"   {size:>6}² ({size * size * BANDS * 2 / 2**20:6.0f} MiB raster): "
              f"{run['peak_mib'] / 1024:.2f} GiB, {size**2 / run['seconds'] / 1e6:.2f} "
              "Mpx/s")  # fmt: skip
    ratio = (_side(rasters[1]) / _side(rasters[0])) ** 2
    print(f"   {ratio:.0f}x the pixels -> {peaks[1] / peaks[0]:.2f}x the peak memory")


def bench_real_imagery(work: Path, epochs: int) -> None:
    """4. A U-Net trained on real Landsat 7 imagery (../shared/data): the fast path's
    agreement with float32 on a date the model never saw, and tiles of the training chip
    size against one whole-image tile (agreement, and accuracy on the labelled pixels)."""
    if not LANDSAT.is_dir():
        print(f"\n4. Real imagery: skipped, {LANDSAT} is absent")
        return
    from torchmap.engine.data.export import ExportConfig, export_training_data
    from torchmap.engine.training.train import TrainConfig, train_model

    tile = 64
    chips, package = work / "landsat_chips", work / "landsat.tmpk"
    seen, labels = LANDSAT / "LE70220491999322EDC01_stack.gtif", LANDSAT / "training_data.gtif"
    unseen = LANDSAT / "LE70220492002106EDC00_stack.gtif"
    started = time.perf_counter()
    export_training_data(ExportConfig(seen, labels, chips, tile_size=tile, stride=tile // 2))
    train_model(
        TrainConfig(chips, "unet", package, epochs=epochs, batch_size=8, seed=0, learning_rate=3e-3)
    )  # fixed: the LR finder would double the time
    print(f"\n4. Real imagery: U-Net resnet18 trained on Landsat 7 Chiapas 1999 ({tile} px "
          f"chips, {epochs} epochs, {time.perf_counter() - started:.0f} s)")  # fmt: skip
    on_unseen = {
        name: _classified(unseen, package, work / f"unseen {name}.tif", options)
        for name, options in (("float32", {"precision": "float32"}),
                              ("fast path", {"precision": "auto"}),
                              ("whole", {"precision": "float32", "tile_size": 256}))
    }  # fmt: skip
    reference = on_unseen["float32"]
    print(f"   unseen 2002 date, 250²: fast path against float32: "
          f"{(on_unseen['fast path'] == reference).mean():.2%} of pixels agree")  # fmt: skip
    print(f"   unseen 2002 date: {tile} px tiles (overlap 25 %) against one 256 px whole-image "
          f"tile: {(on_unseen['whole'] == reference).mean():.2%} agree")  # fmt: skip
    with rasterio.open(labels) as src:
        truth = src.read(1)
    labelled = truth > 0
    for name, size in ((f"{tile} px tiles", None), ("whole image", 256)):
        options = {"precision": "float32", "tile_size": size}
        classes = _classified(seen, package, work / f"seen {size}.tif", options)
        accuracy = (classes[labelled] == truth[labelled]).mean()
        print(f"   1999 date, {labelled.sum()} labelled pixels, {name}: accuracy {accuracy:.1%}")


def _classified(raster: Path, package: Path, output: Path, options: dict) -> np.ndarray:
    from torchmap.engine.inference.classify_pixels import ClassifyPixelsConfig, classify_pixels

    classify_pixels(ClassifyPixelsConfig(raster, package, output, **options))
    with rasterio.open(output) as dst:
        return dst.read(1)


def _side(raster: Path) -> int:
    with rasterio.open(raster) as src:
        return src.width


if __name__ == "__main__":
    main()
