"""Validation metrics from a confusion matrix: overall accuracy, (mean) IoU, and per-class
IoU, precision, recall and F1."""

from __future__ import annotations

import numpy as np
import torch


def confusion_matrix(
    predicted: torch.Tensor, target: torch.Tensor, class_count: int, ignore_index: int
) -> np.ndarray:
    """class_count x class_count counts: rows are true classes, columns predicted ones."""
    keep = target != ignore_index
    pairs = target[keep].to(torch.int64) * class_count + predicted[keep].to(torch.int64)
    counts = torch.bincount(pairs, minlength=class_count * class_count)
    return counts.cpu().numpy().reshape(class_count, class_count)


def overall_accuracy(matrix: np.ndarray) -> float:
    """Share of samples (pixels or images) whose predicted class is the true one."""
    total = matrix.sum()
    return float(np.trace(matrix) / total) if total else 0.0


def class_iou(matrix: np.ndarray) -> np.ndarray:
    """Intersection over union of each class; NaN for a class absent from truth and prediction."""
    true_positive = np.diag(matrix).astype(np.float64)
    union = matrix.sum(axis=0) + matrix.sum(axis=1) - true_positive
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, true_positive / union, np.nan)


def mean_iou(matrix: np.ndarray) -> float:
    """Mean IoU over the classes that occur (in truth or prediction)."""
    values = class_iou(matrix)
    return float(np.nanmean(values)) if np.isfinite(values).any() else 0.0


def class_scores(matrix: np.ndarray) -> dict[str, list[float | None]]:
    """Per-class IoU, precision, recall and F1 (None where undefined: no such pixels)."""
    true_positive = np.diag(matrix).astype(np.float64)
    predicted = matrix.sum(axis=0).astype(np.float64)
    actual = matrix.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(predicted > 0, true_positive / predicted, np.nan)
        recall = np.where(actual > 0, true_positive / actual, np.nan)
        f1 = np.where(predicted + actual > 0, 2 * true_positive / (predicted + actual), np.nan)
    return {
        "iou": _listed(class_iou(matrix)),
        "precision": _listed(precision),
        "recall": _listed(recall),
        "f1": _listed(f1),
    }


def _listed(values: np.ndarray) -> list[float | None]:
    return [None if np.isnan(value) else float(value) for value in values]
