"""What the desktop tests do inside the real QGIS, step by step (see ``desktop_driver.py``).

Each scenario is a generator ``(driver, arguments)``: a yielded string begins a step, a
:class:`Wait` or :class:`Pause` lets QGIS's event loop run. Scenarios act as a user does:
layers in the project, the Toolbox's dialogs with their Run button, the dock's buttons; they
record what the test then checks (``driver.record``).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from desktop_driver import Driver, Pause, Wait

EXPORT = "torchmap:exporttrainingdata"
TRAIN = "torchmap:traindeeplearningmodel"
CLASSIFY_PIXELS = "torchmap:classifypixels"
CLASSIFY_OBJECTS = "torchmap:classifyobjects"
SCENE_SIZE = 96
FISHNET_CELL = 240.0  # metres: 24 pixels of the generated scene, a 4 x 4 fishnet


def iface() -> object:
    from qgis.utils import iface as qgis_iface

    return qgis_iface


def plugin() -> object:
    import qgis.utils

    return qgis.utils.plugins["torchmap"]


def write_inputs(folder: Path) -> dict[str, str]:
    """The generated scene, its class raster, labelling polygons and a fishnet."""
    from data import two_class_boxes, write_class_polygons, write_polygons, write_scene

    scene = write_scene(folder / "scene", size=SCENE_SIZE)
    polygons = write_class_polygons(folder / "labels.gpkg", two_class_boxes())
    cells = int(SCENE_SIZE * 10 / FISHNET_CELL)
    x0, y0 = 500_000.0, 1_700_000.0
    boxes = [
        (x0 + i * FISHNET_CELL, y0 - (j + 1) * FISHNET_CELL,
         x0 + (i + 1) * FISHNET_CELL, y0 - j * FISHNET_CELL)
        for i in range(cells) for j in range(cells)
    ]  # fmt: skip
    fishnet = write_polygons(folder / "fishnet.gpkg", boxes)
    return {
        "image": str(scene.image),
        "labels": str(scene.labels),
        "polygons": str(polygons),
        "fishnet": str(fishnet),
    }


def add_layers(paths: dict[str, str]) -> dict[str, object]:
    """The inputs as project layers, as a user adds them (Layer > Add Layer)."""
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    layers = {
        "image": QgsRasterLayer(paths["image"], "image"),
        "labels": QgsRasterLayer(paths["labels"], "labels"),
        "polygons": QgsVectorLayer(paths["polygons"], "labels polygons", "ogr"),
        "fishnet": QgsVectorLayer(paths["fishnet"], "fishnet", "ogr"),
    }
    for layer in layers.values():
        assert layer.isValid(), layer.source()
        QgsProject.instance().addMapLayer(layer)
    return layers


class DialogRun:
    """An algorithm dialog whose Run button was clicked, and how the run ended."""

    def __init__(self, dialog: object) -> None:
        self.dialog = dialog
        self.finished: bool | None = None
        self.results: dict = {}
        dialog.algorithmFinished.connect(self._finished)

    def _finished(self, successful: bool, results: dict) -> None:
        self.finished, self.results = bool(successful), dict(results)

    def log(self) -> str:
        from qgis.PyQt.QtWidgets import QTextEdit

        return "\n".join(edit.toPlainText() for edit in self.dialog.findChildren(QTextEdit))


def widget_of(wrapper: object) -> object | None:
    """The widget of a parameter: QGIS's C++ wrappers wrap it, Python wrappers hold it."""
    widget = getattr(wrapper, "widget", None)
    if widget is not None and not callable(widget):
        return widget
    return wrapper.wrappedWidget() if hasattr(wrapper, "wrappedWidget") else None


def open_dialog(algorithm_id: str, parameters: dict | None = None) -> object:
    import processing

    dialog = processing.createAlgorithmDialog(algorithm_id, parameters or {})
    dialog.show()
    return dialog


