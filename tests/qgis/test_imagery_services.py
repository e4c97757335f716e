"""Any raster layer QGIS shows: an XYZ basemap (a local tile folder, no network), a GDAL WMS
description, a GeoPackage tile set and a VRT, each through Export Training Data, Classify
Pixels and Classify Objects; services read at CELL_SIZE over EXTENT, on that cell size's grid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import processing
import pytest
import rasterio
from data import pixel_box, write_polygons, write_scene, write_xyz_tiles
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsRasterLayer

from torchmap.engine.raster_sources import resolve_raster
from torchmap.engine.rasters import snapped
from torchmap.engine.training.train import TrainConfig, train_model

pytestmark = pytest.mark.usefixtures("torchmap_provider")
CELL = 10.0


@pytest.fixture(scope="module")
def basemap(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A scene, its XYZ tiles at zooms 13-16, the layer, an extent over it in EPSG:3857, and
    a 3-band U-Net trained on chips exported from the basemap itself."""
    folder = tmp_path_factory.mktemp("basemap")
    scene = write_scene(folder / "scene", size=128)
    tiles = write_xyz_tiles(scene.image, folder / "tiles", range(13, 17))
    source = f"type=xyz&url=file://{tiles}/{{z}}/{{x}}/{{y}}.png&zmin=13&zmax=16"
    with rasterio.open(scene.image) as src:
        from rasterio.warp import transform_bounds

        west, south, east, north = transform_bounds(src.crs, "EPSG:3857", *src.bounds)
    inset = 60.0  # stay inside the scene's footprint, away from reprojected edges
    extent = (west + inset, south + inset, east - inset, north - inset)
    chips = folder / "chips"
    result = processing.run(
        "torchmap:exporttrainingdata",
        {"INPUT_RASTER": QgsRasterLayer(source, "basemap", "wms"),
         "INPUT_CLASS_DATA": str(scene.labels), "CELL_SIZE": CELL,
         "EXTENT": _extent_text(extent), "TILE_SIZE": 32, "STRIDE": 16,
         "OUTPUT_FOLDER": str(chips)},
    )  # fmt: skip
    model = folder / "basemap.tmpk"
    train_model(TrainConfig(chips, "unet", model, epochs=3, batch_size=4, learning_rate=3e-3))
    return {"scene": scene, "source": source, "extent": extent, "model": model,
            "chips": result["CHIP_COUNT"], "folder": folder}  # fmt: skip


def _extent_text(extent: tuple[float, float, float, float]) -> str:
    xmin, ymin, xmax, ymax = extent
    return f"{xmin},{xmax},{ymin},{ymax} [EPSG:3857]"


def _layer(basemap: dict) -> QgsRasterLayer:
    layer = QgsRasterLayer(basemap["source"], "basemap", "wms")
    assert layer.isValid()
    return layer


def test_an_xyz_basemap_exports_classifies_pixels_and_objects(
    basemap: dict, tmp_path: Path
) -> None:
    assert basemap["chips"] > 10  # Export read the tiles at 10 m over the extent
    from torchmap.engine.models.definition import read_definition

    # The model records that it learned from a rendering (RGB), not from sensor bands.
    assert read_definition(basemap["model"]).spec.band_names == ["red", "green", "blue"]
    output = tmp_path / "classes.tif"
    processing.run(
        "torchmap:classifypixels",
        {"INPUT_RASTER": _layer(basemap), "MODEL": str(basemap["model"]), "CELL_SIZE": CELL,
         "EXTENT": _extent_text(basemap["extent"]), "OUTPUT": str(output)},
    )  # fmt: skip
    with rasterio.open(output) as classes:
        assert classes.crs.to_epsg() == 3857 and classes.res == (CELL, CELL)
        # On the cell size's own grid: corners on multiples of 10 m.
        assert classes.transform.c % CELL == 0 and classes.transform.f % CELL == 0
        assert (classes.read(1) > 0).mean() > 0.9
    boxes = [pixel_box(col, row, 32, 32) for row in range(16, 96, 32) for col in range(16, 96, 32)]
    objects = write_polygons(tmp_path / "cells.gpkg", boxes)
    result = processing.run(
        "torchmap:classifyobjects",
        {"INPUT_RASTER": _layer(basemap), "INPUT_FEATURES": str(objects), "CELL_SIZE": CELL,
         "MODEL": str(basemap["model"]), "OUTPUT": str(tmp_path / "objects.gpkg")},
    )  # fmt: skip
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(result["OUTPUT"], "objects", "ogr")
    values = [feature["class_value"] for feature in layer.getFeatures()]
    assert len(values) == len(boxes) and all(value for value in values)


