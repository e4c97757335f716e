"""The model package: one ``.tmpk`` file (a zip) that carries everything inference needs.

``definition.json`` describes the model (type, bands, normalisation, classes with names and
colours, tile size, training grid, metrics, versions) and can be read without torch;
``weights.pt`` holds the state dict, loaded with ``weights_only=True`` so that a package from
a stranger can never run code.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn

from .errors import InputError
from .models.networks import build_model
from .outputs import atomic_file
from .spec import ClassInfo, InputSpec

PACKAGE_SUFFIX = ".tmpk"
PACKAGE_FORMAT = "torchmap-model"
PACKAGE_FORMAT_VERSION = 2
DEFINITION_ENTRY = "definition.json"
WEIGHTS_ENTRY = "weights.pt"


@dataclass(frozen=True)
class ModelDefinition:
    """Everything about a trained model except its weights."""

    model_type: str
    task: str
    architecture: str
    backbone: str
    spec: InputSpec
    classes: list[ClassInfo]
    metrics: dict[str, object] = field(default_factory=dict)
    training: dict[str, object] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["spec"] = self.spec.to_json()
        data["classes"] = [info.to_json() for info in self.classes]
        return {"format": PACKAGE_FORMAT, "format_version": PACKAGE_FORMAT_VERSION, **data}

    @staticmethod
    def from_json(data: dict[str, object]) -> ModelDefinition:
        fields = {k: v for k, v in data.items() if k not in ("format", "format_version")}
        fields["classes"] = [ClassInfo.from_json(item) for item in fields["classes"]]
        fields["spec"] = InputSpec.from_json(fields["spec"])
        return ModelDefinition(**fields)

    def class_by_index(self, index: int) -> ClassInfo:
        """The class the network's output channel ``index`` stands for."""
        return self.classes[index]


def save_package(path: Path, definition: ModelDefinition, state_dict: dict) -> None:
    """Write the package atomically (a failed save never leaves a broken file)."""
    weights = io.BytesIO()
    torch.save({name: tensor.cpu() for name, tensor in state_dict.items()}, weights)
    with (
        atomic_file("output_model", path) as partial,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(DEFINITION_ENTRY, json.dumps(definition.to_json(), indent=2))
        archive.writestr(WEIGHTS_ENTRY, weights.getvalue())


def read_definition(path: Path, field_name: str = "model") -> ModelDefinition:
    """The definition of a package, checked, without loading weights (no torch needed)."""
    with _open_package(path, field_name) as archive:
        return _parse_definition(archive, path, field_name)


def load_model(
    path: Path, device: torch.device, field_name: str = "model"
) -> tuple[ModelDefinition, nn.Module]:
    """The definition and the network with its trained weights, in eval mode on ``device``."""
    with _open_package(path, field_name) as archive:
        definition = _parse_definition(archive, path, field_name)
        try:
            state_dict = torch.load(
                io.BytesIO(archive.read(WEIGHTS_ENTRY)), map_location=device, weights_only=True
            )
        except Exception as error:  # torch raises many types for corrupt or unsafe pickles
            raise _not_a_package(
                path, field_name, f"its weights cannot be read: {error}"
            ) from error
    model = build_model(definition.model_type, definition.spec.band_count, len(definition.classes))
    try:
        model.load_state_dict(state_dict)
    except RuntimeError as error:
        raise _not_a_package(path, field_name, "its weights do not match its definition") from error
    return definition, model.to(device).eval()


# Which algorithm uses a model of each task, and which model type to train for it.
_TASK_USE = {
    "pixel_classification": ("Classify Pixels", "a pixel classifier (U-Net)"),
    "image_classification": ("Classify Objects", "an image classifier (ResNet-18)"),
}


def load_model_for_task(
    path: Path, device: torch.device, task: str
) -> tuple[ModelDefinition, nn.Module]:
    """``load_model``, refusing a package made for the other task with a hint at the fix."""
    definition = read_definition(path)
    if definition.task != task:
        algorithm, _ = _TASK_USE[definition.task]
        _, wanted = _TASK_USE[task]
        raise InputError(
            "model",
            f"{path} is a {definition.task.replace('_', ' ')} model; use it with {algorithm}, "
            f"or train {wanted} for this tool.",
        )
    return load_model(path, device)


def _open_package(path: Path, field_name: str) -> zipfile.ZipFile:
    if not Path(path).is_file():
        raise InputError(
            field_name,
            f"{path} does not exist; choose a {PACKAGE_SUFFIX} file "
            "written by Train Deep Learning Model.",
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _not_a_package(path, field_name, "it is not a zip archive") from error
    missing = {DEFINITION_ENTRY, WEIGHTS_ENTRY} - set(archive.namelist())
    if missing:
        archive.close()
        raise _not_a_package(path, field_name, f"it lacks {', '.join(sorted(missing))}")
    return archive


def _parse_definition(archive: zipfile.ZipFile, path: Path, field_name: str) -> ModelDefinition:
    try:
        data = json.loads(archive.read(DEFINITION_ENTRY))
    except ValueError as error:
        raise _not_a_package(path, field_name, f"{DEFINITION_ENTRY} is not JSON") from error
    if not isinstance(data, dict) or data.get("format") != PACKAGE_FORMAT:
        raise _not_a_package(path, field_name, f"{DEFINITION_ENTRY} is not a TorchMap model")
    if int(data.get("format_version", 0)) > PACKAGE_FORMAT_VERSION:
        raise InputError(
            field_name,
            f"{path} was written by a newer TorchMap (package format "
            f"{data['format_version']}); update the TorchMap plugin to use it.",
        )
    try:
        return ModelDefinition.from_json(data)
    except (KeyError, TypeError, ValueError) as error:
        raise _not_a_package(path, field_name, f"{DEFINITION_ENTRY} is incomplete") from error


def _not_a_package(path: Path, field_name: str, reason: str) -> InputError:
    return InputError(
        field_name,
        f"{path} is not a TorchMap model package ({reason}); choose a "
        f"{PACKAGE_SUFFIX} file written by Train Deep Learning Model.",
    )