def click_run(dialog: object, what: str, timeout_s: float = 240.0) -> Iterator[object]:
    """Click Run and wait for the algorithm to finish (it runs as a background task)."""
    run = DialogRun(dialog)
    dialog.runButton().click()
    yield Wait(lambda: run.finished is not None, timeout_s, f"{what} to finish")
    if not run.finished:
        raise AssertionError(f"{what} failed:\n{run.log()[-3000:]}")
    return run


def layer_named(name: str) -> object | None:
    from qgis.core import QgsProject

    layers = QgsProject.instance().mapLayersByName(name)
    return layers[-1] if layers else None


def layer_name(value: object) -> str | None:
    """The name of the layer a layer widget's value names (a layer or its id)."""
    from qgis.core import QgsMapLayer, QgsProject

    if isinstance(value, str):
        value = QgsProject.instance().mapLayer(value)
    return value.name() if isinstance(value, QgsMapLayer) else None


def describe_renderer(layer: object) -> dict[str, object]:
    """The loaded layer's renderer and legend, as the Layers panel shows them."""
    from qgis.core import QgsProject

    renderer = layer.renderer()
    legend = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
    model_items = []
    if hasattr(renderer, "legendSymbologyItems"):
        model_items = [label for label, _colour in renderer.legendSymbologyItems()]
    elif hasattr(renderer, "legendSymbolItems"):
        model_items = [item.label() for item in renderer.legendSymbolItems()]
    return {
        "type": renderer.type(),
        "legend": model_items,
        "in_layer_tree": legend is not None,
    }


def train_parameters(export_folder: str, model: str, epochs: int) -> dict[str, object]:
    return {
        "INPUT_DATA": export_folder, "MODEL_TYPE": 0, "EPOCHS": epochs, "BATCH_SIZE": 4,
        "LEARNING_RATE": 0.003, "OUTPUT_MODEL": model,
    }  # fmt: skip


def open_dock() -> object:
    """Click TorchMap's toolbar button, as a user opens the dock."""
    torchmap = plugin()
    if not torchmap.action.isChecked():
        torchmap.action.trigger()
    return torchmap.dock


def train_from_dock(parameters: dict, what: str, wait: bool = True) -> Iterator[object]:
    """The dock's Train… button, then the dialog's Run, as a user trains."""
    dock = open_dock()
    dock.training.train_button.click()
    yield Pause(0.2)
    dialog = dock.training.training_dialogs[-1]
    dialog.setParameters(parameters)
    if wait:
        run = yield from click_run(dialog, what, timeout_s=150)
        return run
    run = DialogRun(dialog)
    dialog.runButton().click()
    return run


# --- scenarios -------------------------------------------------------------------------------


