from __future__ import annotations

import torch
from torch import nn

from torchmap.engine.reporter import NullReporter
from torchmap.engine.training.lr_finder import MAX_PICK, MIN_PICK, find_learning_rate
from torchmap.engine.training.precision import Precision


def test_the_finder_picks_a_sane_rate_and_puts_the_model_back() -> None:
    torch.manual_seed(0)
    images = torch.randn(64, 3, 8, 8)
    targets = (images[:, 0].mean(dim=(1, 2)) > 0).long()
    batches = [(images[i : i + 8], targets[i : i + 8]) for i in range(0, 64, 8)]
    model = nn.Sequential(nn.Flatten(), nn.Linear(192, 16), nn.ReLU(), nn.Linear(16, 2))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    precision = Precision(torch.float32, torch.device("cpu"))
    sweep = find_learning_rate(
        model, nn.CrossEntropyLoss(), optimizer, batches, precision, NullReporter(), steps=60
    )
    assert MIN_PICK <= sweep.suggestion <= MAX_PICK
    assert sweep.rates == sorted(sweep.rates) and len(sweep.rates) == len(sweep.losses) > 10
    assert min(sweep.losses) < sweep.losses[0]  # the loss fell somewhere along the sweep
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, before[name])
