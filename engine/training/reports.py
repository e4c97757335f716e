"""A training run's reports: per-epoch history, per-class metrics, the confusion matrix (PNG
and JSON), loss and metric curves, show-batch and show-results grids, the LR finder's curve,
and one HTML page that links them all. Plots are drawn with matplotlib's object API on an Agg
canvas of their own: never pyplot nor ``matplotlib.use``, which would switch the plotting
backend of the whole QGIS process (other plugins' plots)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ..spec import ClassInfo
from .lr_finder import LearningRateSweep

REPORT_NAME = "report.html"
GRID_CHIPS = 8


PHASE_NAMES = {
    "reading": "reading chips",
    "finder": "learning rate finder",
    "epochs": "training epochs",
    "validation": "validation",
    "refit": "refit on every chip",
}


@dataclass
class RunRecord:
    """What the reports show of a run."""

    title: str
    task: str
    classes: list[ClassInfo]
    history: list[dict[str, float]]
    best_epoch: int
    matrix: np.ndarray
    scores: dict[str, list[float | None]]
    settings: dict[str, object]
    sweep: LearningRateSweep | None = None
    batch_images: np.ndarray | None = None  # (N, bands, rows, cols), normalised
    batch_targets: np.ndarray | None = None
    result_images: np.ndarray | None = None
    result_truth: np.ndarray | None = None
    result_predicted: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went, by phase


def write_reports(folder: Path, run: RunRecord) -> Path:
    """Write every report into ``folder``; returns the HTML page."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "history.json", run.history)
    per_class = [
        {"value": c.value, "name": c.name, **{k: v[i] for k, v in run.scores.items()}}
        for i, c in enumerate(run.classes)
    ]
    _write_json(folder / "class_metrics.json", per_class)
    names = [c.name for c in run.classes]
    _write_json(folder / "confusion_matrix.json", {"classes": names, "matrix": run.matrix.tolist()})
    images = {"curves.png": _plot_curves(run.history, run.best_epoch)}
    images["confusion_matrix.png"] = _plot_confusion(run.matrix, names)
    if run.sweep is not None and run.sweep.rates:
        images["lr_finder.png"] = _plot_sweep(run.sweep)
    if run.batch_images is not None and run.batch_targets is not None:
        images["show_batch.png"] = _plot_grid(run, run.batch_images, [run.batch_targets])
    if run.result_images is not None:
        images["show_results.png"] = _plot_grid(
            run, run.result_images, [run.result_truth, run.result_predicted]
        )
    for name, figure in images.items():
        figure.savefig(folder / name, dpi=90)
    page = folder / REPORT_NAME
    page.write_text(_html(run, per_class, list(images)), encoding="utf-8")
    return page


def _figure(**options: object) -> Figure:
    """A figure on its own Agg canvas (files only: no window, no process-wide backend)."""
    figure = Figure(**options)
    FigureCanvasAgg(figure)
    return figure


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _plot_curves(history: list[dict[str, float]], best_epoch: int):
    figure = _figure(figsize=(10, 3.8))
    losses, metrics = figure.subplots(1, 2)
    epochs = [row["epoch"] for row in history]
    for name in ("train_loss", "valid_loss"):
        losses.plot(epochs, [row[name] for row in history], marker="o", label=name)
    for name in ("accuracy", "mean_iou"):
        metrics.plot(epochs, [row[name] for row in history], marker="o", label=name)
    for axes, title in ((losses, "Loss"), (metrics, "Validation metrics")):
        axes.axvline(best_epoch, color="grey", linestyle=":", label=f"best epoch {best_epoch}")
        axes.set_xlabel("epoch")
        axes.set_title(title)
        axes.legend()
    figure.tight_layout()
    return figure


def _plot_confusion(matrix: np.ndarray, names: list[str]):
    size = max(4.0, 0.6 * len(names) + 2)
    figure = _figure(figsize=(size, size))
    axes = figure.subplots()
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros(matrix.shape), where=totals > 0)
    axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    axes.set_xticks(range(len(names)), names, rotation=45, ha="right")
    axes.set_yticks(range(len(names)), names)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    if len(names) <= 20:
        for (row, col), count in np.ndenumerate(matrix):
            colour = "white" if shares[row, col] > 0.5 else "black"
            axes.text(col, row, str(count), ha="center", va="center", color=colour, fontsize=8)
    axes.set_title("Confusion matrix (validation)")
    figure.tight_layout()
    return figure


