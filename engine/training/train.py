"""Train Deep Learning Model: read the training folders, split, build the network, find the
learning rate, fit with the default recipe, and save one model package with its reports."""

from __future__ import annotations

import copy
import math
import time
import uuid
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torchvision

from ..compat import zip_strict
from ..data.datasets import BatchLoader, Chips, load_chips, training_statistics
from ..distributed import SINGLE, Group, unwrap
from ..errors import CancelledError, InputError
from ..i18n import _
from ..models.networks import (
    PRETRAINED_IMAGENET,
    PRETRAINED_NONE,
    backbone_parameters,
    build_network,
    copy_matching_weights,
)
from ..models.package import (
    ModelDefinition,
    load_model,
    read_definition,
    save_package,
    with_package_suffix,
)
from ..models.registry import PIXEL_CLASSIFICATION, model_type, task_label
from ..options import DEFAULT_MONITOR, DEFAULT_PRECISION, DEFAULT_REFIT, MONITORS, REFITS
from ..outputs import atomic_folder
from ..reporter import NullReporter, Reporter, raise_if_cancelled
from ..runtime import resolve_device, resolve_precision
from ..threads import compute_threads
from .budget import (
    DEFAULT_LEARNING_RATE,
    EPOCHS_WITHOUT_CAP,
    MIN_FINDER_STEPS,
    Budget,
    BudgetPlanner,
    ReplannableOneCycle,
    affordable_epochs,
    finder_steps,
)
from .inputs import read_training_folders
from .losses import build_loss, class_weights
from .lr_finder import LearningRateSweep, find_learning_rate
from .metrics import class_scores
from .precision import Precision
from .reports import REPORT_NAME, RunRecord, write_reports
from .split import Split, split_chips
from .trainer import (
    EarlyStopping,
    EventHook,
    FreezeBackbone,
    Hook,
    RefitProgress,
    StopRequestHook,
    Trainer,
)

LOSSES = ("auto", "weighted_ce_dice", "weighted_ce", "ce")
OPTIMIZERS = ("adamw", "adam")
SCHEDULES = ("one_cycle", "constant")
# auto refits sets of at most this many chips: there a fifth held out is a large loss of
# labels, and a second fit costs little.
REFIT_MAX_CHIPS = 300
DEFAULT_EPOCHS = 10
PROBE_BATCHES = 4  # timed to plan the schedule within MAX_TIME (the first one warms up)


# Gaussian noise, in standard deviations of each band, added to every training pixel of a
# pixel model (not to validation or inference). A few hundred labelled pixels are otherwise
# memorised: class boundaries land wherever the training pixels leave room, move from run
# to run and drift as a longer budget trains on. The noise stands for the spread of a
# class's spectra beyond the labelled polygons. Measured on the shared Landsat scene
# (bench_budget's protocol, MAX_TIME 2, three polygon splits, held-out mean IoU): 0.598
# without it, 0.724 with it (a per-pixel Random Forest: 0.586). The per-pixel path trained
# alone peaked near 0.7 (0.3: 0.586, 0.5: 0.597, 0.7: 0.616, 1.0: 0.610, 1.5: 0.539) and
# kept it at four times the steps (0.616, 0.621), where without noise it fell by 0.01.
BAND_NOISE = 0.7


@dataclass(frozen=True)
class TrainConfig:
    """How to train. ``model_type`` is a key of ``models.registry.MODEL_TYPES``; a
    ``learning_rate`` of None or 0 runs the LR finder; ``data_folder`` may be a list."""

    data_folder: Path | list[Path]
    model_type: str
    output_model: Path
    epochs: int | None = None  # None: 10, or with max_time_minutes as many as fit
    batch_size: int = 8
    learning_rate: float | None = None
    validation_fraction: float = 0.2
    seed: int = 42
    device: str | None = None  # None/"auto": CUDA, else MPS, else CPU
    backbone: str | None = None  # None: the model type's default
    pretrained: str = PRETRAINED_NONE  # none, imagenet, or a local weights file
    init_model: Path | None = None  # fine-tune from this package
    max_time_minutes: float | None = None  # plan the run to end within this budget
    patience: int | None = None  # early stopping after this many epochs without progress
    monitor: str = DEFAULT_MONITOR
    freeze_epochs: int = 0
    precision: str = DEFAULT_PRECISION
    loss: str = "auto"  # auto: weighted_ce_dice for pixels, ce for images
    optimizer: str = "adamw"
    schedule: str = "one_cycle"
    oversample: bool = True  # draw rare classes as often as common ones (chips or windows)
    augment: bool = True
    weight_decay: float = 1e-2
    lr_finder_steps: int = 100
    reports: bool = True
    window: int | None = None  # pixel chips: random training windows of this size; None: auto
    refit: str = DEFAULT_REFIT  # on every chip once validation chose the schedule; auto: small sets
    pixel_path: bool = True  # pixel models: per-pixel logits beside the network (PixelPath)
    band_noise: float = BAND_NOISE  # pixel models, with augment: noise on the training bands

    @property
    def folders(self) -> list[Path]:
        folders = self.data_folder if isinstance(self.data_folder, list) else [self.data_folder]
        return [Path(folder) for folder in folders]


