"""torchmap:classifypixels / ``classify-pixels``: a classified raster from an image and a pixel
classifier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import shared
from .description import (
    BOOLEAN,
    FILE,
    INTEGER,
    NUMBER,
    RASTER,
    RASTER_OUT,
    Algorithm,
    Parameter,
    qt_text,
)
from .sources import mask_geometries

TRANSLATION_CONTEXT = "ClassifyPixelsAlgorithm"

PARAMETERS = (
    Parameter(
        "INPUT_RASTER",
        RASTER,
        qt_text("Input raster"),
        qt_text(
            "The image to classify, with the bands the model was trained on: a file, a VRT, "
            "GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE "
            "over EXTENT (both required for a service)."
        ),
        field="raster",
    ),
    Parameter(
        "MODEL",
        FILE,
        qt_text("Model package (.tmpk)"),
        qt_text("A pixel classification model package (.tmpk)."),
        field="model",
        extension="tmpk",
    ),
    shared.bands(
        qt_text(
            "Raster bands feeding the model's bands, in order (e.g. 4,3,2); empty: the bands the "
            "model was trained on."
        )
    ),
    shared.extent(qt_text("Classify only this area; empty: the whole raster.")),
    shared.mask_layer(
        qt_text("Polygons outside which nothing is classified (output no data there).")
    ),
    Parameter(
        "CELL_SIZE",
        NUMBER,
        qt_text("Cell size (0: the model's training cell size)"),
        qt_text(
            "Cell size the model sees; 0: the model's training cell size (the "
            "raster is resampled on the fly)."
        ),
        default=0.0,
        optional=True,
        field="cell_size",
        minimum=0.0,
    ),
    Parameter(
        "OUTPUT_AT_CELL_SIZE",
        BOOLEAN,
        qt_text("Write outputs at the cell size (not on the input raster's grid)"),
        qt_text("Write the output at that cell size instead of on the input's grid."),
        default=False,
        advanced=True,
    ),
    Parameter(
        "TILE_SIZE",
        INTEGER,
        qt_text("Tile size in pixels (0: the model's)"),
        qt_text("Tile size in pixels; 0: the model's tile size."),
        default=0,
        optional=True,
        advanced=True,
        field="tile_size",
        minimum=0,
    ),
    Parameter(
        "OVERLAP",
        NUMBER,
        qt_text("Tile overlap (% of the tile)"),
        qt_text(
            "Share of each tile that overlaps its neighbours (default 25 %); overlapping tiles are "
            "blended smoothly, so there are no seams."
        ),
        default=25.0,
        advanced=True,
        field="overlap_percent",
        minimum=0.0,
        maximum=50.0,
        decimals=1,
    ),
    shared.batch_size(qt_text("Tiles inferred at once; lower it if memory runs out."), 4),
    shared.device(
        qt_text("Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU.")
    ),
    shared.precision(
        qt_text(
            "auto (bfloat16 or float16 where the hardware computes it natively), or float32 / "
            "bfloat16 / float16."
        )
    ),
    shared.processes(
        qt_text(
            "Above 1, that many processes (PyTorch's torchrun: one GPU each, or the CPU cores "
            "shared) each classify a share of the raster's rows; the output is the same."
        )
    ),
    shared.tta(
        qt_text(
            "Average the predictions over flips, or over all 8 rotations and flips (3 or 8 times "
            "slower, often a little more accurate)."
        )
    ),
    Parameter(
        "OUTPUT",
        RASTER_OUT,
        qt_text("Classified raster"),
        qt_text("The classified raster (GeoTIFF, with the classes' colours and names)."),
        field="output",
    ),
    Parameter(
        "OUTPUT_CONFIDENCE",
        RASTER_OUT,
        qt_text("Confidence (probability of the class)"),
        qt_text("Optional raster of the chosen class's probability (0-1)."),
        optional=True,
        field="confidence",
    ),
    Parameter(
        "OUTPUT_PROBABILITIES",
        RASTER_OUT,
        qt_text("Class probabilities (one band per class)"),
        qt_text("Optional raster with one probability band per class."),
        optional=True,
        field="probabilities",
    ),
)

INTRO = qt_text(
    "Classifies every pixel of a raster with a pixel classification model package "
    "(.tmpk, e.g. a U-Net from Train Deep Learning Model).\n\n"
    "The raster needs the bands the model was trained on; Bands maps them otherwise "
    "(e.g. 4,3,2: raster band 4 feeds the model's first band). Tiles overlap (25 % by "
    "default) and are blended smoothly, so there are no seams; rasters of any size work "
    "in bounded memory. The raster is read at the model's training cell size (or the "
    "Cell size given) and the output lies on the input's grid. Class values are the "
    "model's (any integers, e.g. 10/20/30 or above 255: then the output is 16-bit); "
    "input nodata (nodata value, mask, alpha, NaN) and pixels outside the mask layer "
    "become output nodata, a value that is no class. The output carries the model's "
    "class colours and names. Optional outputs: the confidence (probability of the "
    "chosen class) and one probability band per class.\n\n"
    "Advanced: tile size, overlap, batch size, device, precision (auto uses bfloat16 "
    "or float16 where the hardware computes it natively) and test-time augmentation "
    "(flips, or all 8 rotations and flips: slower, often a little more accurate)."
)


def config(values: dict[str, Any]) -> Any:
    """The engine's settings from the parameters' values (see ``description.KINDS``)."""
    from ..inference.classify_pixels import ClassifyPixelsConfig
    from ..raster_sources import resolve_raster

    raster = resolve_raster(
        "input_raster", values["INPUT_RASTER"], values.get("CELL_SIZE"), values.get("EXTENT")
    )
    return ClassifyPixelsConfig(
        raster=raster,
        model=Path(values["MODEL"]),
        output=Path(values["OUTPUT"]),
        bands=shared.parse_bands(values.get("BANDS")),
        extent=values.get("EXTENT"),
        mask=mask_geometries("mask", values.get("MASK_LAYER"), raster),
        cell_size=values.get("CELL_SIZE") or None,
        keep_processing_grid=bool(values.get("OUTPUT_AT_CELL_SIZE")),
        tile_size=values.get("TILE_SIZE") or None,
        overlap_percent=values["OVERLAP"],
        batch_size=values["BATCH_SIZE"],
        device=values["DEVICE"],
        precision=values["PRECISION"],
        tta=values["TTA"],
        confidence=_path(values.get("OUTPUT_CONFIDENCE")),
        probabilities=_path(values.get("OUTPUT_PROBABILITIES")),
    )


def run(values: dict[str, Any], reporter: Any, group: Any = None) -> dict[str, Any]:
    from ..distributed import SINGLE
    from ..inference.classify_pixels import classify_pixels

    result = classify_pixels(config(values), reporter, group or SINGLE)
    outputs = {
        "OUTPUT": result.output,
        "OUTPUT_CONFIDENCE": result.confidence,
        "OUTPUT_PROBABILITIES": result.probabilities,
    }
    return {name: str(path) for name, path in outputs.items() if path}


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


ALGORITHM = Algorithm(
    name="classifypixels",
    command="classify-pixels",
    title=qt_text("Classify Pixels"),
    intro=INTRO,
    parameters=PARAMETERS,
    config=config,
    run=run,
    translation_context=TRANSLATION_CONTEXT,
    distributed=True,
)
