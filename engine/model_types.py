"""The model types TorchMap trains. Free of torch so that QGIS can list them in a dialog
before (or without) torch being importable."""

from __future__ import annotations

from dataclasses import dataclass

PIXEL_CLASSIFICATION = "pixel_classification"
IMAGE_CLASSIFICATION = "image_classification"


@dataclass(frozen=True)
class ModelType:
    """A trainable model: ``key`` is what packages store, ``label`` what users see."""

    key: str
    label: str
    task: str
    architecture: str
    backbone: str


# Order matters: the Processing MODEL_TYPE enum indexes this tuple (a public interface), so
# new types are appended, never inserted.
MODEL_TYPES: tuple[ModelType, ...] = (
    ModelType("unet", "U-Net (pixel classification)", PIXEL_CLASSIFICATION, "Unet", "resnet18"),
    ModelType(
        "resnet18", "ResNet-18 (image classification)", IMAGE_CLASSIFICATION, "ResNet", "resnet18"
    ),
)


def model_type(key: str) -> ModelType:
    """The ModelType for a key, e.g. ``"unet"``."""
    for candidate in MODEL_TYPES:
        if candidate.key == key:
            return candidate
    known = ", ".join(candidate.key for candidate in MODEL_TYPES)
    raise ValueError(f"unknown model type {key!r}; known: {known}")
