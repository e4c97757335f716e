"""The TorchMap dock, driven offscreen with pytest-qgis: training runs arrive through the
training hub from worker threads, the chart fills, Stop asks the run to stop early; the
Styling and Dependencies panels; the plugin's menu entry and toolbar icon."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import processing
import pytest
from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsPalettedRasterRenderer,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

import torchmap
from torchmap.engine.models.package import load_model, read_definition
from torchmap.engine.reporter import (
    BATCH_END,
    EPOCH_END,
    RUN_FINISHED,
    RUN_STARTED,
    TrainingEvent,
)
from torchmap.plugin.dock import TorchMapDock
from torchmap.processing_provider import dependencies
from torchmap.processing_provider.feedback_reporter import FeedbackReporter
from torchmap.processing_provider.training_hub import training_hub

pytestmark = pytest.mark.usefixtures("torchmap_provider")


def run_events(run_id: str, epochs: int) -> list[TrainingEvent]:
    """What the trainer emits for a run of ``epochs`` epochs of two batches (finish excluded)."""
    events = [
        TrainingEvent(
            RUN_STARTED, run_id, {"model_type": "unet", "epochs": epochs, "device": "cpu"},
        )
    ]  # fmt: skip
    for epoch in range(1, epochs + 1):
        for batch in (1, 2):
            events.append(
                TrainingEvent(BATCH_END, run_id, {"epoch": epoch, "epochs": epochs, "batch": batch,
                              "batches": 2, "loss": 1.0 / epoch, "elapsed_s": 2.0 * epoch,
                              "eta_s": 2.0 * (epochs - epoch)})
            )  # fmt: skip
        metrics = {"train_loss": 1.0 / epoch, "valid_loss": 1.2 / epoch, "mean_iou": 0.2 * epoch}
        events.append(
            TrainingEvent(EPOCH_END, run_id, {"epoch": epoch, "epochs": epochs, "metrics": metrics,
                          "monitor": "mean_iou", "best": 0.2 * epoch, "best_epoch": epoch,
                          "eta_s": 2.0 * (epochs - epoch)})
        )  # fmt: skip
    return events


def publish_from_worker(reporter: FeedbackReporter, events: list[TrainingEvent]) -> None:
    """Publish as Processing does: from a worker thread, which must never wait for the GUI."""
    worker = threading.Thread(target=lambda: [reporter.event(event) for event in events])
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()


@pytest.fixture
def dock(qgis_iface: object, qgis_app: QgsApplication) -> TorchMapDock:
    widget = TorchMapDock(qgis_iface)
    yield widget
    widget.deleteLater()
    qgis_app.processEvents()


def test_runs_from_worker_threads_reach_the_dock_queued(
    dock: TorchMapDock, qgis_app: QgsApplication
) -> None:
    panel = dock.training
    reporter = FeedbackReporter(None)
    publish_from_worker(reporter, run_events("run-a", epochs=3))
    # The worker is done without the GUI thread having run anything: delivery is queued.
    assert panel.run_list.count() == 0
    qgis_app.processEvents()
    assert panel.run_list.count() == 1
    assert panel.selected_run().run_id == "run-a"
    assert panel.epoch_label.text() == "3 of 3"
    assert panel.device_label.text() == "cpu"
    assert "Mean IoU 0.6000 (epoch 3)" in panel.best_label.text()
    assert (panel.batch_bar.value(), panel.batch_bar.maximum()) == (2, 2)
    # Two losses and the monitored metric, one point per epoch each.
    assert panel.chart.point_count() == 3 * 3
    assert panel.stop_button.isEnabled()


def test_stop_asks_only_the_selected_run_to_stop_early(
    dock: TorchMapDock, qgis_app: QgsApplication
) -> None:
    panel = dock.training
    first, second = FeedbackReporter(None), FeedbackReporter(None)
    publish_from_worker(first, run_events("run-stop-1", epochs=1))
    publish_from_worker(second, run_events("run-stop-2", epochs=1))
    qgis_app.processEvents()
    assert panel.run_list.count() == 2
    panel.run_list.setCurrentRow(0)
    assert not first.stop_requested()
    panel.stop_button.click()
    assert first.stop_requested() and not second.stop_requested()
    assert not panel.stop_button.isEnabled()
    # The run finishes (its trainer saved the best so far): the dock says so.
    publish_from_worker(
        first, [TrainingEvent(RUN_FINISHED, "run-stop-1", {"status": "stopped_early"})]
    )
    qgis_app.processEvents()
    assert panel.status_label.text() == "stopped early"
    assert "stopped early" in panel.run_list.item(0).text()


def test_a_finished_run_adds_its_class_legend_to_the_map(
    dock: TorchMapDock, qgis_app: QgsApplication, unet_package: Path, tmp_path: Path
) -> None:
    panel = dock.training
    reporter = FeedbackReporter(None)
    finished = TrainingEvent(RUN_FINISHED, "run-legend", {"status": "completed"})
    publish_from_worker(reporter, [*run_events("run-legend", 1), finished])
    qgis_app.processEvents()
    assert not dock.training.legend_button.isEnabled()  # the package is not written yet
    # The algorithm saved the package and report: it tells the dock where they are.
    report = tmp_path / "report.html"
    report.write_text("<html></html>")
    worker = threading.Thread(target=reporter.run_saved, args=(unet_package, report))
    worker.start()
    worker.join()
    qgis_app.processEvents()
    panel.run_list.setCurrentRow(panel.run_list.count() - 1)
    assert panel.legend_button.isEnabled() and not panel.stop_button.isEnabled()
    assert panel.report_button.isEnabled()
    assert panel.selected_run().report_path == str(report)
    layer = panel.add_legend_to_map()
    try:
        assert QgsProject.instance().mapLayer(layer.id()) is layer
        renderer = layer.renderer()
        assert isinstance(renderer, QgsCategorizedSymbolRenderer)
        classes = read_definition(unet_package).classes
        assert [c.label() for c in renderer.categories()] == [c.name for c in classes]
        assert [c.symbol().color().name() for c in renderer.categories()] == [
            QColor(c.color).name() for c in classes
        ]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_train_button_opens_the_training_dialog(dock: TorchMapDock, dialog_iface: object) -> None:
    dialog = dock.training.open_training_dialog()
    try:
        assert dialog.isVisible()
        assert dialog.algorithm().id() == "torchmap:traindeeplearningmodel"
    finally:
        dialog.close()
        dialog.deleteLater()


def test_styling_panel_applies_edits_and_saves_the_default_style(
    dock: TorchMapDock, unet_package: Path, scene, tmp_path: Path
) -> None:
    raster = tmp_path / "classes.tif"
    raster.write_bytes(Path(scene.labels).read_bytes())
    layer = QgsRasterLayer(str(raster), "classes")
    QgsProject.instance().addMapLayer(layer)
    try:
        panel = dock.styling
        panel.layer_box.setLayer(layer)
        panel.source_box.setCurrentIndex(0)
        panel.model_widget.setFilePath(str(unet_package))
        classes = panel.load_classes()
        assert [c.value for c in classes] == [
            c.value for c in read_definition(unet_package).classes
        ]
        panel.table.item(0, 2).setText("Open water")
        panel.table.cellWidget(0, 1).setColor(QColor("#123456"))
        assert panel.save_style()
        renderer = layer.renderer()
        assert isinstance(renderer, QgsPalettedRasterRenderer)
        assert renderer.classes()[0].label == "Open water"
        assert renderer.classes()[0].color.name() == "#123456"
        # The saved default style is what QGIS loads next time the file opens.
        assert raster.with_suffix(".qml").is_file()
        reopened = QgsRasterLayer(str(raster), "again")
        assert reopened.renderer().classes()[0].label == "Open water"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_styling_panel_reads_a_rasters_own_colour_table(dock: TorchMapDock, tmp_path: Path) -> None:
    import numpy as np
    from data import write_class_raster

    raster = write_class_raster(
        tmp_path / "table.tif",
        np.array([[10, 20], [30, 10]], dtype=np.uint8).repeat(8, 0).repeat(8, 1),
        colormap={10: (0, 0, 255, 255), 20: (0, 128, 0, 255), 30: (200, 0, 0, 255)},
    )
    layer = QgsRasterLayer(str(raster), "table")
    QgsProject.instance().addMapLayer(layer)
    try:
        panel = dock.styling
        panel.layer_box.setLayer(layer)
        panel.source_box.setCurrentIndex(1)
        classes = panel.load_classes()
        assert [(c.value, c.color) for c in classes] == [
            (10, "#0000ff"), (20, "#008000"), (30, "#c80000")
        ]  # fmt: skip
        assert panel.apply_style()
        assert [c.value for c in layer.renderer().classes()] == [10, 20, 30]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_dependencies_panel_lists_versions_and_the_device(
    dock: TorchMapDock, qgis_app: QgsApplication
) -> None:
    import importlib.metadata

    import torch

    panel = dock.dependencies
    rows = {
        panel.table.item(row, 0).text(): panel.table.item(row, 1).text()
        for row in range(panel.table.rowCount())
    }
    assert set(rows) == {d.label for d in dependencies.DEPENDENCIES}
    assert rows["PyTorch"] == importlib.metadata.version("torch")
    assert rows["NumPy"] == importlib.metadata.version("numpy")
    # The device is looked up on a worker thread (importing torch takes seconds).
    assert serve_gui_until(qgis_app, lambda: panel.device_shown, timeout_s=60)
    device = dependencies.device_info()
    assert device is not None and device.describe() in panel.device_label.text()
    assert f"{torch.get_num_threads()} threads" in panel.device_label.text() or (
        device.kind != "cpu"
    )
    assert "installed" in panel.install_label.text()


def test_a_missing_package_shows_the_command_canexecute_gives(
    dock: TorchMapDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = dependencies._installed_version
    monkeypatch.setattr(
        dependencies,
        "_installed_version",
        lambda d: None if d.module == "segmentation_models_pytorch" else real(d),
    )
    panel = dock.dependencies
    panel.refresh()
    command = dependencies.install_command(dependencies.missing_dependencies())
    assert "make install" in command
    rows = {panel.table.item(r, 0).text(): panel.table.item(r, 1).text() for r in range(5)}
    assert rows["segmentation-models-pytorch"] == "missing"
    assert command in panel.install_label.text()
    algorithm = QgsApplication.processingRegistry().algorithmById("torchmap:classifypixels")
    can_execute, message = algorithm.canExecute()
    assert not can_execute
    assert "segmentation-models-pytorch" in message and command in message


def test_the_plugin_adds_menu_entry_toolbar_icon_and_dock(
    qgis_iface: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    toolbar, menus = [], []
    monkeypatch.setattr(qgis_iface, "addToolBarIcon", toolbar.append, raising=False)
    monkeypatch.setattr(
        qgis_iface,
        "addPluginToMenu",
        lambda name, action: menus.append((name, action)),
        raising=False,
    )
    registry = QgsApplication.processingRegistry()
    registry.removeProvider("torchmap")  # the plugin registers its own
    plugin = torchmap.classFactory(qgis_iface)
    try:
        plugin.initGui()
        assert toolbar == [plugin.action] and menus == [("&TorchMap", plugin.action)]
        plugin.action.trigger()  # the toolbar icon / menu entry
        assert plugin.dock is not None and not plugin.dock.isHidden()
        assert plugin.dock.tabs.count() == 3
        plugin.action.trigger()
        assert plugin.dock.isHidden()
        plugin.unload()
        assert plugin.dock is None and registry.providerById("torchmap") is None
    finally:
        if registry.providerById("torchmap") is None:
            from torchmap.processing_provider.provider import TorchMapProvider

            registry.addProvider(TorchMapProvider())


def test_the_hub_lives_in_the_main_thread(qgis_app: QgsApplication) -> None:
    assert training_hub().thread() is qgis_app.thread()
    assert Qt.QueuedConnection  # the dock connects queued (see TrainingPanel)


def serve_gui_until(qgis_app: QgsApplication, done, timeout_s: float = 300.0) -> bool:
    """Let the GUI thread handle queued events (as QGIS's event loop does) until ``done()``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        qgis_app.processEvents()
        if done():
            return True
        time.sleep(0.02)
    return False


def test_a_real_run_fills_the_chart_and_stop_saves_a_valid_package(
    dock: TorchMapDock, qgis_app: QgsApplication, export_folder: Path, tmp_path: Path
) -> None:
    """Train Deep Learning Model on a worker thread, as the Toolbox runs it: the dock follows
    it, Stop ends it early, and the package holds the best epoch so far."""
    pytest.importorskip(
        "torchmap.engine.training.trainer", reason="the trainer emits no training events yet"
    )
    panel = dock.training
    output = tmp_path / "stopped.tmpk"
    results: list[dict] = []

    def train() -> None:
        parameters = {
            "INPUT_DATA": str(export_folder),
            "MODEL_TYPE": 0,
            "EPOCHS": 200,
            "BATCH_SIZE": 4,
            "LEARNING_RATE": 0.003,
            "OUTPUT_MODEL": str(output),
        }
        results.append(
            processing.run(
                "torchmap:traindeeplearningmodel",
                parameters,
                context=QgsProcessingContext(),
                feedback=QgsProcessingFeedback(),
            )
        )

    runs_before = panel.run_list.count()
    worker = threading.Thread(target=train, daemon=True)
    worker.start()

    def two_epochs_charted() -> bool:
        run = panel.selected_run()
        started = panel.run_list.count() > runs_before
        return started and len(run.history) >= 2 or not worker.is_alive()

    try:
        serve_gui_until(qgis_app, two_epochs_charted)
        assert panel.run_list.count() == runs_before + 1, "no training events reached the dock"
        run = panel.selected_run()
        assert panel.chart.point_count() >= 2 * 2  # two losses (and the metric) per epoch
        assert run.running and panel.stop_button.isEnabled()
        panel.stop_button.click()
        assert serve_gui_until(qgis_app, lambda: not worker.is_alive() and not run.running)
    finally:  # never leave a 200-epoch run behind
        for candidate in panel.runs:
            training_hub().request_stop(candidate.run_id)
        worker.join(timeout=300)
    assert run.status == "stopped_early"
    assert 2 <= len(run.history) < 200
    assert results and results[0]["OUTPUT_MODEL"] == str(output)
    definition = read_definition(output)  # a valid package, loadable for inference
    assert definition.classes
    load_model(output, "cpu")


def test_a_run_is_titled_by_its_network_and_file() -> None:
    from torchmap.plugin.training_runs import TrainingRun

    run = TrainingRun("r1", settings={"model_type": "unet"})
    run.outcome["model_path"] = "/data/models/landcover.tmpk"
    assert run.title == "U-Net \u00b7 landcover.tmpk"
    assert TrainingRun("r2", settings={"architecture": "custom"}).title == "custom"


def _wait_for_installer(panel: object, qgis_app: QgsApplication, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while panel.installer is not None and time.monotonic() < deadline:
        qgis_app.processEvents()
        time.sleep(0.02)
    assert panel.installer is None, "the installer did not finish"


def test_install_runs_the_installer_with_its_log_and_says_to_restart(
    qgis_app: QgsApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Install button runs `python3 -m torchmap.install` (here a stand-in that prints as
    the installer does): the log shows its lines as they come, the panel says to restart."""
    import sys

    from torchmap.plugin.dependencies_panel import DependenciesPanel

    script = "print('Collecting torch'); print('TorchMap: done. Restart QGIS to use TorchMap.')"
    monkeypatch.setattr(
        DependenciesPanel, "installer_command", lambda self: (sys.executable, ["-c", script], ".")
    )
    panel = DependenciesPanel()
    panel.install_button.click()
    assert panel.install_button.text() == "Cancel" and not panel.install_log.isHidden()
    _wait_for_installer(panel, qgis_app)
    log = panel.install_log.toPlainText()
    assert "Collecting torch" in log and "Restart QGIS" in log
    assert panel.installed_status == 0 and "Restart QGIS" in panel.install_label.text()
    assert panel.install_button.text() == "Install"


def test_cancel_stops_the_installer(
    qgis_app: QgsApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from torchmap.plugin.dependencies_panel import DependenciesPanel

    script = "import time; print('Downloading', flush=True); time.sleep(60)"
    monkeypatch.setattr(
        DependenciesPanel, "installer_command", lambda self: (sys.executable, ["-c", script], ".")
    )
    panel = DependenciesPanel()
    panel.install_button.click()
    started = time.monotonic()
    while "Downloading" not in panel.install_log.toPlainText() and time.monotonic() - started < 20:
        qgis_app.processEvents()
        time.sleep(0.02)
    panel.install_button.click()  # Cancel
    _wait_for_installer(panel, qgis_app, 20)
    assert time.monotonic() - started < 30  # stopped, not slept out
    assert panel.installed_status != 0 and "Cancelled." in panel.install_log.toPlainText()
    assert "failed or was cancelled" in panel.install_label.text()
