"""Classify Objects: a class for every feature (polygon or point) from the chip under it, with
an image classification package (one class per chip) or a pixel classification package (the
majority class of the predicted pixels inside the feature, plus the share of every class).

Results stream: features are taken from an iterable batch by batch and their results yielded
as soon as the batch is classified, so memory stays flat however many features come in. On a
GPU the next batch's chips are read on a worker thread while the network runs on the current
one; on the CPU, where the network's threads use every core, batches are read in turn.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
import torch
from rasterio.io import DatasetReader

from ..compat import zip_strict
from ..data.feature_checks import (
    NO_PIXELS,
    NO_USABLE_GEOMETRY,
    UNREPAIRABLE,
    SkippedFeatures,
    valid_polygon_geojson,
)
from ..data.object_chips import (
    BOUNDING_BOX,
    CROP_MODES,
    POINT_TYPES,
    POLYGON_TYPES,
    ChipOptions,
    Geometry,
    ObjectChipReader,
    inside_feature,
)
from ..data.preprocess import normalise
from ..errors import InputError
from ..i18n import _
from ..models.package import load_model, read_definition
from ..models.registry import IMAGE_CLASSIFICATION, PIXEL_CLASSIFICATION, task_label
from ..rasters import bounded_gdal_cache, crs_wkt, open_raster, service_reads
from ..reporter import NullReporter, Reporter, raise_if_cancelled
from ..runtime import resolve_device
from ..threads import compute_threads
from .checks import check_raster_fits_model
from .read_ahead import read_ahead
from .runner import (
    as_channels_last,
    dihedral_transforms,
    prepare_for_inference,
    transform_images,
    untransform_images,
)

Key = TypeVar("Key")
TASKS = (IMAGE_CLASSIFICATION, PIXEL_CLASSIFICATION)


@dataclass(frozen=True)
class ClassifyObjectsConfig:
    raster: Path | str  # a file, or a GDAL description of an imagery service
    model: Path
    # None: as the model's training chips were cut (its package's chip recipe), else a
    # bounding box with no buffer and nothing blackened.
    crop_mode: str | None = None
    buffer_percent: float | None = None
    blacken_around_feature: bool | None = None
    top_k: int = 1
    batch_size: int = 32
    device: str | None = None
    tta: str = "none"  # engine/options.py TTA_MODES


@dataclass(frozen=True)
class ObjectClass:
    """A class for one object and its confidence: the model's probability (image models) or
    the share of the object's pixels in that class (pixel models)."""

    value: int
    name: str
    confidence: float


@dataclass(frozen=True)
class ObjectResult:
    """The ``top_k`` classes of one object, best first; for pixel models also the share of
    the object's valid pixels in each of the model's classes (in the model's class order)."""

    classes: tuple[ObjectClass, ...]
    fractions: tuple[float, ...] | None = None

    @property
    def best(self) -> ObjectClass:
        return self.classes[0]


def _no_class_warning(skipped: SkippedFeatures) -> str | None:
    """The run's one warning: the features without a class and why, and repaired ones."""
    sentences = []
    if skipped.skipped:
        sentences.append(
            _("{skipped} of {total} features get no class (NULL results): {reasons}.").format(
                skipped=skipped.skipped, total=skipped.seen, reasons=skipped.reasons()
            )
        )
        if skipped.counts[NO_USABLE_GEOMETRY]:
            sentences.append(
                _(
                    "A geometry is not usable when it is null, empty, invalid or not "
                    "transformable to the raster's CRS."
                )
            )
    repairs = skipped.repairs()
    if repairs:
        sentences.append(repairs)
    return " ".join(sentences) or None


@dataclass
class _Batch(Generic[Key]):
    """Features in, and once read: which have a chip, those chips normalised as one array,
    and for pixel models the pixels to count for each."""

    keys: list[Key]
    geometries: list[Geometry | None]
    repaired: list[bool] = field(default_factory=list)  # invalid polygons made valid
    unrepairable: list[bool] = field(default_factory=list)  # invalid, and beyond repair
    has_chip: list[bool] = field(default_factory=list)
    images: np.ndarray | None = None
    masks: list[np.ndarray] = field(default_factory=list)


