"""How a network is built from a model's description (task, architecture, backbone, bands,
classes), how pretrained weights reach it, and where it runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional

from ..errors import InputError
from ..i18n import _
from ..reporter import NullReporter, Reporter
from .registry import PIXEL_CLASSIFICATION, model_type, model_type_for
from .weights import WeightsError, load_tensors

PRETRAINED_NONE = "none"
PRETRAINED_IMAGENET = "imagenet"


PIXEL_PATH_WIDTH = 64  # hidden channels of the per-pixel path


class PixelPath(nn.Sequential):
    """Logits from each pixel's own band values alone (1x1 convolutions), added to the
    segmentation network's. smp's encoders start with a strided 7x7 convolution, so a
    feature of a few pixels (a pond, a narrow road, a 30 m field edge) reaches the decoder
    blurred with its surroundings; this path lets its spectrum decide at full resolution,
    as a per-pixel classifier would, while the network adds the context. On the shared
    Landsat scene (MAX_TIME 2, held-out polygons, three splits) it lifted the mean IoU from
    0.48 to 0.60 (a per-pixel Random Forest: 0.59); the rarest class, 13 training pixels,
    went from mostly lost to mostly found (README: the budget table and its spread).
    """

    def __init__(self, band_count: int, class_count: int, width: int = PIXEL_PATH_WIDTH):
        super().__init__(
            nn.Conv2d(band_count, width, 1),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.Conv2d(width, width, 1),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.Conv2d(width, class_count, 1),
        )


class PadToMultiple(nn.Module):
    """Pads inputs to a multiple of the encoder's total stride (and at least ``min_size``)
    and crops the output back, so a segmentation network accepts any tile size and the map's
    edge tiles; ``pixels`` (a PixelPath) adds per-pixel logits at full resolution."""

    def __init__(
        self,
        net: nn.Module,
        multiple: int = 32,
        min_size: int = 32,
        pixels: nn.Module | None = None,
    ) -> None:
        super().__init__()
        self.net = net
        self.multiple = multiple
        self.min_size = min_size
        self.register_module("pixels", pixels)  # a submodule, or None for older packages

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        height, width = images.shape[-2:]
        pad_bottom = max(-height % self.multiple, self.min_size - height)
        pad_right = max(-width % self.multiple, self.min_size - width)
        if pad_bottom or pad_right:
            # Reflection keeps the image statistics at the border; it needs pad < size.
            mode = "reflect" if pad_bottom < height and pad_right < width else "replicate"
            padded = functional.pad(images, (0, pad_right, 0, pad_bottom), mode=mode)
            logits = self.net(padded)[..., :height, :width]
        else:
            logits = self.net(images)
        return logits if self.pixels is None else logits + self.pixels(images)


def build_network(
    task: str,
    architecture: str,
    backbone: str,
    band_count: int,
    class_count: int,
    pretrained: str = PRETRAINED_NONE,
    reporter: Reporter | None = None,
    pixel_path: bool = False,
) -> nn.Module:
    """A network for ``band_count`` bands and ``class_count`` classes. ``pretrained`` is
    ``none``, ``imagenet`` (the libraries' weight caches; offline: a warning and random
    weights) or a local weights file; the first layer is adapted to the band count.
    ``pixel_path`` adds a PixelPath to a segmentation network (what new packages train;
    packages record whether they have one)."""
    reporter = reporter or NullReporter()
    imagenet = pretrained == PRETRAINED_IMAGENET
    if task == PIXEL_CLASSIFICATION:
        net = _segmentation_network(
            architecture, backbone, band_count, class_count, imagenet, reporter, pixel_path
        )
    else:
        net = _image_network(backbone, band_count, class_count, imagenet, reporter)
    if pretrained not in (PRETRAINED_NONE, PRETRAINED_IMAGENET, ""):
        load_weights_file(net, Path(pretrained), reporter)
    return net


def build_model(key: str, band_count: int, class_count: int) -> nn.Module:
    """A freshly initialised network of a registered model type, e.g. ``"unet"``, as
    training makes it."""
    kind = model_type(key)
    return build_network(
        kind.task, kind.architecture, kind.backbone, band_count, class_count, pixel_path=True
    )


def _segmentation_network(
    architecture: str,
    backbone: str,
    band_count: int,
    class_count: int,
    imagenet: bool,
    reporter: Reporter,
    pixel_path: bool,
) -> nn.Module:
    import segmentation_models_pytorch as smp  # slow import: only when a network is built

    kind = model_type_for(PIXEL_CLASSIFICATION, architecture)
    check_backbone(PIXEL_CLASSIFICATION, backbone)
    network_class = getattr(smp, architecture)

    def make(weights: str | None) -> nn.Module:
        return network_class(
            encoder_name=backbone,
            encoder_weights=weights,
            in_channels=band_count,
            classes=class_count,
        )

    net = _with_imagenet_weights(make, "imagenet", imagenet, backbone, reporter)
    pixels = PixelPath(band_count, class_count) if pixel_path else None
    return PadToMultiple(net, min_size=kind.min_size, pixels=pixels)


def _image_network(
    backbone: str, band_count: int, class_count: int, imagenet: bool, reporter: Reporter
) -> nn.Module:
    import torchvision

    check_backbone("image_classification", backbone)

    def make(weights: str | None) -> nn.Module:
        return torchvision.models.get_model(backbone, weights=weights)

    net = _with_imagenet_weights(make, "DEFAULT", imagenet, backbone, reporter)
    _replace_last(net, nn.Linear, lambda old: nn.Linear(old.in_features, class_count))
    if band_count != 3:
        _replace_last(net, nn.Conv2d, lambda old: _adapted_conv(old, band_count), first=True)
    return net


def _with_imagenet_weights(
    make, token: str, imagenet: bool, backbone: str, reporter: Reporter
) -> nn.Module:
    """``make(token)`` (the library's name for ImageNet weights) when asked and possible,
    else ``make(None)``: random weights."""
    if not imagenet:
        return make(None)
    try:
        return make(token)
    except Exception as error:  # offline, no cache, or no ImageNet weights for this backbone
        reporter.warning(
            _(
                "PRETRAINED: ImageNet weights for {backbone} are neither in the weight cache nor "
                "downloadable ({error_type}: {error}); training from scratch instead. Copy the "
                "weights file into the torch cache, or name a local weights file."
            ).format(backbone=backbone, error_type=type(error).__name__, error=error)
        )
        return make(None)


def check_backbone(task: str, backbone: str) -> None:
    """Refuse a backbone the libraries do not offer, listing a few that they do."""
    known = backbone_names(task)
    if backbone in known or (task == PIXEL_CLASSIFICATION and backbone.startswith("tu-")):
        return
    examples = ", ".join(known[:12])
    raise InputError(
        "backbone",
        _(
            "{backbone!r} is not a backbone of this model type; choose one such as {examples} "
            "(or leave it empty for the model type's default)."
        ).format(backbone=backbone, examples=examples),
    )


def backbone_names(task: str) -> list[str]:
    """Every backbone a task offers: smp encoders (pixels) or torchvision classifiers."""
    if task == PIXEL_CLASSIFICATION:
        import segmentation_models_pytorch as smp

        return list(smp.encoders.get_encoder_names())
    import torchvision

    return list(torchvision.models.list_models(module=torchvision.models))


def _replace_last(net: nn.Module, kind: type, replace, first: bool = False) -> None:
    """Swap the last (or first) submodule of ``kind`` for ``replace(old)``."""
    named = [(name, module) for name, module in net.named_modules() if isinstance(module, kind)]
    name, old = named[0] if first else named[-1]
    parent_name, _, attribute = name.rpartition(".")
    parent = net.get_submodule(parent_name) if parent_name else net
    setattr(parent, attribute, replace(old))


def _adapted_conv(old: nn.Conv2d, band_count: int) -> nn.Conv2d:
    """The first convolution for ``band_count`` bands, its RGB weights cycled over the bands
    and rescaled, so pretrained features still respond (random weights stay random)."""
    new = nn.Conv2d(
        band_count,
        old.out_channels,
        old.kernel_size,
        old.stride,
        old.padding,
        old.dilation,
        old.groups,
        old.bias is not None,
    )
    with torch.no_grad():
        new.weight.copy_(adapt_input_weight(old.weight, band_count))
        if old.bias is not None:
            new.bias.copy_(old.bias)
    return new


def adapt_input_weight(weight: torch.Tensor, band_count: int) -> torch.Tensor:
    """A first-layer weight (out, in, k, k) for ``band_count`` input bands."""
    channels = weight.shape[1]
    index = torch.arange(band_count) % channels
    return weight[:, index] * (channels / band_count)


def load_weights_file(
    net: nn.Module, path: Path, reporter: Reporter, field: str = "pretrained"
) -> int:
    """Copy the tensors of a local weights file that fit ``net`` (by name and shape; the first
    layer adapted to the bands); returns how many were copied, refusing a file with none."""
    if not path.is_file():
        raise InputError(
            field, _("{path} does not exist; choose a weights file (.pth/.pt).").format(path=path)
        )
    try:
        state = load_tensors(str(path), "cpu")
    except WeightsError as refusal:
        raise InputError(
            field,
            _(
                "{path} cannot be read as torch weights ({reason}); choose a weights file that "
                "holds only tensors (a state dict) from a source you trust."
            ).format(path=path, reason=refusal.reason),
        ) from refusal
    state = _unwrap_state(state)
    copied = copy_matching_weights(net, state)
    if copied == 0:
        raise InputError(
            field,
            _(
                "none of the tensors in {path} fit this network; choose weights of the same "
                "backbone (e.g. torchvision's resnet18 file for a resnet18 backbone)."
            ).format(path=path),
        )
    reporter.info(_("Loaded {count} weight tensors from {path}.").format(count=copied, path=path))
    return copied


def _unwrap_state(state: object) -> Mapping[str, torch.Tensor]:
    for key in ("state_dict", "model", "model_state_dict"):
        if isinstance(state, dict) and isinstance(state.get(key), dict):
            state = state[key]
    if not isinstance(state, dict):
        return {}
    return {str(k): v for k, v in state.items() if isinstance(v, torch.Tensor)}


def copy_matching_weights(net: nn.Module, state: Mapping[str, torch.Tensor]) -> int:
    """Copy tensors whose names (up to a leading ``net.``/``encoder.``/``module.`` part) and
    shapes fit; a first-layer weight with another band count is adapted. Returns the count."""
    target = net.state_dict()
    by_suffix = {_strip(name): name for name in target}
    copied = 0
    with torch.no_grad():
        for name, tensor in state.items():
            destination = _find_destination(name, target, by_suffix)
            if destination is None:
                continue
            wanted = target[destination]
            if wanted.shape != tensor.shape and _is_input_weight(wanted, tensor):
                tensor = adapt_input_weight(tensor, wanted.shape[1])
            if wanted.shape == tensor.shape:
                wanted.copy_(tensor.to(wanted.dtype))
                copied += 1
    return copied


def _strip(name: str) -> str:
    for prefix in ("module.", "net.", "encoder.", "model."):
        while name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def _find_destination(
    name: str, target: Mapping[str, torch.Tensor], by_suffix: Mapping[str, str]
) -> str | None:
    if name in target:
        return name
    return by_suffix.get(_strip(name))


def _is_input_weight(wanted: torch.Tensor, given: torch.Tensor) -> bool:
    return (
        wanted.dim() == 4
        and given.dim() == 4
        and wanted.shape[0] == given.shape[0]
        and wanted.shape[2:] == given.shape[2:]
    )


def backbone_parameters(net: nn.Module, task: str) -> Iterator[nn.Parameter]:
    """The backbone's parameters (everything but the decoder/head), e.g. to freeze them."""
    if task == PIXEL_CLASSIFICATION:
        inner = net.net if isinstance(net, PadToMultiple) else net
        yield from inner.encoder.parameters()
        return
    head = [m for m in net.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    yield from (p for p in net.parameters() if id(p) not in head_ids)
