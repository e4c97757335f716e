"""TorchMap with its defaults under MAX_TIME against a per-pixel Random Forest on the same
labels, on real imagery: the shared Landsat 7 scene (6 reflectance bands, 30 sparse training
polygons). A third of each class's polygons is held out; both methods learn from the rest and
are scored on the held-out polygons' pixels (overall accuracy, mean IoU). The held-out set
is small (about 180 pixels, a class may have 2), so each figure is the mean over several
random polygon splits (--splits). Measure alone.

    .venv/bin/pip install scikit-learn   # the baseline only
    .venv/bin/python bench/bench_budget.py [--minutes 2 5 10] [--splits 0 1 2] [--precision bf16]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from rasterio import features

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "landsat7_chiapas"
IMAGE = DATA / "LE70220491999322EDC01_stack.gtif"
POLYGONS = DATA / "training_data.shp"
BANDS = (1, 2, 3, 4, 5, 6)


def polygon_split(seed: int = 0) -> tuple[list[tuple[dict, int]], list[tuple[dict, int]]]:
    """(geometry, class) of the training and the held-out polygons: a third of each class's
    polygons (at least one) held out, chosen at random with ``seed``."""
    from osgeo import ogr

    source = ogr.Open(str(POLYGONS))  # referenced while its layer is read (else a segfault)
    layer = source.GetLayer()
    by_class: dict[int, list[dict]] = {}
    for feature in layer:
        geometry = json.loads(feature.GetGeometryRef().ExportToJson())
        by_class.setdefault(int(feature.GetField("id")), []).append(geometry)
    rng = np.random.default_rng(seed)
    train, test = [], []
    for value, geometries in sorted(by_class.items()):
        order = rng.permutation(len(geometries))
        held = max(1, len(geometries) // 3)
        test += [(geometries[i], value) for i in order[:held]]
        train += [(geometries[i], value) for i in order[held:]]
    return train, test


def rasterise(shapes: list[tuple[dict, int]], profile: dict) -> np.ndarray:
    return features.rasterize(
        shapes, out_shape=(profile["height"], profile["width"]), transform=profile["transform"],
        fill=0, dtype="uint8",
    )  # fmt: skip


def scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Overall accuracy and mean IoU over the classes present in ``truth``."""
    accuracy = float(np.mean(truth == predicted))
    ious = []
    for value in np.unique(truth):
        both = np.sum((truth == value) & (predicted == value))
        either = np.sum((truth == value) | (predicted == value))
        ious.append(both / either)
    return accuracy, float(np.mean(ious))


def random_forest(pixels: np.ndarray, labels: np.ndarray, test: np.ndarray) -> np.ndarray:
    from sklearn.ensemble import RandomForestClassifier

    train = labels > 0
    forest = RandomForestClassifier(n_estimators=300, random_state=0, n_jobs=-1)
    forest.fit(pixels[:, train].T, labels[train])
    return forest.predict(pixels[:, test > 0].T)


def torchmap_map(
    labels: np.ndarray, profile: dict, minutes: float, work: Path, precision: str = "auto"
) -> np.ndarray:
    """Export (the defaults a user would pick: 64 px chips at half stride), train a U-Net with
    the default recipe within ``minutes`` in ``precision``, classify the scene; the class map."""
    from torchmap.engine.data.export import ExportConfig, export_training_data
    from torchmap.engine.inference.classify_pixels import ClassifyPixelsConfig, classify_pixels
    from torchmap.engine.training.train import TrainConfig, train_model

    label_path = work / "train_labels.tif"
    with rasterio.open(label_path, "w", **(profile | {"count": 1, "dtype": "uint8",
                                                       "nodata": 0})) as dst:  # fmt: skip
        dst.write(labels[None])
    chips = work / "chips"
    export_training_data(ExportConfig(IMAGE, label_path, chips, tile_size=64, stride=32,
                                      bands=BANDS))  # fmt: skip
    model = work / "unet.tmpk"
    train_model(TrainConfig(chips, "unet", model, max_time_minutes=minutes, precision=precision))
    output = work / "classes.tif"
    classify_pixels(ClassifyPixelsConfig(IMAGE, model, output, bands=list(BANDS)))
    with rasterio.open(output) as src:
        return src.read(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[2.0, 5.0, 10.0])
    parser.add_argument("--splits", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--precision", default="auto", help="training precision (default auto)")
    arguments = parser.parse_args()
    with rasterio.open(IMAGE) as src:
        profile, pixels = src.profile, src.read(list(BANDS)).astype(np.float32)
    print(f"Landsat 7, {len(BANDS)} bands, {profile['width']} x {profile['height']} px")
    forest, torchmap = [], {minutes: [] for minutes in arguments.minutes}
    for split in arguments.splits:
        train_shapes, test_shapes = polygon_split(split)
        labels, test = rasterise(train_shapes, profile), rasterise(test_shapes, profile)
        started = time.perf_counter()
        forest.append((*scores(test[test > 0], random_forest(pixels, labels, test)),
                       (time.perf_counter() - started) / 60))  # fmt: skip
        print(f"split {split}: {np.sum(labels > 0)} training pixels in {len(train_shapes)} "
              f"polygons, {np.sum(test > 0)} held-out pixels in {len(test_shapes)}; Random "
              f"Forest accuracy {forest[-1][0]:.3f}, mean IoU {forest[-1][1]:.3f}")  # fmt: skip
        for minutes in arguments.minutes:
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                predicted = torchmap_map(
                    labels, profile, minutes, Path(folder), arguments.precision
                )
                took = (time.perf_counter() - started) / 60
            torchmap[minutes].append((*scores(test[test > 0], predicted[test > 0]), took))
            print_run(split, minutes, torchmap[minutes][-1])
    name = "TorchMap" if arguments.precision == "auto" else f"TorchMap {arguments.precision}"
    print_means(arguments.splits, torchmap, forest, name)
    print("Random Forest: 300 trees on the pixels' band values.")
    return 0


def print_run(split: int, minutes: float, run: tuple[float, float, float]) -> None:
    accuracy, iou, took = run
    print(f"split {split}, MAX_TIME {minutes:g}: TorchMap accuracy {accuracy:.3f}, "
          f"mean IoU {iou:.3f}, {took:.1f} min", flush=True)  # fmt: skip


def print_means(
    splits: list[int],
    torchmap: dict[float, list[tuple[float, float, float]]],
    forest: list[tuple[float, float, float]],
    name: str,
) -> None:
    """The table: per budget, TorchMap's (``name``) and the forest's means over the splits
    of (accuracy, mean IoU, minutes)."""
    print(f"\nMeans over {len(splits)} polygon splits ({', '.join(map(str, splits))}):")
    print(f"| MAX_TIME (min) | {name} accuracy | {name} mean IoU | minutes (export+train+"
          "classify) | Random Forest accuracy | Random Forest mean IoU | Random Forest "
          "minutes |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- |")
    rf = np.mean(forest, axis=0)
    for minutes, runs in torchmap.items():
        accuracy, iou, took = np.mean(runs, axis=0)
        print(f"| {minutes:g} | {accuracy:.3f} | {iou:.3f} | {took:.1f} | {rf[0]:.3f} | "
              f"{rf[1]:.3f} | {rf[2]:.2f} |")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
