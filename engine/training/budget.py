"""MAX_TIME: the whole run fits the user's budget and fills it.

The budget counts from the start of the run (reading chips included). Before training, a few
steps are timed; the learning rate finder gets at most a tenth of the budget (steps scaled to
what is affordable; skipped, with a robust default rate, where too few steps fit); the epochs
fill the rest but a reserve for the last validation, the reports and the package. While
training, every epoch's measured time re-plans how many epochs still fit, and the one-cycle
schedule is stretched or shortened to end exactly with the last of them.

Everything here takes a clock (``time.monotonic`` by default), so tests run on a fake one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from torch.optim import Optimizer
from torch.optim.lr_scheduler import LambdaLR

from ..i18n import _
from .trainer import Hook, Trainer

FINDER_SHARE = 0.1  # of the budget, at most, for the learning rate finder
MIN_FINDER_STEPS = 20  # fewer give no usable curve: the default rate is better then
DEFAULT_LEARNING_RATE = 1e-3  # AdamW from scratch: robust on every set the benches tried
RESERVE_SHARE = 0.05  # of the budget, kept for the last validation, reports and package
MIN_RESERVE_S = 3.0
EPOCHS_WITHOUT_CAP = 1000  # with a budget and no EPOCHS given: the budget decides
WARMUP_SHARE = 0.25  # of the schedule, rising to the peak rate (as torch's OneCycleLR)
START_DIVISOR, END_DIVISOR = 25.0, 1e4


class Budget:
    """A time budget in seconds, counted from ``started`` on ``clock``."""

    def __init__(
        self,
        seconds: float,
        started: float,
        clock: Callable[[], float] = time.monotonic,
        reserve: float | None = None,
    ) -> None:
        self.seconds, self.started, self.clock = seconds, started, clock
        self.reserve = max(MIN_RESERVE_S, RESERVE_SHARE * seconds) if reserve is None else reserve

    def first_part(self, share: float) -> Budget:
        """The budget of a first phase that takes ``share`` of the training time left (the
        refit on every chip gets the rest): it ends earlier, with the same reserve."""
        ends_after = self.spent() + share * max(self.left(), 0.0)
        return Budget(ends_after + self.reserve, self.started, self.clock, self.reserve)

    def spent(self) -> float:
        return self.clock() - self.started

    def left(self) -> float:
        """Seconds left for training (the reserve kept back)."""
        return self.seconds - self.spent() - self.reserve

    def deadline(self) -> float:
        """When training must stop at the latest, on ``clock``."""
        return self.started + self.seconds - self.reserve


def finder_steps(budget: Budget, step_seconds: float, wanted: int) -> int:
    """Learning rate finder steps that fit a tenth of the budget (at most ``wanted``); 0 when
    fewer than MIN_FINDER_STEPS fit: then skip it."""
    affordable = int(FINDER_SHARE * budget.seconds / max(step_seconds, 1e-6))
    steps = min(wanted, affordable)
    return steps if steps >= MIN_FINDER_STEPS else 0


def affordable_epochs(seconds_left: float, epoch_seconds: float, cap: int) -> int:
    """Whole epochs that fit ``seconds_left`` (at least 1, at most ``cap``)."""
    return max(1, min(cap, int(seconds_left // max(epoch_seconds, 1e-6))))


class ReplannableOneCycle(LambdaLR):
    """Torch's one-cycle shape (cosine up to the peak over the first quarter, cosine down to
    almost nothing) over ``total_steps`` that may change while it runs: re-planned epochs
    still end on a finished schedule."""

    def __init__(self, optimizer: Optimizer, peak_rate: float, total_steps: int) -> None:
        self.total_steps = max(total_steps, 2)
        for group in optimizer.param_groups:
            group["lr"] = peak_rate
            group["initial_lr"] = peak_rate
        super().__init__(optimizer, self._factor)

    def _factor(self, step: int) -> float:
        progress = min(step / self.total_steps, 1.0)
        start, end = 1 / START_DIVISOR, 1 / START_DIVISOR / END_DIVISOR
        if progress < WARMUP_SHARE:
            return _cosine(start, 1.0, progress / WARMUP_SHARE)
        return _cosine(1.0, end, (progress - WARMUP_SHARE) / (1 - WARMUP_SHARE))


def _cosine(start: float, end: float, fraction: float) -> float:
    return end + (start - end) * (1 + math.cos(math.pi * fraction)) / 2


class BudgetPlanner(Hook):
    """Re-plans the number of epochs from the measured epoch times after every epoch, and
    stops within the budget even when one epoch runs long."""

    def __init__(
        self,
        budget: Budget,
        cap: int,
        batches_per_epoch: int,
        schedule: ReplannableOneCycle | None,
    ) -> None:
        self.budget, self.cap, self.batches = budget, cap, batches_per_epoch
        self.schedule = schedule
        self.epoch_started = 0.0
        self.epoch_times: list[float] = []
        self.announced: int | None = None  # the plan last told to the user

    def on_epoch_start(self, trainer: Trainer, epoch: int) -> None:
        self.epoch_started = self.budget.clock()

    def on_batch_end(self, trainer: Trainer, batch: int, loss: float) -> None:
        if self.budget.clock() > self.budget.deadline():
            trainer.reporter.info(_("MAX_TIME reached: finishing with the best epoch so far."))
            trainer.stop_reason = "time_budget"

    def on_epoch_end(self, trainer: Trainer, epoch: int, values: dict[str, float]) -> None:
        self.epoch_times.append(self.budget.clock() - self.epoch_started)
        recent = self.epoch_times[-3:]  # the machine's speed drifts: the last epochs tell
        per_epoch = sum(recent) / len(recent)
        more = int(max(self.budget.left(), 0.0) // max(per_epoch, 1e-6))
        planned = max(epoch, min(self.cap, epoch + more))
        if self.announced is None:
            self.announced = trainer.epochs
        if abs(planned - self.announced) > max(2, 0.2 * self.announced):  # not every wobble
            trainer.reporter.info(
                _(
                    "MAX_TIME: epochs take about {seconds:.1f} s, so {epochs} epochs in all "
                    "instead of {planned}."
                ).format(seconds=per_epoch, epochs=planned, planned=self.announced)
            )
            self.announced = planned
        trainer.epochs = planned
        if self.schedule is not None:
            self.schedule.total_steps = max(planned * self.batches, 2)
