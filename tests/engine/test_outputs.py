"""Outputs are whole or absent: a full disk (a real small tmpfs filesystem), a failed close, a
killed run. The engine's writes fail naming the output and the cause, remove what they began,
and keep an earlier file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio
from conftest import DISK_BYTES
from data import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window

from torchmap.engine.inference.classify_pixels import ClassifyPixelsConfig, classify_pixels
from torchmap.engine.outputs import (
    RUN_FOLDER_PREFIX,
    OutputError,
    atomic_file,
    remove_stale_run_folders,
)


def noise(rows: int, cols: int, seed: int = 0) -> np.ndarray:
    """Incompressible bytes: deflate cannot shrink them below the disk's size."""
    return np.random.default_rng(seed).integers(0, 255, (1, rows, cols), dtype=np.uint8)


def profile(rows: int, cols: int) -> dict:
    return {
        "driver": "GTiff", "width": cols, "height": rows, "count": 1, "dtype": "uint8",
        "crs": CRS, "transform": from_origin(500_000, 1_700_000, 10, 10), "tiled": True,
        "blockxsize": 256, "blockysize": 256, "compress": "deflate",
    }  # fmt: skip


def entries(folder: Path) -> list[str]:
    """Every entry, hidden ones included (partial files, run folders)."""
    return sorted(path.name for path in folder.iterdir())


def write_raster(path: Path, rows: int, cols: int, seed: int = 0) -> None:
    with rasterio.open(path, "w", **profile(rows, cols)) as dst:
        dst.write(noise(rows, cols, seed))


def test_a_full_disk_while_writing_names_the_output_and_keeps_the_earlier_file(
    full_disk: Path,
) -> None:
    earlier = full_disk / "classes.tif"
    write_raster(earlier, 64, 64, seed=1)
    before = earlier.read_bytes()
    with (
        pytest.raises(OutputError) as raised,
        atomic_file("output", earlier) as partial,
        rasterio.open(partial, "w", **profile(1024, 1024)) as dst,
    ):
        for top in range(0, 1024, 256):  # row by row, as Classify Pixels writes
            dst.write(noise(256, 1024, top), window=Window(0, top, 1024, 256))
    assert raised.value.field == "output"
    assert "the disk is full" in raised.value.message and str(earlier) in raised.value.message
    assert earlier.read_bytes() == before
    assert entries(full_disk) == ["classes.tif"]


def test_a_full_disk_noticed_only_when_gdal_closes_the_file_still_fails(full_disk: Path) -> None:
    """GDAL keeps compressed blocks in its cache and writes them when the file closes; the
    close reports nothing, so the output is checked before it takes the final name."""
    target = full_disk / "confidence.tif"
    with (
        pytest.raises(OutputError) as raised,
        atomic_file("confidence", target) as partial,
        rasterio.open(partial, "w", **profile(640, 640)) as dst,
    ):
        dst.write(noise(640, 640))  # 400 KiB, all in GDAL's cache until the close
    assert raised.value.field == "confidence"
    assert "the disk is full" in raised.value.message
    assert entries(full_disk) == []


def test_a_full_disk_on_python_writes_names_the_output(full_disk: Path) -> None:
    target = full_disk / "model.tmpk"
    with pytest.raises(OutputError) as raised, atomic_file("output_model", target) as partial:
        partial.write_bytes(os.urandom(DISK_BYTES * 2))
    assert raised.value.field == "output_model" and "the disk is full" in raised.value.message
    assert entries(full_disk) == []


def test_an_output_that_fits_is_written_whole(full_disk: Path) -> None:
    target = full_disk / "small.tif"
    with atomic_file("output", target) as partial:
        write_raster(partial, 64, 64)
    with rasterio.open(target) as src:
        assert np.array_equal(src.read(), noise(64, 64))
    assert entries(full_disk) == ["small.tif"]


def test_classify_pixels_on_a_full_disk_fails_naming_the_output_and_writes_nothing(
    full_disk: Path, scene, unet_package: Path, tmp_path: Path
) -> None:
    """The confidence raster (optional) is held to the same rule as the classes: the run fails
    naming it, and neither output is left half-written."""
    output = tmp_path / "classes.tif"
    config = ClassifyPixelsConfig(
        raster=scene.image, model=unet_package, output=output,
        confidence=full_disk / "confidence.tif", probabilities=full_disk / "probabilities.tif",
    )  # fmt: skip
    filler = full_disk / "filler.bin"
    filler.write_bytes(b"\0" * (DISK_BYTES - 24 * 1024))  # leave less than the outputs need
    with pytest.raises(OutputError) as raised:
        classify_pixels(config)
    assert raised.value.field in ("confidence", "probabilities")
    assert "the disk is full" in raised.value.message
    assert entries(full_disk) == ["filler.bin"]
    assert not output.exists() and entries(tmp_path).count("classes.tif") == 0


def test_a_killed_run_leaves_a_run_folder_that_the_next_run_removes(tmp_path: Path) -> None:
    target = tmp_path / "classes.tif"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from torchmap.engine.outputs import atomic_file\n"
        "with atomic_file('output', Path(sys.argv[1])) as partial:\n"
        "    partial.write_bytes(b'half')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    leftovers = [name for name in entries(tmp_path) if name.startswith(RUN_FOLDER_PREFIX)]
    assert len(leftovers) == 1 and not target.exists()
    with atomic_file("output", target) as partial:
        partial.write_bytes(b"whole")
    assert entries(tmp_path) == ["classes.tif"] and target.read_bytes() == b"whole"


def test_run_folders_of_live_processes_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / f"{RUN_FOLDER_PREFIX}{os.getpid()}-0000abcd"
    mine.mkdir()
    assert remove_stale_run_folders(tmp_path) == []
    assert mine.is_dir()


def test_export_on_a_full_disk_names_the_output_folder_and_leaves_nothing(
    full_disk: Path, scene
) -> None:
    from torchmap.engine.data.export import ExportConfig, export_training_data

    config = ExportConfig(scene.image, scene.labels, full_disk / "chips", 16, 8)
    with pytest.raises(OutputError) as raised:
        export_training_data(config)
    assert raised.value.field == "output_folder" and "the disk is full" in raised.value.message
    assert entries(full_disk) == []
