"""Renders the TorchMap GUI offscreen to PNG files (`make screenshots`): the dock during a
short real training run with its chart, the Styling panel, the Dependencies panel and the
Train Deep Learning Model dialog. README.md shows them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the scene generators of the test suite

from qgis.core import (  # noqa: E402 (after the path setup)
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtWidgets import QWidget  # noqa: E402

SIZE = QSize(560, 620)


def save(widget: QWidget, path: Path, size: QSize = SIZE) -> None:
    """Render a widget (never shown on a screen) to a PNG."""
    widget.resize(size)
    widget.grab().save(str(path))
    print(f"wrote {path}")


def wait_until(application: QgsApplication, done, timeout_s: float) -> bool:
    """Keep the GUI thread serving queued events until ``done()`` or the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        application.processEvents()
        if done():
            return True
        time.sleep(0.05)
    return False


def train_in_background(parameters: dict) -> threading.Thread:
    """Run Train Deep Learning Model on a worker thread, as the Toolbox does."""
    import processing

    def work() -> None:
        processing.run(
            "torchmap:traindeeplearningmodel",
            parameters,
            context=QgsProcessingContext(),
            feedback=QgsProcessingFeedback(),
        )

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--epochs", type=int, default=8)
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)

    application = QgsApplication([], True)
    application.initQgis()
    sys.path.append(str(Path(QgsApplication.pkgDataPath()) / "python" / "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    from data import write_scene

    from torchmap.engine.data.export import ExportConfig, export_training_data
    from torchmap.plugin.dock import TorchMapDock
    from torchmap.processing_provider.provider import TorchMapProvider
    from torchmap.processing_provider.training_hub import training_hub

    training_hub()
    provider = TorchMapProvider()  # referenced while the script runs
    QgsApplication.processingRegistry().addProvider(provider)
    work = Path(tempfile.mkdtemp(prefix="torchmap-screenshots-"))
    scene = write_scene(work / "scene", size=96)
    export_training_data(ExportConfig(scene.image, scene.labels, work / "chips", 32, 16))

    dock = TorchMapDock(None)
    dock.setFloating(True)
    model = work / "landcover_unet.tmpk"
    thread = train_in_background(
        {"INPUT_DATA": str(work / "chips"), "MODEL_TYPE": 0, "EPOCHS": arguments.epochs,
         "BATCH_SIZE": 4, "LEARNING_RATE": 0.003, "OUTPUT_MODEL": str(model)}
    )  # fmt: skip
    panel = dock.training

    def halfway() -> bool:
        run = panel.selected_run()
        return (
            run is not None
            and run.epoch >= max(arguments.epochs // 2, 2)
            or (not thread.is_alive())
        )

    if not wait_until(application, halfway, timeout_s=600):
        print("no training events arrived: the chart stays empty", file=sys.stderr)
    save(dock, arguments.out / "dock_training.png")
    wait_until(application, lambda: not thread.is_alive(), timeout_s=600)
    application.processEvents()

    classified = work / "landcover.tif"
    import processing

    processing.run(
        "torchmap:classifypixels",
        {"INPUT_RASTER": str(scene.image), "MODEL": str(model), "OUTPUT": str(classified)},
    )
    layer = QgsRasterLayer(str(classified), "landcover")
    QgsProject.instance().addMapLayer(layer)
    dock.show_panel(dock.styling)
    dock.styling.layer_box.setLayer(layer)
    dock.styling.model_widget.setFilePath(str(model))
    dock.styling.load_classes()
    dock.styling.apply_style()
    save(dock, arguments.out / "dock_styling.png")
    dock.show_panel(dock.dependencies)
    save(dock, arguments.out / "dock_dependencies.png")

    from processing.gui.AlgorithmDialog import AlgorithmDialog

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(
        "torchmap:traindeeplearningmodel"
    )
    dialog = AlgorithmDialog(algorithm)  # what the Toolbox opens (there without a main window)
    save(dialog, arguments.out / "dialog_train.png", QSize(820, 560))
    dialog.close()
    QgsProject.instance().removeAllMapLayers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