@dataclass(frozen=True)
class TrainResult:
    model_path: Path
    best_epoch: int
    validation_accuracy: float
    mean_iou: float
    history: list[dict[str, float]] = field(default_factory=list)
    report_path: Path | None = None
    learning_rate: float = 0.0
    status: str = "completed"
    class_iou: list[float | None] = field(default_factory=list)
    refit_epochs: int = 0  # epochs of the refit on every chip (0: the package is the best epoch)


def train_model(
    config: TrainConfig, reporter: Reporter | None = None, group: Group = SINGLE
) -> TrainResult:
    """Train, keep the best epoch by ``monitor``, save the package and its reports, on this
    job's share of the cores (see runtime.compute_threads). In a ``group`` of several ranks
    (torchrun) the ranks train one model together (DistributedDataParallel), each on its
    share of the chips; rank 0 writes the package."""
    reporter = reporter or NullReporter()
    with compute_threads(reporter):
        return _train_model(config, reporter, group)


def _train_model(config: TrainConfig, reporter: Reporter, group: Group) -> TrainResult:
    run = TrainingRun(config, reporter, group)
    run.prepare_data()
    run.build_model()
    run.plan()
    best = run.fit()
    run.refit()
    return run.save(best)


class TrainingRun:
    """One training run in its phases: the data (read, split, statistics), the model (network,
    loss, loaders, optimizer), the plan (time budget, learning rate, epochs, schedule, hooks),
    the fit, and the package. Each phase keeps what the next ones need, and the settings are
    gathered once (:meth:`settings`) for the events, the package and the report."""

    def __init__(self, config: TrainConfig, reporter: Reporter, group: Group = SINGLE) -> None:
        # Several ranks keep rank 0's time: their budgets, plans and stops agree.
        self.group = group
        self.started = group.decide(time.monotonic())
        _check_settings(config)
        self.config, self.reporter = config, reporter
        self.kind = model_type(config.model_type)
        self.backbone = config.backbone or self.kind.backbone
        self.pixel_path = config.pixel_path and self.kind.task == PIXEL_CLASSIFICATION
        self.output = with_package_suffix(config.output_model)
        _check_output(self.output)
        self.device = resolve_device(config.device)
        if group.distributed and self.device.type == "cuda":
            self.device = torch.device("cuda", group.local_rank)  # one GPU per rank
        self.precision = Precision(
            resolve_precision(config.precision, self.device, training=True), self.device
        )
        self.times: dict[str, float] = {}
        self.refit_trainer: Trainer | None = None  # set when the package is a refit
        clock = (lambda: group.decide(time.monotonic())) if group.distributed else time.monotonic
        self.budget = (
            Budget(config.max_time_minutes * 60, self.started, clock)
            if config.max_time_minutes
            else None
        )
        torch.manual_seed(config.seed)
        np.random.seed(config.seed)

    def prepare_data(self) -> None:
        """Read the chips, split them, and measure the training chips' statistics."""
        config, kind = self.config, self.kind
        self.data = read_training_folders(config.folders, kind.task, kind.translated_label)
        self.chips = load_chips(self.data, self.reporter)
        image_targets = None if self.chips.is_pixel_task else self.chips.targets.tolist()
        self.split = split_chips(
            self.data.task,
            self.data.positions,
            image_targets,
            config.validation_fraction,
            config.seed,
            self.reporter,
        )
        self.statistics = training_statistics(self.chips, self.split.train)
        self.spec = replace(self.data.spec, statistics=self.statistics)
        self.counts = _class_counts(self.chips, self.split.train, len(self.data.classes))
        self.notes = _warn_missing_classes(self.data.classes, self.counts, self.reporter)

    def build_model(self) -> None:
        """The network (fine-tuned from a package if asked), its loss, loaders and optimizer."""
        config, kind, classes = self.config, self.kind, self.data.classes
        self.reporter.info(
            _(
                "Training {network} on a {backbone} backbone for {task}: {train} chips, "
                "validating on {validation}; {classes} classes, {bands} bands, {device} in "
                "{precision}."
            ).format(
                network=kind.name,
                task=task_label(kind.task),
                backbone=self.backbone,
                train=len(self.split.train),
                validation=len(self.split.validation),
                classes=len(classes),
                bands=self.spec.band_count,
                device=self.device.type,
                precision=self.precision.name,
            )
        )
        self.model = self._network()
        self.loss_function = build_loss(self.loss_name, class_weights(self.counts), self.device)
        self.train_loader, self.validation_loader = _loaders(
            self.chips, self.split, self.statistics, self.counts, config, self.device, self.group
        )
        self.optimizer = _optimizer(self.model, config)
        self.times["reading"] = time.monotonic() - self.started

    def _network(self) -> torch.nn.Module:
        """A new network on the device (from a package's weights when fine-tuning)."""
        config, kind = self.config, self.kind
        model = build_network(
            kind.task,
            kind.architecture,
            self.backbone,
            self.spec.band_count,
            len(self.data.classes),
            config.pretrained,
            self.reporter,
            pixel_path=self.pixel_path,
        ).to(self.device)
        if config.init_model is not None:
            _fine_tune_from(
                model, config.init_model, kind, self.backbone, self.spec.band_count, self.reporter
            )
        return model

    @property
    def loss_name(self) -> str:
        return self.config.loss if self.config.loss != "auto" else _default_loss(self.kind.task)

    def plan(self) -> None:
        """Learning rate, epochs, schedule and hooks; within MAX_TIME all measured from a few
        timed steps, and re-planned as epochs run."""
        planned = time.monotonic()
        # Each rank measures on its own (no collective inside); rank 0's figures decide.
        self.step_seconds = self.group.decide(self._seconds_per_batch() if self.budget else 0.0)
        self.sweep, self.learning_rate = self._learning_rate()
        self.learning_rate = self.group.decide(self.learning_rate)
        self.times["finder"] = time.monotonic() - planned
        if self.group.distributed:
            self.model = _distributed(self.model, self.device, self.group)
        self.refitting = self._wants_refit()
        self.fit_budget = self.budget
        if self.budget and self.refitting:
            # The validated fit and the refit get about the same epochs: the refit's are
            # longer by the validation chips it adds.
            train, everything = len(self.split.train), len(self.chips)
            self.fit_budget = self.budget.first_part(train / (train + everything))
        self.epochs, self.hooks = self._epochs_and_hooks()
        self.scheduler = self._schedule(
            self.optimizer, self.epochs, len(self.train_loader), self.fit_budget, self.hooks
        )

    def _schedule(self, optimizer, epochs: int, batches: int, budget, hooks: list[Hook]):
        """The learning rate schedule over ``epochs``; within a budget re-planned as epochs
        run (a hook added to ``hooks``)."""
        config = self.config
        if budget and config.schedule == "one_cycle":
            scheduler = ReplannableOneCycle(optimizer, self.learning_rate, epochs * batches)
            hooks.append(BudgetPlanner(budget, _epoch_cap(config), batches, scheduler))
            return scheduler
        scheduler = _scheduler(optimizer, config.schedule, self.learning_rate, epochs, batches)
        if budget:
            hooks.append(BudgetPlanner(budget, _epoch_cap(config), batches, None))
        return scheduler

    def _wants_refit(self) -> bool:
        """Whether the package's weights are refit on every chip after the validated fit:
        REFIT on, or auto on a small set (never where validation already trains)."""
        mode = self.config.refit
        if mode == "off" or set(self.split.validation) <= set(self.split.train):
            return False
        return mode == "on" or len(self.chips) <= REFIT_MAX_CHIPS

    def fit(self) -> Any:
        """Train; the best epoch by ``monitor`` (its weights, metrics and matrix)."""
        self.events = EventHook(self.settings(), self._fit_progress, self.refitting)
        self.trainer = Trainer(
            self.model,
            self.loss_function,
            self.optimizer,
            self.scheduler,
            (self.train_loader, self.validation_loader),
            len(self.data.classes),
            self.precision,
            self.reporter,
            self.epochs,
            self.config.monitor,
            [self.events, StopRequestHook(), *self.hooks],
            uuid.uuid4().hex[:12],
            group=self.group,
        )
        fit_started = time.monotonic()
        best = self.trainer.fit()  # (the trainer keeps the events hook: self.events)
        raise_if_cancelled(self.reporter)
        self.times["validation"] = self.trainer.validation_seconds
        self.times["epochs"] = time.monotonic() - fit_started - self.trainer.validation_seconds
        return best

    @property
    def _fit_progress(self) -> tuple[float, float]:
        """The validated fit's share of the progress bar (half of it before a refit)."""
        return (5.0, 50.0 if self.refitting else 95.0)

    def refit(self) -> None:
        """Train a new network on every chip (validation chips and hidden parts included)
        with the schedule the validated fit chose: its rate, and its epochs (those that ran,
        or within MAX_TIME those that fit what is left). Its last epoch becomes the package's
        weights; the metrics stay those of the validated fit. Not after Stop."""
        if not self.refitting:
            return
        if self.trainer.stop_reason == "stopped_early":
            self.reporter.info(_("Stopped early: no refit on every chip; saving the best epoch."))
            return
        status = "failed"
        try:
            self._refit()
            status = self.trainer.stop_reason or "completed"
            if self.refit_trainer and self.refit_trainer.stop_reason == "stopped_early":
                # A refit cut short is mid-schedule: the validated best epoch is better.
                self.reporter.info(_("Stopped during the refit: saving the validated best epoch."))
                self.refit_trainer, status = None, "stopped_early"
            if self.refit_trainer is not None:
                self._note_refit(self.refit_trainer)
        except CancelledError:
            status = "cancelled"
            raise
        finally:
            self.events.finish(self.trainer, status)

    def _note_refit(self, refit: Trainer) -> None:
        """The report says the package is the refit, and where its metrics come from."""
        self.notes.append(
            _(
                "The package's weights were refit on all {count} chips for {epochs} epochs "
                "once validation had chosen the schedule; the metrics and results shown come "
                "from the validated fit on {train} chips."
            ).format(count=len(self.chips), epochs=len(refit.history), train=len(self.split.train))
        )

    def _refit(self) -> None:
        started = time.monotonic()
        everything = list(range(len(self.chips)))
        epochs = self.group.decide(self._refit_epochs(len(everything)))  # rank 0's plan
        self.reporter.info(
            _(
                "Refitting on all {count} chips for {epochs} epochs at the learning rate "
                "{rate:.2e}: the package gets these weights."
            ).format(count=len(everything), epochs=epochs, rate=self.learning_rate)
        )
        torch.manual_seed(self.config.seed)
        model = self._network()
        if self.group.distributed:
            model = _distributed(model, self.device, self.group)
        loader = _loaders(
            self.chips,
            Split(everything, []),
            self.statistics,  # the validated fit's: a large sample of the same pixels
            self.counts,
            self.config,
            self.device,
            self.group,
        )[0]
        optimizer = _optimizer(model, self.config)
        hooks: list[Hook] = [StopRequestHook(), RefitProgress((50.0, 95.0))]
        if self.config.freeze_epochs:  # the same recipe: a pretrained backbone frozen first
            parameters = list(backbone_parameters(unwrap(model), self.kind.task))
            hooks.append(FreezeBackbone(parameters, self.config.freeze_epochs))
        scheduler = self._schedule(optimizer, epochs, len(loader), self.budget, hooks)
        self.refit_trainer = Trainer(
            model,
            self.loss_function,
            optimizer,
            scheduler,
            (loader, None),
            len(self.data.classes),
            self.precision,
            self.reporter,
            epochs,
            self.config.monitor,
            hooks,
            self.trainer.run_id,
            group=self.group,
            validate=False,
        )
        self.refit_trainer.fit()
        raise_if_cancelled(self.reporter)
        self.times["refit"] = time.monotonic() - started

    def _refit_epochs(self, chips: int) -> int:
        """As many epochs as the validated fit ran (up to its best one where early stopping
        ended it); within MAX_TIME, those that fit what is left."""
        trainer = self.trainer
        ran = max(len(trainer.history), 1)
        epochs = trainer.best.epoch if trainer.stop_reason == "early_stopping" else ran
        if self.budget is not None:
            per_epoch = self.times["epochs"] / ran * chips / max(len(self.split.train), 1)
            # (training time only: the refit validates nothing)
            epochs = affordable_epochs(self.budget.left(), per_epoch, _epoch_cap(self.config))
        return max(1, epochs)

    def settings(self) -> dict[str, object]:
        """How the model was trained: in the run's first event, the package and the report."""
        config, kind, split = self.config, self.kind, self.split
        return {
            "task": kind.task,
            "model_type": kind.key,
            "architecture": kind.architecture,
            "backbone": self.backbone,
            "data_folders": [str(folder) for folder in config.folders],
            "chip_count": len(split.train) + len(split.validation) + split.dropped,
            "train_chips": len(split.train),
            "validation_chips": len(split.validation),
            "epochs": self.epochs,
            "max_epochs": _epoch_cap(config),
            "batch_size": config.batch_size,
            "learning_rate": self.learning_rate,
            "learning_rate_found": not config.learning_rate,
            "validation_fraction": config.validation_fraction,
            "seed": config.seed,
            "device": self.device.type,
            "precision": self.precision.name,
            "loss": self.loss_name,
            "optimizer": config.optimizer,
            "schedule": config.schedule,
            "pretrained": config.pretrained,
            "init_model": str(config.init_model) if config.init_model else None,
            "max_time_minutes": config.max_time_minutes,
            "patience": config.patience,
            "monitor": config.monitor,
            "freeze_epochs": config.freeze_epochs,
            "augment": config.augment,
            "band_noise": self.train_loader.noise,
            "window": self.train_loader.window,
            "oversample": config.oversample
            and (kind.task != PIXEL_CLASSIFICATION or self.train_loader.window is not None),
            "processes": self.group.world,
            "refit": self.refitting,
        }

    def definition(self, best: Any) -> ModelDefinition:
        """The package's definition: the model, its inputs and classes, how it did, how it
        was trained."""
        scores = class_scores(best.matrix)
        status = self.trainer.stop_reason or "completed"
        return ModelDefinition(
            model_type=self.kind.key,
            task=self.kind.task,
            architecture=self.kind.architecture,
            backbone=self.backbone,
            pixel_path=self.pixel_path,
            spec=self.spec,
            classes=self.data.classes,
            metrics={
                "best_epoch": best.epoch,
                "monitor": self.config.monitor,
                "validation_accuracy": best.values["accuracy"],
                "mean_iou": best.values["mean_iou"],
                "valid_loss": best.values["valid_loss"],
                **{f"class_{name}": scores[name] for name in ("iou", "precision", "recall", "f1")},
                "confusion_matrix": best.matrix.tolist(),
            },
            training={
                **self.settings(),
                "status": status,
                "seconds": round(time.monotonic() - self.started, 1),
                "seconds_by_phase": {k: round(v, 1) for k, v in self.times.items()},
                "history": self.trainer.history,
                **self._refit_record(),
            },
            versions=_versions(),
        )

    def _refit_record(self) -> dict[str, object]:
        refit = self.refit_trainer
        if refit is None:
            return {"refit": False}
        return {"refit": True, "refit_chips": len(self.chips), "refit_history": refit.history}

    def save(self, best: Any) -> TrainResult:
        """The package and its reports (all or nothing), and what the run achieved."""
        saving = time.monotonic()
        definition = self.definition(best)
        # Rank 0 alone writes; the others end with the same result, nothing written.
        refit = self.refit_trainer
        weights = refit.best.state_dict if refit is not None else best.state_dict
        report = self._save_package(definition, weights) if self.group.is_main else None
        self.times["reports"] = time.monotonic() - saving
        _report_times(
            self.times,
            time.monotonic() - self.started,
            self.config.max_time_minutes,
            self.reporter,
        )
        self.reporter.progress(100.0)
        accuracy, mean_iou = best.values["accuracy"], best.values["mean_iou"]
        self.reporter.info(
            _(
                "Saved the model of epoch {epoch} (validation accuracy {accuracy:.3f}, mean IoU "
                "{mean_iou:.3f}) to {path}."
            ).format(epoch=best.epoch, accuracy=accuracy, mean_iou=mean_iou, path=self.output)
        )
        return TrainResult(
            model_path=self.output,
            best_epoch=best.epoch,
            validation_accuracy=accuracy,
            mean_iou=mean_iou,
            history=self.trainer.history,
            report_path=report,
            learning_rate=self.learning_rate,
            status=self.trainer.stop_reason or "completed",
            class_iou=definition.metrics["class_iou"],
            refit_epochs=len(refit.history) if refit is not None else 0,
        )

    def _save_package(self, definition: ModelDefinition, state_dict: dict) -> Path | None:
        """The reports beside the package and inside it, then the package; all or nothing."""
        if not self.config.reports:
            save_package(self.output, definition, state_dict)
            return None
        folder = report_folder(self.output)
        with atomic_folder("output_model", folder, REPORT_NAME) as work:
            write_reports(work, self._record(definition))
            save_package(self.output, definition, state_dict, sorted(work.iterdir()))
        return folder / REPORT_NAME

    def _record(self, definition: ModelDefinition) -> RunRecord:
        """What the report shows: curves, matrix, settings, a training batch and results."""
        trainer, chips, split, statistics = self.trainer, self.chips, self.split, self.statistics
        unwrap(trainer.model).load_state_dict(trainer.best.state_dict)
        shown = BatchLoader(
            chips, split.train[:8], statistics, 8, torch.device("cpu"), augment=True
        )
        batch_images, batch_targets = shown.batch(split.train[:8])
        results = BatchLoader(chips, split.validation[:8], statistics, 8, self.device)
        result_images, truth = results.batch(split.validation[:8])
        predicted = trainer.predict(result_images)
        return RunRecord(
            title=f"TorchMap training report: {definition.architecture} ({definition.backbone})",
            task=definition.task,
            classes=definition.classes,
            history=trainer.history,
            best_epoch=trainer.best.epoch,
            matrix=trainer.best.matrix,
            scores=class_scores(trainer.best.matrix),
            settings={
                k: v
                for k, v in definition.training.items()
                if k not in ("history", "refit_history", "seconds_by_phase")
            },
            seconds=dict(self.times),
            sweep=self.sweep,
            batch_images=batch_images.numpy(),
            batch_targets=batch_targets.numpy(),
            result_images=result_images.float().cpu().numpy(),
            result_truth=truth.cpu().numpy(),
            result_predicted=predicted.cpu().numpy(),
            notes=self.notes,
        )

    def _seconds_per_batch(self) -> float:
        """Time a few training steps at a tiny rate; the weights and the optimizer's state are
        put back after (so every rank starts training from the same state)."""
        model_state = copy.deepcopy(self.model.state_dict())
        optimizer_state = copy.deepcopy(self.optimizer.state_dict())
        for group in self.optimizer.param_groups:
            group["lr"] = 1e-7
        times = []
        batches = iter(self.train_loader)
        self.model.train()
        for _probe in range(min(PROBE_BATCHES, len(self.train_loader))):
            raise_if_cancelled(self.reporter)
            images, targets = next(batches)
            start = time.perf_counter()
            self.precision.step(self.model, self.loss_function, self.optimizer, images, targets)
            times.append(time.perf_counter() - start)
        self.model.load_state_dict(model_state)
        self.optimizer.load_state_dict(optimizer_state)
        return float(np.median(times[1:] if len(times) > 1 else times))

    def _learning_rate(self) -> tuple[LearningRateSweep | None, float]:
        """The rate given, or the finder's: within MAX_TIME it gets at most a tenth of the
        budget (or is skipped for a robust default rate when too few steps fit)."""
        config = self.config
        if config.learning_rate and config.learning_rate > 0:
            return None, config.learning_rate
        steps = config.lr_finder_steps
        if self.budget is not None:
            steps = finder_steps(self.budget, self.step_seconds, config.lr_finder_steps)
            if not steps:
                self.reporter.info(
                    _(
                        "MAX_TIME {minutes:g} min leaves no room for the learning rate finder "
                        "(about {seconds:.0f} s); training at the default rate {rate:g}."
                    ).format(
                        minutes=config.max_time_minutes,
                        rate=DEFAULT_LEARNING_RATE,
                        seconds=MIN_FINDER_STEPS * self.step_seconds,
                    )
                )
                return None, DEFAULT_LEARNING_RATE
        self.reporter.info(_("No learning rate given: running the learning rate finder first."))
        sweep = find_learning_rate(
            self.model,
            self.loss_function,
            self.optimizer,
            self.train_loader,
            self.precision,
            self.reporter,
            steps=steps,
        )
        return sweep, sweep.suggestion

    def _epochs_and_hooks(self) -> tuple[int, list[Hook]]:
        """The number of epochs (with MAX_TIME: those that fit what is left, from the measured
        speed; re-planned as training goes) and the hooks."""
        config, hooks = self.config, []
        if config.patience:
            hooks.append(EarlyStopping(config.patience))
        if config.freeze_epochs:
            parameters = list(backbone_parameters(self.model, self.kind.task))
            hooks.append(FreezeBackbone(parameters, config.freeze_epochs))
        cap = _epoch_cap(config)
        if self.fit_budget is None:
            return cap, hooks
        # A validation batch (forward only, ~0.4 of a step) holds whole chips, not windows.
        window = self.train_loader.window
        larger = (self.chips.size[0] * self.chips.size[1] / window**2) if window else 1.0
        batches = len(self.train_loader) + 0.4 * larger * len(self.validation_loader)
        per_epoch = self.step_seconds * batches
        epochs = affordable_epochs(self.fit_budget.left(), per_epoch, cap)
        self.reporter.info(
            _(
                "MAX_TIME {minutes:g} min: about {seconds:.1f} s per epoch, so {epochs} epochs, "
                "re-planned as they run."
            ).format(minutes=config.max_time_minutes, seconds=per_epoch, epochs=epochs)
        )
        return epochs, hooks


