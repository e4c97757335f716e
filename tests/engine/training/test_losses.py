from __future__ import annotations

import numpy as np
import torch

from torchmap.engine.training.losses import DiceLoss, build_loss, class_weights
from torchmap.engine.training.metrics import class_scores


def test_rare_classes_weigh_more_within_bounds() -> None:
    weights = class_weights(np.array([10_000, 1_000, 10, 0]))
    assert weights[0] < weights[1] < weights[2] <= 10
    assert weights[3] == 1.0  # absent from training: no pixel to weigh


def test_unlabelled_pixels_do_not_count() -> None:
    logits = torch.randn(2, 3, 8, 8, requires_grad=True)
    targets = torch.randint(0, 3, (2, 8, 8))
    loss = build_loss("weighted_ce_dice", np.ones(3), torch.device("cpu"))
    masked = targets.clone()
    masked[:, :4] = -1
    changed = logits.detach().clone()
    changed[:, :, :4] = 100.0  # wild predictions where nothing is labelled
    assert torch.isclose(loss(logits, masked), loss(changed.requires_grad_(), masked), atol=1e-5)
    empty = torch.full_like(targets, -1)
    value = loss(logits, empty)
    value.backward()
    assert value.item() == 0.0


def test_dice_is_zero_for_a_perfect_prediction() -> None:
    targets = torch.randint(0, 3, (1, 16, 16))
    logits = torch.nn.functional.one_hot(targets, 3).permute(0, 3, 1, 2).float() * 50
    assert DiceLoss()(logits, targets).item() < 1e-3


def test_class_scores_follow_their_definitions() -> None:
    matrix = np.array([[3, 1, 0], [0, 2, 0], [1, 0, 0]])
    scores = class_scores(matrix)
    assert scores["precision"][0] == 3 / 4 and scores["recall"][0] == 3 / 4
    assert scores["precision"][1] == 2 / 3 and scores["recall"][1] == 1.0
    assert scores["f1"][1] == 2 * 2 / (3 + 2)
    assert scores["precision"][2] is None and scores["recall"][2] == 0.0
