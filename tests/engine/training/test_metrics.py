from __future__ import annotations

import numpy as np
import torch

from torchmap.engine.training.metrics import class_iou, confusion_matrix, mean_iou, overall_accuracy


def test_confusion_matrix_counts_pairs_and_skips_ignored_pixels() -> None:
    target = torch.tensor([0, 0, 1, 1, 2, -1])
    predicted = torch.tensor([0, 1, 1, 1, 0, 2])
    matrix = confusion_matrix(predicted, target, class_count=3, ignore_index=-1)
    expected = np.zeros((3, 3), dtype=int)
    for truth, guess in zip(target.tolist()[:-1], predicted.tolist()[:-1], strict=True):
        expected[truth, guess] += 1
    np.testing.assert_array_equal(matrix, expected)


def test_accuracy_and_iou_follow_their_definitions() -> None:
    matrix = np.array([[3, 1, 0], [0, 2, 0], [1, 0, 0]])
    assert overall_accuracy(matrix) == 5 / 7
    # class 0: tp 3, fp 1 (row 2), fn 1 -> 3/5; class 1: tp 2, fp 1, fn 0 -> 2/3; class 2: 0/1
    np.testing.assert_allclose(class_iou(matrix), [3 / 5, 2 / 3, 0.0])
    assert mean_iou(matrix) == np.mean([3 / 5, 2 / 3, 0.0])


def test_classes_absent_everywhere_do_not_count_in_mean_iou() -> None:
    matrix = np.array([[4, 0], [0, 0]])
    assert np.isnan(class_iou(matrix)[1])
    assert mean_iou(matrix) == 1.0