def test_the_basemap_classifies_as_the_same_pixels_saved_as_a_geotiff(
    basemap: dict, tmp_path: Path
) -> None:
    """What the service gives at 10 m over the extent, saved as a GeoTIFF and classified
    like any file, is classified alike: the streaming source changes nothing."""
    description = resolve_raster("raster", f"wms:{basemap['source']}", CELL, basemap["extent"])
    geotiff = tmp_path / "same_pixels.tif"
    with rasterio.open(description) as service, snapped(service, basemap["extent"], CELL) as grid:
        profile = {"driver": "GTiff", "width": grid.width, "height": grid.height, "count": 3,
                   "dtype": "uint8", "crs": grid.crs, "transform": grid.transform}  # fmt: skip
        with rasterio.open(geotiff, "w", **profile) as out:
            out.write(grid.read())
    outputs = {}
    service = {"CELL_SIZE": CELL, "EXTENT": _extent_text(basemap["extent"])}
    for name, raster, extra in (("service", _layer(basemap), service), ("file", str(geotiff), {})):
        outputs[name] = tmp_path / f"{name}.tif"
        processing.run(
            "torchmap:classifypixels",
            {"INPUT_RASTER": raster, "MODEL": str(basemap["model"]), "OUTPUT": str(outputs[name]),
             **extra},
        )  # fmt: skip
    with rasterio.open(outputs["service"]) as a, rasterio.open(outputs["file"]) as b:
        assert a.transform == b.transform and a.shape == b.shape
        assert np.array_equal(a.read(1), b.read(1))


@pytest.mark.parametrize(("missing", "named"), [("CELL_SIZE", "CELL_SIZE"), ("EXTENT", "EXTENT")])
def test_a_service_without_cell_size_or_extent_names_the_parameter(
    basemap: dict, tmp_path: Path, missing: str, named: str
) -> None:
    parameters = {"INPUT_RASTER": _layer(basemap), "MODEL": str(basemap["model"]),
                  "CELL_SIZE": CELL, "EXTENT": _extent_text(basemap["extent"]),
                  "OUTPUT": str(tmp_path / "out.tif")}  # fmt: skip
    del parameters[missing]
    with pytest.raises(QgsProcessingException, match=named):
        processing.run("torchmap:classifypixels", parameters)
    assert not (tmp_path / "out.tif").exists()


@pytest.mark.parametrize("kind", ["wms_description", "geopackage_tiles", "vrt"])
def test_file_based_sources_gdal_reads_go_through_every_algorithm(
    basemap: dict, tmp_path: Path, kind: str
) -> None:
    description = resolve_raster("raster", f"wms:{basemap['source']}", CELL, basemap["extent"])
    xmin, ymin, xmax, ymax = basemap["extent"]
    if kind == "wms_description":
        path = tmp_path / "basemap.xml"
        path.write_text(description)
        extra = {"CELL_SIZE": CELL, "EXTENT": _extent_text(basemap["extent"])}
    else:  # the same pixels in a GeoPackage tile set, or a VRT over a GeoTIFF of them
        tif = tmp_path / "rgb.tif"
        gdal.Translate(str(tif), description, projWin=[xmin, ymax, xmax, ymin],
                       xRes=CELL, yRes=CELL)  # fmt: skip
        if kind == "geopackage_tiles":
            path = tmp_path / "rgb.gpkg"
            gdal.Translate(str(path), str(tif), format="GPKG")
        else:
            path = tmp_path / "rgb.vrt"
            gdal.BuildVRT(str(path), [str(tif)])
        extra = {}
    layer = QgsRasterLayer(str(path), kind, "gdal")
    assert layer.isValid()
    export = processing.run(
        "torchmap:exporttrainingdata",
        {"INPUT_RASTER": layer, "INPUT_CLASS_DATA": str(basemap["scene"].labels),
         "TILE_SIZE": 32, "STRIDE": 32, "OUTPUT_FOLDER": str(tmp_path / "chips"), **extra},
    )  # fmt: skip
    assert export["CHIP_COUNT"] > 0
    pixels = processing.run(
        "torchmap:classifypixels",
        {"INPUT_RASTER": layer, "MODEL": str(basemap["model"]),
         "OUTPUT": str(tmp_path / "classes.tif"), **extra},
    )  # fmt: skip
    with rasterio.open(pixels["OUTPUT"]) as classes:
        assert (classes.read(1) > 0).mean() > 0.5
    objects = write_polygons(tmp_path / "cells.gpkg", [pixel_box(32, 32, 32, 32)])
    result = processing.run(
        "torchmap:classifyobjects",
        {"INPUT_RASTER": layer, "INPUT_FEATURES": str(objects), "MODEL": str(basemap["model"]),
         "OUTPUT": str(tmp_path / "objects.gpkg"), **({"CELL_SIZE": CELL} if extra else {})},
    )  # fmt: skip
    assert Path(result["OUTPUT"].split("|")[0]).is_file()


