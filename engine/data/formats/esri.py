"""The files ArcGIS's *Export Training Data For Deep Learning* writes beside its chips
(``esri_model_definition.emd``, ``esri_accumulated_stats.json``, ``map.txt``, ``stats.txt``),
read and written here once for every ArcGIS layout, so TorchMap exports open in ArcGIS and
arcgis.learn, and ArcGIS exports train in TorchMap."""

from __future__ import annotations

import json
import math
from pathlib import Path

from ...colormap import default_color, hex_to_rgba, rgba_to_hex
from ...compat import zip_strict
from ...errors import InputError
from ...i18n import _
from ...spec import BandStatistics, ClassInfo
from ..records import ExportSummary

MODEL_DEFINITION_NAME = "esri_model_definition.emd"
ACCUMULATED_STATS_NAME = "esri_accumulated_stats.json"
MAP_NAME = "map.txt"
STATS_TEXT_NAME = "stats.txt"

# GDAL data types as ArcGIS names pixel types.
PIXEL_TYPES = {
    "uint8": "U8",
    "int8": "S8",
    "uint16": "U16",
    "int16": "S16",
    "uint32": "U32",
    "int32": "S32",
    "float32": "F32",
    "float64": "F64",
}


def is_esri_export(folder: Path) -> bool:
    """Whether ``folder`` holds ArcGIS export metadata."""
    return (folder / MODEL_DEFINITION_NAME).is_file() or (folder / ACCUMULATED_STATS_NAME).is_file()