def _check_settings(config: TrainConfig) -> None:
    if config.epochs is not None and config.epochs < 1:
        raise InputError(
            "epochs", _("must be at least 1 (got {value}).").format(value=config.epochs)
        )
    if config.batch_size < 2:  # batch normalisation cannot train on a single sample
        raise InputError(
            "batch_size", _("must be at least 2 (got {value}).").format(value=config.batch_size)
        )
    if config.learning_rate is not None and (
        config.learning_rate < 0 or not math.isfinite(config.learning_rate)
    ):
        raise InputError(
            "learning_rate",
            _("must be above 0, or 0/empty to find it (got {value}).").format(
                value=config.learning_rate
            ),
        )
    if not 0 < config.validation_fraction < 1:
        raise InputError(
            "validation_fraction", _("must lie between 0 and 100 percent (exclusive).")
        )
    if config.window is not None and (config.window < 0 or config.window % WINDOW_STEP):
        raise InputError(
            "window",
            _("must be a multiple of 32 pixels, or 0 for half the chip (got {value}).").format(
                value=config.window
            ),
        )
    if config.max_time_minutes is not None and config.max_time_minutes < 0:
        raise InputError("max_time_minutes", _("must be 0 (no limit) or more minutes."))
    if config.patience is not None and config.patience < 0:
        raise InputError("patience", _("must be 0 (no early stopping) or more epochs."))
    if config.freeze_epochs < 0:
        raise InputError("freeze_epochs", _("must be 0 or more epochs."))
    choices = {
        "monitor": (config.monitor, MONITORS),
        "loss": (config.loss, LOSSES),
        "optimizer": (config.optimizer, OPTIMIZERS),
        "schedule": (config.schedule, SCHEDULES),
        "refit": (config.refit, REFITS),
    }
    for name, (value, allowed) in choices.items():
        if value not in allowed:
            raise InputError(
                name,
                _("{value!r} is not one of {choices}.").format(
                    value=value, choices=", ".join(allowed)
                ),
            )
    is_file_name = config.pretrained not in (PRETRAINED_NONE, PRETRAINED_IMAGENET, "")
    if is_file_name and not Path(config.pretrained).is_file():
        raise InputError(
            "pretrained", _("{path} is not a weights file.").format(path=config.pretrained)
        )


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise InputError(
            "output_model", _("{path} is a folder; choose a file name.").format(path=output)
        )