class ObjectClassifier:
    """A model and a raster opened and checked once, classifying features in batches."""

    def __init__(self, config: ClassifyObjectsConfig, reporter: Reporter | None = None) -> None:
        self.config = config
        self.reporter = reporter or NullReporter()
        _check_config(config)
        self.definition = read_definition(config.model)
        if self.definition.task not in TASKS:
            raise InputError(
                "model",
                _(
                    "{path} is a {task} model; Classify Objects takes an image classification "
                    "or a pixel classification package."
                ).format(path=config.model, task=task_label(self.definition.task)),
            )
        self.device = resolve_device(config.device)
        # Open until close(): the raster, and a small GDAL block cache (at 128 px chips of a
        # 12800² raster the default one held 1.1 GiB more, none of it needed again).
        self._open = contextlib.ExitStack()
        self._open.enter_context(bounded_gdal_cache())
        self._open.enter_context(compute_threads(self.reporter))
        try:
            self.src: DatasetReader = self._open.enter_context(open_raster("raster", config.raster))
            # The bands the model was trained on: a model of bands 1-6 of an 8-band scene
            # reads those six, never all eight.
            self.bands = check_raster_fits_model(self.src, self.definition, self.reporter)
            model = load_model(config.model, self.device)[1]
            # Batch norms folded and channels-last: on a 2-core CPU, ResNet-18 ran 1.3-1.5x
            # the chips/s at 32 px and 1.1-1.2x at 128 px (the bench's model-only network is
            # prepared alike).
            self.model = prepare_for_inference(model, self.definition.spec.band_count)
        except BaseException:
            self._open.close()
            raise
        self.pixel_model = self.definition.task == PIXEL_CLASSIFICATION
        # On a GPU the next batch's chips are read while the current one is classified. On
        # the CPU the network's threads already use every core: a reader beside them stalls
        # them all at each synchronisation point, so there batches are read in turn.
        self.read_ahead = self.device.type != "cpu"
        self.top_k = min(config.top_k, len(self.definition.classes))
        tile = self.definition.spec.tile_size
        crop_mode, buffer_percent, blacken = self._chip_recipe()
        self.options = ChipOptions(
            size=tile,
            crop_mode=crop_mode,
            buffer_percent=buffer_percent,
            blacken_around_feature=blacken,
            # A pixel model must see objects at the scale it was trained on where they fit.
            min_pixels=tile if self.pixel_model else 0,
        )
        self.chips = ObjectChipReader(self.src, self.options, self.bands)
        # The model's classes by output index, looked up once for every result.
        self._classes = [
            self.definition.class_by_index(index) for index in range(len(self.definition.classes))
        ]

    def _chip_recipe(self) -> tuple[str, float, bool]:
        """Crop mode, buffer and blackening: the user's, else how the model's training chips
        were cut (its package says, when it was trained on an export), else a bounding box."""
        recipe = dict(self.definition.spec.chip_recipe or {})
        given = self.config
        crop_mode = given.crop_mode or str(recipe.get("crop_mode") or BOUNDING_BOX)
        buffer = given.buffer_percent
        buffer = float(recipe.get("buffer_percent") or 0.0) if buffer is None else buffer
        blacken = given.blacken_around_feature
        blacken = bool(recipe.get("blacken_around_feature")) if blacken is None else blacken
        if recipe and (given.crop_mode is None or given.buffer_percent is None):
            self.reporter.info(
                _(
                    "Chips are cut as the model's training chips were: {crop_mode}, buffer "
                    "{buffer:g} %, {blackened}."
                ).format(
                    crop_mode=crop_mode,
                    buffer=buffer,
                    blackened=_("blackened around the feature") if blacken else _("not blackened"),
                )
            )
        return crop_mode, buffer, blacken

    @property
    def crs_wkt(self) -> str | None:
        """The raster's CRS as its file says (features must come in it)."""
        return crs_wkt(self.src)

    def close(self) -> None:
        self._open.close()

    def __enter__(self) -> ObjectClassifier:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def classify(
        self,
        items: Iterable[tuple[Key, Geometry | None]],
        total: int | None = None,
        feature_id: Callable[[Key], Hashable] | None = None,
    ) -> Iterator[tuple[Key, ObjectResult | None]]:
        """Each (key, geometry in the raster's CRS) back as (key, result), in order; None
        where a feature has no usable geometry, lies outside the raster or over nodata only
        (invalid polygons are repaired first). One warning counts those features, naming
        them by ``feature_id(key)`` (default: integer keys themselves)."""
        skipped = SkippedFeatures()
        identify = feature_id or _integer_key
        batches = _batches(iter(items), self.config.batch_size)
        # On a GPU the next batch's chips are read while this one is classified.
        depth = 1 if self.read_ahead else 0
        check = functools.partial(raise_if_cancelled, self.reporter)
        with (
            service_reads("raster", self.config.raster),
            contextlib.closing(read_ahead(batches, self._read_chips, depth, check)) as read,
        ):
            for batch in read:
                yield from self._classified(batch, skipped, identify, total)
        self.reporter.progress(100.0)
        message = _no_class_warning(skipped)
        if message:
            self.reporter.warning(message)

    def _read_chips(self, batch: _Batch) -> _Batch:
        """Cut the batch's chips and normalise them together (on the reader thread)."""
        for geometry in batch.geometries:
            if geometry is not None:
                _refuse_lines(geometry)
        _repair_polygons(batch)
        chips = self.chips.read_many(batch.geometries, lambda: raise_if_cancelled(self.reporter))
        raise_if_cancelled(self.reporter)
        batch.has_chip = [chip is not None for chip in chips]
        present = [(g, chip) for g, chip in zip_strict(batch.geometries, chips) if chip is not None]
        if not present:
            return batch
        batch.images = normalise(
            np.stack([chip.pixels for _, chip in present]),
            np.stack([chip.valid for _, chip in present]),
            self.definition.spec.statistics,
        )
        if self.pixel_model:
            for geometry, chip in present:
                raise_if_cancelled(self.reporter)
                # Count only the valid pixels inside the feature.
                inside = inside_feature(geometry, chip.transform, self.options.size)
                batch.masks.append(chip.valid & inside)
        return batch

    def _classified(
        self,
        batch: _Batch[Key],
        skipped: SkippedFeatures,
        identify: Callable[[Key], Hashable | None],
        total: int | None,
    ) -> Iterator[tuple[Key, ObjectResult | None]]:
        raise_if_cancelled(self.reporter)
        results = iter(self._predict(batch) if batch.images is not None else ())
        for key, geometry, has_chip, repaired, unrepairable in zip_strict(
            batch.keys,
            batch.geometries,
            batch.has_chip,
            batch.repaired,
            batch.unrepairable,
        ):
            skipped.seen += 1
            if repaired:
                skipped.repaired(identify(key))
            if unrepairable:
                skipped.add(identify(key), UNREPAIRABLE)
            elif geometry is None:
                skipped.add(identify(key), NO_USABLE_GEOMETRY)
            result = next(results) if has_chip else None
            if result is None and geometry is not None:
                skipped.add(identify(key), NO_PIXELS)
            yield key, result
        if total:
            self.reporter.progress(min(100.0, 100.0 * skipped.seen / total))

    @torch.inference_mode()
    def _predict(self, batch: _Batch) -> list[ObjectResult | None]:
        images = as_channels_last(torch.from_numpy(batch.images).to(self.device))
        probabilities = _probabilities(self.model, images, self.config.tta)
        if not self.pixel_model:
            scores = probabilities.cpu().numpy()
            orders = np.argsort(-scores, axis=1, kind="stable")[:, : self.top_k]
            return [self._ranked(row, order) for row, order in zip_strict(scores, orders)]
        labels = probabilities.argmax(dim=1).cpu().numpy()
        return [self._pixel_result(label, mask) for label, mask in zip_strict(labels, batch.masks)]

    def _ranked(self, scores: np.ndarray, order: np.ndarray | None = None) -> ObjectResult:
        """The top-k classes by ``scores`` (``order``: their indexes best first, if known)."""
        if order is None:
            order = np.argsort(-scores, kind="stable")[: self.top_k]
        classes = self._classes
        return ObjectResult(
            tuple(
                ObjectClass(
                    classes[index].value, classes[index].name, round(float(scores[index]), 4)
                )
                for index in order.tolist()
            )
        )

    def _pixel_result(self, labels: np.ndarray, inside: np.ndarray) -> ObjectResult | None:
        counts = np.bincount(labels[inside], minlength=len(self.definition.classes))
        if not counts.sum():
            return None
        fractions = counts / counts.sum()
        ranked = self._ranked(fractions)
        return ObjectResult(ranked.classes, tuple(round(float(f), 4) for f in fractions))