def test_a_service_that_fails_names_the_input_and_leaves_nothing(
    basemap: dict, tmp_path: Path
) -> None:
    """Every tile the service returns is broken (as a server answering errors): the run stops
    with an error naming INPUT_RASTER, and no output is left."""
    broken = tmp_path / "broken"
    for tile in (basemap["folder"] / "tiles").rglob("*.png"):
        target = broken / tile.relative_to(basemap["folder"] / "tiles")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"<html>503 Service Unavailable</html>")
    source = basemap["source"].replace(str(basemap["folder"] / "tiles"), str(broken))
    output = tmp_path / "out.tif"
    with pytest.raises(QgsProcessingException, match="INPUT_RASTER.*imagery service"):
        processing.run(
            "torchmap:classifypixels",
            {"INPUT_RASTER": QgsRasterLayer(source, "broken", "wms"),
             "MODEL": str(basemap["model"]), "CELL_SIZE": CELL,
             "EXTENT": _extent_text(basemap["extent"]), "OUTPUT": str(output)},
        )  # fmt: skip
    assert not output.exists() and not list(tmp_path.glob(".torchmap-run-*"))


def test_a_layer_gdal_cannot_open_is_read_from_its_provider(tmp_path: Path) -> None:
    """A virtual raster (the raster calculator's provider): its pixels come from the layer's
    provider strip by strip, and it exports and classifies as the file it computes from."""
    from qgis.core import QgsRasterDataProvider

    scene = write_scene(tmp_path / "scene", size=64, bands=1)
    base = QgsRasterLayer(str(scene.image), "scene", "gdal")
    parameters = QgsRasterDataProvider.VirtualRasterParameters()
    parameters.crs, parameters.extent = base.crs(), base.extent()
    parameters.width, parameters.height = base.width(), base.height()
    parameters.formula = '"scene@1"'
    source = QgsRasterDataProvider.VirtualRasterInputLayers()
    source.name, source.uri, source.provider = "scene", str(scene.image), "gdal"
    parameters.rInputLayers = [source]
    uri = QgsRasterDataProvider.encodeVirtualRasterProviderUri(parameters)
    virtual = QgsRasterLayer(uri, "virtual", "virtualraster")
    assert virtual.isValid() and virtual.providerType() == "virtualraster"
    chips = tmp_path / "chips"
    export = processing.run(
        "torchmap:exporttrainingdata",
        {"INPUT_RASTER": virtual, "INPUT_CLASS_DATA": str(scene.labels), "TILE_SIZE": 32,
         "STRIDE": 16, "OUTPUT_FOLDER": str(chips)},
    )  # fmt: skip
    assert export["CHIP_COUNT"] > 0
    model = tmp_path / "one_band.tmpk"
    train_model(TrainConfig(chips, "unet", model, epochs=1, batch_size=4, learning_rate=3e-3))
    outputs = {}
    for name, raster in (("virtual", virtual), ("file", str(scene.image))):
        outputs[name] = tmp_path / f"{name}.tif"
        processing.run(
            "torchmap:classifypixels",
            {"INPUT_RASTER": raster, "MODEL": str(model), "OUTPUT": str(outputs[name])},
        )
    with rasterio.open(outputs["virtual"]) as a, rasterio.open(outputs["file"]) as b:
        assert a.transform == b.transform and np.array_equal(a.read(1), b.read(1))