def _default_loss(task: str) -> str:
    return "weighted_ce_dice" if task == PIXEL_CLASSIFICATION else "ce"


def _class_counts(chips: Chips, indices: list[int], class_count: int) -> np.ndarray:
    """Labelled pixels (or chips) of each class among the training chips."""
    targets = chips.targets[indices]
    targets = targets[targets >= 0]
    return np.bincount(targets.numpy().ravel(), minlength=class_count)[:class_count]


def _warn_missing_classes(classes, counts: np.ndarray, reporter: Reporter) -> list[str]:
    present = int((counts > 0).sum())
    if present < 2:
        raise InputError(
            "data_folder",
            _(
                "the training chips hold only {count} class; a classifier needs at least two. "
                "Label more classes, or add training data folders."
            ).format(count=present),
        )
    notes = []
    for info, count in zip_strict(classes, counts):
        if count == 0:
            note = _(
                "Class {value} ({name}) is listed in the metadata but no training chip holds "
                "it: the model is trained anyway and will rarely predict it."
            ).format(value=info.value, name=info.name)
            reporter.warning(note)
            notes.append(note)
    return notes


def _fine_tune_from(model, path: Path, kind, backbone: str, bands: int, reporter) -> None:
    """Start from a package's weights (same architecture and backbone; the head is kept
    only when the classes are the same)."""
    definition = read_definition(Path(path), "init_model")
    if (definition.architecture, definition.backbone) != (kind.architecture, backbone):
        raise InputError(
            "init_model",
            _(
                "{path} is a {architecture} with a {backbone} backbone, not a "
                "{wanted_architecture} with {wanted_backbone}; choose the same model type and "
                "backbone."
            ).format(
                path=path,
                architecture=definition.architecture,
                backbone=definition.backbone,
                wanted_architecture=kind.architecture,
                wanted_backbone=backbone,
            ),
        )
    trained = load_model(Path(path), torch.device("cpu"), "init_model")[1]
    copied = copy_matching_weights(model, trained.state_dict())
    reporter.info(
        _("Fine-tuning from {path}: {count} weight tensors reused ({bands} bands).").format(
            path=path, count=copied, bands=bands
        )
    )


