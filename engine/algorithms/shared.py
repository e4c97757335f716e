"""The parameters several algorithms offer, each declared once: the same name, kind, choices,
order and label wherever it appears (a test compares them across algorithms). What differs
between algorithms (the default batch size, what an empty value means) is passed in and
explained in the algorithm's own help."""

from __future__ import annotations

from ..errors import InputError
from ..i18n import _
from ..options import (
    CROP_MODES,
    DEFAULT_DEVICE,
    DEFAULT_MONITOR,
    DEFAULT_PRECISION,
    DEFAULT_TTA,
    DEVICES,
    MONITORS,
    PRECISIONS,
    TTA_MODES,
)
from .description import (
    BANDS,
    BOOLEAN,
    CHOICE,
    EXTENT,
    INTEGER,
    NUMBER,
    POLYGONS,
    VECTOR,
    Parameter,
    qt_text,
)

TRANSLATION_CONTEXT = "Options"  # the labels below; each algorithm's help is in its own


def _shared(name: str, kind: str, label: str, help: str, **settings: object) -> Parameter:
    return Parameter(name, kind, label, help, label_context=TRANSLATION_CONTEXT, **settings)


def device(help: str) -> Parameter:
    return _shared(
        "DEVICE",
        CHOICE,
        qt_text("Device"),
        help,
        default=DEFAULT_DEVICE,
        advanced=True,
        optional=True,
        field="device",
        choices=DEVICES,
    )


def precision(help: str) -> Parameter:
    return _shared(
        "PRECISION",
        CHOICE,
        qt_text("Precision"),
        help,
        default=DEFAULT_PRECISION,
        advanced=True,
        optional=True,
        field="precision",
        choices=PRECISIONS,
    )


def tta(help: str) -> Parameter:
    return _shared(
        "TTA",
        CHOICE,
        qt_text("Test-time augmentation"),
        help,
        default=DEFAULT_TTA,
        advanced=True,
        optional=True,
        field="tta",
        choices=TTA_MODES,
    )


def monitor(help: str) -> Parameter:
    return _shared(
        "MONITOR",
        CHOICE,
        qt_text("Metric that picks the best epoch"),
        help,
        default=DEFAULT_MONITOR,
        advanced=True,
        optional=True,
        field="monitor",
        choices=MONITORS,
    )


def crop_mode(help: str, default: str | None, advanced: bool = False) -> Parameter:
    """Without a default (Classify Objects) unset means "as the model's training chips were
    cut" (the package's chip recipe)."""
    return _shared(
        "CROP_MODE",
        CHOICE,
        qt_text("Crop mode (chips from features)"),
        help,
        default=default,
        optional=True,
        advanced=advanced,
        field="crop_mode",
        choices=CROP_MODES,
    )


def buffer(help: str, default: float | None, advanced: bool = False) -> Parameter:
    """The chip recipe's margin around a feature's bounding box; without a default (Classify
    Objects) unset means the training chips' buffer."""
    return _shared(
        "BUFFER",
        NUMBER,
        qt_text("Buffer around bounding boxes (% of their size, each side)"),
        help,
        default=default,
        optional=True,
        advanced=advanced,
        field="buffer_percent",
        minimum=0.0,
        decimals=1,
    )


def blacken_around_feature(help: str, advanced: bool = False) -> Parameter:
    return _shared(
        "BLACKEN_AROUND_FEATURE",
        BOOLEAN,
        qt_text("Blacken around feature"),
        help,
        default=False,
        advanced=advanced,
        field="blacken_around_feature",
    )


def batch_size(help: str, default: int, minimum: int = 1, advanced: bool = True) -> Parameter:
    return _shared(
        "BATCH_SIZE",
        INTEGER,
        qt_text("Batch size"),
        help,
        default=default,
        advanced=advanced,
        field="batch_size",
        minimum=minimum,
    )


def extent(help: str, parent: str = "INPUT_RASTER", advanced: bool = False) -> Parameter:
    return _shared(
        "EXTENT",
        EXTENT,
        qt_text("Processing extent"),
        help,
        optional=True,
        advanced=advanced,
        field="extent",
        parent=parent,
    )


def mask_layer(help: str, advanced: bool = False) -> Parameter:
    return _shared(
        "MASK_LAYER",
        VECTOR,
        qt_text("Mask layer (nothing is processed outside its polygons)"),
        help,
        optional=True,
        advanced=advanced,
        field="mask",
        geometry=POLYGONS,
    )


def bands(help: str, parent: str = "INPUT_RASTER", advanced: bool = False) -> Parameter:
    """Bands in the order given (4,3,2 feeds band 4 first): a text, since QGIS's band picker
    sorts the bands by number."""
    return _shared(
        "BANDS",
        BANDS,
        qt_text("Bands (in order, e.g. 4,3,2)"),
        help,
        optional=True,
        advanced=advanced,
        field="bands",
        parent=parent,
    )


def processes(help: str) -> Parameter:
    """How many processes share the work (torchrun on this machine); 1: this one alone."""
    return _shared(
        "PROCESSES",
        INTEGER,
        qt_text("Processes (torchrun on this machine)"),
        help,
        default=1,
        advanced=True,
        minimum=1,
    )


def parse_bands(text: str | None) -> list[int] | None:
    """``"4,3,2"`` (or ``4;3;2``, spaces allowed) as ``[4, 3, 2]``; empty: None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        numbers = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        numbers = []
    if not numbers or min(numbers) < 1:
        raise InputError(
            "bands", _("{text} is not a list of band numbers such as 4,3,2.").format(text=text)
        )
    return numbers
