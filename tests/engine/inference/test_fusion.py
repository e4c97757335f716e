from __future__ import annotations

import pytest
import torch
from torch import nn

from torchmap.engine.inference.fusion import fold_batch_norms
from torchmap.engine.models.networks import build_network


def _with_learned_statistics(model: nn.Module) -> nn.Module:
    """Batch norms as after training (fresh ones are the identity, which proves nothing)."""
    generator = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            count = module.num_features
            module.running_mean.copy_(torch.rand(count, generator=generator) - 0.5)
            module.running_var.copy_(torch.rand(count, generator=generator) + 0.5)
            module.weight.data.copy_(torch.rand(count, generator=generator) + 0.5)
            module.bias.data.copy_(torch.rand(count, generator=generator) - 0.5)
    return model.eval()


@pytest.mark.parametrize(
    ("task", "architecture", "backbone", "pixel_path"),
    [
        ("pixel_classification", "Unet", "resnet18", True),
        ("pixel_classification", "FPN", "mobilenet_v2", False),
        ("image_classification", "ResNet", "resnet18", False),
    ],
)
def test_folded_networks_drop_their_batch_norms_and_predict_the_same(
    task: str, architecture: str, backbone: str, pixel_path: bool
) -> None:
    torch.manual_seed(0)
    network = build_network(task, architecture, backbone, 5, 3, pixel_path=pixel_path)
    model = _with_learned_statistics(network)
    folded = fold_batch_norms(model, bands=5)
    norms = [m for m in folded.modules() if isinstance(m, nn.BatchNorm2d)]
    assert folded is not model and not norms
    images = torch.randn(2, 5, 96, 96)
    with torch.inference_mode():
        expected, actual = model(images), folded(images)
    torch.testing.assert_close(actual, expected, rtol=1e-3, atol=1e-3)
    assert any(isinstance(m, nn.BatchNorm2d) for m in model.modules())  # the original is kept


class PreActivation(nn.Module):
    """Named like a ResNet block, but normalises *before* convolving: not foldable."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.conv1(torch.relu(self.bn1(images)))


def test_a_network_whose_names_mislead_is_left_as_it_is() -> None:
    torch.manual_seed(0)
    model = _with_learned_statistics(PreActivation())
    assert fold_batch_norms(model, bands=4) is model