def _loaders(chips, split: Split, statistics, counts, config: TrainConfig, device, group: Group):
    """Training batches (each rank its share of one shuffled order, BATCH_SIZE split among
    the ranks) and validation batches (each rank every world-th validation chip)."""
    batch_size = max(2, math.ceil(config.batch_size / group.world))
    sample_weights = None
    if not chips.is_pixel_task and config.oversample:
        # Each chip drawn with a chance inversely proportional to its class's size.
        per_class = np.maximum(counts, 1).astype(np.float64)
        sample_weights = 1.0 / per_class[chips.targets[split.train].numpy()]
    train_loader = BatchLoader(
        chips,
        split.train,
        statistics,
        batch_size,
        device,
        augment=config.augment,
        shuffle=True,
        seed=config.seed,
        sample_weights=sample_weights,
        group=group,
        window=training_window(config.window, chips),
        hidden=split.hidden,
        balance=config.oversample,
        noise=config.band_noise if chips.is_pixel_task and config.augment else 0.0,
    )
    validation = split.validation[group.rank :: group.world]
    validation_loader = BatchLoader(chips, validation, statistics, batch_size, device)
    return train_loader, validation_loader


WINDOW_STEP = 32  # the U-Net's input sides must be multiples of its 32x downsampling
MIN_AUTO_WINDOW = 32


