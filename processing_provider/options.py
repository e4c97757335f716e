"""The Processing parameters several algorithms share (QuickOSM-style helpers): the same
choices, in the same order, with the same translated labels everywhere. The names and order
come from ``engine/options.py``; the labels are here, where Qt translates them."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..engine.options import CROP_MODES, DEVICES, MONITORS, PRECISIONS, TTA_MODES

CONTEXT = "Options"

# What the user reads for each engine name (translated in the context "Options").
LABELS = {
    "auto": QT_TRANSLATE_NOOP("Options", "Automatic"),
    "cpu": QT_TRANSLATE_NOOP("Options", "CPU"),
    "cuda": QT_TRANSLATE_NOOP("Options", "CUDA GPU"),
    "mps": QT_TRANSLATE_NOOP("Options", "Apple GPU (MPS)"),
    "float32": QT_TRANSLATE_NOOP("Options", "Full (float32)"),
    "bfloat16": QT_TRANSLATE_NOOP("Options", "Half (bfloat16)"),
    "float16": QT_TRANSLATE_NOOP("Options", "Half (float16, CUDA only)"),
    "none": QT_TRANSLATE_NOOP("Options", "None"),
    "flips": QT_TRANSLATE_NOOP("Options", "Flips (3 passes)"),
    "dihedral": QT_TRANSLATE_NOOP("Options", "All 8 rotations and flips (8 passes)"),
    "fixed_size": QT_TRANSLATE_NOOP("Options", "Fixed size around the centre"),
    "bounding_box": QT_TRANSLATE_NOOP("Options", "Bounding box (plus buffer)"),
    "mean_iou": QT_TRANSLATE_NOOP("Options", "Mean IoU"),
    "accuracy": QT_TRANSLATE_NOOP("Options", "Overall accuracy"),
    "valid_loss": QT_TRANSLATE_NOOP("Options", "Validation loss"),
}

# The shared parameters by name: (engine names, description); labels above.
CHOICES = {
    "DEVICE": (DEVICES, QT_TRANSLATE_NOOP("Options", "Device")),
    "PRECISION": (PRECISIONS, QT_TRANSLATE_NOOP("Options", "Precision")),
    "TTA": (TTA_MODES, QT_TRANSLATE_NOOP("Options", "Test-time augmentation")),
    "CROP_MODE": (CROP_MODES, QT_TRANSLATE_NOOP("Options", "Crop mode (chips from features)")),
    "MONITOR": (MONITORS, QT_TRANSLATE_NOOP("Options", "Metric that picks the best epoch")),
}


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def option_label(name: str) -> str:
    """The translated label of an engine name such as ``cuda`` or ``mean_iou``."""
    return translate(LABELS[name]) if name in LABELS else name


NO_DEFAULT = "-"  # a choice_parameter default: none (the engine decides, e.g. from the model)


def choice_parameter(
    parameter: str, default: str | None = None, advanced: bool = True
) -> QgsProcessingParameterEnum:
    """DEVICE, PRECISION, TTA, CROP_MODE or MONITOR: an enum of the shared choices, labelled
    the same in every algorithm; ``default`` by engine name (the first choice otherwise;
    NO_DEFAULT: none, read as None)."""
    names, description = CHOICES[parameter]
    enum = QgsProcessingParameterEnum(
        parameter,
        translate(description),
        options=[option_label(name) for name in names],
        defaultValue=None if default == NO_DEFAULT else names.index(default) if default else 0,
    )
    # Optional with a default: graphical models and scripts that leave it out get the
    # default (QGIS 3.22 refuses a model that leaves a mandatory parameter unset, default or
    # not; the dialog's "[Not selected]" also means the default).
    flags = enum.flags() | QgsProcessingParameterDefinition.FlagOptional
    if advanced:
        flags |= QgsProcessingParameterDefinition.FlagAdvanced
    enum.setFlags(flags)
    return enum


def read_choice(
    algorithm: QgsProcessingAlgorithm, parameters: dict, parameter: str,
    context: QgsProcessingContext,
) -> str | None:  # fmt: skip
    """The engine name the user chose for a shared enum parameter (None: not chosen, for a
    parameter without default)."""
    names, _description = CHOICES[parameter]
    if (
        parameters.get(parameter) in (None, "")
        and algorithm.parameterDefinition(parameter).defaultValue() is None
    ):
        return None
    return names[algorithm.parameterAsEnum(parameters, parameter, context)]


def with_decimals(
    parameter: QgsProcessingParameterNumber, decimals: int
) -> QgsProcessingParameterNumber:
    """``parameter``, shown with ``decimals`` places in the dialog (QGIS shows six otherwise:
    ``25.000000``). Only for numbers that need no more (percentages, minutes, angles)."""
    metadata = parameter.metadata()
    wrapper = dict(metadata.get("widget_wrapper") or {})
    wrapper["decimals"] = decimals
    metadata["widget_wrapper"] = wrapper
    parameter.setMetadata(metadata)
    return parameter