def _plot_sweep(sweep: LearningRateSweep):
    figure = _figure(figsize=(6, 4))
    axes = figure.subplots()
    axes.plot(sweep.rates, sweep.losses)
    axes.axvline(
        sweep.suggestion, color="red", linestyle="--", label=f"picked {sweep.suggestion:.1e}"
    )
    axes.set_xscale("log")
    axes.set_xlabel("learning rate")
    axes.set_ylabel("loss (smoothed)")
    axes.set_title("Learning rate finder")
    axes.legend()
    figure.tight_layout()
    return figure


def _display(images: np.ndarray) -> np.ndarray:
    """(N, bands, rows, cols) -> (N, rows, cols, 3) in 0-1: the first three bands (or the
    first, in grey), stretched between the 2nd and 98th percentiles."""
    bands = images[:, :3] if images.shape[1] >= 3 else np.repeat(images[:, :1], 3, axis=1)
    low = np.percentile(bands, 2, axis=(0, 2, 3), keepdims=True)
    high = np.percentile(bands, 98, axis=(0, 2, 3), keepdims=True)
    return np.clip((bands - low) / np.maximum(high - low, 1e-6), 0, 1).transpose(0, 2, 3, 1)


def _plot_grid(run: RunRecord, images: np.ndarray, layers: list[np.ndarray | None]):
    """Chips in columns; rows: the image, then each label layer (truth, prediction)."""
    count = min(GRID_CHIPS, len(images))
    pixel_task = layers[0] is not None and layers[0].ndim == 3
    rows = 1 + (len(layers) if pixel_task else 0)
    figure = _figure(figsize=(2 * count, 2.1 * rows))
    axes = figure.subplots(rows, count, squeeze=False)
    shown = _display(images[:count])
    colours = ListedColormap(["#000000"] + [c.color for c in run.classes])
    names = ["image", "truth", "prediction"] if len(layers) == 2 else ["image", "label"]
    for column in range(count):
        axes[0, column].imshow(shown[column])
        if not pixel_task:
            titles = [run.classes[int(layer[column])].name for layer in layers if layer is not None]
            axes[0, column].set_title(" / ".join(titles), fontsize=8)
        for row, layer in enumerate(layers if pixel_task else [], start=1):
            # +1: index -1 (unlabelled) is black, class i gets its own colour
            axes[row, column].imshow(
                layer[column] + 1,
                cmap=colours,
                vmin=0,
                vmax=len(run.classes),
                interpolation="nearest",
            )
        for row in range(rows):
            axes[row, column].axis("off")
    for row in range(rows):
        axes[row, 0].set_title(names[row], fontsize=9, loc="left") if pixel_task else None
    figure.tight_layout()
    return figure


def _html(run: RunRecord, per_class: list[dict], images: list[str]) -> str:
    escape = html.escape
    settings = "".join(
        f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>"
        for k, v in run.settings.items()
    )
    header = "".join(f"<th>{name}</th>" for name in ("class", "IoU", "precision", "recall", "F1"))
    rows = "".join(
        f"<tr><td>{escape(str(row['name']))} ({row['value']})</td>"
        + "".join(f"<td>{_number(row[key])}</td>" for key in ("iou", "precision", "recall", "f1"))
        + "</tr>"
        for row in per_class
    )
    history_header = "".join(f"<th>{escape(k)}</th>" for k in run.history[0]) if run.history else ""
    history = "".join(
        "<tr>" + "".join(f"<td>{_number(v)}</td>" for v in row.values()) + "</tr>"
        for row in run.history
    )
    notes = "".join(f"<li>{escape(note)}</li>" for note in run.notes)
    phases = "".join(
        f"<tr><th>{escape(PHASE_NAMES.get(name, name))}</th><td>{seconds:.1f}</td></tr>"
        for name, seconds in run.seconds.items()
    )
    figures = "".join(
        f'<h2>{escape(name[:-4].replace("_", " ").capitalize())}</h2><img src="{name}">'
        for name in images
    )
    links = " · ".join(
        f'<a href="{name}">{name}</a>'
        for name in ("history.json", "class_metrics.json", "confusion_matrix.json", *images)
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{escape(run.title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 8px;text-align:right}} img{{max-width:100%}}</style>
</head><body><h1>{escape(run.title)}</h1>
<p>Best epoch {run.best_epoch}. Files: {links}</p><ul>{notes}</ul>
<h2>Per-class metrics (validation, best epoch)</h2><table><tr>{header}</tr>{rows}</table>
<h2>History</h2><table><tr>{history_header}</tr>{history}</table>
<h2>Where the time went (seconds)</h2><table>{phases}</table>
{figures}
<h2>Settings</h2><table>{settings}</table></body></html>
"""


def _number(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)