def training_window(window: int | None, chips: Chips) -> int | None:
    """The side of the random windows pixel chips train on: the one given, else half the
    chip (a multiple of 32, at least 32). On the real Landsat set (bench_budget.py, split 0,
    64 px chips, MAX_TIME 2) 32 px windows reached a mean IoU of 0.59 where whole chips
    reached 0.34: four times the steps, and every epoch other windows. None: whole chips."""
    if not chips.is_pixel_task:
        return None
    side = min(chips.size)
    if window is None:
        window = max(MIN_AUTO_WINDOW, side // 2 // WINDOW_STEP * WINDOW_STEP)
    return window if window < side else None


def _distributed(model: torch.nn.Module, device: torch.device, group: Group) -> torch.nn.Module:
    """The network for several ranks: gradients averaged across them at every step
    (DistributedDataParallel, which also gives every rank rank 0's weights); on GPUs, batch
    norms computed over all ranks' batches (SyncBatchNorm), since each rank's are small."""
    from torch.nn.parallel import DistributedDataParallel

    if device.type == "cuda":
        model = torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)
        return DistributedDataParallel(model, device_ids=[group.local_rank])
    return DistributedDataParallel(model)


def _optimizer(model, config: TrainConfig) -> torch.optim.Optimizer:
    """Adam(W), fused where torch can: one kernel over all weights instead of a loop of
    small ones. On this 2-core CPU a U-Net's step (8 windows of 32 px) took 155 ms unfused,
    of which 67 ms in the optimizer, and 118 ms fused: 30 % more steps within MAX_TIME."""
    rate, parameters = config.learning_rate or 1e-3, list(model.parameters())
    if config.optimizer == "adam":
        make = partial(torch.optim.Adam, parameters, lr=rate)
    else:
        make = partial(torch.optim.AdamW, parameters, lr=rate, weight_decay=config.weight_decay)
    try:
        return make(fused=True)
    except (RuntimeError, TypeError, ValueError):  # an older torch, or no fused kernel here
        return make()


