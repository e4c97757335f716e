"""The model types TorchMap trains: task, architecture and default backbone of each. Adding an
architecture is one entry here. Free of torch so that QGIS can list them in a dialog before
(or without) torch being importable."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from ..options import IMAGE_CLASSIFICATION, PIXEL_CLASSIFICATION


@dataclass(frozen=True)
class ModelType:
    """A trainable model: ``key`` is what packages store, ``label`` what users see.

    ``architecture`` names the segmentation-models-pytorch class for pixel classification
    (``Unet``, ``FPN``...) and the network family for image classification; ``backbone`` is
    the default smp encoder (pixels) or torchvision model (images). ``min_size`` is the
    smallest input side the network accepts (smaller tiles are padded up to it).
    """

    key: str
    label: str
    task: str
    architecture: str
    backbone: str
    min_size: int = 32

    @property
    def name(self) -> str:
        """The network's name alone: ``U-Net``, ``ResNet-18``."""
        return self.label.rsplit(" (", 1)[0]

    @property
    def translated_label(self) -> str:
        """``label`` in the user's language, for the engine's messages."""
        name = self.label.rsplit(" (", 1)[0]
        if self.task == PIXEL_CLASSIFICATION:
            return _("{name} (pixel classification)").format(name=name)
        return _("{name} (image classification)").format(name=name)


def task_label(task: str) -> str:
    """A task as users read it, in their language: "pixel classification"..."""
    labels = {
        PIXEL_CLASSIFICATION: _("pixel classification"),
        IMAGE_CLASSIFICATION: _("image classification"),
    }
    return labels.get(task, task.replace("_", " "))


def _pixels(key: str, label: str, architecture: str, min_size: int = 32) -> ModelType:
    return ModelType(
        key,
        f"{label} (pixel classification)",
        PIXEL_CLASSIFICATION,
        architecture,
        "resnet18",
        min_size,
    )


def _images(key: str, label: str, family: str) -> ModelType:
    return ModelType(key, f"{label} (image classification)", IMAGE_CLASSIFICATION, family, key)


# Order matters: the Processing MODEL_TYPE enum indexes this tuple (a public interface), so
# new types are appended, never inserted.
MODEL_TYPES: tuple[ModelType, ...] = (
    _pixels("unet", "U-Net", "Unet"),
    _images("resnet18", "ResNet-18", "ResNet"),
    _pixels("unetplusplus", "U-Net++", "UnetPlusPlus"),
    _pixels("deeplabv3plus", "DeepLabV3+", "DeepLabV3Plus"),
    _pixels("deeplabv3", "DeepLabV3", "DeepLabV3"),
    _pixels("fpn", "FPN", "FPN"),
    _pixels("pspnet", "PSPNet", "PSPNet"),
    _pixels("linknet", "LinkNet", "Linknet"),
    _pixels("manet", "MA-Net", "MAnet"),
    _pixels("pan", "PAN", "PAN", min_size=128),  # its pyramid pooling needs 4 px at 1/32
    _pixels("upernet", "UPerNet", "UPerNet"),
    _pixels("segformer", "SegFormer", "Segformer"),
    _images("resnet34", "ResNet-34", "ResNet"),
    _images("resnet50", "ResNet-50", "ResNet"),
    _images("efficientnet_b0", "EfficientNet-B0", "EfficientNet"),
    _images("mobilenet_v3_large", "MobileNetV3-Large", "MobileNetV3"),
    _images("convnext_tiny", "ConvNeXt-Tiny", "ConvNeXt"),
)


def model_type(key: str) -> ModelType:
    """The ModelType for a key, e.g. ``"unet"``."""
    for candidate in MODEL_TYPES:
        if candidate.key == key:
            return candidate
    known = ", ".join(candidate.key for candidate in MODEL_TYPES)
    raise ValueError(f"unknown model type {key!r}; known: {known}")


def model_type_for(task: str, architecture: str) -> ModelType:
    """The registered type of a task and architecture (its key names the architecture)."""
    for candidate in MODEL_TYPES:
        if candidate.task == task and candidate.architecture == architecture:
            return candidate
    raise ValueError(f"no {task} model type has the architecture {architecture!r}")
