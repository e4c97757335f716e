"""``python -m torchmap.engine``: the demo workflow end to end without QGIS, parameters as for
qgis_process, clear errors with exit status 1, and ``info`` without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio
from osgeo import ogr

from torchmap.engine.algorithms import ALGORITHMS
from torchmap.engine.cli import UsageError, command_help, parse_values

ROOT = Path(__file__).resolve().parents[2]


def engine(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "torchmap.engine", *arguments],
        capture_output=True, text=True, cwd=cwd, check=False, timeout=600,
    )  # fmt: skip


def results(run: subprocess.CompletedProcess) -> dict:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return json.loads(run.stdout)["results"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_demo_data.py"), str(folder / "data"),
         "--size", "256"], check=True, capture_output=True,
    )  # fmt: skip
    return folder


def test_the_demo_workflow_runs_end_to_end_from_the_command_line(demo: Path) -> None:
    exported = results(
        engine("export", "INPUT_RASTER=data/scene.tif", "INPUT_CLASS_DATA=data/labels.tif",
               "TILE_SIZE=64", "STRIDE=64", "OUTPUT_FOLDER=chips", "--json", cwd=demo)
    )  # fmt: skip
    assert exported["CHIP_COUNT"] > 0 and (demo / "chips" / "torchmap_export.json").is_file()

    trained = results(
        engine("train", "INPUT_DATA=chips", "MODEL_TYPE=unet", "EPOCHS=1", "BATCH_SIZE=4",
               "LEARNING_RATE=0.001", "OUTPUT_MODEL=unet.tmpk", "--json", cwd=demo)
    )  # fmt: skip
    assert (demo / "unet.tmpk").is_file() and 0 <= trained["MEAN_IOU"] <= 1
    assert Path(demo / trained["OUTPUT_REPORT"]).is_file()

    classified = results(
        engine("classify-pixels", "INPUT_RASTER=data/scene.tif", "MODEL=unet.tmpk",
               "OUTPUT=classes.tif", "OUTPUT_CONFIDENCE=confidence.tif", "--json", cwd=demo)
    )  # fmt: skip
    assert set(classified) == {"OUTPUT", "OUTPUT_CONFIDENCE"}
    with (
        rasterio.open(demo / "data" / "scene.tif") as scene,
        rasterio.open(demo / "classes.tif") as out,
    ):
        assert (out.width, out.height, out.crs) == (scene.width, scene.height, scene.crs)
        assert out.colormap(1)  # styled: the model's colours travel with the data
        values = set(np.unique(out.read(1)).tolist()) - {out.nodata}
    model_values = {c["Value"] for c in json.loads(engine("info", "unet.tmpk", "--json",
                                                          cwd=demo).stdout)["Classes"]}  # fmt: skip
    assert values <= model_values

    results(
        engine("train", "INPUT_DATA=data/chips", "MODEL_TYPE=1", "EPOCHS=1", "BATCH_SIZE=8",
               "LEARNING_RATE=0.001", "OUTPUT_MODEL=resnet.tmpk", "--json", cwd=demo)
    )  # fmt: skip
    objects = results(
        engine("classify-objects", "INPUT_RASTER=data/scene.tif",
               "INPUT_FEATURES=data/fishnet.gpkg", "MODEL=resnet.tmpk", "TOP_K=2",
               "OUTPUT=fishnet_classes.gpkg", "--json", cwd=demo)
    )  # fmt: skip
    assert objects["OUTPUT"] == "fishnet_classes.gpkg"
    # The datasets stay referenced while their layers are read (else GDAL frees them).
    source_file = ogr.Open(str(demo / "data" / "fishnet.gpkg"))
    output_file = ogr.Open(str(demo / "fishnet_classes.gpkg"))
    source, output = source_file.GetLayer(0), output_file.GetLayer(0)
    assert output.GetFeatureCount() == source.GetFeatureCount()
    names = [field.GetName() for field in output.schema]
    assert names[: len(source.schema)] == [field.GetName() for field in source.schema]
    assert names[len(source.schema):] == ["class_value", "class_name", "confidence",
                                          "top2_value", "top2_name", "top2_confidence"]  # fmt: skip
    classes = {feature.GetField("class_value") for feature in output}
    assert classes - {None} <= {1, 2, 3, 4, 5} and classes - {None}
    assert not list(demo.glob(".torchmap-run-*"))  # nothing partial left anywhere


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["classify-pixels", "INPUT_RASTER=x.tif", "MODL=m.tmpk"], "MODL"),
        (["classify-pixels", "INPUT_RASTER=x.tif", "MODEL=m.tmpk"], "OUTPUT"),
        (["classify-pixels", "INPUT_RASTER=x.tif", "MODEL=m.tmpk", "OUTPUT=o.tif",
          "DEVICE=gpu"], "DEVICE"),
        (["export", "INPUT_RASTER=x.tif", "INPUT_CLASS_DATA=y.tif", "OUTPUT_FOLDER=o",
          "TILE_SIZE=4"], "TILE_SIZE"),
        (["train", "INPUT_DATA=.", "OUTPUT_MODEL=m.tmpk", "VALIDATION_PCT=many"],
         "VALIDATION_PCT"),
        (["classify-pixels", "INPUT_RASTER=missing.tif", "MODEL=missing.tmpk",
          "OUTPUT=o.tif"], "MODEL"),
        (["classify-pixels", "INPUT_RASTER=x.tif", "MODEL=m.tmpk", "OUTPUT=o.tif",
          "BANDS=4,three"], "BANDS"),
        (["segment", "INPUT_RASTER=x.tif"], "segment"),
        (["info"], "info"),
    ],
)  # fmt: skip
def test_bad_input_exits_1_with_a_message_naming_the_parameter(
    tmp_path: Path, arguments: list[str], named: str
) -> None:
    run = engine(*arguments, cwd=tmp_path)
    assert run.returncode == 1
    assert named in run.stderr and run.stderr.startswith("error: ")
    assert "Traceback" not in run.stderr and not run.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_every_command_explains_every_parameter(tmp_path: Path) -> None:
    for algorithm in ALGORITHMS:
        run = engine(algorithm.command, "--help", cwd=tmp_path)
        assert run.returncode == 0 and run.stdout == command_help(algorithm) + "\n"
        for parameter in algorithm.parameters:
            assert f"  {parameter.name}  (" in run.stdout
    top = engine("--help", cwd=tmp_path)
    assert top.returncode == 0
    assert all(algorithm.command in top.stdout for algorithm in ALGORITHMS)


def test_values_are_read_as_qgis_process_reads_them(tmp_path: Path) -> None:
    by_command = {algorithm.command: algorithm for algorithm in ALGORITHMS}
    values = parse_values(
        by_command["classify-pixels"],
        ["INPUT_RASTER=a.tif", "MODEL=m.tmpk", "OUTPUT=o.tif", "DEVICE=1", "TTA=dihedral",
         "OUTPUT_AT_CELL_SIZE=true", "EXTENT=0,100,-50,50", "overlap=12.5"],
    )  # fmt: skip
    assert values["DEVICE"] == "cpu" and values["TTA"] == "dihedral"  # by index or by name
    assert values["OUTPUT_AT_CELL_SIZE"] is True and values["OVERLAP"] == 12.5
    assert values["EXTENT"] == (0.0, -50.0, 100.0, 50.0)  # xmin,xmax,ymin,ymax in
    assert values["BATCH_SIZE"] == 4 and values["PRECISION"] == "auto"  # the defaults
    assert values["OUTPUT_CONFIDENCE"] is None and values["MASK_LAYER"] is None
    train = parse_values(by_command["train"], ["INPUT_DATA=chips"])
    assert train["OUTPUT_MODEL"].endswith(".tmpk")  # a new file in ~/TorchMap/models
    with pytest.raises(UsageError, match="EXTENT"):
        parse_values(
            by_command["classify-pixels"],
            ["INPUT_RASTER=a.tif", "MODEL=m.tmpk", "OUTPUT=o.tif", "EXTENT=5,1,0,1"],
        )


def test_info_reads_a_package_without_torch(unet_package: Path) -> None:
    code = f"""