def _read_json(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise InputError(
            "data_folder",
            _("{path} cannot be read as JSON ({error}).").format(path=path, error=error),
        ) from error
    return document if isinstance(document, dict) else {}


def read_model_definition(folder: Path) -> dict:
    """The parsed ``.emd`` (empty when absent)."""
    return _read_json(folder / MODEL_DEFINITION_NAME)


def read_accumulated_stats(folder: Path) -> dict:
    """The parsed ``esri_accumulated_stats.json`` (empty when absent)."""
    return _read_json(folder / ACCUMULATED_STATS_NAME)


def metadata_mode(folder: Path) -> str:
    """ArcGIS's name of the layout (``Classified_Tiles``, ``Labeled_Tiles``, ...)."""
    for document in (read_accumulated_stats(folder), read_model_definition(folder)):
        mode = document.get("MetaDataMode")
        if mode:
            return str(mode)
    return ""


def read_classes(folder: Path) -> list[ClassInfo]:
    """The ``.emd``'s Classes (Value, Name, Color as [r, g, b])."""
    classes = []
    for index, item in enumerate(read_model_definition(folder).get("Classes") or []):
        color = item.get("Color")
        classes.append(
            ClassInfo(
                value=int(item["Value"]),
                name=str(item.get("Name") or f"class {item['Value']}"),
                color=rgba_to_hex(tuple(color)) if color else default_color(index),
            )
        )
    return sorted(classes, key=lambda info: info.value)


def read_band_statistics(folder: Path) -> BandStatistics | None:
    """Band statistics from the accumulated stats (running moments) or the ``.emd``."""
    states = read_accumulated_stats(folder).get("BandStatsState")
    if states:
        count = int(states[0].get("Num", 0))
        if count > 0:
            return BandStatistics(
                mean=[float(s["M1"]) for s in states],
                std=[_std(float(s["M2"]) / max(int(s["Num"]), 1)) for s in states],
                minimum=[float(s["Min"]) for s in states],
                maximum=[float(s["Max"]) for s in states],
                pixel_count=count,
            )
    tiles = read_model_definition(folder).get("AllTilesStats")
    if tiles:
        return BandStatistics(
            mean=[float(s["Mean"]) for s in tiles],
            std=[_std(float(s["StdDev"]) ** 2) for s in tiles],
            minimum=[float(s["Min"]) for s in tiles],
            maximum=[float(s["Max"]) for s in tiles],
        )
    return None


def _std(variance: float) -> float:
    std = math.sqrt(max(variance, 0.0))
    return std if std > 1e-6 else 1.0


def read_tile_size(folder: Path) -> tuple[int, int] | None:
    """The chip size the export declares, if it does."""
    stats = read_accumulated_stats(folder)
    if stats.get("TileSizeX") and stats.get("TileSizeY"):
        return int(stats["TileSizeX"]), int(stats["TileSizeY"])
    emd = read_model_definition(folder)
    if emd.get("ImageWidth") and emd.get("ImageHeight"):
        return int(emd["ImageWidth"]), int(emd["ImageHeight"])
    return None


def read_map(folder: Path) -> list[tuple[Path, Path]]:
    """``map.txt``: (image, label) paths, one pair per line, relative to the folder."""
    pairs = []
    for line in (folder / MAP_NAME).read_text().splitlines():
        parts = line.replace("\\", "/").split()
        if len(parts) >= 2:
            pairs.append((folder / parts[0], folder / parts[-1]))
    return pairs


def write_files(folder: Path, summary: ExportSummary, mode: str) -> None:
    """Write the ``.emd``, the accumulated stats and ``stats.txt`` for ArcGIS layout ``mode``."""
    (folder / MODEL_DEFINITION_NAME).write_text(
        json.dumps(_model_definition(summary, mode), indent=2)
    )
    (folder / ACCUMULATED_STATS_NAME).write_text(
        json.dumps(_accumulated_stats(summary, mode), indent=2)
    )
    (folder / STATS_TEXT_NAME).write_text(_stats_text(summary, mode))


def write_map(folder: Path, pairs: list[tuple[str, str]]) -> None:
    """``map.txt``: image and label path of each chip, one pair per line."""
    (folder / MAP_NAME).write_text("".join(f"{image} {label}\n" for image, label in pairs))


def _class_entries(summary: ExportSummary) -> list[dict[str, object]]:
    return [
        {"Value": info.value, "Name": info.name, "Color": list(hex_to_rgba(info.color)[:3])}
        for info in summary.classes
    ]


def _model_definition(summary: ExportSummary, mode: str) -> dict[str, object]:
    spec = summary.spec
    statistics = spec.statistics
    return {
        "Framework": "PyTorch",
        "ModelConfiguration": "TorchMap",
        "ModelType": "ImageClassification"
        if mode == "Classified_Tiles"
        else "ObjectClassification",
        "MetaDataMode": mode,
        "ImageHeight": spec.tile_height,
        "ImageWidth": spec.tile_width,
        "ExtractBands": list(range(spec.band_count)),
        "DataRange": [min(statistics.minimum), max(statistics.maximum)],
        "Classes": _class_entries(summary),
        "InputRastersProps": {
            "RasterCount": 1,
            "BandNames": spec.band_names,
            "PixelType": PIXEL_TYPES.get(spec.dtype or "", spec.dtype),
            "NoData": spec.nodata,
            "CellSize": {"x": spec.cell_size[0], "y": spec.cell_size[1]}
            if spec.cell_size
            else None,
            "SpatialReference": {"wkt": spec.crs} if spec.crs else None,
        },
        "AllTilesStats": [
            {"BandIndex": band, "Min": lo, "Max": hi, "Mean": mean, "StdDev": std}
            for band, (lo, hi, mean, std) in enumerate(
                zip_strict(
                    statistics.minimum,
                    statistics.maximum,
                    statistics.mean,
                    statistics.std,
                )
            )
        ],
    }


def _accumulated_stats(summary: ExportSummary, mode: str) -> dict[str, object]:
    spec = summary.spec
    statistics = spec.statistics
    values = [info.value for info in summary.classes]
    count_key = "NumPixelsPerClass" if mode == "Classified_Tiles" else "NumFeaturesPerClass"
    stats_key = "ClassPixelStats" if mode == "Classified_Tiles" else "FeatureStats"
    return {
        "MetaDataMode": mode,
        "NumTiles": len(summary.chips),
        "NumBands": spec.band_count,
        "TileSizeX": spec.tile_width,
        "TileSizeY": spec.tile_height,
        "MinCellSize": {"x": spec.cell_size[0], "y": spec.cell_size[1]} if spec.cell_size else None,
        "MaxCellSize": {"x": spec.cell_size[0], "y": spec.cell_size[1]} if spec.cell_size else None,
        "NumClasses": len(values),
        "Classes": _class_entries(summary),
        "BandStatsState": [
            {
                "BandIndex": band,
                "Min": statistics.minimum[band],
                "Max": statistics.maximum[band],
                "M1": statistics.mean[band],
                # Sum of squared deviations, as running-moment accumulators keep it.
                "M2": statistics.std[band] ** 2 * statistics.pixel_count,
                "Num": statistics.pixel_count,
            }
            for band in range(spec.band_count)
        ],
        stats_key: {
            "NumClasses": len(values),
            "NumImagesTotal": len(summary.chips),
            "NumImagesPerClass": [summary.class_chips.get(v, 0) for v in values],
            count_key: [summary.class_pixels.get(v, 0) for v in values],
        },
    }


def _stats_text(summary: ExportSummary, mode: str) -> str:
    spec = summary.spec
    statistics = spec.statistics
    lines = [
        f"Metadata format: {mode}",
        f"Number of tiles: {len(summary.chips)}",
        f"Tile size: {spec.tile_width} x {spec.tile_height} pixels",
        f"Number of bands: {spec.band_count} ({spec.dtype})",
        f"Cell size: {spec.cell_size[0]:g} x {spec.cell_size[1]:g}" if spec.cell_size else "",
        f"Number of classes: {len(summary.classes)}",
    ]
    unit = "pixels" if mode == "Classified_Tiles" else "features"
    for info in summary.classes:
        lines.append(
            f"Class {info.value} ({info.name}): {summary.class_chips.get(info.value, 0)} tiles, "
            f"{summary.class_pixels.get(info.value, 0)} {unit}"
        )
    for band, name in enumerate(spec.band_names):
        lines.append(
            f"Band {band + 1} ({name}): min {statistics.minimum[band]:g}, max "
            f"{statistics.maximum[band]:g}, mean {statistics.mean[band]:.6g}, std "
            f"{statistics.std[band]:.6g}"
        )
    return "\n".join(line for line in lines if line) + "\n"