def _scheduler(optimizer, schedule: str, rate: float, epochs: int, batches: int):
    for group in optimizer.param_groups:
        group["lr"] = rate
    if schedule == "constant":
        return None
    # At least 10 steps: torch's schedule has no room for its two phases in fewer.
    return torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=rate, total_steps=max(epochs * batches, 10), pct_start=0.25
    )


def _epoch_cap(config: TrainConfig) -> int:
    """EPOCHS when the user gave it; else 10, or with MAX_TIME as many as fit."""
    if config.epochs:
        return config.epochs
    return EPOCHS_WITHOUT_CAP if config.max_time_minutes else DEFAULT_EPOCHS


def _report_times(
    times: dict[str, float], total: float, minutes: float | None, reporter: Reporter
) -> None:
    """Where the run's time went, against MAX_TIME when there was one."""
    phases = {"reading": 0.0, "finder": 0.0, "epochs": 0.0, "validation": 0.0, "refit": 0.0}
    line = _(
        "Time: reading chips {reading:.0f} s, learning rate finder {finder:.0f} s, training "
        "epochs {epochs:.0f} s, validation {validation:.0f} s, refit on every chip {refit:.0f} "
        "s, reports and package {reports:.0f} s; {total:.0f} s in all."
    ).format(total=total, **(phases | times))
    if minutes:
        line += " " + _("MAX_TIME was {budget:.0f} s.").format(budget=minutes * 60)
    reporter.info(line)


def _versions() -> dict[str, str]:
    import segmentation_models_pytorch as smp

    return {
        "torchmap": _plugin_version(),
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "segmentation_models_pytorch": smp.__version__,
        "numpy": np.__version__,
    }


def _plugin_version() -> str:
    """TorchMap's version, from the plugin's metadata.txt (the repository root)."""
    metadata = Path(__file__).resolve().parents[2] / "metadata.txt"
    try:
        for line in metadata.read_text(encoding="utf-8").splitlines():
            if line.startswith("version="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def report_folder(output: Path) -> Path:
    """Where the reports of a package go: ``<name>_report/`` beside it."""
    return output.with_name(f"{output.stem}_report")
