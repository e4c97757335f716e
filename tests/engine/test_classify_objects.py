"""Classify Objects in the engine: image and pixel packages, top-k, TTA, points, streaming,
cancel and bad input."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import Scene, box_geometry, point_geometry, profile, write_image_folder

from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.inference.classify_objects import (
    ClassifyObjectsConfig,
    ObjectClassifier,
    classify_objects,
)
from torchmap.engine.models.package import read_definition
from torchmap.engine.reporter import NullReporter

MOSAIC_CLASSES = ["water", "forest", "urban"]


@pytest.fixture(scope="module")
def mosaic(tmp_path_factory: pytest.TempPathFactory, image_folder: Path) -> Path:
    """A raster made of 16 px chips of known classes side by side: water, forest, urban."""
    row = []
    for name in MOSAIC_CLASSES:
        with rasterio.open(image_folder / name / "000.tif") as src:
            row.append(src.read())
    pixels = np.concatenate(row, axis=2)
    path = tmp_path_factory.mktemp("mosaic") / "mosaic.tif"
    with rasterio.open(path, "w", **profile(48, 3, "int16", None) | {"height": 16}) as dst:
        dst.write(pixels)
    return path


def mosaic_cells() -> list[dict]:
    return [box_geometry(16 * index, 0, 16, 16) for index in range(3)]


class Recorder(NullReporter):
    """Keeps warnings and progress; cancels after ``cancel_after`` cancel checks."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.percents: list[float] = []
        self.checks = 0
        self.cancel_after = cancel_after

    def warning(self, text: str) -> None:
        self.warnings.append(text)

    def info(self, text: str) -> None:
        self.infos.append(text)

    def progress(self, percent: float) -> None:
        self.percents.append(percent)

    def is_cancelled(self) -> bool:
        self.checks += 1
        return self.cancel_after is not None and self.checks > self.cancel_after


def test_objects_get_the_class_under_them_with_a_confidence(
    mosaic: Path, resnet_package: Path
) -> None:
    results = classify_objects(ClassifyObjectsConfig(mosaic, resnet_package), mosaic_cells())
    assert [r.best.name for r in results] == MOSAIC_CLASSES
    assert all(0 < r.best.confidence <= 1 and r.fractions is None for r in results)
    values = {c.name: c.value for c in read_definition(resnet_package).classes}
    assert [r.best.value for r in results] == [values[name] for name in MOSAIC_CLASSES]


def test_top_k_adds_the_next_classes_by_falling_probability(
    mosaic: Path, resnet_package: Path
) -> None:
    config = ClassifyObjectsConfig(mosaic, resnet_package, top_k=5, tta="flips", batch_size=2)
    results = classify_objects(config, mosaic_cells())
    assert [r.best.name for r in results] == MOSAIC_CLASSES
    for result in results:
        assert len(result.classes) == 3  # capped at the model's class count
        confidences = [c.confidence for c in result.classes]
        assert confidences == sorted(confidences, reverse=True)
        assert sum(confidences) == pytest.approx(1, abs=1e-3)
        assert len({c.name for c in result.classes}) == 3


def test_points_get_a_fixed_size_chip_around_them(mosaic: Path, resnet_package: Path) -> None:
    points = [point_geometry(8 + 16 * index, 8) for index in range(3)]
    results = classify_objects(ClassifyObjectsConfig(mosaic, resnet_package), points)
    assert [r.best.name for r in results] == MOSAIC_CLASSES


def test_features_without_pixels_or_geometry_get_none_and_one_warning(
    mosaic: Path, resnet_package: Path
) -> None:
    reporter = Recorder()
    geometries = [box_geometry(500, 500, 10, 10), None, box_geometry(40.2, 5.2, 0.1, 0.1)]
    results = classify_objects(ClassifyObjectsConfig(mosaic, resnet_package), geometries, reporter)
    assert results[:2] == [None, None]
    assert results[2].best.name == "urban"  # smaller than a pixel: still gets its pixel
    assert len(reporter.warnings) == 1
    assert "2 of 3 features get no class" in reporter.warnings[0]
    assert "1 without a usable geometry" in reporter.warnings[0]
    assert "1 outside the raster" in reporter.warnings[0]


