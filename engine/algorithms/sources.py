"""Inputs every front end hands over the same way: vector layers as files OGR opens (a
``path|layername=name`` source names one layer of a multi-layer file), read into the raster's
CRS where the engine needs geometries."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .description import LayerSource


def layer_source(text: str | LayerSource | None, is_raster: bool = False) -> LayerSource | None:
    """``path`` or ``path|layername=name`` (QGIS's and qgis_process's form) as a LayerSource."""
    if text is None or isinstance(text, LayerSource):
        return text
    path, _bar, options = str(text).partition("|")
    layer = None
    for option in options.split("|"):
        key, _equals, value = option.partition("=")
        if key.strip().lower() == "layername" and value:
            layer = value
    return LayerSource(path.strip(), layer, is_raster) if path.strip() else None


def mask_geometries(
    field: str, source: LayerSource | None, raster: str | Path
) -> list[dict] | None:
    """The polygons of a mask layer as GeoJSON geometries in ``raster``'s CRS (None: no
    mask). A mask without a polygon is refused: it would leave nothing to process."""
    if source is None:
        return None
    import rasterio

    from ..data.labels import read_polygon_features

    with rasterio.open(raster) as dataset:
        crs_wkt = dataset.crs.to_wkt() if dataset.crs else None
    features = read_polygon_features(field, Path(source.path), source.layer, crs_wkt, None)
    if not features:
        raise InputError(
            field,
            _(
                "the mask layer has no polygons; choose one that covers the area to process, "
                "or none."
            ),
        )
    return [feature.geometry for feature in features]
