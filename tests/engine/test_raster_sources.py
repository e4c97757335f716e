"""Imagery services as GDAL descriptions (no network: GDAL opens a WMS or TMS description
without a request; pixels come only when read)."""

from __future__ import annotations

import pytest
import rasterio

from torchmap.engine.errors import InputError
from torchmap.engine.raster_sources import is_service, resolve_raster, zoom_for_cell_size

XYZ = "wms:type=xyz&url=https://tiles.example.org/{z}/{x}/{y}.png&zmin=2&zmax=19"
WMS = ("wms:contextualWMSLegend=0&crs=EPSG:3857&format=image/png&layers=ortho&styles="
       "&url=https://example.org/wms")  # fmt: skip
EXTENT = (0.0, 0.0, 1000.0, 1000.0)


@pytest.mark.parametrize(
    ("cell", "zoom"), [(156543.04, 0), (1.0, 18), (0.6, 18), (0.59, 19), (0.01, 19), (1e9, 2)]
)
def test_the_zoom_is_the_coarsest_whose_cells_are_no_larger(cell: float, zoom: int) -> None:
    assert zoom_for_cell_size(cell, 2 if cell > 1e6 else 0, 19) == zoom


def test_a_service_needs_a_cell_size_and_an_extent_files_do_not() -> None:
    assert resolve_raster("input_raster", "scene.tif", None, None) == "scene.tif"
    assert is_service(XYZ) and is_service(WMS) and not is_service("scene.tif")
    with pytest.raises(InputError) as error:
        resolve_raster("input_raster", XYZ, None, EXTENT)
    assert error.value.field == "cell_size" and "INPUT_RASTER" in error.value.message
    with pytest.raises(InputError) as error:
        resolve_raster("input_raster", XYZ, 1.0, None)
    assert error.value.field == "extent"
    assert resolve_raster("input_raster", XYZ, 1.0, None, needs_extent=False)


@pytest.mark.parametrize(("source", "bands"), [(XYZ, 3), (WMS, 3)])
def test_xyz_and_wms_layers_open_as_rgb_rasters_in_their_crs(source: str, bands: int) -> None:
    description = resolve_raster("input_raster", source, 1.0, EXTENT)
    assert "<Cache><Path>" in description  # tiles cached on disk for the run
    with rasterio.open(description) as service:
        assert service.count == bands and service.crs.to_epsg() == 3857
        assert service.driver == "WMS"
    if source == XYZ:  # zoom 18 (0.6 m cells): the coarsest no larger than 1 m
        assert "<TileLevel>18</TileLevel>" in description and "${z}/${x}/${y}" in description


def test_wmts_and_wcs_layers_become_gdal_connection_strings() -> None:
    wmts = resolve_raster(
        "input_raster",
        "wms:crs=EPSG:3857&format=image/png&layers=ortho&styles=default"
        "&tileMatrixSet=GoogleMapsCompatible&url=https://example.org/wmts/caps.xml",
        1.0, EXTENT,
    )  # fmt: skip
    assert wmts == (
        "WMTS:https://example.org/wmts/caps.xml,layer=ortho,"
        "tilematrixset=GoogleMapsCompatible,style=default"
    )
    wcs = resolve_raster("input_raster", "wcs:identifier=dem&url=https://example.org/wcs", 1.0,
                         EXTENT)  # fmt: skip
    assert wcs == "WCS:https://example.org/wcs?coverage=dem"
