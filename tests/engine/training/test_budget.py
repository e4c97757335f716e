"""MAX_TIME on a fake clock: the finder's share, the epochs that fit, re-planning as epochs
run, a one-cycle schedule that ends with the last epoch; and one real run on real data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import torch

from torchmap.engine.reporter import NullReporter
from torchmap.engine.training.budget import (
    MIN_FINDER_STEPS,
    Budget,
    BudgetPlanner,
    ReplannableOneCycle,
    affordable_epochs,
    finder_steps,
)

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "landsat7_chiapas"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Lines(NullReporter):
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, text: str) -> None:
        self.lines.append(text)


class FakeTrainer:
    """What the planner touches of a Trainer, and its epoch loop."""

    def __init__(self, epochs: int) -> None:
        self.epochs, self.epoch, self.stop_reason = epochs, 0, ""
        self.reporter = Lines()


def run_epochs(trainer: FakeTrainer, planner: BudgetPlanner, clock: Clock, costs) -> None:
    """Trainer.fit's loop: each epoch takes the next cost in batches of a tenth."""
    epoch = 0
    while epoch < trainer.epochs and not trainer.stop_reason:
        epoch += 1
        trainer.epoch = epoch
        planner.on_epoch_start(trainer, epoch)
        cost = costs(epoch)
        for batch in range(10):
            clock.now += cost / 10
            planner.on_batch_end(trainer, batch, 0.0)
            if trainer.stop_reason:
                break
        planner.on_epoch_end(trainer, epoch, {})


def test_the_finder_gets_a_tenth_of_the_budget_or_is_skipped() -> None:
    budget = Budget(300.0, started=0.0, clock=lambda: 0.0)
    assert finder_steps(budget, step_seconds=0.5, wanted=100) == 60  # 30 s of 300
    assert finder_steps(budget, step_seconds=0.1, wanted=100) == 100
    assert finder_steps(budget, step_seconds=2.0, wanted=100) == 0  # 15 steps: skip it
    assert finder_steps(budget, step_seconds=30 / MIN_FINDER_STEPS, wanted=100) == 20


def test_epochs_fill_what_is_left_within_the_cap() -> None:
    assert affordable_epochs(100.0, 9.0, cap=1000) == 11
    assert affordable_epochs(100.0, 9.0, cap=5) == 5
    assert affordable_epochs(1.0, 9.0, cap=1000) == 1


@pytest.mark.parametrize(
    ("startup", "planned_epoch", "actual_epoch"),
    [(10.0, 5.0, 5.0), (40.0, 5.0, 9.0), (5.0, 8.0, 2.0), (100.0, 1.0, 30.0), (0.0, 3.0, 3.0)],
)
def test_the_run_ends_within_the_budget_whatever_finder_and_epochs_cost(
    startup: float, planned_epoch: float, actual_epoch: float
) -> None:
    """``startup``: reading chips and the finder; the epochs then run slower or faster than
    the probe said. The run ends before the budget (less its reserve for the reports) and,
    when epochs are short, fills it."""
    clock = Clock()
    budget = Budget(300.0, started=clock.now, clock=clock)
    clock.now += startup
    trainer = FakeTrainer(affordable_epochs(budget.left(), planned_epoch, cap=1000))
    planner = BudgetPlanner(budget, cap=1000, batches_per_epoch=10, schedule=None)
    run_epochs(trainer, planner, clock, lambda epoch: actual_epoch)
    spent = clock.now - budget.started
    assert spent <= budget.seconds - budget.reserve + 1e-6
    assert spent >= budget.seconds - budget.reserve - actual_epoch - 1e-6  # filled
    assert trainer.epoch == trainer.epochs or trainer.stop_reason == "time_budget"


@pytest.mark.parametrize(("fit_epoch", "refit_epoch"), [(4.0, 6.0), (2.0, 9.0), (6.0, 3.0)])
def test_a_validated_fit_and_its_refit_end_within_the_budget_together(
    fit_epoch: float, refit_epoch: float
) -> None:
    """The validated fit plans on the first part of the budget; the refit on every chip
    gets what is left, re-planned from its own epoch times, and the two end within it."""
    clock = Clock()
    budget = Budget(300.0, started=clock.now, clock=clock)
    clock.now += 20.0  # reading chips, finder
    first = budget.first_part(0.45)
    assert first.reserve == budget.reserve
    assert first.deadline() == pytest.approx(clock.now + 0.45 * budget.left())
    fit = FakeTrainer(affordable_epochs(first.left(), 4.0, cap=1000))
    run_epochs(fit, BudgetPlanner(first, 1000, 10, None), clock, lambda epoch: fit_epoch)
    assert clock.now <= first.deadline() + 1e-6
    refit = FakeTrainer(affordable_epochs(budget.left(), fit_epoch * 1.25, cap=1000))
    run_epochs(refit, BudgetPlanner(budget, 1000, 10, None), clock, lambda epoch: refit_epoch)
    spent = clock.now - budget.started
    assert budget.seconds - budget.reserve - refit_epoch - 1e-6 <= spent
    assert spent <= budget.seconds - budget.reserve + 1e-6


def test_epochs_are_re_planned_from_the_measured_times_and_the_cap_holds() -> None:
    clock = Clock()
    budget = Budget(100.0, started=clock.now, clock=clock)
    trainer = FakeTrainer(epochs=20)  # the probe was optimistic
    planner = BudgetPlanner(budget, cap=1000, batches_per_epoch=10, schedule=None)
    run_epochs(trainer, planner, clock, lambda epoch: 10.0)
    assert trainer.epochs == 9  # 95 s of training at 10 s an epoch
    assert any("instead of 20" in line for line in trainer.reporter.lines)
    capped = FakeTrainer(epochs=2)
    planner = BudgetPlanner(Budget(100.0, clock.now, clock), 3, 10, None)
    run_epochs(capped, planner, clock, lambda epoch: 1.0)
    assert capped.epochs == 3  # the user's EPOCHS caps what the budget would allow


def test_the_one_cycle_schedule_ends_with_the_re_planned_last_epoch() -> None:
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=0.1)
    schedule = ReplannableOneCycle(optimizer, peak_rate=0.1, total_steps=100)
    rates = []
    for step in range(60):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        schedule.step()
        if step == 39:
            schedule.total_steps = 60  # fewer epochs fit than planned
    assert rates[0] == pytest.approx(0.1 / 25)
    assert max(rates) == pytest.approx(0.1, rel=1e-3)
    assert optimizer.param_groups[0]["lr"] < 1e-6  # finished at the new end


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data (the real Landsat sample) absent")
def test_a_real_one_minute_run_on_landsat_ends_within_ten_percent(tmp_path: Path) -> None:
    from torchmap.engine.data.export import ExportConfig, export_training_data
    from torchmap.engine.training.train import TrainConfig, train_model

    chips = tmp_path / "chips"
    export_training_data(ExportConfig(
        SHARED / "LE70220491999322EDC01_stack.gtif", SHARED / "training_data.gtif", chips,
        tile_size=32, stride=16, bands=(1, 2, 3, 4, 5, 6),
    ))  # fmt: skip
    lines = Lines()
    started = time.monotonic()
    train_model(TrainConfig(chips, "unet", tmp_path / "m.tmpk", max_time_minutes=1.0), lines)
    took = time.monotonic() - started
    assert 54.0 <= took <= 66.0, (took, lines.lines)
    assert any(line.startswith("Time: ") for line in lines.lines)