def workflow(driver: Driver, arguments: dict) -> Iterator[object]:
    """Export, train (from the dock), classify pixels and objects through their dialogs, as a
    new user does; the loaded results must be styled by class."""
    folder = Path(arguments["folder"])
    yield "write and add the input layers"
    paths = write_inputs(folder)
    layers = add_layers(paths)
    driver.record("triton_blocked", sys.modules.get("triton", "absent") is None)

    yield "run Export Training Data from its dialog (raster class data)"
    export_folder = str(folder / "chips")
    dialog = open_dialog(EXPORT, {
        "INPUT_RASTER": layers["image"], "INPUT_CLASS_DATA": layers["labels"], "TILE_SIZE": 32,
        "STRIDE": 16, "OUTPUT_FOLDER": export_folder,
    })  # fmt: skip
    yield from click_run(dialog, "Export Training Data")
    driver.record("export_written", (Path(export_folder) / "torchmap_export.json").is_file())
    dialog.close()

    yield "train from the dock's Train button (the first model run)"
    model = str(folder / "model.tmpk")
    run = yield from train_from_dock(train_parameters(export_folder, model, 2), "training")
    driver.record("model_written", Path(model).is_file())
    driver.record("train_log", run.log())
    run.dialog.close()

    yield "run Classify Pixels from its dialog, results loaded"
    dialog = open_dialog(CLASSIFY_PIXELS, {
        "INPUT_RASTER": layers["image"], "MODEL": model, "OUTPUT": str(folder / "classes.tif"),
        "OUTPUT_CONFIDENCE": str(folder / "confidence.tif"),
    })  # fmt: skip
    run = yield from click_run(dialog, "Classify Pixels")
    yield Pause(0.5)
    from qgis.core import QgsProject

    loaded = {
        layer.source(): describe_renderer(layer)
        for layer in QgsProject.instance().mapLayers().values()
    }
    driver.record("classified_style", loaded.get(str(folder / "classes.tif")))
    driver.record("confidence_style", loaded.get(str(folder / "confidence.tif")))
    dialog.close()

    yield "run Classify Objects from its dialog on a fishnet, result loaded"
    dialog = open_dialog(CLASSIFY_OBJECTS, {
        "INPUT_RASTER": layers["image"], "INPUT_FEATURES": layers["fishnet"], "MODEL": model,
        "OUTPUT": str(folder / "objects.gpkg"),
    })  # fmt: skip
    yield from click_run(dialog, "Classify Objects")
    yield Pause(0.5)
    objects = [
        layer for layer in QgsProject.instance().mapLayers().values()
        if layer.source().startswith(str(folder / "objects.gpkg"))
    ]  # fmt: skip
    driver.record("objects_style", describe_renderer(objects[0]) if objects else None)
    dialog.close()


def dialogs(driver: Driver, arguments: dict) -> Iterator[object]:
    """Each algorithm's dialog with typical inputs, as a user fills it in."""
    from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox

    folder = Path(arguments["folder"])
    yield "write and add the input layers"
    layers = add_layers(write_inputs(folder))

    yield "Export Training Data's dialog, the image being the active layer"
    iface().setActiveLayer(layers["image"])
    dialog = open_dialog(EXPORT)
    yield Pause(0.3)
    wrappers = dialog.mainWidget().wrappers
    driver.record("export_defaults", {n: layer_name(wrappers[n].parameterValue())
                                      for n in ("INPUT_RASTER", "INPUT_CLASS_DATA")})  # fmt: skip
    dialog.close()

    yield "Export Training Data's dialog with a class raster"
    dialog = open_dialog(EXPORT, {
        "INPUT_RASTER": layers["image"], "INPUT_CLASS_DATA": layers["labels"],
    })  # fmt: skip
    yield Pause(0.5)
    panel = dialog.mainWidget()

    yield "Export Training Data's dialog: class data switched to polygons"
    panel.setParameters({"INPUT_CLASS_DATA": layers["polygons"]})
    yield Pause(0.5)
    fields = widget_of(panel.wrappers["CLASS_VALUE_FIELD"])
    driver.record("export_value_fields", [fields.itemText(i) for i in range(fields.count())])

    yield "Export Training Data's dialog: class data switched back to the raster"
    panel.setParameters({"INPUT_CLASS_DATA": layers["labels"]})
    yield Pause(0.5)
    driver.record("export_value_fields_for_raster", fields.count())
    dialog.close()

    for algorithm_id in (TRAIN, CLASSIFY_PIXELS, CLASSIFY_OBJECTS, "torchmap:Land cover workflow"):
        yield f"the dialog of {algorithm_id}"
        parameters = {"INPUT_RASTER": layers["image"]} if "classify" in algorithm_id else {}
        iface().setActiveLayer(layers["image"])  # as after adding the image last
        dialog = open_dialog(algorithm_id, parameters)
        yield Pause(0.3)
        panel = dialog.mainWidget()
        widgets = {name: widget_of(w) for name, w in panel.wrappers.items()}
        combos = {
            name: [widget.itemText(i) for i in range(widget.count())]
            for name, widget in widgets.items()
            if isinstance(widget, QComboBox)
        }
        decimals = {
            name: spin.text()
            for name, widget in widgets.items()
            for spin in ([widget] if isinstance(widget, QDoubleSpinBox) else
                         widget.findChildren(QDoubleSpinBox) if widget is not None else [])
        }  # fmt: skip
        driver.record(f"{algorithm_id} combos", combos)
        driver.record(f"{algorithm_id} numbers", decimals)
        driver.record(f"{algorithm_id} order", list(panel.wrappers))
        if "workflow" in algorithm_id:
            values = {n: panel.wrappers[n].parameterValue() for n in ("image", "labels")}
            driver.record("workflow_rasters", {n: layer_name(v) for n, v in values.items()})
        dialog.close()


