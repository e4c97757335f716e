"""Imagery services as rasters the engine reads like files: a QGIS raster layer's source of
the ``wms`` provider (XYZ tiles, WMS, WMTS) or the ``wcs`` provider becomes a GDAL dataset
description, read tile by tile as windows are read (never the whole extent in memory), its
tiles cached on disk for the run and failed requests retried with back-off.

Sources are given as ``<provider>:<QGIS layer source>``, e.g.
``wms:type=xyz&url=file:///tiles/{z}/{x}/{y}.png&zmax=17`` (what QGIS stores for the layer;
the command line takes the same). A service has no grid of its own: a cell size chooses the
zoom level (XYZ), and the algorithms ask for CELL_SIZE and EXTENT. Files, VRTs, GeoPackage
tiles and GDAL descriptions (``<GDAL_WMS>…``) pass unchanged. Stdlib only.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import parse_qsl

from .errors import InputError
from .i18n import _

PROVIDERS = ("wms", "wcs")
WEB_MERCATOR_HALF = 20037508.342789244  # metres from the origin to the edge of EPSG:3857
TILE = 256
RETRIES = "3"  # GDAL's HTTP retries on 429/502/503/504, waiting longer each time
RETRY_DELAY_S = "2"
_cache_folder: Path | None = None


def is_service(raster: str | Path) -> bool:
    """Whether ``raster`` is an imagery service (no grid of its own) rather than a file."""
    text = str(raster)
    scheme = text.split(":", 1)[0]
    return scheme in PROVIDERS or scheme in ("WMTS", "WCS") or text.lstrip().startswith("<GDAL")


def resolve_raster(
    field: str,
    raster: str | Path,
    cell_size: float | None,
    extent: tuple[float, float, float, float] | None,
    needs_extent: bool = True,
) -> str | Path:
    """What GDAL opens for ``raster``: a file as it is, a service as a GDAL description at
    ``cell_size`` (required, as ``extent`` is where ``needs_extent``)."""
    if not is_service(raster):
        return raster
    if not cell_size:
        raise InputError(
            "cell_size",
            _(
                "{field} is an imagery service without a grid of its own: give a cell size "
                "(in the layer's CRS units, e.g. 2 for 2 m in EPSG:3857) to read it at."
            ).format(field=field.upper()),
        )
    if needs_extent and extent is None:
        raise InputError(
            "extent",
            _("an imagery service covers the whole world: give the extent to process."),
        )
    _retry_with_backoff()
    text = str(raster)
    if text.lstrip().startswith("<GDAL_WMS"):
        return text
    provider, source = text.split(":", 1)
    parameters = dict(parse_qsl(source, keep_blank_values=True))
    if provider == "wcs":
        return _wcs(parameters)
    if parameters.get("type") == "xyz":
        return xyz_description(parameters, cell_size)
    if parameters.get("tileMatrixSet"):
        return _wmts(parameters)
    return wms_description(parameters)


def zoom_for_cell_size(cell_size: float, zmin: int = 0, zmax: int = 22) -> int:
    """The coarsest zoom level of web-mercator tiles whose cells are no larger than
    ``cell_size`` (within ``zmin``..``zmax``): no finer tiles are fetched than needed."""
    for zoom in range(zmin, zmax + 1):
        if 2 * WEB_MERCATOR_HALF / (TILE * 2**zoom) <= cell_size * (1 + 1e-9):
            return zoom
    return zmax


def xyz_description(parameters: dict[str, str], cell_size: float) -> str:
    """GDAL's TMS mini-driver over an XYZ tile URL (``{z}``, ``{x}``, ``{y}`` or ``{-y}``)."""
    url = parameters.get("url", "")
    zmin = int(parameters.get("zmin") or 0)
    zmax = int(parameters.get("zmax") or 19)
    origin = "bottom" if "{-y}" in url else "top"
    server = url.replace("{-y}", "${y}").replace("{z}", "${z}").replace("{x}", "${x}")
    server = server.replace("{y}", "${y}")
    return (
        '<GDAL_WMS><Service name="TMS">'
        f"<ServerUrl>{escape(server)}</ServerUrl></Service>"
        f"<DataWindow><UpperLeftX>{-WEB_MERCATOR_HALF}</UpperLeftX>"
        f"<UpperLeftY>{WEB_MERCATOR_HALF}</UpperLeftY>"
        f"<LowerRightX>{WEB_MERCATOR_HALF}</LowerRightX>"
        f"<LowerRightY>{-WEB_MERCATOR_HALF}</LowerRightY>"
        f"<TileLevel>{zoom_for_cell_size(cell_size, zmin, zmax)}</TileLevel>"
        f"<TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>{origin}</YOrigin>"
        "</DataWindow><Projection>EPSG:3857</Projection>"
        f"<BlockSizeX>{TILE}</BlockSizeX><BlockSizeY>{TILE}</BlockSizeY>"
        "<BandsCount>3</BandsCount><MaxConnections>4</MaxConnections><Timeout>60</Timeout>"
        "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
        f"{_cache()}</GDAL_WMS>"
    )