def classify_objects(
    config: ClassifyObjectsConfig,
    geometries: Sequence[Geometry | None],
    reporter: Reporter | None = None,
) -> list[ObjectResult | None]:
    """A result per geometry (in the raster's CRS), in order: for scripts and tests."""
    with ObjectClassifier(config, reporter) as classifier:
        return [
            result
            for _, result in classifier.classify(enumerate(geometries), total=len(geometries))
        ]


def _probabilities(model: torch.nn.Module, images: torch.Tensor, tta: str) -> torch.Tensor:
    """Softmax over classes, averaged over the test-time augmentation's rotations and flips
    (the same as Classify Pixels'; pixel outputs are turned back first)."""
    total = None
    transforms = dihedral_transforms(tta)
    for turns, flip in transforms:
        output = torch.softmax(model(transform_images(images, turns, flip)), dim=1)
        if output.ndim == 4:
            output = untransform_images(output, turns, flip)
        total = output if total is None else total + output
    return total / len(transforms)


def _batches(items: Iterator[tuple[Key, Geometry | None]], size: int) -> Iterator[_Batch[Key]]:
    while chunk := list(islice(items, size)):
        keys, geometries = zip_strict(*chunk)
        yield _Batch(list(keys), list(geometries))


def _integer_key(key: object) -> Hashable | None:
    """A key that is an integer (an index, a feature id) names its feature; others do not."""
    return key if isinstance(key, int) and not isinstance(key, bool) else None


