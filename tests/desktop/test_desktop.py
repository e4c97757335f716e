"""The real QGIS desktop (under Xvfb, with its default OpenGL): the workflow a new user runs
from the dialogs and the dock, each dialog with typical inputs, the dock on a laptop
screen, and other languages. The scenarios are in ``scenarios.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from desktop_harness import run_scenario


def test_the_workflow_runs_from_the_dialogs_and_results_open_styled(tmp_path: Path) -> None:
    run = run_scenario("workflow", tmp_path, {"folder": str(tmp_path / "work")}, timeout_s=120)
    # Mesa's OpenGL is in this QGIS; the first model run did not crash it.
    assert run["triton_blocked"] is True
    assert run["export_written"] and run["model_written"]
    assert "Training U-Net on a resnet18 backbone for pixel classification" in run["train_log"]
    classified = run["classified_style"]
    assert classified is not None, "Classify Pixels' result was not added to the map"
    assert classified["type"] == "paletted"
    assert len(classified["legend"]) == 3, classified["legend"]  # the classes, nothing more
    assert run["confidence_style"]["type"] == "singlebandpseudocolor"
    objects = run["objects_style"]
    assert objects is not None and objects["type"] == "categorizedSymbol"


RAW_KEYS = {"auto", "cpu", "cuda", "mps", "fp32", "bf16", "fp16", "float32", "mean_iou",
            "accuracy", "valid_loss", "none", "flips", "dihedral"}  # fmt: skip


def listed(texts: list[str]) -> list[str]:
    """A list's choices; optional lists (every option with a default) add "[Not selected]"."""
    return [text for text in texts if not text.startswith("[")]


def test_each_dialog_opens_with_typical_inputs(tmp_path: Path) -> None:
    run = run_scenario("dialogs", tmp_path, {"folder": str(tmp_path / "work")})
    # Export: polygons list their fields; a class raster (the README's workflow) has none.
    assert "class_value" in run["export_value_fields"]
    assert run["export_value_fields_for_raster"] <= 1
    dialogs = ("torchmap:traindeeplearningmodel", "torchmap:classifypixels",
               "torchmap:classifyobjects")  # fmt: skip
    devices = {tuple(listed(run[f"{a} combos"]["DEVICE"])) for a in dialogs}
    assert len(devices) == 1, devices  # one device list everywhere
    for algorithm_id in dialogs:
        combos = run[f"{algorithm_id} combos"]
        shown = {text for texts in combos.values() for text in texts}
        assert not shown & RAW_KEYS, (algorithm_id, shown & RAW_KEYS)
        numbers = run[f"{algorithm_id} numbers"]  # percentages and minutes, not "20.000000"
        shares = {k: v for k, v in numbers.items() if k in ("OVERLAP", "VALIDATION_PCT",
                                                            "MAX_TIME", "BUFFER")}  # fmt: skip
        assert shares and not any(text.endswith("0000") for text in shares.values()), numbers
    assert len(listed(run["torchmap:classifyobjects combos"]["TTA"])) == 3  # as in Pixels
    assert run["torchmap:classifypixels numbers"]["OVERLAP"] == "25.0"
    order = run["torchmap:Land cover workflow order"]
    assert order[:2] == ["image", "labels"], order
    # With the image active, the class data start as the class raster, not the image again.
    assert run["export_defaults"] == {"INPUT_RASTER": "image", "INPUT_CLASS_DATA": "labels"}
    assert run["workflow_rasters"] == {"image": "image", "labels": "labels"}


def test_the_dock_fits_a_laptop_screen_and_stop_saves_a_package(tmp_path: Path) -> None:
    run = run_scenario("dock", tmp_path, {"folder": str(tmp_path / "work")}, screen="1366x768")
    assert run["torch_imported_on_gui_thread"] == []
    width, height = run["screen"]
    assert run["window_minimum"][1] <= height
    assert all(b["visible"] and b["inside"] for b in run["dock_buttons"].values()), run[
        "dock_buttons"
    ]
    assert run["status_bar_visible"]
    assert run["dependencies_rows"]["PyTorch"]
    assert "CPU" in run["device_line"]
    assert "triton" in run["clash_line"]
    assert run["stop_enabled"]
    assert run["stopped_status"] == "stopped_early"
    assert run["stopped_model"]
    assert run["chart_points"] > 0
    assert run["styled_labels"]["type"] == "paletted"


@pytest.mark.parametrize(
    ("language", "settings"),
    [("fr", {}), (None, {"locale/overrideFlag": "true", "locale/userLocale": "de"})],
    ids=["fr-by-lang", "de-by-settings"],
)
def test_the_desktop_speaks_qgis_language(
    tmp_path: Path, language: str | None, settings: dict
) -> None:
    run = run_scenario(
        "language", tmp_path, {"folder": str(tmp_path / "work")}, language=language,
        settings=settings,
    )  # fmt: skip
    code = language or "de"
    expected = {
        "fr": ("Classer des pixels", "Automatique", "Chaîne d'occupation du sol", "Raster image",
               "extraits de 32 x 32 px", "Entraîner…"),
        "de": ("Pixel klassifizieren", "Automatisch", "Landbedeckungs-Workflow", "Bildraster",
               "Ausschnitte", "Trainieren…"),
    }[code]  # fmt: skip
    algorithm, automatic, model, image_label, export_line, train_button = expected
    assert algorithm in run["algorithms"], run["algorithms"]
    assert model in run["algorithms"] and run["model_name"] == model
    assert image_label in run["model_labels"]
    for algorithm_id in ("torchmap:classifypixels", "torchmap:traindeeplearningmodel"):
        options = run[f"{algorithm_id} options"]
        assert options["DEVICE"][0] == automatic, options
        assert not {o for texts in options.values() for o in texts} & RAW_KEYS
    assert train_button in run["dock_buttons"]
    assert export_line in run["export_log"]  # the engine's own log line, translated
