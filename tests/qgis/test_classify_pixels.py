"""Classify Pixels through processing.run: every option, and outputs that open styled (the
qgis_process.bin round trips are in test_qgis_process.py)."""

from __future__ import annotations

from pathlib import Path

import processing
import pytest
import rasterio
from data import Scene, pixel_box, write_polygons
from qgis.core import (
    QgsPalettedRasterRenderer,
    QgsProcessingException,
    QgsRasterLayer,
    QgsSingleBandPseudoColorRenderer,
)

pytestmark = pytest.mark.usefixtures("torchmap_provider")


def test_every_option_through_processing_and_styled_outputs(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    mask = write_polygons(tmp_path / "mask.gpkg", [pixel_box(0, 0, 40, 64)])
    outputs = {name: tmp_path / f"{name.lower()}.tif" for name in
               ("OUTPUT", "OUTPUT_CONFIDENCE", "OUTPUT_PROBABILITIES")}  # fmt: skip
    xmin, ymin, xmax, ymax = pixel_box(0, 8, 64, 56)
    result = processing.run(
        "torchmap:classifypixels",
        {
            "INPUT_RASTER": str(scene.image), "MODEL": str(unet_package), "BANDS": "1,2,3",
            "EXTENT": f"{xmin},{xmax},{ymin},{ymax} [EPSG:32615]", "MASK_LAYER": str(mask),
            "CELL_SIZE": 10, "TILE_SIZE": 32, "OVERLAP": 30, "BATCH_SIZE": 2, "DEVICE": 1,
            "PRECISION": 1, "TTA": 1, **{name: str(path) for name, path in outputs.items()},
        },
    )  # fmt: skip
    assert result == {name: str(path) for name, path in outputs.items()}
    with rasterio.open(outputs["OUTPUT"]) as dst:
        classes = dst.read(1)
    assert classes.shape == (56, 64)
    # The mask keeps the left 40 columns; the rest is nodata.
    assert (classes[:, 42:] == 0).all() and (classes[:, :38] > 0).all()
    assert (classes[:, :38] == scene.truth[8:, :38]).mean() > 0.8
    layer = QgsRasterLayer(str(outputs["OUTPUT"]), "classes")
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
    for name in ("OUTPUT_CONFIDENCE", "OUTPUT_PROBABILITIES"):
        scores = QgsRasterLayer(str(outputs[name]), name)
        assert isinstance(scores.renderer(), QgsSingleBandPseudoColorRenderer)
        assert scores.renderer().classificationMax() == 1.0


def test_a_band_outside_the_raster_names_bands(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    with pytest.raises(QgsProcessingException, match="BANDS.*band 7 does not exist"):
        processing.run(
            "torchmap:classifypixels",
            {"INPUT_RASTER": str(scene.image), "MODEL": str(unet_package), "BANDS": "3,2,7",
             "OUTPUT": str(tmp_path / "out.tif")},
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_processes_above_one_run_torchrun_and_give_the_same_styled_output(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    """PROCESSES=2 launches the engine's command line under torchrun (gloo on the CPU): the
    output equals one process's, mask and extent included, and opens styled."""
    mask = write_polygons(tmp_path / "mask.gpkg", [pixel_box(0, 0, 40, 64)])
    xmin, ymin, xmax, ymax = pixel_box(0, 8, 64, 56)
    common = {
        "INPUT_RASTER": str(scene.image), "MODEL": str(unet_package), "TILE_SIZE": 32,
        "EXTENT": f"{xmin},{xmax},{ymin},{ymax} [EPSG:32615]", "MASK_LAYER": str(mask),
    }  # fmt: skip
    outputs = {}
    for processes in (1, 2):
        outputs[processes] = tmp_path / f"classes_{processes}.tif"
        processing.run(
            "torchmap:classifypixels",
            {**common, "PROCESSES": processes, "OUTPUT": str(outputs[processes])},
        )
    with rasterio.open(outputs[1]) as one, rasterio.open(outputs[2]) as two:
        assert one.read().tobytes() == two.read().tobytes() and one.profile == two.profile
    layer = QgsRasterLayer(str(outputs[2]), "classes")
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
