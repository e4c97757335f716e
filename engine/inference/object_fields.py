"""The fields Classify Objects adds to each feature, and their values: one home for every
front end that writes the results (QGIS's feature sink, the command line's OGR writer)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..spec import ClassInfo
    from .classify_objects import ObjectResult

INTEGER, TEXT, REAL = "integer", "text", "real"


def result_fields(classes: list[ClassInfo], top_k: int, pixel_model: bool) -> list[tuple[str, str]]:
    """(name, type) of the added fields: class_value, class_name, confidence, then top2_value,
    top2_name, top2_confidence... up to ``top_k``; pixel models add one frac_<class> each."""
    fields: list[tuple[str, str]] = []
    for rank in range(1, top_k + 1):
        prefix = "class" if rank == 1 else f"top{rank}"
        confidence = "confidence" if rank == 1 else f"top{rank}_confidence"
        fields += [(f"{prefix}_value", INTEGER), (f"{prefix}_name", TEXT), (confidence, REAL)]
    if pixel_model:
        fields += [(name, REAL) for name in fraction_field_names(classes)]
    return fields


def result_values(result: ObjectResult, top_k: int, pixel_model: bool) -> list[object]:
    """The values of :func:`result_fields` for one feature's result, in the same order."""
    values: list[object] = []
    for rank in range(top_k):
        if rank < len(result.classes):
            ranked = result.classes[rank]
            values += [ranked.value, ranked.name, ranked.confidence]
        else:
            values += [None, None, None]
    if pixel_model:
        values += list(result.fractions or ())
    return values


def fraction_field_names(classes: list[ClassInfo]) -> list[str]:
    """``frac_<class>`` for each class: the name in lower case with only letters, digits and
    underscores (safe in every format); the value where names collide or nothing is left."""
    names: list[str] = []
    for info in classes:
        slug = re.sub(r"[^0-9a-z]+", "_", info.name.lower()).strip("_")
        name = f"frac_{slug}" if slug else f"frac_{info.value}"
        names.append(f"frac_{info.value}" if name in names else name)
    return names