import sys
sys.modules["torch"] = None  # torch missing: any import of it fails
from torchmap.engine.cli import main
status = main(["info", "MODEL={unet_package}", "--json"])
print("torch" in sys.modules and sys.modules["torch"] is not None, status, file=sys.stderr)
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stderr.split() == ["False", "0"], run.stderr
    assert json.loads(run.stdout)["Classes"]


def test_arguments_written_for_torchrun_read_back_as_the_same_values(tmp_path: Path) -> None:
    from torchmap.engine.algorithms.description import LayerSource
    from torchmap.engine.cli import to_arguments

    by_command = {algorithm.command: algorithm for algorithm in ALGORITHMS}
    algorithm = by_command["classify-pixels"]
    values = parse_values(
        algorithm,
        ["INPUT_RASTER=a.tif", "MODEL=m.tmpk", "OUTPUT=o.tif", "TTA=flips", "BANDS=4,3,2",
         "EXTENT=0.5,100.25,-50,50", "OUTPUT_AT_CELL_SIZE=true", "CELL_SIZE=2.5",
         "MASK_LAYER=fields.gpkg|layername=parcels"],
    )  # fmt: skip
    assert values["MASK_LAYER"] == LayerSource("fields.gpkg", "parcels")
    assert parse_values(algorithm, to_arguments(algorithm, values)) == values
