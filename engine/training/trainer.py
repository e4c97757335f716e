"""A small trainer: epochs of optimisation and validation, with hooks for everything else
(events, the best checkpoint, early stopping, the time budget, a frozen backbone)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from ..data.datasets import IGNORE_INDEX
from ..distributed import SINGLE, Group, unwrap
from ..errors import CancelledError
from ..i18n import _
from ..reporter import (
    BATCH_END,
    EPOCH_END,
    RUN_FINISHED,
    RUN_STARTED,
    Reporter,
    TrainingEvent,
    raise_if_cancelled,
)
from .metrics import class_scores, confusion_matrix, mean_iou, overall_accuracy
from .precision import Precision

# Metrics where higher is better; the others (losses) improve downwards.
HIGHER_IS_BETTER = {"accuracy", "mean_iou"}


@dataclass
class Checkpoint:
    """The best epoch so far: its weights, metrics and confusion matrix."""

    epoch: int = 0
    values: dict[str, float] = field(default_factory=dict)
    matrix: np.ndarray | None = None
    state_dict: dict[str, torch.Tensor] = field(default_factory=dict)


class Hook:
    """Does nothing at each point of a run; subclasses override what they need."""

    def on_run_start(self, trainer: Trainer) -> None:
        pass

    def on_epoch_start(self, trainer: Trainer, epoch: int) -> None:
        pass

    def on_batch_end(self, trainer: Trainer, batch: int, loss: float) -> None:
        pass

    def on_epoch_end(self, trainer: Trainer, epoch: int, values: dict[str, float]) -> None:
        pass

    def on_run_end(self, trainer: Trainer, status: str) -> None:
        pass


class Trainer:
    """Trains ``model`` for up to ``epochs`` epochs, keeping the best checkpoint by
    ``monitor``; ``stop_reason`` set by a hook ends the run after the current batch."""

    def __init__(
        self,
        model: nn.Module,
        loss_function: nn.Module,
        optimizer: torch.optim.Optimizer,
        scheduler: torch.optim.lr_scheduler.LRScheduler | None,
        loaders: tuple,
        class_count: int,
        precision: Precision,
        reporter: Reporter,
        epochs: int,
        monitor: str = "mean_iou",
        hooks: list[Hook] | None = None,
        run_id: str = "",
        group: Group = SINGLE,
        validate: bool = True,
    ) -> None:
        self.model = model
        self.loss_function = loss_function
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.train_loader, self.validation_loader = loaders
        self.class_count = class_count
        self.precision = precision
        self.reporter = reporter
        self.epochs = epochs
        self.monitor = monitor
        self.hooks = hooks or []
        self.run_id = run_id
        self.group = group  # several ranks: rank 0's plan and stops, everyone's sums
        self.validate = validate  # False: a refit on every chip, the last epoch kept
        self.best = Checkpoint()
        self.history: list[dict[str, float]] = []
        self.stop_reason: str | None = None
        self.validation_seconds = 0.0  # of the run's time, for the report
        self.started = time.monotonic()
        self.epoch = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def fit(self) -> Checkpoint:
        """Run the epochs; the best checkpoint (by ``monitor``) is returned."""
        self.started = time.monotonic()
        self._call("on_run_start")
        status = "failed"
        try:
            epoch = 0
            while epoch < self.epochs:  # hooks may re-plan self.epochs (MAX_TIME)
                epoch += 1
                self.epoch = epoch
                self._call("on_epoch_start", epoch)
                train_loss = self.train_one_epoch(epoch)
                if self.validate:
                    self._validate(epoch, train_loss)
                else:
                    self._end_epoch_unvalidated(epoch, train_loss)
                if self.stop_reason:
                    break
            if not self.validate:
                self.best = self._checkpoint(self.epoch, self.history[-1], None)
            status = self.stop_reason or "completed"
        except BaseException as error:
            status = "cancelled" if isinstance(error, CancelledError) else "failed"
            raise
        finally:
            self._call("on_run_end", status)
        return self.best

    def _call(self, name: str, *args) -> None:
        for hook in self.hooks:
            getattr(hook, name)(self, *args)

    def train_one_epoch(self, epoch: int) -> float:
        """One pass over the training batches; returns the mean loss."""
        self.model.train()
        total, batches = 0.0, 0
        for batch, (images, targets) in enumerate(self.train_loader, start=1):
            raise_if_cancelled(self.reporter)  # every batch: a cancel stops within one batch
            loss = self.precision.step(
                self.model, self.loss_function, self.optimizer, images, targets
            )
            if self.scheduler is not None:
                self.scheduler.step()
            total += loss
            batches += 1
            self._call("on_batch_end", batch, loss)
            # Every rank stops after the same batch (a rank short of a step would hang).
            self.stop_reason = self.group.decide(self.stop_reason)
            if self.stop_reason:
                break
        total, batches = self.group.sum(np.array([total, batches], dtype=np.float64))
        return total / max(batches, 1)

    @torch.no_grad()
    def _validate(self, epoch: int, train_loss: float) -> None:
        started = time.monotonic()
        matrix, loss = self.evaluate()
        self.validation_seconds += time.monotonic() - started
        values = {
            "train_loss": train_loss,
            "valid_loss": loss,
            "accuracy": overall_accuracy(matrix),
            "mean_iou": mean_iou(matrix),
        }
        self.history.append({"epoch": epoch, **values})
        if self.best.epoch == 0 or is_better(self.monitor, values, self.best.values):
            self.best = self._checkpoint(epoch, values, matrix)
        self._call("on_epoch_end", epoch, values)
        # Metrics are the same on every rank (summed); plans and stops are rank 0's.
        self.epochs, self.stop_reason = self.group.decide((self.epochs, self.stop_reason))

    def _end_epoch_unvalidated(self, epoch: int, train_loss: float) -> None:
        values = {"train_loss": train_loss}
        self.history.append({"epoch": epoch, **values})
        self._call("on_epoch_end", epoch, values)
        self.epochs, self.stop_reason = self.group.decide((self.epochs, self.stop_reason))

    def _checkpoint(self, epoch: int, values: dict, matrix: np.ndarray | None) -> Checkpoint:
        weights = unwrap(self.model).state_dict().items()
        state = {k: v.detach().cpu().clone() for k, v in weights}
        return Checkpoint(epoch=epoch, values=dict(values), matrix=matrix, state_dict=state)

    @torch.no_grad()
    def evaluate(self) -> tuple[np.ndarray, float]:
        """The validation confusion matrix and mean loss of the current weights (over every
        rank's share of the validation chips)."""
        model = unwrap(self.model)  # no collective inside: ranks may hold unequal shares
        model.eval()
        matrix = torch.zeros(self.class_count, self.class_count, dtype=torch.int64)
        total, batches = 0.0, 0
        for images, targets in self.validation_loader:
            raise_if_cancelled(self.reporter)
            with self.precision.autocast():
                logits = model(images)
            loss = self.loss_function(logits.float(), targets)
            if (targets != IGNORE_INDEX).any():
                total += float(loss)
                batches += 1
            matrix += torch.from_numpy(
                confusion_matrix(logits.argmax(dim=1), targets, self.class_count, IGNORE_INDEX)
            )
        matrix = self.group.sum(matrix.numpy())
        total, batches = self.group.sum(np.array([total, batches], dtype=np.float64))
        return matrix, total / max(batches, 1)

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> torch.Tensor:
        """Class indices the current model predicts for a batch."""
        model = unwrap(self.model)
        model.eval()
        with self.precision.autocast():
            return model(images).argmax(dim=1)


def is_better(monitor: str, values: dict[str, float], best: dict[str, float]) -> bool:
    """Whether ``values`` beat ``best`` on the monitored metric."""
    if monitor in HIGHER_IS_BETTER:
        return values[monitor] > best[monitor]
    return values[monitor] < best[monitor]


class EventHook(Hook):
    """Reports progress, per-epoch metrics and machine-readable training events."""

    def __init__(
        self,
        settings: dict[str, object],
        progress_span: tuple[float, float],
        refit_follows: bool = False,
    ) -> None:
        self.settings = settings
        self.low, self.high = progress_span
        # A refit follows a finished fit: the run ends (for the dock) when the refit does.
        self.refit_follows = refit_follows

    def on_run_start(self, trainer: Trainer) -> None:
        trainer.reporter.event(TrainingEvent(RUN_STARTED, trainer.run_id, dict(self.settings)))

    def _done(self, trainer: Trainer, batch: int) -> float:
        batches = max(len(trainer.train_loader), 1)
        return (trainer.epoch - 1 + batch / batches) / trainer.epochs

    def _eta(self, trainer: Trainer, done: float) -> float:
        return trainer.elapsed * (1 - done) / done if done > 0 else 0.0

    def on_batch_end(self, trainer: Trainer, batch: int, loss: float) -> None:
        done = self._done(trainer, batch)
        trainer.reporter.progress(self.low + (self.high - self.low) * done)
        data = {
            "epoch": trainer.epoch,
            "epochs": trainer.epochs,
            "batch": batch,
            "batches": len(trainer.train_loader),
            "loss": loss,
            "elapsed_s": round(trainer.elapsed, 2),
            "eta_s": round(self._eta(trainer, done), 1),
        }
        trainer.reporter.event(TrainingEvent(BATCH_END, trainer.run_id, data))

    def on_epoch_end(self, trainer: Trainer, epoch: int, values: dict[str, float]) -> None:
        trainer.reporter.metrics(epoch, values)
        scores = class_scores(trainer.best.matrix)
        done = epoch / trainer.epochs
        data = {
            "epoch": epoch,
            "epochs": trainer.epochs,
            "metrics": dict(values),
            "monitor": trainer.monitor,
            "best": trainer.best.values.get(trainer.monitor),
            "best_epoch": trainer.best.epoch,
            "best_class_iou": scores["iou"],
            "learning_rate": trainer.optimizer.param_groups[0]["lr"],
            "elapsed_s": round(trainer.elapsed, 2),
            "eta_s": round(self._eta(trainer, done), 1),
        }
        trainer.reporter.event(TrainingEvent(EPOCH_END, trainer.run_id, data))

    def on_run_end(self, trainer: Trainer, status: str) -> None:
        if self.refit_follows and status not in ("cancelled", "failed", "stopped_early"):
            return
        self.finish(trainer, status)

    def finish(self, trainer: Trainer, status: str) -> None:
        """The run's last event: how it ended and its best epoch."""
        data = {
            "status": status,
            "epochs_run": len(trainer.history),
            "best_epoch": trainer.best.epoch,
            "best": trainer.best.values.get(trainer.monitor),
            "monitor": trainer.monitor,
            "elapsed_s": round(trainer.elapsed, 2),
        }
        trainer.reporter.event(TrainingEvent(RUN_FINISHED, trainer.run_id, data))


class StopRequestHook(Hook):
    """A request to stop early (from the dock) ends the run after the current batch; the
    epoch is validated, so the best checkpoint always exists."""

    def on_batch_end(self, trainer: Trainer, batch: int, loss: float) -> None:
        if trainer.reporter.stop_requested():
            trainer.reporter.info(_("Stopping early as requested; saving the best epoch so far."))
            trainer.stop_reason = "stopped_early"


class EarlyStopping(Hook):
    """Stops when the monitored metric has not improved for ``patience`` epochs."""

    def __init__(self, patience: int) -> None:
        self.patience = patience

    def on_epoch_end(self, trainer: Trainer, epoch: int, values: dict[str, float]) -> None:
        if epoch - trainer.best.epoch >= self.patience:
            trainer.reporter.info(
                _(
                    "Early stopping: {monitor} has not improved for {patience} epochs (best at "
                    "epoch {best_epoch})."
                ).format(
                    monitor=trainer.monitor, patience=self.patience, best_epoch=trainer.best.epoch
                )
            )
            trainer.stop_reason = "early_stopping"


class FreezeBackbone(Hook):
    """Keeps the (pretrained) backbone frozen for the first ``epochs`` epochs, so a new head
    does not wreck its features."""

    def __init__(self, parameters: list[nn.Parameter], epochs: int) -> None:
        self.parameters = parameters
        self.epochs = epochs

    def on_epoch_start(self, trainer: Trainer, epoch: int) -> None:
        frozen = epoch <= self.epochs
        for parameter in self.parameters:
            parameter.requires_grad_(not frozen)


class RefitProgress(Hook):
    """The refit's share of the progress bar, and a line per epoch in the log."""

    def __init__(self, progress_span: tuple[float, float]) -> None:
        self.low, self.high = progress_span

    def on_batch_end(self, trainer: Trainer, batch: int, loss: float) -> None:
        batches = max(len(trainer.train_loader), 1)
        done = (trainer.epoch - 1 + batch / batches) / max(trainer.epochs, 1)
        trainer.reporter.progress(self.low + (self.high - self.low) * min(done, 1.0))

    def on_epoch_end(self, trainer: Trainer, epoch: int, values: dict[str, float]) -> None:
        trainer.reporter.info(
            _("Refit epoch {epoch} of {epochs}: training loss {loss:.4f}.").format(
                epoch=epoch, epochs=trainer.epochs, loss=values["train_loss"]
            )
        )
