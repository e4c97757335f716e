"""Where labels come from, behind one small interface: ``read(grid)`` gives the class value
of every pixel of a chip's grid (0 = unlabelled). A thematic raster is read (or resampled,
nearest neighbour) window by window; polygons are rasterised on each chip's own grid, after
a bounding-box pre-filter, and never over the whole raster at once."""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import rasterio
from affine import Affine
from rasterio.enums import Resampling
from rasterio.features import rasterize
from rasterio.io import DatasetReader
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from ..colormap import build_classes, read_class_legend
from ..compat import zip_strict
from ..errors import InputError
from ..i18n import _
from ..rasters import open_raster, whole_pixels
from ..spec import ClassInfo
from .feature_checks import (
    NO_CLASS_VALUE,
    NO_GEOMETRY,
    NOT_TRANSFORMABLE,
    UNREPAIRABLE,
    SkippedFeatures,
    valid_polygon,
)

POLYGON_TYPES = ("POLYGON", "MULTIPOLYGON", "CURVEPOLYGON", "MULTISURFACE")
FLOAT_SCAN_PIXELS = 4 * 1024 * 1024  # pixels per read when checking a float class raster


@dataclass(frozen=True)
class ChipGrid:
    """The pixels of one chip: ``window`` on the export grid (None for a rotated chip), its
    affine transform (rotated or not) and its size."""

    window: Window | None
    transform: Affine
    width: int
    height: int

    @property
    def shape(self) -> tuple[int, int]:
        return self.height, self.width

    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the chip's four corners, rotated or not."""
        corners = [
            self.transform * (col, row) for col in (0, self.width) for row in (0, self.height)
        ]
        xs, ys = zip_strict(*corners)
        return min(xs), min(ys), max(xs), max(ys)


class LabelSource(Protocol):
    """Class values of any chip grid of the export, 0 where unlabelled."""

    dtype: str  # the label chips' data type, the same for every chip of an export

    def read(self, grid: ChipGrid) -> np.ndarray: ...

    def may_label(self, bounds: tuple[float, float, float, float]) -> bool: ...

    def classes(self, values: list[int]) -> list[ClassInfo]: ...

    def close(self) -> None: ...


def label_dtype(max_value: int) -> str:
    """The smallest unsigned type for class values up to ``max_value`` (0 = unlabelled)."""
    for dtype in ("uint8", "uint16", "uint32"):
        if max_value <= np.iinfo(dtype).max:
            return dtype
    raise InputError(
        "class_data",
        _("class value {value} is too large for a label chip.").format(value=max_value),
    )


