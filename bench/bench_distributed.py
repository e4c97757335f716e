"""One process against several on PyTorch's torchrun (gloo on CPUs, NCCL on GPUs): the same
training (epochs of a U-Net on the demo scene's chips) and the same Classify Pixels, timed
end to end through the engine's command line, one run after the other. Measure on an
otherwise idle machine.

    .venv/bin/python bench/bench_distributed.py [--size 1024] [--epochs 3] [--processes 2]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TORCHRUN = Path(sys.executable).with_name("torchrun")


def engine(processes: int, *arguments: str) -> list[str]:
    if processes == 1:
        return [sys.executable, "-m", "torchmap.engine", *arguments]
    return [str(TORCHRUN), "--standalone", f"--nproc_per_node={processes}", "-m",
            "torchmap.engine", *arguments]  # fmt: skip


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return time.perf_counter() - started, result.stderr


def epochs_seconds(log: str) -> float:
    """The epochs' share of the run, from the engine's "Time:" line."""
    match = re.search(r"epochs (\d+) s", log)
    return float(match.group(1)) if match else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024, help="demo scene size in pixels")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_data.py"),
                        str(work / "data"), "--size", str(options.size)],
                       check=True, capture_output=True)  # fmt: skip
        timed(engine(1, "export", "INPUT_RASTER=data/scene.tif",
                     "INPUT_CLASS_DATA=data/labels.tif", "TILE_SIZE=64", "STRIDE=64",
                     "OUTPUT_FOLDER=chips"), work)  # fmt: skip
        rows = []
        for processes in (1, options.processes):
            seconds, log = timed(engine(processes, "train", "INPUT_DATA=chips",
                                        f"EPOCHS={options.epochs}", "BATCH_SIZE=8",
                                        "LEARNING_RATE=0.001",
                                        f"OUTPUT_MODEL=model{processes}.tmpk"), work)  # fmt: skip
            classify, _ = timed(engine(processes, "classify-pixels",
                                       "INPUT_RASTER=data/scene.tif", "MODEL=model1.tmpk",
                                       f"OUTPUT=classes{processes}.tif"), work)  # fmt: skip
            rows.append((processes, seconds, epochs_seconds(log), classify))
        same = (work / "classes1.tif").read_bytes() == (
            work / f"classes{options.processes}.tif"
        ).read_bytes()
    print(
        f"demo scene {options.size} px, {options.epochs} epochs of U-Net-ResNet-18 on 64 px chips"
    )
    print(f"{'processes':>9} {'train (s)':>10} {'epochs (s)':>11} {'classify (s)':>13}")
    for processes, seconds, epochs, classify in rows:
        print(f"{processes:>9} {seconds:>10.1f} {epochs:>11.0f} {classify:>13.1f}")
    one, more = rows[0], rows[1]
    print(f"speed-up with {options.processes} processes: training {one[1] / more[1]:.2f}x, "
          f"epochs {one[2] / more[2]:.2f}x, Classify Pixels {one[3] / more[3]:.2f}x; "
          f"classified rasters byte-identical: {same}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
