from __future__ import annotations

from pathlib import Path

import pytest

from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.package import read_definition
from torchmap.engine.reporter import NullReporter
from torchmap.engine.train import TrainConfig, split_indices, train_model


class RecordingReporter(NullReporter):
    def __init__(self, cancel_after_progress: int | None = None) -> None:
        self.epochs: list[tuple[int, dict[str, float]]] = []
        self.progress_calls = 0
        self.cancel_after_progress = cancel_after_progress

    def progress(self, percent: float) -> None:
        self.progress_calls += 1

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        self.epochs.append((epoch, values))

    def is_cancelled(self) -> bool:
        limit = self.cancel_after_progress
        return limit is not None and self.progress_calls >= limit


def test_pixel_training_reports_every_epoch_and_learns(export_folder: Path, tmp_path: Path) -> None:
    reporter = RecordingReporter()
    result = train_model(
        TrainConfig(
            export_folder, "unet", tmp_path / "m.tmpk", epochs=3, batch_size=4, learning_rate=3e-3
        ),
        reporter,
    )
    assert [epoch for epoch, _ in reporter.epochs] == [1, 2, 3]
    assert set(reporter.epochs[0][1]) == {"train_loss", "valid_loss", "accuracy", "mean_iou"}
    assert reporter.epochs[-1][1]["train_loss"] < reporter.epochs[0][1]["train_loss"]
    best = max(values["mean_iou"] for _, values in reporter.epochs)
    assert result.mean_iou == best and 0 <= result.validation_accuracy <= 1
    # How well it learns is checked on the map (tests/engine/test_predict_pixels.py).
    assert read_definition(result.model_path).metrics["best_epoch"] == result.best_epoch


def test_image_training_names_classes_after_the_sub_folders(
    image_folder: Path, tmp_path: Path
) -> None:
    result = train_model(
        TrainConfig(image_folder, "resnet18", tmp_path / "r.tmpk", epochs=2, batch_size=4)
    )
    definition = read_definition(result.model_path)
    assert [c.name for c in definition.classes] == ["forest", "urban", "water"]
    assert definition.task == "image_classification" and definition.spec.tile_size == 16
    assert len(definition.metrics["confusion_matrix"]) == 3


def test_cancel_stops_within_a_batch_and_writes_no_model(
    export_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter(cancel_after_progress=1)
    with pytest.raises(CancelledError):
        train_model(
            TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", epochs=50, batch_size=2),
            reporter,
        )
    assert reporter.progress_calls == 1  # the very next batch saw the cancel
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("model_type", "folder_fixture", "message"),
    [
        ("resnet18", "export_folder", "pixel-labelled chips"),
        ("unet", "image_folder", "not an Export Training Data folder"),
    ],
)
def test_training_data_of_the_wrong_kind_is_explained(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    model_type: str,
    folder_fixture: str,
    message: str,
) -> None:
    folder = request.getfixturevalue(folder_fixture)
    with pytest.raises(InputError, match=message) as caught:
        train_model(TrainConfig(folder, model_type, tmp_path / "m.tmpk", epochs=1))
    assert caught.value.field == "data_folder"
    assert not (tmp_path / "m.tmpk").exists()


@pytest.mark.parametrize(
    ("option", "value"), [("epochs", 0), ("batch_size", 1), ("learning_rate", 0.0)]
)
def test_bad_numbers_name_their_parameter(
    export_folder: Path, tmp_path: Path, option: str, value: float
) -> None:
    config = TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", **{option: value})
    with pytest.raises(InputError) as caught:
        train_model(config)
    assert caught.value.field == option


def test_split_is_seeded_disjoint_and_complete() -> None:
    train, validation = split_indices(10, 0.2, seed=3, reporter=NullReporter())
    assert len(validation) == 2 and sorted(train + validation) == list(range(10))
    assert (train, validation) == split_indices(10, 0.2, seed=3, reporter=NullReporter())
    assert split_indices(10, 0.2, seed=4, reporter=NullReporter()) != (train, validation)


def test_two_chips_train_and_validate_on_both_with_a_warning(
    image_folder: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "two"
    for name in ("forest", "water"):
        (folder / name).mkdir(parents=True)
        (folder / name / "000.tif").write_bytes((image_folder / name / "000.tif").read_bytes())
    warnings: list[str] = []

    class Warned(NullReporter):
        def warning(self, text: str) -> None:
            warnings.append(text)

    result = train_model(TrainConfig(folder, "resnet18", tmp_path / "r.tmpk", epochs=1), Warned())
    assert result.model_path.is_file()
    assert any("Only 2 training chips" in text for text in warnings)
