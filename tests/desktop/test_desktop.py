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
    classified = run["classified_style"]
    assert classified is not None, "Classify Pixels' result was not added to the map"
    assert classified["type"] == "paletted"
    assert len(classified["legend"]) == 3, classified["legend"]  # the classes, nothing more
    assert run["confidence_style"]["type"] == "singlebandpseudocolor"
    objects = run["objects_style"]
    assert objects is not None and objects["type"] == "categorizedSymbol"


def test_each_dialog_opens_with_typical_inputs(tmp_path: Path) -> None:
    run = run_scenario("dialogs", tmp_path, {"folder": str(tmp_path / "work")})
    assert "class_value" in run["export_value_fields"]
    assert run["export_value_fields_for_raster"] <= 1  # no fields: the class data is a raster


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
    expected = {"fr": "Classer des pixels", "de": "Pixel klassifizieren"}
    code = language or "de"
    assert expected[code] in run["algorithms"], run["algorithms"]
