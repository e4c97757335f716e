"""The whole training run: events, reports, stop/cancel, LR finder, budget, fine-tuning."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.models.package import load_model, read_definition
from torchmap.engine.reporter import (
    BATCH_END,
    EPOCH_END,
    RUN_FINISHED,
    RUN_STARTED,
    NullReporter,
    TrainingEvent,
)
from torchmap.engine.training.train import (
    BAND_NOISE,
    TrainConfig,
    _optimizer,
    report_folder,
    train_model,
    training_window,
)

FAST = {"batch_size": 4, "learning_rate": 3e-3, "reports": False}


class RecordingReporter(NullReporter):
    def __init__(self, cancel_after_progress: int | None = None, stop_after_batches: int = 0):
        self.epochs: list[tuple[int, dict[str, float]]] = []
        self.events: list[TrainingEvent] = []
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.progress_calls = 0
        self.cancel_after_progress = cancel_after_progress
        self.stop_after_batches = stop_after_batches

    def progress(self, percent: float) -> None:
        self.progress_calls += 1

    def info(self, text: str) -> None:
        self.infos.append(text)

    def warning(self, text: str) -> None:
        self.warnings.append(text)

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        self.epochs.append((epoch, values))

    def event(self, event: TrainingEvent) -> None:
        self.events.append(event)

    def is_cancelled(self) -> bool:
        limit = self.cancel_after_progress
        return limit is not None and self.progress_calls >= limit

    def stop_requested(self) -> bool:
        batches = sum(event.kind == BATCH_END for event in self.events)
        return 0 < self.stop_after_batches <= batches

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]


def test_a_run_reports_events_metrics_and_writes_its_reports(
    export_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter()
    result = train_model(
        TrainConfig(
            export_folder, "unet", tmp_path / "m", epochs=2, batch_size=4, lr_finder_steps=20
        ),
        reporter,
    )
    assert result.model_path == tmp_path / "m.tmpk"  # the extension is added
    assert [epoch for epoch, _ in reporter.epochs] == [1, 2]
    assert set(reporter.epochs[0][1]) == {"train_loss", "valid_loss", "accuracy", "mean_iou"}
    assert reporter.epochs[-1][1]["train_loss"] < reporter.epochs[0][1]["train_loss"]
    kinds = reporter.kinds()
    assert kinds[0] == RUN_STARTED and kinds[-1] == RUN_FINISHED
    assert kinds.count(EPOCH_END) == 2 and BATCH_END in kinds
    started = reporter.events[0].data
    assert started["architecture"] == "Unet" and started["learning_rate_found"] is True
    epoch_end = [e.data for e in reporter.events if e.kind == EPOCH_END][-1]
    assert {"metrics", "eta_s", "best", "best_epoch", "monitor"} <= set(epoch_end)
    rates = [e.data["learning_rate"] for e in reporter.events if e.kind == EPOCH_END]
    assert rates[-1] < rates[0] / 5  # the one-cycle schedule anneals
    assert reporter.events[-1].data["status"] == "completed"
    assert any("Learning rate finder: picked" in text for text in reporter.infos)

    definition = read_definition(result.model_path)
    assert definition.metrics["best_epoch"] == result.best_epoch
    assert result.mean_iou == max(values["mean_iou"] for _, values in reporter.epochs)
    assert len(definition.metrics["class_f1"]) == 3
    assert definition.training["learning_rate"] == pytest.approx(result.learning_rate)
    folder = report_folder(result.model_path)
    assert result.report_path == folder / "report.html"
    page = result.report_path.read_text()
    for name in (
        "history.json",
        "class_metrics.json",
        "confusion_matrix.json",
        "confusion_matrix.png",
        "curves.png",
        "lr_finder.png",
        "show_batch.png",
        "show_results.png",
    ):
        assert (folder / name).is_file() and name in page
    with zipfile.ZipFile(result.model_path) as archive:
        assert "report/report.html" in archive.namelist()


def test_image_training_names_classes_after_the_sub_folders(
    image_folder: Path, tmp_path: Path
) -> None:
    result = train_model(
        TrainConfig(image_folder, "resnet18", tmp_path / "r.tmpk", epochs=2, **FAST)
    )
    definition = read_definition(result.model_path)
    assert [c.name for c in definition.classes] == ["forest", "urban", "water"]
    assert definition.task == "image_classification" and definition.spec.tile_size == 16
    assert len(definition.metrics["confusion_matrix"]) == 3
    assert definition.training["oversample"] is True


def test_cancel_stops_within_a_batch_and_writes_nothing(
    export_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter(cancel_after_progress=1)
    with pytest.raises(CancelledError):
        train_model(
            TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", epochs=50, **FAST), reporter
        )
    assert reporter.kinds().count(BATCH_END) == 1  # the very next batch saw the cancel
    assert reporter.events[-1].data["status"] == "cancelled"
    assert list(tmp_path.iterdir()) == []


def test_stop_early_saves_the_best_so_far_as_a_valid_package(
    export_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter(stop_after_batches=2)
    config = TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", epochs=50, **FAST)
    result = train_model(config, reporter)
    assert result.status == "stopped_early" and result.best_epoch == 1
    assert result.refit_epochs == 0  # Stop means now: no refit after it
    assert reporter.events[-1].data["status"] == "stopped_early"
    assert read_definition(result.model_path).training["status"] == "stopped_early"


def test_a_small_set_is_refit_on_every_chip_for_the_package(
    export_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter()
    settings = {**FAST, "reports": True, "epochs": 2}
    config = TrainConfig(export_folder, "unet", tmp_path / "refit.tmpk", **settings)
    result = train_model(config, reporter)
    assert result.refit_epochs == 2  # the epochs the validated fit ran
    definition = read_definition(result.model_path)
    training = definition.training
    assert training["refit"] is True and len(training["refit_history"]) == 2
    assert training["refit_chips"] == training["chip_count"]
    assert set(training["seconds_by_phase"]) >= {"reading", "finder", "epochs", "refit"}
    assert definition.metrics["best_epoch"] == result.best_epoch  # the validated fit's
    assert any(text.startswith("Refitting on all") for text in reporter.infos)
    # The dock hears the run end once, after the refit.
    assert reporter.kinds().count(RUN_FINISHED) == 1 and reporter.kinds()[-1] == RUN_FINISHED
    assert reporter.events[-1].data["status"] == "completed"
    page = (report_folder(result.model_path) / "report.html").read_text()
    assert "refit on all" in page  # the note
    assert "Where the time went" in page and "refit on every chip" in page
    kept = TrainConfig(export_folder, "unet", tmp_path / "kept.tmpk", refit="off", **settings)
    without = train_model(kept, RecordingReporter())
    assert without.refit_epochs == 0
    assert read_definition(without.model_path).training["refit"] is False
    refit_weights = load_model(result.model_path, torch.device("cpu"))[1].state_dict()
    best_weights = load_model(without.model_path, torch.device("cpu"))[1].state_dict()
    assert any(not torch.equal(refit_weights[k], best_weights[k]) for k in refit_weights)


class StopsDuringTheRefit(RecordingReporter):
    def stop_requested(self) -> bool:
        return any(text.startswith("Refitting on all") for text in self.infos)


def test_stop_during_the_refit_saves_the_validated_best_epoch(
    export_folder: Path, tmp_path: Path
) -> None:
    reporter = StopsDuringTheRefit()
    config = TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", epochs=2, **FAST)
    result = train_model(config, reporter)
    assert result.refit_epochs == 0 and result.best_epoch >= 1
    assert read_definition(result.model_path).training["refit"] is False
    assert reporter.events[-1].kind == RUN_FINISHED
    assert reporter.events[-1].data["status"] == "stopped_early"


def test_early_stopping_ends_a_run_that_stopped_improving(
    image_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter()
    config = TrainConfig(
        image_folder, "resnet18", tmp_path / "r.tmpk", epochs=30, patience=1,
        monitor="valid_loss", **FAST,
    )  # fmt: skip
    result = train_model(config, reporter)
    assert len(result.history) < 30
    assert len(result.history) - result.best_epoch == 1
    assert any("Early stopping" in text for text in reporter.infos)


def test_max_time_plans_the_epochs_from_the_measured_speed(
    image_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter()
    config = TrainConfig(
        image_folder, "resnet18", tmp_path / "r.tmpk", epochs=1000, max_time_minutes=0.02, **FAST
    )
    result = train_model(config, reporter)
    planned = read_definition(result.model_path).training["epochs"]
    assert 1 <= planned < 1000 and len(result.history) <= planned
    assert any("MAX_TIME" in text for text in reporter.infos)


def test_fine_tuning_starts_from_a_package_with_a_frozen_backbone(
    resnet_package: Path, image_folder: Path, tmp_path: Path
) -> None:
    reporter = RecordingReporter()
    config = TrainConfig(
        image_folder, "resnet18", tmp_path / "tuned.tmpk", epochs=1, init_model=resnet_package,
        freeze_epochs=1, **FAST,
    )  # fmt: skip
    result = train_model(config, reporter)
    assert any("Fine-tuning from" in text for text in reporter.infos)
    # The backbone started from the package and stayed frozen; the head went on learning.
    _, before = load_model(resnet_package, torch.device("cpu"))
    _, after = load_model(result.model_path, torch.device("cpu"))
    assert torch.equal(before.conv1.weight, after.conv1.weight)
    assert not torch.equal(before.fc.weight, after.fc.weight)


def test_fine_tuning_from_another_architecture_is_refused(
    unet_package: Path, image_folder: Path, tmp_path: Path
) -> None:
    config = TrainConfig(
        image_folder, "resnet18", tmp_path / "t.tmpk", init_model=unet_package, **FAST
    )
    with pytest.raises(InputError, match="same model type") as caught:
        train_model(config)
    assert caught.value.field == "init_model" and not (tmp_path / "t.tmpk").exists()


def test_the_same_seed_gives_the_same_run(image_folder: Path, tmp_path: Path) -> None:
    runs = [
        train_model(TrainConfig(image_folder, "resnet18", tmp_path / f"{i}.tmpk", epochs=1, **FAST))
        for i in range(2)
    ]
    assert runs[0].history[0]["train_loss"] == runs[1].history[0]["train_loss"]


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
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("epochs", 0),
        ("batch_size", 1),
        ("learning_rate", -1.0),
        ("validation_fraction", 1.0),
        ("monitor", "speed"),
        ("patience", -2),
        ("pretrained", "/nowhere/weights.pth"),
        ("precision", "fp8"),
        ("backbone", "no-such-net"),
        ("device", "cuda:7"),
    ],
)
def test_bad_settings_name_their_parameter(
    export_folder: Path, tmp_path: Path, option: str, value: object
) -> None:
    settings = {"epochs": 1} | {option: value}
    config = TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", **settings)
    with pytest.raises(InputError) as caught:
        train_model(config)
    assert caught.value.field == option
    assert list(tmp_path.iterdir()) == []


def test_two_chips_train_and_validate_on_both_with_a_warning(
    image_folder: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "two"
    for name in ("forest", "water"):
        (folder / name).mkdir(parents=True)
        (folder / name / "000.tif").write_bytes((image_folder / name / "000.tif").read_bytes())
    reporter = RecordingReporter()
    result = train_model(
        TrainConfig(folder, "resnet18", tmp_path / "r.tmpk", epochs=1, **FAST), reporter
    )
    assert result.model_path.is_file()
    assert any("Only 2 training chips" in text for text in reporter.warnings)


def test_several_folders_train_together(image_folder: Path, tmp_path: Path) -> None:
    result = train_model(
        TrainConfig([image_folder, image_folder], "resnet18", tmp_path / "r.tmpk", epochs=1, **FAST)
    )
    assert read_definition(result.model_path).training["chip_count"] == 48


@pytest.mark.parametrize(
    ("given", "side", "task", "window"),
    [
        (None, 64, "pixel_classification", 32),
        (None, 256, "pixel_classification", 128),
        (None, 100, "pixel_classification", 32),
        (None, 32, "pixel_classification", None),  # half of 32 is too small a window
        (64, 256, "pixel_classification", 64),
        (256, 256, "pixel_classification", None),  # the whole chip
        (None, 256, "image_classification", None),  # images are classified whole
    ],
)
def test_the_training_window_is_half_the_chip_unless_given(
    given: int | None, side: int, task: str, window: int | None
) -> None:
    chips = SimpleNamespace(size=(side, side), is_pixel_task=task == "pixel_classification")
    assert training_window(given, chips) == window


def test_a_window_that_is_no_multiple_of_32_is_refused(export_folder: Path, tmp_path: Path) -> None:
    config = TrainConfig(export_folder, "unet", tmp_path / "m.tmpk", window=50, **FAST)
    with pytest.raises(InputError, match="multiple of 32") as caught:
        train_model(config)
    assert caught.value.field == "window"


@pytest.mark.parametrize(
    ("model_type", "augment", "noise"),
    [("unet", True, BAND_NOISE), ("unet", False, 0.0), ("resnet18", True, 0.0)],
)
def test_only_pixel_models_train_on_noisy_bands_and_the_package_says_how_much(
    model_type: str,
    augment: bool,
    noise: float,
    export_folder: Path,
    image_folder: Path,
    tmp_path: Path,
) -> None:
    folder = export_folder if model_type == "unet" else image_folder
    config = TrainConfig(folder, model_type, tmp_path / "m.tmpk", epochs=1, augment=augment, **FAST)
    result = train_model(config)
    assert read_definition(result.model_path).training["band_noise"] == noise


@pytest.mark.parametrize("kind", ["adamw", "adam"])
def test_the_optimizer_is_fused_on_the_cpu_and_steps_like_the_plain_one(kind: str) -> None:
    torch.manual_seed(0)
    # (No batch norm: it cancels the bias's gradient, leaving rounding noise that Adam
    # scales up to whole steps either way.)
    fused_net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU(), torch.nn.Conv2d(4, 2, 1)
    )
    plain_net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU(), torch.nn.Conv2d(4, 2, 1)
    )
    plain_net.load_state_dict(fused_net.state_dict())
    config = TrainConfig(Path("chips"), "unet", Path("m.tmpk"), learning_rate=1e-2, optimizer=kind)
    fused = _optimizer(fused_net, config)
    options = {"weight_decay": config.weight_decay} if kind == "adamw" else {}
    maker = torch.optim.AdamW if kind == "adamw" else torch.optim.Adam
    plain = maker(plain_net.parameters(), lr=1e-2, foreach=False, **options)
    assert fused.defaults["fused"] and type(fused) is maker
    images = torch.randn(4, 3, 8, 8)
    for _step in range(5):
        for net, optimizer in ((fused_net, fused), (plain_net, plain)):
            optimizer.zero_grad()
            net(images).square().mean().backward()
            optimizer.step()
    for mine, theirs in zip(fused_net.parameters(), plain_net.parameters()):
        assert torch.allclose(mine, theirs, atol=1e-5)
