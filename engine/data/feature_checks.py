"""Input features that cannot be used as they are: invalid polygons are repaired, features
without a geometry (or a class value, or a chip) are skipped, and each run says so in one
warning that counts them by reason and names a few of their ids.

Shared by Export Training Data (polygon labels and masks) and Classify Objects, so that both
speak of skipped features alike::

    skipped = SkippedFeatures()
    skipped.add(4, NO_GEOMETRY)
    skipped.repaired(1)
    skipped.warning()
    # '1 feature was skipped: 1 without a geometry (id 4). 1 invalid polygon was repaired (id 1).'
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from osgeo import ogr

# Why a feature was skipped, in the order the warning lists them.
NO_GEOMETRY = "no_geometry"  # null or empty
NO_USABLE_GEOMETRY = "no_usable_geometry"  # the caller gave none (null, empty, invalid...)
NOT_TRANSFORMABLE = "not_transformable"  # cannot be reprojected to the raster's CRS
UNREPAIRABLE = "unrepairable"  # invalid, and its repair holds no polygon
NO_CLASS_VALUE = "no_class_value"  # NULL in the class value field
NO_PIXELS = "no_pixels"  # outside the raster or over nodata only
REASONS = (
    NO_GEOMETRY,
    NO_USABLE_GEOMETRY,
    NOT_TRANSFORMABLE,
    UNREPAIRABLE,
    NO_CLASS_VALUE,
    NO_PIXELS,
)

SHOWN_IDS = 5  # ids named per reason; the rest are counted


def _reason_phrase(reason: str) -> str:
    """The reason's phrase template, with {count} (translated when asked for)."""
    phrases = {
        NO_GEOMETRY: _("{count} without a geometry"),
        NO_USABLE_GEOMETRY: _("{count} without a usable geometry"),
        NOT_TRANSFORMABLE: _("{count} not transformable to the raster's CRS"),
        UNREPAIRABLE: _("{count} with an invalid polygon that could not be repaired"),
        NO_CLASS_VALUE: _("{count} without a class value"),
        NO_PIXELS: _("{count} outside the raster or over nodata only"),
    }
    return phrases[reason]


class SkippedFeatures:
    """A run's tally of skipped features by reason, and of repaired ones, keeping the first
    few ids of each (memory stays flat however many features a run reads)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.ids: dict[str, list[Hashable]] = {}
        self.repaired_count = 0
        self.repaired_ids: list[Hashable] = []
        self.seen = 0  # features looked at, for callers that report "n of total"

    def add(self, feature_id: Hashable | None, reason: str) -> None:
        """Count a skipped feature (``feature_id`` None: its id is unknown)."""
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}; one of {REASONS}")
        self.counts[reason] += 1
        ids = self.ids.setdefault(reason, [])
        if feature_id is not None and len(ids) < SHOWN_IDS:
            ids.append(feature_id)

    def repaired(self, feature_id: Hashable | None) -> None:
        """Count a feature whose invalid polygon was repaired."""
        self.repaired_count += 1
        if feature_id is not None and len(self.repaired_ids) < SHOWN_IDS:
            self.repaired_ids.append(feature_id)

    @property
    def skipped(self) -> int:
        return sum(self.counts.values())

    def reasons(self) -> str:
        """'2 without a geometry (ids 4, 7), 1 without a class value (id 9)'."""
        return ", ".join(
            _reason_phrase(reason).format(count=self.counts[reason])
            + _ids_suffix(self.ids.get(reason, []), self.counts[reason])
            for reason in REASONS
            if self.counts[reason]
        )

    def repairs(self) -> str | None:
        """'2 invalid polygons were repaired (ids 1, 5).', or None when none was."""
        if not self.repaired_count:
            return None
        if self.repaired_count == 1:
            text = _("1 invalid polygon was repaired")
        else:
            text = _("{count} invalid polygons were repaired").format(count=self.repaired_count)
        return text + _ids_suffix(self.repaired_ids, self.repaired_count) + "."

    def warning(self) -> str | None:
        """The run's one warning about skipped and repaired features, or None."""
        sentences = []
        if self.skipped == 1:
            sentences.append(_("1 feature was skipped: {reasons}.").format(reasons=self.reasons()))
        elif self.skipped:
            sentences.append(
                _("{count} features were skipped: {reasons}.").format(
                    count=self.skipped, reasons=self.reasons()
                )
            )
        repairs = self.repairs()
        if repairs:
            sentences.append(repairs)
        return " ".join(sentences) or None


def _ids_suffix(ids: list[Hashable], count: int) -> str:
    """' (id 9)', ' (ids 4, 7)', ' (ids 1, 2, 3, 4, 5 and 12 more)', or '' without ids."""
    if not ids:
        return ""
    listed = ", ".join(str(feature_id) for feature_id in ids)
    if len(ids) == 1 and count == 1:
        text = _("id {id}").format(id=listed)
    elif count > len(ids):
        text = _("ids {ids} and {more} more").format(ids=listed, more=count - len(ids))
    else:
        text = _("ids {ids}").format(ids=listed)
    return f" ({text})"


def valid_polygon(geometry: ogr.Geometry) -> tuple[ogr.Geometry | None, bool]:
    """A polygon geometry made valid: (itself, False) when valid, (its repair, True) when
    invalid, (None, True) when the repair keeps no polygon (e.g. all its points on a line)."""
    from osgeo import gdal  # GDAL's bindings only where geometries are checked

    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GEOS explains invalidity on stderr
    try:
        if geometry.IsValid():
            return geometry, False
        try:
            repaired = geometry.MakeValid()
        except RuntimeError:  # GDAL raises, when told to, where GEOS cannot repair
            repaired = None
        return (_polygon_parts(repaired) if repaired is not None else None), True
    finally:
        gdal.PopErrorHandler()


def valid_polygon_geojson(geometry: Mapping[str, object]) -> tuple[dict | None, bool]:
    """``valid_polygon`` for a GeoJSON-like mapping: the mapping itself when valid."""
    from osgeo import gdal, ogr

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        shape = ogr.CreateGeometryFromJson(json.dumps(geometry))
    except RuntimeError:  # malformed coordinates, where GDAL raises
        shape = None
    finally:
        gdal.PopErrorHandler()
    if shape is None:
        return None, True
    fixed, repaired = valid_polygon(shape)
    if not repaired:
        return dict(geometry), False
    return (json.loads(fixed.ExportToJson()) if fixed is not None else None), True


def _polygon_parts(geometry: ogr.Geometry) -> ogr.Geometry | None:
    """The polygons of a repaired geometry (a repair may add lines or points where the
    polygon collapsed); None when no polygon with an area is left."""
    from osgeo import ogr

    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
        return geometry if geometry.GetArea() > 0 else None
    if kind != ogr.wkbGeometryCollection:
        return None  # lines or points: the polygon had no area
    parts = ogr.Geometry(ogr.wkbMultiPolygon)
    for index in range(geometry.GetGeometryCount()):
        part = _polygon_parts(geometry.GetGeometryRef(index))
        if part is None:
            continue
        if ogr.GT_Flatten(part.GetGeometryType()) == ogr.wkbPolygon:
            parts.AddGeometry(part)
        else:
            for inner in range(part.GetGeometryCount()):
                parts.AddGeometry(part.GetGeometryRef(inner))
    return parts if parts.GetGeometryCount() else None