def test_the_warning_names_features_by_id_and_invalid_polygons_are_repaired(
    mosaic: Path, resnet_package: Path
) -> None:
    from data import pixel_box

    xmin, ymin, xmax, ymax = pixel_box(32, 0, 16, 16)
    bowtie = {  # two triangles over the urban cell, meeting at its centre
        "type": "Polygon",
        "coordinates": [[(xmin, ymin), (xmax, ymax), (xmax, ymin), (xmin, ymax), (xmin, ymin)]],
    }
    flat = {"type": "Polygon", "coordinates": [[(xmin, ymin), (xmax, ymin), (xmin, ymin)]]}
    far = box_geometry(500, 500, 10, 10)
    geometries = [None, *mosaic_cells()[:2], bowtie, flat, far, None]
    reporter = Recorder()
    config = ClassifyObjectsConfig(mosaic, resnet_package, batch_size=3)
    results = classify_objects(config, geometries, reporter)
    assert results[3].best.name == "urban"  # the repaired bowtie
    assert [results[i] for i in (0, 4, 5, 6)] == [None] * 4
    assert reporter.warnings == [
        "4 of 7 features get no class (NULL results): 2 without a usable geometry (ids 0, 6), "
        "1 with an invalid polygon that could not be repaired (id 4), 1 outside the raster or "
        "over nodata only (id 5). A geometry is not usable when it is null, empty, invalid or "
        "not transformable to the raster's CRS. 1 invalid polygon was repaired (id 3)."
    ]
    # Keys that are not ids (QGIS features) are named through feature_id, or not at all.
    named = Recorder()
    with ObjectClassifier(config, named) as classifier:
        keyed = [(f"feature {i}", geometry) for i, geometry in enumerate(geometries)]
        list(classifier.classify(keyed, feature_id=lambda key: int(key.split()[1]) + 100))
        list(classifier.classify(keyed))
    assert "(ids 100, 106)" in named.warnings[0] and "(id 103)" in named.warnings[0]
    assert "2 without a usable geometry, 1 with" in named.warnings[1]
    assert "(id" not in named.warnings[1]


def test_a_pixel_package_gives_the_majority_class_and_the_share_of_each(
    scene: Scene, unet_package: Path
) -> None:
    definition = read_definition(unet_package)
    cells = [box_geometry(4, 4, 20, 20), box_geometry(40, 8, 16, 20), box_geometry(8, 50, 48, 10)]
    results = classify_objects(ClassifyObjectsConfig(scene.image, unet_package), cells)
    for result, truth_value in zip(results, (1, 2, 3), strict=True):
        assert result.best.value == truth_value
        assert len(result.fractions) == len(definition.classes)
        assert sum(result.fractions) == pytest.approx(1, abs=1e-3)
        share = dict(zip([c.value for c in definition.classes], result.fractions, strict=True))
        assert share[truth_value] == result.best.confidence > 0.5


def test_a_pixel_package_counts_only_pixels_inside_the_polygon(
    scene: Scene, unet_package: Path
) -> None:
    """A triangle straddling classes 1 and 2 (truth: left/right halves): its shares follow
    its own area, not its bounding box's."""
    from data import pixel_box

    xmin, ymin, xmax, ymax = pixel_box(16, 8, 32, 32)
    top = xmin + (xmax - xmin) * 0.75
    left_heavy = {
        "type": "Polygon",
        "coordinates": [[(xmin, ymax), (top, ymax), (xmin, ymin), (xmin, ymax)]],
    }
    (result,) = classify_objects(ClassifyObjectsConfig(scene.image, unet_package), [left_heavy])
    assert result.best.value == 1 and result.best.confidence > 0.6


def test_results_stream_batch_by_batch(mosaic: Path, resnet_package: Path) -> None:
    """Memory stays flat: the first results come back after reading at most two batches."""
    pulled = []

    def features() -> Iterator[tuple[int, dict]]:
        for index in range(40):
            pulled.append(index)
            yield index, mosaic_cells()[index % 3]

    config = ClassifyObjectsConfig(mosaic, resnet_package, batch_size=4)
    with ObjectClassifier(config) as classifier:
        stream = classifier.classify(features(), total=40)
        first = next(stream)
        assert first[0] == 0 and len(pulled) <= 8
        keys = [first[0]] + [key for key, _ in stream]
    assert keys == list(range(40))