def wms_description(parameters: dict[str, str]) -> str:
    """GDAL's WMS mini-driver over a QGIS WMS layer's server, layers, styles, CRS, format."""
    crs = parameters.get("crs", "EPSG:4326")
    image = parameters.get("format", "image/png")
    return (
        '<GDAL_WMS><Service name="WMS"><Version>1.3.0</Version>'
        f"<ServerUrl>{escape(parameters.get('url', ''))}</ServerUrl>"
        f"<CRS>{escape(crs)}</CRS><ImageFormat>{escape(image)}</ImageFormat>"
        f"<Layers>{escape(parameters.get('layers', ''))}</Layers>"
        f"<Styles>{escape(parameters.get('styles', ''))}</Styles></Service>"
        "<DataWindow>"
        + _world(crs)
        + "<SizeX>1073741824</SizeX><SizeY>1073741824</SizeY></DataWindow>"
        f"<Projection>{escape(crs)}</Projection><BlockSizeX>512</BlockSizeX>"
        "<BlockSizeY>512</BlockSizeY><BandsCount>3</BandsCount>"
        f"<MaxConnections>4</MaxConnections><Timeout>60</Timeout>{_cache()}</GDAL_WMS>"
    )


def _world(crs: str) -> str:
    if crs.upper() in ("EPSG:3857", "EPSG:900913"):
        half = WEB_MERCATOR_HALF
        return (
            f"<UpperLeftX>{-half}</UpperLeftX><UpperLeftY>{half}</UpperLeftY>"
            f"<LowerRightX>{half}</LowerRightX><LowerRightY>{-half}</LowerRightY>"
        )
    return (
        "<UpperLeftX>-180</UpperLeftX><UpperLeftY>90</UpperLeftY>"
        "<LowerRightX>180</LowerRightX><LowerRightY>-90</LowerRightY>"
    )


def _wmts(parameters: dict[str, str]) -> str:
    options = [f"layer={parameters.get('layers', '')}"]
    if parameters.get("tileMatrixSet"):
        options.append(f"tilematrixset={parameters['tileMatrixSet']}")
    if parameters.get("styles"):
        options.append(f"style={parameters['styles']}")
    return "WMTS:" + ",".join([parameters.get("url", ""), *options])


def _wcs(parameters: dict[str, str]) -> str:
    coverage = parameters.get("identifier") or parameters.get("coverage", "")
    separator = "&" if "?" in parameters.get("url", "") else "?"
    return f"WCS:{parameters.get('url', '')}{separator}coverage={coverage}"


def _cache() -> str:
    """Tiles cached on disk for the run (overlapping windows fetch each tile once)."""
    global _cache_folder
    if _cache_folder is None:
        _cache_folder = Path(tempfile.mkdtemp(prefix="torchmap-tiles-"))
        atexit.register(shutil.rmtree, _cache_folder, True)
    return f"<Cache><Path>{escape(str(_cache_folder))}</Path></Cache>"


def _retry_with_backoff() -> None:
    """GDAL retries a failed request (429, 502, 503, 504) a few times, waiting longer each
    time, before it reports the error (unless the user configured it otherwise)."""
    os.environ.setdefault("GDAL_HTTP_MAX_RETRY", RETRIES)
    os.environ.setdefault("GDAL_HTTP_RETRY_DELAY", RETRY_DELAY_S)