def nearest_on_grid(
    array: np.ndarray, array_transform: Affine, grid: ChipGrid, fill: float = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Resample a (bands, rows, cols) array onto a (rotated) chip grid by nearest neighbour:
    values, and where the grid's pixels fall inside the array."""
    rows, cols = np.mgrid[0 : grid.height, 0 : grid.width]
    xs, ys = grid.transform * (cols + 0.5, rows + 0.5)
    src_cols, src_rows = ~array_transform * (xs, ys)
    src_cols, src_rows = np.floor(src_cols).astype(int), np.floor(src_rows).astype(int)
    inside = (
        (src_cols >= 0)
        & (src_rows >= 0)
        & (src_cols < array.shape[-1])
        & (src_rows < array.shape[-2])
    )
    values = np.full((array.shape[0], grid.height, grid.width), fill, dtype=array.dtype)
    values[:, inside] = array[:, src_rows[inside], src_cols[inside]]
    return values, inside


def covering_window(dataset: DatasetReader, grid: ChipGrid) -> Window:
    """The dataset window of whole pixels under a rotated chip, clipped to the dataset."""
    xmin, ymin, xmax, ymax = grid.bounds()
    window = rasterio.windows.from_bounds(xmin, ymin, xmax, ymax, transform=dataset.transform)
    full = Window(0, 0, dataset.width, dataset.height)
    return whole_pixels(window).intersection(full)


class RasterLabels:
    """Labels from a thematic raster of integer class values (0, negative or nodata =
    unlabelled), seen on the export grid: read directly when aligned, else warped (nearest
    neighbour). A float raster of whole numbers (1.0, 2.0... as QGIS's Raster Calculator
    writes them; NaN = unlabelled) is read alike, once checked."""

    def __init__(self, path: Path, grid_dataset: DatasetReader) -> None:
        self.path = path
        self.src = open_raster("class_data", path)
        dtype = np.dtype(self.src.dtypes[0])
        self.nodata = self.src.nodata
        self.floating = np.issubdtype(dtype, np.floating)
        try:
            if self.floating:
                self.dtype = label_dtype(self._largest_whole_class_value())
            elif np.issubdtype(dtype, np.integer):
                self.dtype = label_dtype(int(np.iinfo(dtype).max))
            else:
                raise InputError(
                    "class_data",
                    _(
                        "{path} holds {dtype} values; a thematic raster of integer class "
                        "values (0 = unlabelled) is needed."
                    ).format(path=path, dtype=dtype),
                )
        except BaseException:
            self.src.close()
            raise
        self.on_grid = self._on_grid(grid_dataset)
        self._check_overlap(grid_dataset)

    def _largest_whole_class_value(self) -> int:
        """The largest class value of a float raster, read strip by strip, refusing values
        that are not whole numbers (NaN, nodata and values up to 0 are unlabelled)."""
        largest = 0
        rows = max(1, FLOAT_SCAN_PIXELS // self.src.width)
        for row in range(0, self.src.height, rows):
            window = Window(0, row, self.src.width, min(rows, self.src.height - row))
            values = self.src.read(1, window=window)
            labelled = values[self._labelled(values)]
            if labelled.size == 0:
                continue
            fractional = labelled[~np.isfinite(labelled) | (labelled != np.floor(labelled))]
            if fractional.size:
                raise InputError(
                    "class_data",
                    _(
                        "{path} holds class values that are not whole numbers (e.g. {value}); "
                        "class rasters need integer values (0, NaN or nodata = unlabelled): "
                        'round them (Raster Calculator: round("{layer}@1")) or choose a raster '
                        "of class values."
                    ).format(path=self.path, value=_number(fractional[0]), layer=self.path.stem),
                )
            largest = max(largest, int(labelled.max()))
        return largest

    def _labelled(self, values: np.ndarray) -> np.ndarray:
        """Where float class values label something: above 0, not NaN, not nodata."""
        labelled = values > 0  # False for NaN
        if self.nodata is not None and not math.isnan(self.nodata):
            labelled &= values != self.nodata
        return labelled

    def _on_grid(self, grid: DatasetReader) -> DatasetReader | WarpedVRT:
        same_grid = (
            self.src.transform == grid.transform
            and self.src.shape == grid.shape
            and (self.src.crs == grid.crs or self.src.crs is None)
        )
        if same_grid:
            return self.src
        if self.src.crs is None or grid.crs is None:
            raise InputError(
                "class_data",
                _(
                    "is not on the image's grid and one of the two has no CRS, so they cannot "
                    "be aligned; assign a CRS to both layers."
                ),
            )
        return WarpedVRT(
            self.src,
            crs=grid.crs,
            transform=grid.transform,
            width=grid.width,
            height=grid.height,
            resampling=Resampling.nearest,
            src_nodata=self.nodata,
            nodata=0,
        )

    def _check_overlap(self, grid: DatasetReader) -> None:
        bounds = rasterio.warp.transform_bounds(
            self.src.crs or grid.crs, grid.crs, *self.src.bounds
        )
        if not _boxes_meet(bounds, tuple(grid.bounds)):
            self.close()
            raise InputError(
                "class_data",
                _(
                    "{path} does not overlap the image; choose labels that cover the image "
                    "(check both layers' CRS)."
                ).format(path=self.path),
            )

    def read(self, grid: ChipGrid) -> np.ndarray:
        """Class values of the chip in the label dtype (0 = unlabelled)."""
        if grid.window is not None:
            values = self.on_grid.read(1, window=grid.window)
        else:
            window = covering_window(self.on_grid, grid)
            array = self.on_grid.read(1, window=window)
            transform = self.on_grid.window_transform(window)
            values = nearest_on_grid(array[None], transform, grid)[0][0]
        if self.floating:  # whole numbers (checked when opened), NaN and nodata
            return np.where(self._labelled(values), values, 0).astype(self.dtype)
        nodata = self.on_grid.nodata
        if nodata is not None:
            values[values == nodata] = 0
        if np.issubdtype(values.dtype, np.signedinteger):
            values[values < 0] = 0
        return values.astype(self.dtype, copy=False)

    def may_label(self, bounds: tuple[float, float, float, float]) -> bool:
        return True  # only reading tells

    def classes(self, values: list[int]) -> list[ClassInfo]:
        names, colors = read_class_legend(self.path)
        return build_classes(values, names, colors)

    def close(self) -> None:
        if self.on_grid is not self.src:
            self.on_grid.close()
        self.src.close()


@dataclass(frozen=True)
class LabelFeature:
    """One labelling polygon in the export grid's CRS."""

    fid: int
    geometry: dict  # GeoJSON-like mapping
    value: int
    name: str | None
    bounds: tuple[float, float, float, float]


def read_polygon_features(
    field: str,
    path: Path,
    layer_name: str | None,
    crs_wkt: str | None,
    value_field: str | None,
    name_field: str | None = None,
    skipped: SkippedFeatures | None = None,
) -> list[LabelFeature]:
    """Polygons of a vector file (reprojected to ``crs_wkt``) with their class value and
    name; ``value_field`` None gives every polygon value 1 (a mask). Features without a
    geometry or a class value are skipped, invalid polygons repaired; ``skipped`` counts
    both by feature id (FID) for the run's warning."""
    from osgeo import gdal, ogr, osr

    skipped = skipped if skipped is not None else SkippedFeatures()

    with _gdal_exceptions(gdal):
        try:
            source = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
        except RuntimeError:
            source = None
        if source is None:
            raise InputError(field, _("{path} cannot be read as a vector layer.").format(path=path))
        layer = source.GetLayerByName(layer_name) if layer_name else source.GetLayer(0)
        if layer is None:
            raise InputError(
                field, _("{path} has no layer {layer!r}.").format(path=path, layer=layer_name)
            )
        _check_fields(field, layer, value_field, name_field, ogr)
        transform = _transform_to(layer, crs_wkt, osr)
        features = [
            _label_feature(field, path, feature, transform, value_field, name_field, skipped)
            for feature in layer
        ]
    return [feature for feature in features if feature is not None]


def _label_feature(
    field: str,
    path: Path,
    feature,
    transform,
    value_field: str | None,
    name_field: str | None,
    skipped: SkippedFeatures,
) -> LabelFeature | None:
    """One polygon in the target CRS with its class; None (counted in ``skipped``) for a
    feature without a geometry or a class value, or whose polygon cannot be repaired."""
    from osgeo import ogr

    fid = int(feature.GetFID())
    geometry = feature.GetGeometryRef()
    if geometry is None or geometry.IsEmpty():
        skipped.add(fid, NO_GEOMETRY)
        return None
    kind = ogr.GeometryTypeToName(geometry.GetGeometryType()).upper().replace(" ", "")
    if not any(kind.startswith(name) for name in POLYGON_TYPES):
        raise InputError(
            field,
            _(
                "{path} holds {geometry_type} geometries; labels and masks need "
                "polygons (buffer points or lines into polygons first)."
            ).format(path=path, geometry_type=kind.lower()),
        )
    value = _feature_value(field, feature, value_field, path)
    if value is None:
        skipped.add(fid, NO_CLASS_VALUE)  # an unclassified polygon labels nothing
        return None
    geometry = _usable_geometry(geometry, transform, fid, skipped)
    if geometry is None:
        return None
    xmin, xmax, ymin, ymax = geometry.GetEnvelope()
    return LabelFeature(
        fid=fid,
        geometry=_geojson(geometry),
        value=value,
        name=str(feature.GetField(name_field)) if name_field else None,
        bounds=(xmin, ymin, xmax, ymax),
    )


@contextlib.contextmanager
def _gdal_exceptions(gdal):
    previous = gdal.GetUseExceptions()
    gdal.UseExceptions()
    try:
        yield
    finally:
        if not previous:
            gdal.DontUseExceptions()


def _usable_geometry(geometry, transform, fid: int, skipped: SkippedFeatures):
    """A copy of the feature's polygon in the export grid's CRS, repaired when invalid
    (checked after reprojecting, since that is what is rasterised); None, counted in
    ``skipped``, when it cannot be reprojected or repaired."""
    geometry = geometry.Clone()
    if transform is not None:
        try:
            if geometry.Transform(transform) != 0:
                raise RuntimeError
        except RuntimeError:  # outside the target CRS's area of use
            skipped.add(fid, NOT_TRANSFORMABLE)
            return None
    geometry, repaired = valid_polygon(geometry)
    if geometry is None:
        skipped.add(fid, UNREPAIRABLE)
    elif repaired:
        skipped.repaired(fid)
    return geometry


def _geojson(geometry) -> dict:
    import json

    return json.loads(geometry.ExportToJson())


def _check_fields(field: str, layer, value_field: str | None, name_field: str | None, ogr) -> None:
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    for wanted in (value_field, name_field):
        if wanted and wanted not in names:
            raise InputError(
                "class_value_field" if wanted == value_field else "class_name_field",
                _("the layer has no field {field!r}; choose one of {choices}.").format(
                    field=wanted, choices=", ".join(names) or _("none")
                ),
            )
    if value_field:
        kind = definition.GetFieldDefn(names.index(value_field)).GetType()
        if kind not in (ogr.OFTInteger, ogr.OFTInteger64):
            raise InputError(
                "class_value_field",
                _(
                    "{field!r} is a {field_type} field; class values must be an integer field "
                    "(1, 2, 3 or 10, 20, 30...). Add an integer field with the Field Calculator "
                    "and choose it."
                ).format(field=value_field, field_type=ogr.GetFieldTypeName(kind).lower()),
            )


def _transform_to(layer, crs_wkt: str | None, osr):
    reference = layer.GetSpatialRef()
    if reference is None or crs_wkt is None:
        return None
    target = osr.SpatialReference()
    target.ImportFromWkt(crs_wkt)
    for item in (reference, target):
        item.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if reference.IsSame(target):
        return None
    return osr.CoordinateTransformation(reference, target)


def _feature_value(field: str, feature, value_field: str | None, path: Path) -> int | None:
    if value_field is None:
        return 1
    if not feature.IsFieldSetAndNotNull(value_field):
        return None
    value = int(feature.GetField(value_field))
    if value <= 0:
        raise InputError(
            "class_value_field",
            _(
                "feature {fid} of {path} has class value {value}; class values must be above 0 "
                "(0 marks unlabelled pixels)."
            ).format(fid=feature.GetFID(), path=path, value=value),
        )
    return value


class PolygonLabels:
    """Labels from polygons: each chip rasterises only the polygons whose bounding boxes
    meet it (pixel centres inside a polygon take its class; later polygons win overlaps)."""

    def __init__(self, features: list[LabelFeature], image_bounds: tuple, path: Path) -> None:
        if not features:
            raise InputError(
                "class_data", _("{path} has no classified polygons.").format(path=path)
            )
        self.features = features
        self.boxes = np.array([feature.bounds for feature in features], dtype=np.float64)
        if not any(_boxes_meet(tuple(box), image_bounds) for box in self.boxes):
            raise InputError(
                "class_data",
                _(
                    "no polygon of {path} overlaps the image (or the processing extent); choose "
                    "labels that cover the image, and check both layers' CRS."
                ).format(path=path),
            )
        self.values = np.array([feature.value for feature in features], dtype=np.int64)
        self.dtype = label_dtype(int(self.values.max()))
        self.names, self.conflicts = _class_names(features)

    def candidates(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Indices of the features whose bounding boxes meet ``bounds``."""
        xmin, ymin, xmax, ymax = bounds
        boxes = self.boxes
        hits = (
            (boxes[:, 0] < xmax)
            & (boxes[:, 2] > xmin)
            & (boxes[:, 1] < ymax)
            & (boxes[:, 3] > ymin)
        )
        return np.flatnonzero(hits)

    def may_label(self, bounds: tuple[float, float, float, float]) -> bool:
        return len(self.candidates(bounds)) > 0

    def read(self, grid: ChipGrid) -> np.ndarray:
        """The chip's class values: the candidate polygons rasterised on its grid."""
        indices = self.candidates(grid.bounds())
        if len(indices) == 0:
            return np.zeros(grid.shape, dtype=self.dtype)
        shapes = ((self.features[i].geometry, int(self.values[i])) for i in indices)
        return rasterize(
            shapes,
            out_shape=grid.shape,
            transform=grid.transform,
            fill=0,
            all_touched=False,
            dtype=self.dtype,
        )

    def classes(self, values: list[int]) -> list[ClassInfo]:
        return build_classes(values, self.names, {})

    def close(self) -> None:
        pass


def _class_names(features: list[LabelFeature]) -> tuple[dict[int, str], list[str]]:
    """Each class value's name: the one most of its polygons give (real layers disagree
    now and then), never one that another value already has; and a note per disagreement."""
    counts: dict[int, Counter[str]] = {}
    for feature in features:
        if feature.name:
            counts.setdefault(feature.value, Counter())[feature.name] += 1
    names: dict[int, str] = {}
    conflicts = []
    for value in sorted(counts):
        ranked = [name for name, _ in counts[value].most_common()]
        free = [name for name in ranked if name not in names.values()]
        names[value] = free[0] if free else f"{ranked[0]} ({value})"
        if len(ranked) > 1:
            listed = ", ".join(
                _("{name} ({count} polygons)").format(name=name, count=n)
                for name, n in counts[value].most_common()
            )
            conflicts.append(
                _(
                    "class value {value} has several names: {names}; it is called '{name}'. "
                    "Check the class name field."
                ).format(value=value, names=listed, name=names[value])
            )
    return names, conflicts


def _number(value: np.floating) -> str:
    """A value as people write it: the shortest text its dtype reads back (float32's 0.1 is
    0.1, not 0.10000000149011612), e.g. 1.5, 2.0000001, inf."""
    return np.format_float_positional(value, trim="-")


def _boxes_meet(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def class_counts(label: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The class values (above 0) of a label chip and their pixel counts."""
    if label.dtype.itemsize <= 2:  # a histogram is much faster than sorting every pixel
        counts = np.bincount(label.ravel())
        values = np.flatnonzero(counts)
        values = values[values > 0]
        return values, counts[values]
    return np.unique(label[label > 0], return_counts=True)