def dock(driver: Driver, arguments: dict) -> Iterator[object]:
    """The dock on a laptop screen: whole and responsive; Styling and Dependencies; Stop."""
    from qgis.PyQt.QtWidgets import QApplication

    folder = Path(arguments["folder"])
    window = iface().mainWindow()
    yield "open the dock from the toolbar (no torch import on the GUI thread)"
    gui_imports: list[str] = []
    watcher = _ImportWatcher(gui_imports)
    sys.meta_path.insert(0, watcher)
    # A laptop's QGIS: the window fills the screen (Xvfb has no window manager to maximise
    # it), the Processing Toolbox is open on the right, and the dock goes under it.
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    from qgis.PyQt.QtWidgets import QDockWidget

    toolbox = window.findChild(QDockWidget, "ProcessingToolbox")
    toolbox.setVisible(True)
    yield Pause(0.3)
    driver.record("toolbox_area", int(window.dockWidgetArea(toolbox)))
    dock = open_dock()
    yield Pause(1.0)
    sys.meta_path.remove(watcher)
    driver.record("torch_imported_on_gui_thread", sorted(set(gui_imports)))
    screen = QApplication.primaryScreen().availableGeometry()
    driver.record("screen", [screen.width(), screen.height()])
    driver.record("window_minimum", [window.minimumSizeHint().width(),
                                     window.minimumSizeHint().height()])  # fmt: skip
    driver.record("window_size", [window.frameGeometry().width(), window.frameGeometry().height()])
    driver.record("dock_area", int(window.dockWidgetArea(dock)))
    driver.record("dock_minimum", [dock.minimumSizeHint().width(), dock.minimumSizeHint().height()])
    buttons = {}
    for name in ("train_button", "stop_button", "report_button", "legend_button"):
        button = getattr(dock.training, name)
        corner = button.mapToGlobal(button.rect().bottomRight())
        buttons[name] = {"visible": button.isVisible(), "inside": screen.contains(corner)}
    driver.record("dock_buttons", buttons)
    status_bar = window.statusBar()
    driver.record(
        "status_bar_visible",
        status_bar.isVisible()
        and screen.contains(status_bar.mapToGlobal(status_bar.rect().bottomLeft())),
    )

    yield "the Dependencies panel"
    dock.show_panel(dock.dependencies)
    yield Wait(lambda: dock.dependencies.device_shown, 60, "the device line")
    panel = dock.dependencies
    driver.record("dependencies_rows", {
        panel.table.item(r, 0).text(): panel.table.item(r, 1).text()
        for r in range(panel.table.rowCount())
    })  # fmt: skip
    driver.record("device_line", panel.device_label.text())
    driver.record("clash_line", panel.clash_label.text() if panel.clash_label.isVisible() else "")

    yield "write the scene and export chips"
    paths = write_inputs(folder)
    layers = add_layers(paths)
    import processing

    export_folder = str(folder / "chips")
    processing.run(
        EXPORT,
        {
            "INPUT_RASTER": paths["image"],
            "INPUT_CLASS_DATA": paths["labels"],
            "TILE_SIZE": 32,
            "STRIDE": 16,
            "OUTPUT_FOLDER": export_folder,
        },
    )

    yield "train from the dock and press Stop after the first epoch"
    model = str(folder / "stopped.tmpk")
    run = yield from train_from_dock(
        train_parameters(export_folder, model, 200), "training", wait=False
    )
    dock.show_panel(dock.training)
    yield Wait(lambda: any(r.epoch >= 1 for r in dock.training.runs), 300, "the first epoch")
    driver.record("stop_enabled", dock.training.stop_button.isEnabled())
    dock.training.stop_button.click()
    yield Wait(lambda: run.finished is not None, 300, "the stopped run to end")
    yield Pause(0.3)
    stopped = dock.training.selected_run()
    driver.record("stopped_status", stopped.status if stopped else None)
    driver.record("stopped_epochs", stopped.epoch if stopped else None)
    driver.record("stopped_model", Path(model).is_file())
    driver.record("chart_points", dock.training.chart.point_count())
    run.dialog.close()

    yield "the Styling panel styles the image's class raster from the model"
    styling = dock.styling
    dock.show_panel(styling)
    styling.layer_box.setLayer(layers["labels"])
    styling.model_widget.setFilePath(model)
    styling.load_button.click()
    yield Pause(0.2)
    styling.apply_button.click()
    yield Pause(0.2)
    driver.record("styled_labels", describe_renderer(layers["labels"]))


