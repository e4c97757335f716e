"""Checks of a raster against the model that will classify it: refuse what cannot work,
warn about what may work badly, each naming what the model expects."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rasterio.crs import CRS
from rasterio.errors import CRSError
from rasterio.io import DatasetReader

from ..errors import InputError
from ..i18n import _
from ..models.package import ModelDefinition
from ..reporter import Reporter
from ..spec import BandStatistics, InputSpec


def resolve_bands(band_count: int, spec: InputSpec, requested: Sequence[int] | None) -> list[int]:
    """The 1-based raster bands that feed the model's bands, in the model's order.

    Default: all bands when the raster has exactly the model's band count, else the bands
    the training data was exported from (``spec.source_bands``), when the raster has them.
    """
    expected = f"{spec.band_count} ({', '.join(spec.band_names)})"
    if requested:
        bands = [int(band) for band in requested]
        outside = [band for band in bands if not 1 <= band <= band_count]
        if outside:
            raise InputError(
                "bands",
                _(
                    "band {band} does not exist: the raster has bands 1 to {count}; list one "
                    "raster band for each of the model's {expected}."
                ).format(band=outside[0], count=band_count, expected=expected),
            )
        if len(bands) != spec.band_count:
            raise InputError(
                "bands",
                _(
                    "{count} bands listed but the model takes {expected}; list one raster band "
                    "for each, in that order."
                ).format(count=len(bands), expected=expected),
            )
        return bands
    if band_count == spec.band_count:
        return list(range(1, band_count + 1))
    source = spec.source_bands or []
    if len(source) == spec.band_count and max(source) <= band_count:
        return list(source)
    raise InputError(
        "raster",
        _(
            "the raster has {count} bands but the model was trained on {expected}; use a "
            "raster with those bands, or map them with the band list (one raster band number "
            "per model band)."
        ).format(count=band_count, expected=expected),
    )


def check_raster_fits_model(
    src: DatasetReader,
    definition: ModelDefinition,
    reporter: Reporter,
    bands: Sequence[int] | None = None,
) -> list[int]:
    """The bands to read (refusing a raster the model cannot use); warn on grid mismatches."""
    resolved = resolve_bands(src.count, definition.spec, bands)
    spec = definition.spec
    if spec.crs and src.crs and not same_crs(src.crs, spec.crs):
        reporter.warning(
            _(
                "{raster} is in {crs}, the training data in {training_crs}; results may suffer "
                "if the cell size or the look of the imagery differs."
            ).format(raster=src.name, crs=src.crs.to_string(), training_crs=_crs_name(spec.crs))
        )
    return resolved


def same_crs(crs: CRS, wkt: str) -> bool:
    """CRSs compared as CRSs (EPSG:32615 equals its WKT), not as text."""
    try:
        return crs == CRS.from_user_input(wkt)
    except CRSError:
        return False


def _crs_name(wkt: str) -> str:
    try:
        return CRS.from_user_input(wkt).to_string()
    except CRSError:
        return _("another CRS")


def warn_if_values_far_from_training(
    low: np.ndarray,
    high: np.ndarray,
    statistics: BandStatistics,
    names: list[str],
    reporter: Reporter,
) -> bool:
    """Warn when a band's values lie far from what the model was trained on (e.g. reflectance
    0-1 against training data in 0-10000), naming both ranges. True when it warned."""
    for band, name in enumerate(names):
        train_low, train_high = statistics.minimum[band], statistics.maximum[band]
        span = max(train_high - train_low, 4 * statistics.std[band])
        centre = (float(low[band]) + float(high[band])) / 2
        # Outside the training range by more than its width, or a thousand times narrower.
        far = not train_low - span <= centre <= train_high + span
        squeezed = span > 0 and float(high[band] - low[band]) < span / 1000
        if far or squeezed:
            reporter.warning(
                _(
                    "The raster's values in {band} ({low:.4g} to {high:.4g}) are far from the "
                    "training data's ({train_low:.4g} to {train_high:.4g}); results will be "
                    "poor unless the raster is scaled like the training imagery."
                ).format(
                    band=name,
                    low=low[band],
                    high=high[band],
                    train_low=train_low,
                    train_high=train_high,
                )
            )
            return True
    return False
