"""The dock's Training panel: this session's runs, the selected run's progress and chart,
Stop (early), the run's report and its class legend."""

from __future__ import annotations

import time
from pathlib import Path

from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..engine.reporter import BATCH_END, TrainingEvent
from ..processing_provider.options import option_label
from ..processing_provider.styling import class_legend_layer, model_classes
from ..processing_provider.training_hub import training_hub
from .metric_chart import MetricChart
from .panel_layout import scrolling_content_above_buttons
from .training_runs import LOSS_SERIES, TrainingRun, TrainingRuns, format_duration

TRAIN_ALGORITHM = "torchmap:traindeeplearningmodel"
RUN_ID_ROLE = Qt.UserRole
REFRESH_INTERVAL_S = 0.1


class TrainingPanel(QWidget):
    """Follows every training run of this QGIS session through the training hub."""

    def __init__(self, iface: object | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.runs = TrainingRuns()
        self._last_refresh = 0.0
        self.training_dialogs: list[object] = []  # open Train dialogs, kept alive (see below)
        self._build()
        # Events come from Processing's worker threads: queued, so the GUI thread handles
        # them in its own time and a worker never waits for a repaint.
        training_hub().eventPublished.connect(self.on_event, Qt.QueuedConnection)
        self.show_run(None)

    def _build(self) -> None:
        self.run_list = QListWidget()
        self.run_list.setMaximumHeight(90)
        self.run_list.setMinimumHeight(40)
        self.run_list.currentItemChanged.connect(lambda *_: self.show_run(self.selected_run()))
        self.epoch_label, self.time_label = QLabel(), QLabel()
        self.device_label, self.best_label, self.status_label = QLabel(), QLabel(), QLabel()
        self.batch_bar = QProgressBar()
        self.chart = MetricChart()
        self.train_button = QPushButton(self.tr("Train\u2026"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(
            self.tr("Finish the run now and save the best model so far as a valid package.")
        )
        self.report_button = QPushButton(self.tr("Open report"))
        self.legend_button = QPushButton(self.tr("Add legend to map"))
        self.train_button.clicked.connect(self.open_training_dialog)
        self.stop_button.clicked.connect(self.stop_selected_run)
        self.report_button.clicked.connect(self.open_report)
        self.legend_button.clicked.connect(self.add_legend_to_map)

        form = QFormLayout()
        form.addRow(self.tr("Status:"), self.status_label)
        form.addRow(self.tr("Epoch:"), self.epoch_label)
        form.addRow(self.tr("Batch:"), self.batch_bar)
        form.addRow(self.tr("Time:"), self.time_label)
        form.addRow(self.tr("Device:"), self.device_label)
        form.addRow(self.tr("Best so far:"), self.best_label)
        buttons = QGridLayout()  # two by two: the dock stays narrow beside the map
        buttons.addWidget(self.train_button, 0, 0)
        buttons.addWidget(self.stop_button, 0, 1)
        buttons.addWidget(self.report_button, 1, 0)
        buttons.addWidget(self.legend_button, 1, 1)
        content = QVBoxLayout()
        content.addWidget(QLabel(self.tr("Training runs of this session:")))
        content.addWidget(self.run_list)
        content.addLayout(form)
        content.addWidget(self.chart, 1)
        scrolling_content_above_buttons(self, content, buttons)

    def on_event(self, event: TrainingEvent) -> None:
        """Record a run's event; refresh the list, and the details if it is the one shown."""
        run = self.runs.apply(event)
        if event.kind == BATCH_END and not self._due_for_refresh():
            return  # a fast GPU reports hundreds of batches a second: repaint ~10 times a second
        item = self._item(run.run_id)
        if item is None:
            item = QListWidgetItem()
            item.setData(RUN_ID_ROLE, run.run_id)
            self.run_list.addItem(item)
            self.run_list.setCurrentItem(item)  # a new run is what the user wants to see
        item.setText(f"{run.title} \u2014 {self._status_text(run)}")
        if self.selected_run() is run:
            self.show_run(run)

    def _due_for_refresh(self) -> bool:
        now = time.monotonic()
        if now - self._last_refresh < REFRESH_INTERVAL_S:
            return False
        self._last_refresh = now
        return True

    def _item(self, run_id: str) -> QListWidgetItem | None:
        for row in range(self.run_list.count()):
            if self.run_list.item(row).data(RUN_ID_ROLE) == run_id:
                return self.run_list.item(row)
        return None

    def selected_run(self) -> TrainingRun | None:
        item = self.run_list.currentItem()
        return self.runs.get(item.data(RUN_ID_ROLE)) if item is not None else None

    def show_run(self, run: TrainingRun | None) -> None:
        """Fill the details and the chart with ``run`` (or clear them)."""
        self.stop_button.setEnabled(bool(run and run.running))
        self.report_button.setEnabled(bool(run and run.report_path))
        self.legend_button.setEnabled(bool(run and not run.running and run.model_path))
        if run is None:
            for label in (self.status_label, self.epoch_label, self.time_label):
                label.setText("\u2014")
            self.device_label.setText("\u2014")
            self.best_label.setText("\u2014")
            self.batch_bar.setRange(0, 1)
            self.batch_bar.setValue(0)
            self.chart.set_data({}, "", [], 0)
            return
        self.status_label.setText(self._status_text(run))
        self.epoch_label.setText(self.tr("{} of {}").format(run.epoch, run.epochs or "?"))
        self.batch_bar.setRange(0, max(run.batches, 1))
        self.batch_bar.setValue(run.batches if not run.running else run.batch)
        self.batch_bar.setFormat(f"{run.batch}/{run.batches}" if run.batches else "")
        self.time_label.setText(
            self.tr("{} elapsed, {} left").format(
                format_duration(run.elapsed_s), format_duration(run.eta_s)
            )
        )
        self.device_label.setText(run.device or "\u2014")
        self.best_label.setText(
            self.tr("{} {:.4f} (epoch {})").format(
                option_label(run.monitor), run.best, run.best_epoch
            )
            if run.best is not None
            else "\u2014"
        )
        self.chart.set_data(
            {name: run.series(name) for name in LOSS_SERIES},
            run.monitor,
            run.series(run.monitor) if run.monitor else [],
            run.epochs,
        )

    def _status_text(self, run: TrainingRun) -> str:
        texts = {
            "running": self.tr("running"),
            "completed": self.tr("completed"),
            "stopped_early": self.tr("stopped early"),
            "cancelled": self.tr("cancelled"),
            "failed": self.tr("failed"),
        }
        if run.running and run.run_id in self._stop_pending:
            return self.tr("stopping\u2026")
        return texts.get(run.status, run.status)

    @property
    def _stop_pending(self) -> set[str]:
        hub = training_hub()
        return {run.run_id for run in self.runs if hub.stop_requested(run.run_id)}

    def stop_selected_run(self) -> None:
        """Ask the selected run to stop early: it finishes now and saves its best model."""
        run = self.selected_run()
        if run is None or not run.running:
            return
        training_hub().request_stop(run.run_id)
        self.stop_button.setEnabled(False)
        self.status_label.setText(self._status_text(run))

    def open_training_dialog(self) -> object:
        """Open Train Deep Learning Model's own dialog (it runs in the background).

        The panel keeps the dialog referenced until it closes: otherwise Python collects the
        dialog's Python half and its Run button silently does nothing."""
        import processing

        dialog = processing.createAlgorithmDialog(TRAIN_ALGORITHM)
        self.training_dialogs.append(dialog)
        # Closing a dialog rejects it (its own finished() is a method, not QDialog's signal).
        dialog.rejected.connect(lambda: self._forget_dialog(dialog))
        dialog.accepted.connect(lambda: self._forget_dialog(dialog))
        dialog.show()
        return dialog

    def _forget_dialog(self, dialog: object) -> None:
        if dialog in self.training_dialogs:
            self.training_dialogs.remove(dialog)

    def open_report(self) -> None:
        run = self.selected_run()
        if run is not None and run.report_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(run.report_path))

    def add_legend_to_map(self) -> object | None:
        """Add a layer whose legend lists the model's classes in their colours."""
        run = self.selected_run()
        if run is None or not run.model_path or not Path(run.model_path).is_file():
            return None
        path = Path(run.model_path)
        layer = class_legend_layer(model_classes(path), self.tr("Classes of {}").format(path.stem))
        QgsProject.instance().addMapLayer(layer)
        return layer
