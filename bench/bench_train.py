"""Train Deep Learning Model: speed and quality, measured side by side in one run.

1. throughput: the trainer (batches from chips in memory, normalised and augmented on the
   fly, events and hooks) against a bare PyTorch loop over the same tensors, already
   normalised in memory, at the same precision. Goal: at least 0.8x.
2. precision: fp32 against bf16 autocast, speed of a training step and the accuracy reached.
3. recipes: the default recipe (class-weighted cross-entropy + Dice, AdamW one-cycle, LR
   finder, bf16 where native) against the old one (plain cross-entropy, Adam, fixed rate
   1e-3, fp32) on the Landsat sample (exported with the engine's export: 8 bands int16,
   nodata -9999, sparse labels) and on a generated scene with one rare class: mean IoU and
   the rare class's IoU on spatially disjoint validation chips.

    .venv/bin/python bench/bench_train.py [--quick] [--sections throughput precision recipes]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
LANDSAT = ROOT.parent / "shared" / "data" / "landsat7_chiapas"
sys.path.insert(0, str(ROOT / "tests"))  # the scene generators the tests use

from data import write_rare_class_scene  # noqa: E402


def _trainer_parts(bands: int, size: int, count: int, precision_name: str):
    from torchmap.engine.data.datasets import BatchLoader, Chips
    from torchmap.engine.models.networks import build_model
    from torchmap.engine.reporter import NullReporter
    from torchmap.engine.runtime import resolve_precision
    from torchmap.engine.spec import BandStatistics
    from torchmap.engine.training.losses import build_loss
    from torchmap.engine.training.precision import Precision
    from torchmap.engine.training.trainer import EventHook, StopRequestHook, Trainer

    rng = np.random.default_rng(0)
    pixels = torch.from_numpy(rng.integers(0, 3000, (count, bands, size, size), dtype=np.int16))
    targets = torch.from_numpy(rng.integers(0, 4, (count, size, size)))
    chips = Chips(
        paths=[Path(f"{i}.tif") for i in range(count)], pixels=pixels,
        valid=torch.ones(count, size, size, dtype=torch.bool), targets=targets,
        band_count=bands, size=(size, size), nodata=None, task="pixel_classification",
    )  # fmt: skip
    statistics = BandStatistics([1500.0] * bands, [800.0] * bands, [0.0] * bands, [3000.0] * bands)
    cpu = torch.device("cpu")
    torch.manual_seed(0)
    model = build_model("unet", bands, 4)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    loss = build_loss("weighted_ce_dice", np.ones(4), cpu)
    precision = Precision(resolve_precision(precision_name, cpu, training=True), cpu)
    loader = BatchLoader(chips, range(count), statistics, 8, cpu, augment=True, shuffle=True)
    trainer = Trainer(
        model, loss, optimizer, None, (loader, []), 4, precision, NullReporter(), 1,
        hooks=[EventHook({}, (0, 100)), StopRequestHook()],
    )  # fmt: skip
    normalised = ((pixels.float() - loader.mean) / loader.std).contiguous()
    return trainer, normalised, targets


def _bare_epoch(trainer, images: torch.Tensor, targets: torch.Tensor, batch: int) -> None:
    """The reference: a plain loop over tensors already normalised in memory."""
    model, optimizer, loss_function = trainer.model, trainer.optimizer, trainer.loss_function
    model.train()
    order = torch.randperm(len(images))
    for start in range(0, len(images), batch):
        chosen = order[start : start + batch]
        optimizer.zero_grad(set_to_none=True)
        with trainer.precision.autocast():
            loss = loss_function(model(images[chosen]), targets[chosen])
        loss.backward()
        optimizer.step()


def bench_throughput(quick: bool) -> None:
    count, size, bands = (48, 64, 8) if quick else (128, 128, 8)
    print(f"\n## Throughput: U-Net-ResNet-18, {count} chips of {bands} x {size} x {size}, batch 8")
    print("precision | bare loop chips/s | trainer chips/s | trainer / bare")
    for name in ("fp32", "bf16"):
        trainer, images, targets = _trainer_parts(bands, size, count, name)
        trainer.epoch = 1
        bare, ours = [], []
        _bare_epoch(trainer, images, targets, 8)  # warm-up (oneDNN primitives)
        for _ in range(2 if quick else 3):  # interleaved, so load changes hit both
            start = time.perf_counter()
            _bare_epoch(trainer, images, targets, 8)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            trainer.train_one_epoch(1)
            ours.append(time.perf_counter() - start)
        bare_rate, our_rate = count / min(bare), count / min(ours)
        print(f"{name} | {bare_rate:.1f} | {our_rate:.1f} | {our_rate / bare_rate:.2f}x")


def bench_step_speed(quick: bool) -> None:
    size = 64 if quick else 128
    print(f"\n## Precision: training step speed, U-Net-ResNet-18, 8 x 8 x {size} x {size}")
    print("precision | seconds per step | speed-up over fp32")
    results = {}
    for name in ("fp32", "bf16"):
        trainer, images, targets = _trainer_parts(8, size, 16, name)
        _bare_epoch(trainer, images, targets, 8)
        times = []
        for _ in range(3 if quick else 5):
            start = time.perf_counter()
            _bare_epoch(trainer, images[:8], targets[:8], 8)
            times.append(time.perf_counter() - start)
        results[name] = min(times)
    for name, seconds in results.items():
        print(f"{name} | {seconds:.3f} | {results['fp32'] / seconds:.2f}x")


# The old recipe, as the seed trained: plain cross-entropy, Adam, a fixed rate, fp32.
OLD_RECIPE = {"loss": "ce", "optimizer": "adam", "schedule": "constant",
              "learning_rate": 1e-3, "precision": "fp32"}  # fmt: skip
DEFAULT_RECIPE: dict[str, object] = {}


def _export(image: Path, labels: Path, folder: Path, tile: int, stride: int) -> Path:
    from torchmap.engine.data.export import ExportConfig, export_training_data

    export_training_data(ExportConfig(image, labels, folder, tile_size=tile, stride=stride))
    return folder


def _train(folder: Path, output: Path, epochs: int, recipe: dict, rare: int | None):
    from torchmap.engine.training.train import TrainConfig, train_model

    start = time.perf_counter()
    config = TrainConfig(folder, "unet", output, epochs=epochs, batch_size=8, reports=False,
                         **recipe)  # fmt: skip
    result = train_model(config)
    rare_iou = result.class_iou[rare] if rare is not None else None
    return result.mean_iou, rare_iou, time.perf_counter() - start


def bench_recipes(quick: bool, sections: list[str], skip: list[str]) -> None:
    epochs = 8 if quick else 20
    work = Path(tempfile.mkdtemp(prefix="bench_train_"))
    scenes = []
    if LANDSAT.is_dir() and "landsat" not in skip:
        landsat = _export(LANDSAT / "LE70220491999322EDC01_stack.gtif",
                          LANDSAT / "training_data.gtif", work / "landsat", 32, 16)  # fmt: skip
        scenes.append(("Landsat 7 Chiapas (sparse labels; water, the rarest, 16 px)", landsat, 1))
    else:
        print(f"(skipping the Landsat sample: skipped, or {LANDSAT} is absent)")
    scene = write_rare_class_scene(work / "rare", size=128 if quick else 192)
    rare = _export(scene.image, scene.labels, work / "rare_chips", 32, 16)
    scenes.append(("generated scene, one rare class (about 2% of pixels)", rare, 3))
    recipes = {"default recipe": DEFAULT_RECIPE, "old recipe (CE, Adam, 1e-3, fp32)": OLD_RECIPE}
    if "precision" in sections:
        recipes["default recipe in fp32"] = {"precision": "fp32"}
    print(f"\n## Recipes: U-Net-ResNet-18 from scratch, {epochs} epochs, batch 8, validation "
          "spatially disjoint (20%)")  # fmt: skip
    print("scene | recipe | mean IoU | rare-class IoU | seconds")
    for title, folder, rare_index in scenes:
        for name, recipe in recipes.items():
            mean, rare_iou, seconds = _train(folder, work / f"{name[:3]}.tmpk", epochs,
                                             recipe, rare_index)  # fmt: skip
            rare_text = "–" if rare_iou is None else f"{rare_iou:.3f}"
            print(f"{title} | {name} | {mean:.3f} | {rare_text} | {seconds:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few epochs")
    parser.add_argument("--sections", nargs="+", default=["throughput", "precision", "recipes"])
    parser.add_argument("--skip", nargs="*", default=[], help="scenes to skip: landsat")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    arguments = parser.parse_args()
    if arguments.threads:
        torch.set_num_threads(arguments.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, CPU bf16 native: "
          f"{_native_bf16()}")  # fmt: skip
    if "throughput" in arguments.sections:
        bench_throughput(arguments.quick)
    if "precision" in arguments.sections:
        bench_step_speed(arguments.quick)
    if "recipes" in arguments.sections or "precision" in arguments.sections:
        bench_recipes(arguments.quick, arguments.sections, arguments.skip)


def _native_bf16() -> bool:
    import torch

    from torchmap.engine.runtime import native_bf16

    return native_bf16(torch.device("cpu"))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
    sys.exit(0)
