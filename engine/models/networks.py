"""How each model type's network is built, and where it runs."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional


class PadToMultiple(nn.Module):
    """Pads inputs to a multiple of the encoder's total stride and crops the output back, so
    a segmentation network accepts any tile size and the map's edge tiles."""

    def __init__(self, net: nn.Module, multiple: int = 32) -> None:
        super().__init__()
        self.net = net
        self.multiple = multiple

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        height, width = images.shape[-2:]
        pad_bottom = -height % self.multiple
        pad_right = -width % self.multiple
        if pad_bottom or pad_right:
            # Reflection keeps the image statistics at the border; it needs pad < size.
            mode = "reflect" if pad_bottom < height and pad_right < width else "replicate"
            images = functional.pad(images, (0, pad_right, 0, pad_bottom), mode=mode)
        return self.net(images)[..., :height, :width]


def build_model(key: str, band_count: int, class_count: int) -> nn.Module:
    """A freshly initialised network for ``band_count`` input bands and ``class_count`` classes
    (no pretrained weights: they need a download, and rarely fit multispectral bands)."""
    if key == "unet":
        import segmentation_models_pytorch as smp  # slow import: only when a U-Net is built

        net = smp.Unet(
            encoder_name="resnet18",
            encoder_weights=None,
            in_channels=band_count,
            classes=class_count,
        )
        return PadToMultiple(net)
    if key == "resnet18":
        from torchvision.models import resnet18

        net = resnet18(weights=None, num_classes=class_count)
        if band_count != 3:
            net.conv1 = nn.Conv2d(band_count, 64, kernel_size=7, stride=2, padding=3, bias=False)
        return net
    raise ValueError(f"unknown model type {key!r}")


def choose_device(requested: str | None = None) -> torch.device:
    """The requested device, else CUDA when available, else the CPU."""
    if requested:
        return torch.device(requested)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
