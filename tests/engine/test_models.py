"""Every model type runs forward and backward on odd band counts and odd sizes."""

from __future__ import annotations

import pytest
import torch

from torchmap.engine.model_types import MODEL_TYPES, PIXEL_CLASSIFICATION
from torchmap.engine.models.networks import build_model


@pytest.mark.parametrize("spec", MODEL_TYPES, ids=lambda spec: spec.key)
@pytest.mark.parametrize(("bands", "height", "width"), [(4, 64, 64), (7, 45, 70), (1, 32, 32)])
def test_forward_and_backward(spec, bands: int, height: int, width: int) -> None:
    torch.manual_seed(0)
    model = build_model(spec.key, band_count=bands, class_count=5)
    output = model(torch.randn(2, bands, height, width))
    if spec.task == PIXEL_CLASSIFICATION:
        assert output.shape == (2, 5, height, width)  # padded inside, cropped back
    else:
        assert output.shape == (2, 5)
    output.mean().backward()
    assert all(p.grad is not None for p in model.parameters() if p.requires_grad)
