"""Several processes as one run, on torchrun with gloo (CPUs): two ranks train one model
whose metrics are those of the summed confusion matrix; two ranks classify exactly as one;
a rank that dies fails the run and leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import Scene, pixel_box, write_polygons
from osgeo import ogr

from torchmap.engine.data.datasets import IGNORE_INDEX, load_chips
from torchmap.engine.models.definition import read_definition
from torchmap.engine.options import PIXEL_CLASSIFICATION
from torchmap.engine.reporter import NullReporter
from torchmap.engine.training.inputs import read_training_folders
from torchmap.engine.training.metrics import mean_iou, overall_accuracy
from torchmap.engine.training.split import split_chips

TORCHRUN = Path(sys.executable).with_name("torchrun")
pytestmark = pytest.mark.skipif(not TORCHRUN.exists(), reason="torchrun is not installed")


def torchrun(*arguments: str, cwd: Path, processes: int = 2) -> list[str]:
    return [str(TORCHRUN), "--standalone", f"--nproc_per_node={processes}", "-m",
            "torchmap.engine", *arguments]  # fmt: skip


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_two_ranks_train_one_model_scored_on_every_validation_chip(
    export_folder: Path, tmp_path: Path
) -> None:
    output = tmp_path / "ddp.tmpk"
    run(
        torchrun("train", f"INPUT_DATA={export_folder}", "EPOCHS=3", "BATCH_SIZE=4",
                 "LEARNING_RATE=0.003", f"OUTPUT_MODEL={output}", cwd=tmp_path),
        tmp_path,
    )  # fmt: skip
    definition = read_definition(output)
    metrics, training = definition.metrics, definition.training
    matrix = np.asarray(metrics["confusion_matrix"])
    # The metrics are the summed matrix's, and the matrix counts every labelled pixel of
    # every validation chip (each rank scored its share of them).
    assert metrics["validation_accuracy"] == pytest.approx(overall_accuracy(matrix))
    assert metrics["mean_iou"] == pytest.approx(mean_iou(matrix))
    data = read_training_folders([export_folder], PIXEL_CLASSIFICATION, "U-Net")
    chips = load_chips(data, NullReporter())
    split = split_chips(data.task, data.positions, None, 0.2, 42, NullReporter())
    labelled = sum(int((chips.targets[i] != IGNORE_INDEX).sum()) for i in split.validation)
    assert matrix.sum() == labelled
    assert training["processes"] == 2 and training["epochs"] == 3
    assert (tmp_path / "ddp_report" / "report.html").is_file()
    assert not list(tmp_path.glob(".torchmap-run-*"))


@pytest.mark.parametrize("cell_size", [None, 15.0], ids=["native", "resampled"])
def test_two_ranks_classify_exactly_as_one(
    unet_package: Path, scene: Scene, tmp_path: Path, cell_size: float | None
) -> None:
    common = [f"INPUT_RASTER={scene.image}", f"MODEL={unet_package}", "TILE_SIZE=32",
              "BATCH_SIZE=3"] + ([f"CELL_SIZE={cell_size}"] if cell_size else [])  # fmt: skip
    single = [sys.executable, "-m", "torchmap.engine", "classify-pixels", *common,
              "OUTPUT=one.tif", "OUTPUT_CONFIDENCE=one_confidence.tif"]  # fmt: skip
    run(single, tmp_path)
    run(
        torchrun("classify-pixels", *common, "OUTPUT=two.tif",
                 "OUTPUT_CONFIDENCE=two_confidence.tif", cwd=tmp_path),
        tmp_path,
    )  # fmt: skip
    for one, two in (("one.tif", "two.tif"), ("one_confidence.tif", "two_confidence.tif")):
        with rasterio.open(tmp_path / one) as a, rasterio.open(tmp_path / two) as b:
            assert a.profile == b.profile and a.tags() == b.tags()
            assert np.array_equal(a.read(), b.read())  # byte for byte
            if one == "one.tif":
                assert a.colormap(1) == b.colormap(1)
    # No part or run folder is left beside the outputs.
    assert not list(tmp_path.glob(".*.part*")) and not list(tmp_path.glob(".torchmap-run-*"))


def test_two_ranks_classify_objects_as_one_into_one_layer(
    unet_package: Path, scene: Scene, tmp_path: Path
) -> None:
    cells = [pixel_box(col, row, 16, 16) for row in range(0, 64, 16) for col in range(0, 64, 16)]
    fishnet = write_polygons(tmp_path / "fishnet.gpkg", cells)
    common = [f"INPUT_RASTER={scene.image}", f"INPUT_FEATURES={fishnet}",
              f"MODEL={unet_package}", "BATCH_SIZE=3"]  # fmt: skip
    run([sys.executable, "-m", "torchmap.engine", "classify-objects", *common, "OUTPUT=one.gpkg"],
        tmp_path)  # fmt: skip
    run(torchrun("classify-objects", *common, "OUTPUT=two.gpkg", cwd=tmp_path), tmp_path)
    one, two = ogr.Open(str(tmp_path / "one.gpkg")), ogr.Open(str(tmp_path / "two.gpkg"))
    rows = [
        [(f.items(), f.GetGeometryRef().ExportToWkt()) for f in source.GetLayer(0)]
        for source in (one, two)
    ]
    assert len(rows[0]) == len(cells) and rows[0] == rows[1]  # in order, value for value
    assert not list(tmp_path.glob(".*.part*"))


def _rank_pid(parent: int, rank: int) -> int | None:
    """The pid of the worker of ``rank`` that torchrun ``parent`` started."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("PPid")), ""
        )
        if ppid == str(parent) and f"RANK={rank}".encode() in environ:
            return int(entry.name)
    return None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the ranks")
def test_a_rank_that_dies_fails_the_run_and_leaves_nothing(
    export_folder: Path, tmp_path: Path
) -> None:
    output = tmp_path / "killed.tmpk"
    process = subprocess.Popen(
        torchrun("train", f"INPUT_DATA={export_folder}", "EPOCHS=500", "BATCH_SIZE=4",
                 "LEARNING_RATE=0.003", f"OUTPUT_MODEL={output}", cwd=tmp_path),
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        victim = None
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(1)
            victim = _rank_pid(process.pid, 1)
        assert victim is not None, "rank 1 never started"
        time.sleep(8)  # well into training (500 epochs take minutes)
        os.kill(victim, signal.SIGKILL)
        _, stderr = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "error:" in stderr  # rank 0 says why in one line
    assert not output.exists() and not (tmp_path / "killed_report").exists()
    assert not list(tmp_path.glob(".torchmap-run-*"))