class _ImportWatcher:
    """A meta path finder that notes imports of torch made on the GUI thread: its submodules
    (``torch._C``, ...), since a look-up of ``torch`` alone (``find_spec``) imports nothing."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        on_gui_thread = threading.current_thread() is threading.main_thread()
        if name.startswith("torch.") and on_gui_thread:
            import traceback

            where = [f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()[:-1]]
            self.seen.append(f"{name} from " + " < ".join(reversed(where[-6:])))
        return None


def language(driver: Driver, arguments: dict) -> Iterator[object]:
    """What a user of another language sees: Toolbox, a dialog, the dock, a run's log."""
    from qgis.core import QgsApplication

    folder = Path(arguments["folder"])
    yield "the Toolbox's TorchMap entries"
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("torchmap")
    driver.record("algorithms", sorted(a.displayName() for a in provider.algorithms()))
    driver.record("groups", sorted({a.group() for a in provider.algorithms()}))

    yield "a dialog's labels and options"
    for algorithm_id in (CLASSIFY_PIXELS, TRAIN):
        algorithm = registry.algorithmById(algorithm_id)
        driver.record(f"{algorithm_id} labels", [p.description() for p in
                                                 algorithm.parameterDefinitions()])  # fmt: skip
        options = {
            p.name(): p.options() for p in algorithm.parameterDefinitions() if p.type() == "enum"
        }
        driver.record(f"{algorithm_id} options", options)
    model = registry.algorithmById("torchmap:Land cover workflow")
    shown = [a for a in provider.algorithms() if a.id() == "torchmap:Land cover workflow"]
    driver.record("model_name", shown[0].displayName() if shown else None)
    driver.record("model_labels", [p.description() for p in model.parameterDefinitions()]
                  if model else [])  # fmt: skip

    yield "the dock"
    dock = open_dock()
    yield Pause(0.3)
    driver.record("dock_tabs", [dock.tabs.tabText(i) for i in range(dock.tabs.count())])
    driver.record("dock_buttons", [dock.training.train_button.text(),
                                   dock.training.stop_button.text()])  # fmt: skip

    yield "a run's log"
    paths = write_inputs(folder)
    layers = add_layers(paths)
    dialog = open_dialog(EXPORT, {
        "INPUT_RASTER": layers["image"], "INPUT_CLASS_DATA": layers["labels"], "TILE_SIZE": 32,
        "STRIDE": 16, "OUTPUT_FOLDER": str(folder / "chips"),
    })  # fmt: skip
    run = yield from click_run(dialog, "Export Training Data")
    driver.record("export_log", run.log())
    dialog.close()


