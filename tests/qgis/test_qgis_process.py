"""The headless path: the installed plugin through a real `qgis_process.bin` subprocess, the
way servers and GPU machines run it. Needs `make install` (which `make test` runs first)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import Scene, profile

import torchmap

QGIS_PROCESS = shutil.which("qgis_process.bin")
INSTALLED = Path.home() / ".local/share/QGIS/QGIS3/profiles/default/python/plugins/torchmap"
PLUGIN_ROOT = Path(torchmap.__file__).resolve().parent

pytestmark = [
    pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process.bin is not installed"),
    pytest.mark.skipif(
        not INSTALLED.exists() or INSTALLED.resolve() != PLUGIN_ROOT,
        reason="this checkout is not installed in the default QGIS profile: run `make install`",
    ),
]


def qgis_process(*arguments: str, **extra_env: str) -> subprocess.CompletedProcess:
    # The user's real environment: pytest-qgis points QGIS at a private settings folder, and
    # only QT_QPA_PLATFORM is needed on a machine without a display (the plugin finds its
    # packages itself).
    private = ("PYTHONPATH", "VIRTUAL_ENV", "QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH")
    env = {k: v for k, v in os.environ.items() if k not in private} | extra_env
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [QGIS_PROCESS, *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def run(algorithm: str, **parameters: object) -> dict:
    completed = qgis_process(
        "run", algorithm, "--json", "--", *(f"{k}={v}" for k, v in parameters.items())
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads(completed.stdout)["results"]


def test_list_shows_the_provider() -> None:
    listing = qgis_process("list").stdout
    for algorithm in (
        "exporttrainingdata",
        "traindeeplearningmodel",
        "classifypixels",
        "classifyobjects",
    ):
        assert f"torchmap:{algorithm}" in listing


def test_the_workflow_runs_headless(scene: Scene, tmp_path: Path) -> None:
    export = run(
        "torchmap:exporttrainingdata",
        INPUT_RASTER=scene.image, INPUT_CLASS_DATA=scene.labels, TILE_SIZE=32, STRIDE=16,
        OUTPUT_FOLDER=tmp_path / "chips",
    )  # fmt: skip
    assert export == {"CHIP_COUNT": 9, "OUTPUT_FOLDER": str(tmp_path / "chips")}
    train = run(
        "torchmap:traindeeplearningmodel",
        INPUT_DATA=tmp_path / "chips", MODEL_TYPE=0, EPOCHS=1, BATCH_SIZE=4, LEARNING_RATE=0.003,
        VALIDATION_PCT=25, MAX_TIME=5, OUTPUT_MODEL=tmp_path / "unet",
    )  # fmt: skip
    # The package extension is added, so what Train writes, Classify accepts.
    assert train["OUTPUT_MODEL"] == str(tmp_path / "unet.tmpk") and 0 <= train["MEAN_IOU"] <= 1
    assert Path(train["OUTPUT_REPORT"]).name == "report.html"
    classify = run(
        "torchmap:classifypixels",
        INPUT_RASTER=scene.image, MODEL=tmp_path / "unet.tmpk", OUTPUT=tmp_path / "map.tif",
    )  # fmt: skip
    assert classify == {"OUTPUT": str(tmp_path / "map.tif")}
    assert (tmp_path / "map.tif").stat().st_size > 0


def test_an_imagenet_export_from_polygons_runs_headless(scene: Scene, tmp_path: Path) -> None:
    from data import pixel_box, write_class_polygons

    from torchmap.engine.data.catalog import read_training_folder

    boxes = [(pixel_box(2, 2, 20, 20), 10, "water"), (pixel_box(36, 36, 20, 12), 20, "forest")]
    labels = write_class_polygons(tmp_path / "labels.gpkg", boxes)
    export = run(
        "torchmap:exporttrainingdata",
        INPUT_RASTER=scene.image, INPUT_CLASS_DATA=labels, CLASS_VALUE_FIELD="class_value",
        CLASS_NAME_FIELD="class_name", METADATA_FORMAT=1, TILE_SIZE=16, CROP_MODE=1, BUFFER=10,
        OUTPUT_FOLDER=tmp_path / "objects",
    )  # fmt: skip
    assert export == {"CHIP_COUNT": 2, "OUTPUT_FOLDER": str(tmp_path / "objects")}
    data = read_training_folder(tmp_path / "objects")
    assert [(c.value, c.name) for c in data.classes] == [(10, "water"), (20, "forest")]
    assert sorted(p.parent.name for p in data.image_paths) == ["forest", "water"]


def test_bad_input_fails_naming_the_parameter_and_leaves_no_output(
    scene: Scene, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.tmpk"
    fake.write_text("not a model")
    completed = qgis_process(
        "run", "torchmap:classifypixels", "--",
        f"INPUT_RASTER={scene.image}", f"MODEL={fake}", f"OUTPUT={tmp_path / 'map.tif'}",
    )  # fmt: skip
    assert completed.returncode != 0
    assert "MODEL (Model package (.tmpk)): " in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake.tmpk"]


def test_the_shipped_land_cover_model_runs_headless(scene: Scene, tmp_path: Path) -> None:
    results = run(
        "torchmap:Land cover workflow",
        image=scene.image, labels=scene.labels, tile_size=32, stride=16, epochs=1, batch_size=4,
        **{"train:model": tmp_path / "unet.tmpk", "classify:landcover": tmp_path / "map.tif"},
    )  # fmt: skip
    assert results["train:model"] == str(tmp_path / "unet.tmpk")
    assert results["classify:landcover"] == str(tmp_path / "map.tif")
    assert (tmp_path / "map.tif").stat().st_size > 0


def test_class_values_10_20_and_300_end_to_end_headless(scene: Scene, tmp_path: Path) -> None:
    """Export, train, classify and style with class values that are not 1..n, some > 255."""
    values = np.array([0, 10, 20, 300], dtype=np.uint16)
    labels = tmp_path / "labels.tif"
    with rasterio.open(labels, "w", **profile(64, 1, "uint16", 0)) as dst:
        dst.write(values[scene.truth][None])
    run(
        "torchmap:exporttrainingdata",
        INPUT_RASTER=scene.image, INPUT_CLASS_DATA=labels, TILE_SIZE=32, STRIDE=16,
        OUTPUT_FOLDER=tmp_path / "chips",
    )  # fmt: skip
    run(
        "torchmap:traindeeplearningmodel",
        INPUT_DATA=tmp_path / "chips", MODEL_TYPE=0, EPOCHS=3, BATCH_SIZE=4,
        LEARNING_RATE=0.003, OUTPUT_MODEL=tmp_path / "unet.tmpk",
    )  # fmt: skip
    classify = run(
        "torchmap:classifypixels",
        INPUT_RASTER=scene.image, MODEL=tmp_path / "unet.tmpk", OUTPUT=tmp_path / "map.tif",
        OUTPUT_CONFIDENCE=tmp_path / "confidence.tif",
    )  # fmt: skip
    assert classify == {
        "OUTPUT": str(tmp_path / "map.tif"), "OUTPUT_CONFIDENCE": str(tmp_path / "confidence.tif")
    }  # fmt: skip
    with rasterio.open(tmp_path / "map.tif") as dst:
        assert dst.dtypes[0] == "uint16" and dst.nodata == 0
        classes = dst.read(1)
        tags = json.loads(dst.tags()["TORCHMAP_CLASSES"])
    assert [c["value"] for c in tags] == [10, 20, 300]
    assert set(np.unique(classes)) <= {0, 10, 20, 300} and (classes[:4, :4] == 0).all()
    style = (tmp_path / "map.qml").read_text()
    assert all(f'value="{value}"' in style for value in (10, 20, 300))
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_bad_bands_fail_headless_naming_the_parameter(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    completed = qgis_process(
        "run", "torchmap:classifypixels", "--", f"INPUT_RASTER={scene.image}",
        f"MODEL={unet_package}", "BANDS=1,2", f"OUTPUT={tmp_path / 'map.tif'}",
    )  # fmt: skip
    assert completed.returncode != 0
    assert "BANDS (" in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_torch_a_run_names_what_to_install_and_prints_no_traceback(
    scene: Scene, tmp_path: Path
) -> None:
    """qgis_process never asks canExecute(): the run itself must say what is missing."""
    has_torch = subprocess.run(["/usr/bin/python3", "-c", "import torch"], check=False)
    if has_torch.returncode == 0:
        pytest.skip("QGIS's own Python has torch installed system-wide here")
    completed = qgis_process(
        "run", "torchmap:classifypixels", "--", f"INPUT_RASTER={scene.image}",
        f"MODEL={tmp_path / 'm.tmpk'}", f"OUTPUT={tmp_path / 'out.tif'}",
        TORCHMAP_SITE_PACKAGES=str(tmp_path / "no-packages-here"),
    )  # fmt: skip
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "TorchMap needs the Python packages torch" in output, output
    assert "Traceback" not in output and "ModuleNotFoundError" not in output
