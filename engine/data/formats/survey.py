"""Describing a folder of chips that came without TorchMap metadata: band count, data type,
georeference and band statistics from a sample of the chips (training recomputes the
statistics from its training split anyway, so a sample is enough to start)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError
from rasterio.io import DatasetReader

from ...errors import InputError
from ...i18n import _
from ...rasters import valid_pixels
from ...spec import BandStatistics, InputSpec
from ..records import ChipPosition
from ..statistics import BandStatisticsAccumulator

IMAGE_SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg")
SURVEY_SAMPLE = 200


def image_files(folder: Path) -> list[Path]:
    """The image chips directly inside ``folder``, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())


@contextmanager
def open_chip(path: Path) -> Iterator[DatasetReader]:
    """Open a chip quietly: JPEG and PNG chips without a georeference are normal here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            src = rasterio.open(path)
    except RasterioIOError as error:
        raise InputError(
            "data_folder",
            _("{path} cannot be read as an image ({error}).").format(path=path, error=error),
        ) from error
    with src:
        yield src


def sample_paths(paths: list[Path], size: int = SURVEY_SAMPLE) -> list[Path]:
    """At most ``size`` paths spread evenly over the list (every class gets its share)."""
    if len(paths) <= size:
        return list(paths)
    picks = np.linspace(0, len(paths) - 1, size).round().astype(int)
    return [paths[index] for index in sorted(set(picks.tolist()))]


def survey_chips(
    paths: list[Path],
    statistics: BandStatistics | None = None,
    tile_size: tuple[int, int] | None = None,
) -> InputSpec:
    """An InputSpec from a sample of the chips; given statistics or tile size win."""
    sample = sample_paths(paths)
    with open_chip(sample[0]) as first:
        band_count, dtype, nodata = first.count, first.dtypes[0], first.nodata
        names = [d or f"band {i}" for i, d in enumerate(first.descriptions, start=1)]
        georeferenced = first.crs is not None
        crs = first.crs.to_wkt() if georeferenced else None
        cell = [abs(first.transform.a), abs(first.transform.e)] if georeferenced else None
    accumulator = BandStatisticsAccumulator(band_count)
    widths, heights = [], []
    for path in sample:
        with open_chip(path) as src:
            if src.count != band_count:
                raise InputError(
                    "data_folder",
                    _(
                        "{path} has {count} bands but {first} has {first_count}; all chips need "
                        "the same bands."
                    ).format(path=path, count=src.count, first=sample[0], first_count=band_count),
                )
            widths.append(src.width)
            heights.append(src.height)
            if statistics is None:
                accumulator.add(src.read(), valid_pixels(src))
    width, height = tile_size or (int(np.median(widths)), int(np.median(heights)))
    return InputSpec(
        band_count=band_count,
        band_names=names,
        statistics=statistics or accumulator.result(),
        tile_width=width,
        tile_height=height,
        dtype=dtype,
        nodata=nodata,
        cell_size=cell,
        crs=crs,
    )


def georeferenced_position(path: Path) -> ChipPosition | None:
    """A chip's window on the grid its georeference implies (cells counted from the CRS
    origin), so chips of one export compare without knowing the source; None without one."""
    with open_chip(path) as src:
        if src.crs is None:
            return None
        transform = src.transform
        if transform.b or transform.d or not transform.a or not transform.e:
            return None
        cell_x, cell_y = abs(transform.a), abs(transform.e)
        return ChipPosition(
            source=f"{src.crs.to_string()} {cell_x:g} {cell_y:g}",
            col=round(transform.c / cell_x),
            row=round(-transform.f / cell_y),
            width=src.width,
            height=src.height,
        )