def screenshots(driver: Driver, arguments: dict) -> Iterator[object]:
    """The pictures of the README, taken in the real desktop (``make screenshots``): the
    Toolbox, each dialog, the dock while training and after, Styling, Dependencies, and a
    styled result on the map."""
    from qgis.core import QgsProject
    from qgis.PyQt.QtWidgets import QApplication, QDockWidget

    folder, out = Path(arguments["folder"]), Path(arguments["out"])
    out.mkdir(parents=True, exist_ok=True)
    window = iface().mainWindow()

    def save(widget: object, name: str, height: int = 0) -> None:
        from qgis.PyQt.QtCore import QRect

        area = QRect(0, 0, widget.width(), height or widget.height())
        widget.grab(area).save(str(out / f"{name}.png"))
        driver.record(name, str(out / f"{name}.png"))

    yield "the Toolbox with TorchMap's algorithms"
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    layers = add_layers(write_inputs(folder))
    toolbox = window.findChild(QDockWidget, "ProcessingToolbox")
    toolbox.setVisible(True)
    toolbox.findChild(object, "searchBox").setText("TorchMap")
    yield Pause(1.0)
    save(toolbox, "toolbox", height=260)

    yield "each algorithm's dialog"
    export_folder, model = str(folder / "chips"), str(folder / "landcover_unet.tmpk")
    inputs = {
        EXPORT: {"INPUT_RASTER": layers["image"], "INPUT_CLASS_DATA": layers["labels"],
                 "TILE_SIZE": 32, "STRIDE": 16, "OUTPUT_FOLDER": export_folder},
        CLASSIFY_PIXELS: {"INPUT_RASTER": layers["image"], "MODEL": model},
        CLASSIFY_OBJECTS: {"INPUT_RASTER": layers["image"], "INPUT_FEATURES": layers["fishnet"],
                           "MODEL": model},
    }  # fmt: skip
    for algorithm_id, parameters in inputs.items():
        dialog = open_dialog(algorithm_id, parameters)
        dialog.resize(900, 640)
        yield Pause(0.5)
        save(dialog, "dialog_" + algorithm_id.split(":")[1])
        if algorithm_id == EXPORT:
            yield from click_run(dialog, "Export Training Data")
        dialog.close()

    yield "the dock while a model trains, and after"
    window.resizeDocks([toolbox], [300], 2)
    run = yield from train_from_dock(train_parameters(export_folder, model, 12), "training",
                                     wait=False)  # fmt: skip
    dialog = run.dialog
    dialog.resize(900, 640)
    yield Pause(0.5)
    save(dialog, "dialog_traindeeplearningmodel")
    dock = plugin().dock
    dock.show_panel(dock.training)
    yield Wait(lambda: any(r.epoch >= 6 for r in dock.training.runs), 600, "epoch 6")
    save(dock, "dock_training")
    yield Wait(lambda: run.finished is not None, 600, "the training to end")
    yield Pause(0.5)
    save(dock, "dock_trained")
    dialog.close()

    yield "a classified result, styled, on the map"
    dialog = open_dialog(CLASSIFY_PIXELS, {
        "INPUT_RASTER": layers["image"], "MODEL": model, "OUTPUT": str(folder / "landcover.tif"),
    })  # fmt: skip
    yield from click_run(dialog, "Classify Pixels")
    dialog.close()
    for name in ("labels", "polygons", "fishnet"):
        QgsProject.instance().layerTreeRoot().findLayer(layers[name].id()).setItemVisibilityChecked(
            False
        )
    iface().mapCanvas().zoomToFullExtent()
    yield Pause(1.5)
    save(window, "map_classified")

    yield "the Styling and Dependencies panels"
    dock.show_panel(dock.styling)
    classified = layer_named("Classified raster") or layers["labels"]
    dock.styling.layer_box.setLayer(classified)
    dock.styling.model_widget.setFilePath(model)
    dock.styling.load_classes()
    yield Pause(0.5)
    save(dock, "dock_styling")
    dock.show_panel(dock.dependencies)
    yield Wait(lambda: dock.dependencies.device_shown, 60, "the device line")
    yield Pause(0.3)
    save(dock, "dock_dependencies")
