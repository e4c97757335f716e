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
from pathlib import Path

import torch
from torch import nn

from ..errors import InputError, safe_text
from ..i18n import _
from ..outputs import atomic_file
from .definition import (
    DEFINITION_ENTRY,
    REPORT_FOLDER,
    WEIGHTS_ENTRY,
    ModelDefinition,
    _not_a_package,
    _open_package,
    _parse_definition,
    read_definition,
    with_package_suffix,
)
from .networks import build_network
from .registry import task_label
from .weights import WeightsError, load_tensors, refused


def save_package(
    path: Path,
    definition: ModelDefinition,
    state_dict: dict,
    report_files: list[Path] | None = None,
) -> Path:
    """Write the package atomically (a failed save never leaves a broken file), adding the
    extension when missing; ``report_files`` go inside under ``report/``. Returns the path."""
    path = with_package_suffix(path)
    weights = io.BytesIO()
    torch.save({name: tensor.detach().cpu() for name, tensor in state_dict.items()}, weights)
    with (
        atomic_file("output_model", path) as partial,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(DEFINITION_ENTRY, json.dumps(definition.to_json(), indent=2))
        # Stored, not deflated: float weights barely compress and deflating them is slow.
        archive.writestr(WEIGHTS_ENTRY, weights.getvalue(), compress_type=zipfile.ZIP_STORED)
        for report_file in report_files or []:
            archive.write(report_file, f"{REPORT_FOLDER}/{report_file.name}")
    return path


def load_model(
    path: Path, device: torch.device, field_name: str = "model"
) -> tuple[ModelDefinition, nn.Module]:
    """The definition and the network with its trained weights, in eval mode on ``device``."""
    with _open_package(path, field_name) as archive:
        definition = _parse_definition(archive, path, field_name)
        try:
            try:
                weights = archive.read(WEIGHTS_ENTRY)
            except Exception as error:  # a damaged entry: bad CRC, truncated deflate...
                raise refused(error) from error
            state_dict = load_tensors(io.BytesIO(weights), device)
        except WeightsError as refusal:
            raise _refused_weights(path, field_name, refusal) from refusal
    try:
        model = _network_holding(definition, state_dict)
    except (RuntimeError, TypeError, AttributeError) as error:
        raise _not_a_package(
            path,
            field_name,
            _("its weights do not match its definition: {error}").format(
                error=safe_text(str(error), 300)  # tensor names come from the file
            ),
        ) from error
    return definition, model.to(device).eval()


def _network_holding(definition: ModelDefinition, state_dict: dict) -> nn.Module:
    """The definition's network holding the package's weights. It is built on the meta device
    and the weights put in place: initialising weights only to overwrite them costs a run a
    third of a second. A network with tensors the weights do not hold (non-persistent
    buffers) is built and filled the plain way."""
    with torch.device("meta"):
        model = network_for(definition)
    model.load_state_dict(state_dict, assign=True)
    if any(tensor.is_meta for tensor in (*model.parameters(), *model.buffers())):
        model = network_for(definition)
        model.load_state_dict(state_dict)
    return model


def network_for(definition: ModelDefinition) -> nn.Module:
    """A freshly initialised network of the definition's architecture, bands and classes."""
    return build_network(
        definition.task,
        definition.architecture,
        definition.backbone,
        definition.spec.band_count,
        len(definition.classes),
        pixel_path=definition.pixel_path,
    )


def _task_use(task: str) -> tuple[str, str]:
    """Which algorithm uses a model of ``task``, and which model type to train for it."""
    if task == "pixel_classification":
        return _("Classify Pixels"), _("a pixel classifier (U-Net or another pixel model type)")
    return _("Classify Objects"), _("an image classifier (ResNet-18 or another image model type)")


def load_model_for_task(
    path: Path, device: torch.device, task: str
) -> tuple[ModelDefinition, nn.Module]:
    """``load_model``, refusing a package made for the other task with a hint at the fix."""
    definition = read_definition(path)
    if definition.task != task:
        algorithm = _task_use(definition.task)[0]
        wanted = _task_use(task)[1]
        raise InputError(
            "model",
            _(
                "{path} is a {task} model; use it with {algorithm}, or train {wanted} for this "
                "tool."
            ).format(
                path=path, task=task_label(definition.task), algorithm=algorithm, wanted=wanted
            ),
        )
    return load_model(path, device)


def _refused_weights(path: Path, field_name: str, refusal: WeightsError) -> InputError:
    """What is wrong with the weights and what to do; never torch's advice to load them
    unsafely (see weights.py)."""
    return InputError(
        field_name,
        _(
            "{path} is not a TorchMap model package (its weights cannot be read: {reason}); "
            "re-export the model from TorchMap (Train Deep Learning Model writes packages), "
            "and never load weights from a source you do not trust."
        ).format(path=path, reason=refusal.reason),
    )
