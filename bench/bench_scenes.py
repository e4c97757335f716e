"""Image (scene) classification with the defaults under MAX_TIME against a Random Forest on
chip statistics, on real imagery: scene chips cut from the shared Landsat 7 scene.

Every labelled pixel of the training polygons (every other row and column) gets a square
cell of CELL x CELL px centred on it, with its polygon's class; every held-out pixel gets
one too (bench_budget's polygon splits: a third of each class's polygons held out). TorchMap
exports the training cells as image chips (bounding box, resized to 32 px), trains a
ResNet-18 with its defaults within MAX_TIME and classifies the held-out cells with Classify
Objects; the forest learns each cell's per-band mean and standard deviation (the usual
"chip colour statistics" baseline). Scores over the held-out cells: overall accuracy and
mean IoU. Measure alone.

    .venv/bin/pip install scikit-learn   # the baseline only
    .venv/bin/python bench/bench_scenes.py [--minutes 2 5] [--splits 0 1 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from bench_budget import BANDS, IMAGE, polygon_split, print_means, print_run, rasterise, scores

CELL = 7  # px: 210 m cells around each labelled pixel
CHIP = 32  # px: the cells' chips, resized
TRAINING_STEP = 2  # every other row and column of the training polygons' pixels


def cell_centres(labels: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of the labelled pixels on a grid of ``step``, whose cell is inside the
    raster, and their classes."""
    rows, cols = np.nonzero(labels)
    half = CELL // 2
    keep = (rows % step == 0) & (cols % step == 0)
    keep &= (rows >= half) & (cols >= half)
    keep &= (rows < labels.shape[0] - half) & (cols < labels.shape[1] - half)
    return np.stack([rows[keep], cols[keep]], axis=1), labels[rows[keep], cols[keep]]


def cell_geometry(centre: np.ndarray, transform) -> dict:
    half = CELL // 2
    (row, col), corners = centre, []
    for r, c in ((row - half, col - half), (row - half, col + half + 1),
                 (row + half + 1, col + half + 1), (row + half + 1, col - half)):  # fmt: skip
        corners.append(tuple(transform * (c, r)))
    return {"type": "Polygon", "coordinates": [corners + [corners[0]]]}


def write_cells(path: Path, geometries: list[dict], classes: np.ndarray, crs_wkt: str) -> None:
    """A GeoPackage of the cells with their class in ``id`` (what a user's fishnet holds)."""
    import json

    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromWkt(crs_wkt)
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("cells", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
    for geometry, value in zip(geometries, classes):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("id", int(value))
        feature.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(geometry)))
        layer.CreateFeature(feature)
    source = None  # closes and writes the file


def cell_statistics(pixels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Per-band mean and standard deviation of each cell."""
    half, rows = CELL // 2, []
    for row, col in centres:
        cell = pixels[:, row - half : row + half + 1, col - half : col + half + 1]
        flat = cell.reshape(len(cell), -1)
        rows.append(np.concatenate([flat.mean(axis=1), flat.std(axis=1)]))
    return np.asarray(rows)


def random_forest(train: np.ndarray, classes: np.ndarray, test: np.ndarray) -> np.ndarray:
    from sklearn.ensemble import RandomForestClassifier

    forest = RandomForestClassifier(n_estimators=300, random_state=0, n_jobs=-1)
    return forest.fit(train, classes).predict(test)


def torchmap_classes(
    train_cells: Path, test_geometries: list[dict], minutes: float, work: Path
) -> np.ndarray:
    """Export the training cells, train a ResNet-18 with the defaults within ``minutes``,
    classify the held-out cells; their class values (0 where none)."""
    from torchmap.engine.data.export import ExportConfig, export_training_data
    from torchmap.engine.data.formats import IMAGENET
    from torchmap.engine.inference.classify_objects import ClassifyObjectsConfig, classify_objects
    from torchmap.engine.options import BOUNDING_BOX
    from torchmap.engine.training.train import TrainConfig, train_model

    chips = work / "chips"
    export_training_data(ExportConfig(IMAGE, train_cells, chips, tile_size=CHIP, bands=BANDS,
                                      class_value_field="id", metadata_format=IMAGENET,
                                      crop_mode=BOUNDING_BOX))  # fmt: skip
    model = work / "resnet.tmpk"
    train_model(TrainConfig(chips, "resnet18", model, max_time_minutes=minutes))
    results = classify_objects(ClassifyObjectsConfig(IMAGE, model), test_geometries)
    return np.array([result.best.value if result else 0 for result in results])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[2.0, 5.0])
    parser.add_argument("--splits", type=int, nargs="+", default=[0, 1, 2])
    arguments = parser.parse_args()
    with rasterio.open(IMAGE) as src:
        profile, pixels = src.profile, src.read(list(BANDS)).astype(np.float32)
    print(f"Landsat 7, {len(BANDS)} bands; cells of {CELL} x {CELL} px, chips of {CHIP} px")
    forest, torchmap = [], {minutes: [] for minutes in arguments.minutes}
    for split in arguments.splits:
        train_shapes, test_shapes = polygon_split(split)
        labels, test = rasterise(train_shapes, profile), rasterise(test_shapes, profile)
        train_centres, train_classes = cell_centres(labels, TRAINING_STEP)
        test_centres, truth = cell_centres(test, 1)
        started = time.perf_counter()
        predicted = random_forest(cell_statistics(pixels, train_centres), train_classes,
                                  cell_statistics(pixels, test_centres))  # fmt: skip
        forest.append((*scores(truth, predicted), (time.perf_counter() - started) / 60))
        print(f"split {split}: {len(train_centres)} training cells, {len(test_centres)} "
              f"held-out cells; Random Forest accuracy {forest[-1][0]:.3f}, mean IoU "
              f"{forest[-1][1]:.3f}", flush=True)  # fmt: skip
        test_geometries = [cell_geometry(c, profile["transform"]) for c in test_centres]
        train_geometries = [cell_geometry(c, profile["transform"]) for c in train_centres]
        for minutes in arguments.minutes:
            with tempfile.TemporaryDirectory() as folder:
                work = Path(folder)
                cells = work / "cells.gpkg"
                write_cells(cells, train_geometries, train_classes, profile["crs"].to_wkt())
                started = time.perf_counter()
                predicted = torchmap_classes(cells, test_geometries, minutes, work)
                took = (time.perf_counter() - started) / 60
            torchmap[minutes].append((*scores(truth, predicted), took))
            print_run(split, minutes, torchmap[minutes][-1])
    print_means(arguments.splits, torchmap, forest, "ResNet-18")
    print("Random Forest: 300 trees on each cell's per-band mean and standard deviation.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
