"""Export on real imagery: the Landsat 7 scene of Chiapas (8 int16 bands, nodata -9999) and
its training polygons (integer ``id``, class name ``class``), when ../shared/data is there."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import rasterio

from torchmap.engine.data.catalog import read_training_folder
from torchmap.engine.data.export import ExportConfig, export_training_data

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "landsat7_chiapas"
IMAGE = DATA / "LE70220491999322EDC01_stack.gtif"
POLYGONS = DATA / "training_data.shp"

pytestmark = pytest.mark.skipif(
    not (IMAGE.is_file() and POLYGONS.is_file()),
    reason=f"the Landsat 7 sample data is not at {DATA} (a fresh clone has none)",
)


def polygon_names() -> dict[int, Counter[str]]:
    """How many polygons give each class value each name (they disagree for values 4, 5)."""
    from osgeo import ogr

    names: dict[int, Counter[str]] = {}
    source = ogr.Open(str(POLYGONS))  # kept: a layer dies with its dataset
    for feature in source.GetLayer(0):
        names.setdefault(int(feature.GetField("id")), Counter())[feature.GetField("class")] += 1
    return names


@pytest.fixture(scope="module")
def landsat_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landsat") / "chips"
    export_training_data(
        ExportConfig(
            IMAGE,
            POLYGONS,
            folder,
            tile_size=32,
            stride=32,
            class_value_field="id",
            class_name_field="class",
        )
    )
    return folder


def test_landsat_classes_come_from_the_id_and_class_fields(landsat_export: Path) -> None:
    data = read_training_folder(landsat_export)
    names = {c.value: c.name for c in data.classes}
    expected = polygon_names()
    assert sorted(names) == sorted(expected)
    for value, counts in expected.items():
        assert names[value] in counts
        if len(counts) == 1 or counts.most_common(2)[0][1] > counts.most_common(2)[1][1]:
            assert names[value] == counts.most_common(1)[0][0]  # a clear majority wins
    assert len(set(names.values())) == len(names)  # and no two classes share a name
    assert data.spec.band_count == 8 and data.spec.dtype == "int16"
    assert data.spec.nodata == -9999 and data.spec.tile_size == 32


def test_landsat_chips_are_the_source_windows_and_labels_avoid_nodata(
    landsat_export: Path,
) -> None:
    metadata = json.loads((landsat_export / "torchmap_export.json").read_text())
    counts: dict[int, int] = {}
    with rasterio.open(IMAGE) as src:
        for chip in metadata["chips"]:
            p = chip["position"]
            window = rasterio.windows.Window(p["col"], p["row"], p["width"], p["height"])
            with rasterio.open(landsat_export / chip["image"]) as image:
                np.testing.assert_array_equal(image.read(), src.read(window=window))
            with rasterio.open(landsat_export / chip["label"]) as label_chip:
                label = label_chip.read(1)
            nodata = np.any(src.read(window=window) == -9999, axis=0)
            assert not label[nodata].any()
            for value, count in zip(*np.unique(label[label > 0], return_counts=True), strict=True):
                counts[int(value)] = counts.get(int(value), 0) + int(count)
    assert counts == {c["value"]: c["pixel_count"] for c in metadata["classes"]}
    assert set(counts) == set(polygon_names())


def test_landsat_statistics_cover_the_valid_pixels_of_the_chips(landsat_export: Path) -> None:
    metadata = json.loads((landsat_export / "torchmap_export.json").read_text())
    values = []
    for chip in metadata["chips"]:
        with rasterio.open(landsat_export / chip["image"]) as image:
            pixels = image.read().reshape(8, -1).astype(np.float64)
        values.append(pixels[:, np.all(pixels != -9999, axis=0)])
    pixels = np.concatenate(values, axis=1)
    stats = metadata["band_statistics"]
    assert stats["pixel_count"] == pixels.shape[1] and min(stats["min"]) > -9999
    np.testing.assert_allclose(stats["mean"], pixels.mean(axis=1), rtol=1e-9)
    std = pixels.std(axis=1)
    std[std < 1e-6] = 1.0  # a constant band (band 8 here) normalises by 1, never by 0
    np.testing.assert_allclose(stats["std"], std, rtol=1e-6)
    np.testing.assert_allclose(stats["max"], pixels.max(axis=1))