def test_reading_ahead_on_a_thread_gives_the_same_results_in_order(
    mosaic: Path, resnet_package: Path
) -> None:
    """What a GPU run does (the next batch read while this one is classified), on the CPU."""
    features = [(index, mosaic_cells()[index % 3]) for index in range(10)]
    config = ClassifyObjectsConfig(mosaic, resnet_package, batch_size=3)
    runs = []
    for read_ahead in (False, True):
        with ObjectClassifier(config) as classifier:
            classifier.read_ahead = read_ahead
            runs.append(list(classifier.classify(iter(features), total=10)))
    assert [key for key, _ in runs[1]] == list(range(10))
    assert runs[1] == runs[0]


def test_progress_counts_features(mosaic: Path, resnet_package: Path) -> None:
    reporter = Recorder()
    config = ClassifyObjectsConfig(mosaic, resnet_package, batch_size=2)
    classify_objects(config, mosaic_cells() * 2, reporter)
    assert reporter.percents == pytest.approx([100 * 2 / 6, 100 * 4 / 6, 100, 100])


def test_cancel_stops_within_a_batch(mosaic: Path, resnet_package: Path) -> None:
    reporter = Recorder(cancel_after=3)
    config = ClassifyObjectsConfig(mosaic, resnet_package, batch_size=64)
    with pytest.raises(CancelledError):
        classify_objects(config, mosaic_cells() * 40, reporter)
    assert reporter.checks < 10  # stopped a few features into the first batch of 64


def test_an_empty_input_gives_no_results(mosaic: Path, resnet_package: Path) -> None:
    reporter = Recorder()
    assert classify_objects(ClassifyObjectsConfig(mosaic, resnet_package), [], reporter) == []
    assert reporter.warnings == []


def test_lines_are_refused(mosaic: Path, resnet_package: Path) -> None:
    line = {"type": "LineString", "coordinates": [(500_000, 1_699_900), (500_100, 1_699_900)]}
    with pytest.raises(InputError, match="buffer lines") as caught:
        classify_objects(ClassifyObjectsConfig(mosaic, resnet_package), [line])
    assert caught.value.field == "features"


def test_a_package_of_an_unknown_kind_is_refused(
    mosaic: Path, resnet_package: Path, tmp_path: Path
) -> None:
    path = tmp_path / "detector.tmpk"
    with zipfile.ZipFile(resnet_package) as source, zipfile.ZipFile(path, "w") as target:
        definition = json.loads(source.read("definition.json"))
        definition["TorchMap"]["task"] = "object_detection"
        target.writestr("definition.json", json.dumps(definition))
        target.writestr("weights.pt", source.read("weights.pt"))
    with pytest.raises(InputError, match="unknown task 'object_detection'") as caught:
        classify_objects(ClassifyObjectsConfig(mosaic, path), mosaic_cells())
    assert caught.value.field == "model"


def test_bands_must_match(tmp_path: Path, resnet_package: Path) -> None:
    folder = write_image_folder(tmp_path / "chips", chips_per_class=1, bands=4)
    with pytest.raises(InputError, match="has 4 bands") as caught:
        classify_objects(
            ClassifyObjectsConfig(folder / "water" / "000.tif", resnet_package),
            [box_geometry(0, 0, 4, 4)],
        )
    assert caught.value.field == "raster"


@pytest.mark.parametrize(
    ("device", "message"), [("gpu0", "not a device"), ("cuda:7", "no CUDA GPU")]
)
def test_a_bad_device_names_device(
    mosaic: Path, resnet_package: Path, device: str, message: str
) -> None:
    import torch

    if device.startswith("cuda") and torch.cuda.is_available():
        pytest.skip("a GPU is present: cuda is a valid device here")
    with pytest.raises(InputError, match=message) as caught:
        classify_objects(ClassifyObjectsConfig(mosaic, resnet_package, device=device), [])
    assert caught.value.field == "device"


