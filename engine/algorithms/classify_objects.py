"""torchmap:classifyobjects / ``classify-objects``: a class for every polygon or point, from
the image under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import shared
from .description import (
    FILE,
    INTEGER,
    NUMBER,
    POLYGONS_OR_POINTS,
    RASTER,
    VECTOR,
    VECTOR_OUT,
    Algorithm,
    Parameter,
    qt_text,
)

TRANSLATION_CONTEXT = "ClassifyObjectsAlgorithm"

PARAMETERS = (
    Parameter(
        "INPUT_RASTER",
        RASTER,
        qt_text("Input raster"),
        qt_text(
            "The image the objects lie on, with the bands the model was trained on: a file, a "
            "VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at "
            "CELL_SIZE."
        ),
        field="raster",
    ),
    Parameter(
        "INPUT_FEATURES",
        VECTOR,
        qt_text("Objects to classify (polygons or points)"),
        qt_text("The polygons or points to classify (lines: buffer them into polygons first)."),
        field="features",
        geometry=POLYGONS_OR_POINTS,
    ),
    Parameter(
        "MODEL",
        FILE,
        qt_text("Model package (.tmpk)"),
        qt_text("An image classification or a pixel classification model package (.tmpk)."),
        field="model",
        extension="tmpk",
    ),
    shared.crop_mode(
        qt_text(
            "Bounding box: the feature's extent plus the buffer, resized to the model's "
            "tile size. Fixed size: a window of the model's tile size around the "
            "centroid (points always use it). Not set: as the model's training chips were "
            "cut (Export Training Data records it), else a bounding box."
        ),
        default=None,
    ),
    shared.buffer(
        qt_text(
            "Margin added around each bounding box, in % of its size; empty: the "
            "training chips' buffer (else 0)."
        ),
        default=None,
    ),
    shared.blacken_around_feature(
        qt_text(
            "Hide the pixels outside the polygon, so only the feature is seen; unticked: "
            "as the training chips were cut."
        )
    ),
    Parameter(
        "TOP_K",
        INTEGER,
        qt_text("Top K classes to report"),
        qt_text("With more than 1, also write the next classes and their probabilities."),
        default=1,
        field="top_k",
        minimum=1,
    ),
    Parameter(
        "CELL_SIZE",
        NUMBER,
        qt_text("Cell size for imagery services (XYZ, WMS, WMTS, WCS)"),
        qt_text(
            "The cell size to read an imagery service at, in its layer's CRS units (e.g. 0.3 "
            "for 30 cm in EPSG:3857); it chooses the zoom level. Files are read at their own."
        ),
        optional=True,
        advanced=True,
        minimum=0.0,
    ),
    shared.batch_size(qt_text("Chips classified at once; lower it if memory runs out."), 32),
    shared.device(
        qt_text("Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU.")
    ),
    shared.tta(
        qt_text(
            "Average the predictions over flips, or over all 8 rotations and flips "
            "(3 or 8 times slower)."
        )
    ),
    Parameter(
        "OUTPUT",
        VECTOR_OUT,
        qt_text("Classified objects"),
        qt_text("A copy of the layer with class_value, class_name and confidence added."),
        field="output",
    ),
)

INTRO = qt_text(
    "Gives every polygon or point (a fishnet cell, a building, a parcel, a tree) a "
    "class from a model package (.tmpk) and the raster under it.\n\n"
    "With an image classification package (e.g. a ResNet-18 trained on a folder of "
    "class sub-folders) each feature's chip is classified whole. With a pixel "
    "classification package (a U-Net) each feature gets the majority class of the "
    "predicted pixels inside it, and one frac_<class> field per class with the share "
    "of its pixels in that class.\n\n"
    "Crop mode: Bounding box takes the feature's extent plus Buffer % (widened to a "
    "square) resized to the model's tile size; Fixed size takes a window of the "
    "model's tile size (in raster pixels) around the centroid. Points always use "
    "Fixed size. Blacken around feature hides the pixels outside the polygon.\n\n"
    "The output keeps all input fields and adds class_value, class_name and confidence "
    "(image models: the probability, 0-1; pixel models: the share of the feature's "
    "pixels in that class), and with Top K > 1 top2_value, top2_name, top2_confidence "
    "and so on; input fields of those names, e.g. of an earlier run, are replaced. "
    "Features outside the raster, over nodata only, or with a null geometry get NULL "
    "results; invalid polygons are repaired first (one warning counts both, with a few "
    "feature ids). Features are reprojected to the "
    "raster's CRS on the fly; 'Selected features only' and the layer's filter are "
    "honoured. Results are written batch by batch as they come (memory stays flat "
    "however many features); a cancel or a failure removes the partial output."
)


def config(values: dict[str, Any]) -> Any:
    """The engine's settings (the features are read by each front end its own way)."""
    from ..inference.classify_objects import ClassifyObjectsConfig
    from ..raster_sources import is_service, resolve_raster

    raster = resolve_raster(
        "input_raster", values["INPUT_RASTER"], values.get("CELL_SIZE"), None, needs_extent=False
    )
    return ClassifyObjectsConfig(
        raster=raster if is_service(values["INPUT_RASTER"]) else Path(raster),
        model=Path(values["MODEL"]),
        crop_mode=values.get("CROP_MODE"),
        buffer_percent=values.get("BUFFER"),
        # Ticked: blacken; unticked: as the model's training chips were.
        blacken_around_feature=bool(values.get("BLACKEN_AROUND_FEATURE")) or None,
        top_k=values["TOP_K"],
        batch_size=values["BATCH_SIZE"],
        device=values["DEVICE"],
        tta=values["TTA"],
    )


def run(values: dict[str, Any], reporter: Any, group: Any = None) -> dict[str, Any]:
    from ..distributed import SINGLE
    from .vector_output import classify_objects_to_file

    output = classify_objects_to_file(config(values), values, reporter, group or SINGLE)
    return {"OUTPUT": str(output)}


ALGORITHM = Algorithm(
    name="classifyobjects",
    command="classify-objects",
    title=qt_text("Classify Objects"),
    intro=INTRO,
    parameters=PARAMETERS,
    config=config,
    run=run,
    translation_context=TRANSLATION_CONTEXT,
    distributed=True,
)