def _repair_polygons(batch: _Batch) -> None:
    """Invalid polygons of the batch made valid (those beyond repair get no chip); every
    polygon is checked, a few microseconds each beside the chip's read."""
    batch.repaired = [False] * len(batch.geometries)
    batch.unrepairable = [False] * len(batch.geometries)
    for index, geometry in enumerate(batch.geometries):
        if geometry is None or geometry.get("type") not in POLYGON_TYPES:
            continue
        fixed, repaired = valid_polygon_geojson(geometry)
        if repaired:
            batch.geometries[index] = fixed
            batch.repaired[index] = fixed is not None
            batch.unrepairable[index] = fixed is None


def _refuse_lines(geometry: Geometry) -> None:
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES and kind not in POINT_TYPES:
        raise InputError(
            "features",
            _(
                "{geometry_type} features cannot be classified: Classify Objects takes polygons "
                "or points; buffer lines into polygons first."
            ).format(geometry_type=kind),
        )


def _check_config(config: ClassifyObjectsConfig) -> None:
    if config.crop_mode is not None and config.crop_mode not in CROP_MODES:
        raise InputError(
            "crop_mode", _("choose one of {choices}.").format(choices=", ".join(CROP_MODES))
        )
    if config.buffer_percent is not None and config.buffer_percent < 0:
        raise InputError("buffer_percent", _("the buffer cannot be negative."))
    if config.top_k < 1 or config.batch_size < 1:
        raise InputError("top_k" if config.top_k < 1 else "batch_size", _("must be at least 1."))