def test_the_network_runs_prepared_for_inference_and_predicts_the_same(
    mosaic: Path, resnet_package: Path
) -> None:
    """Batch norms folded and channels-last (faster on CPUs), with the package's predictions."""
    import torch

    from torchmap.engine.models.package import load_model

    _, original = load_model(resnet_package, torch.device("cpu"))
    with ObjectClassifier(ClassifyObjectsConfig(mosaic, resnet_package)) as classifier:
        prepared = classifier.model
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in prepared.modules())
    first = next(m for m in prepared.modules() if isinstance(m, torch.nn.Conv2d))
    assert first.weight.is_contiguous(memory_format=torch.channels_last)
    images = torch.randn(4, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        expected = torch.softmax(original(images), dim=1)
        actual = torch.softmax(prepared(images.contiguous(memory_format=torch.channels_last)), 1)
    torch.testing.assert_close(actual, expected, rtol=1e-3, atol=1e-4)


def test_gdal_s_block_cache_is_bounded_while_classifying(
    mosaic: Path, resnet_package: Path
) -> None:
    from osgeo import gdal

    from torchmap.engine.rasters import GDAL_CACHE_BYTES

    original = gdal.GetCacheMax()
    gdal.SetCacheMax(4 * GDAL_CACHE_BYTES)
    try:
        with ObjectClassifier(ClassifyObjectsConfig(mosaic, resnet_package)):
            assert gdal.GetCacheMax() == GDAL_CACHE_BYTES
        assert gdal.GetCacheMax() == 4 * GDAL_CACHE_BYTES
    finally:
        gdal.SetCacheMax(original)


def test_the_chip_recipe_travels_from_export_through_the_package_to_classify_objects(
    scene, tmp_path: Path
) -> None:
    """Export records how object chips were cut; the package keeps it; Classify Objects cuts
    its chips the same way unless told otherwise, and says so."""
    from data import two_class_boxes, write_class_polygons

    from torchmap.engine.data.export import IMAGENET, ExportConfig, export_training_data
    from torchmap.engine.inference.classify_objects import ObjectClassifier
    from torchmap.engine.training.train import TrainConfig, train_model

    polygons = write_class_polygons(tmp_path / "labels.gpkg", two_class_boxes())
    export = tmp_path / "objects"
    export_training_data(ExportConfig(
        scene.image, polygons, export, tile_size=16, metadata_format=IMAGENET,
        class_value_field="class_value", crop_mode="fixed_size", buffer_percent=10.0,
        rotation_angle=90.0,
    ))  # fmt: skip
    package = tmp_path / "objects.tmpk"
    train_model(TrainConfig(export, "resnet18", package, epochs=1, batch_size=4,
                            learning_rate=1e-3, validation_fraction=0.25))  # fmt: skip
    recipe = read_definition(package).spec.chip_recipe
    assert recipe == {"crop_mode": "fixed_size", "buffer_percent": 10.0,
                      "blacken_around_feature": False}  # fmt: skip
    reporter = Recorder()
    with ObjectClassifier(ClassifyObjectsConfig(scene.image, package), reporter) as classifier:
        assert classifier.options.crop_mode == "fixed_size"
        assert classifier.options.buffer_percent == 10.0
    assert any("as the model's training chips were" in line for line in reporter.infos)
    chosen = ClassifyObjectsConfig(scene.image, package, crop_mode="bounding_box")
    with ObjectClassifier(chosen) as classifier:
        assert classifier.options.crop_mode == "bounding_box"


def test_a_raster_with_more_bands_feeds_the_model_the_bands_it_was_trained_on(
    scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    """A model of bands 1-3 over a 5-band raster: it reads bands 1-3 (the package's source
    bands), as Classify Pixels does, and classifies as on the 3-band raster itself."""
    assert read_definition(unet_package).spec.source_bands == [1, 2, 3]
    with rasterio.open(scene.image) as src:
        pixels, meta = src.read(), src.meta | {"count": 5}
    wider = tmp_path / "wider.tif"
    extra = np.random.default_rng(0).integers(0, 9999, (2, *pixels.shape[1:]))
    with rasterio.open(wider, "w", **meta) as dst:
        dst.write(np.concatenate([pixels, extra.astype(pixels.dtype)]))
    cells = [box_geometry(4, 4, 20, 20), box_geometry(40, 8, 16, 20), box_geometry(8, 50, 48, 10)]
    expected = classify_objects(ClassifyObjectsConfig(scene.image, unet_package), cells)
    actual = classify_objects(ClassifyObjectsConfig(wider, unet_package), cells)
    assert [r.best.value for r in actual] == [r.best.value for r in expected] == [1, 2, 3]
    assert [r.fractions for r in actual] == [r.fractions for r in expected]
