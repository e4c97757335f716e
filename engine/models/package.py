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
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from ..errors import InputError
from ..i18n import _
from ..outputs import atomic_file
from ..spec import ClassInfo, InputSpec
from .networks import build_network
from .registry import task_label
from .weights import WeightsError, load_tensors, refused, safe_text

PACKAGE_SUFFIX = ".tmpk"
PACKAGE_FORMAT = "torchmap-model"
SCHEMA_VERSION = 3
DEFINITION_ENTRY = "definition.json"
WEIGHTS_ENTRY = "weights.pt"
REPORT_FOLDER = "report"
# Esri's model-definition vocabulary, so an .emd reader recognises the common fields.
_ESRI_MODEL_TYPE = {
    "pixel_classification": "ImageClassification",
    "image_classification": "ObjectClassification",
}
_OWN = "TorchMap"  # the section with everything Esri's schema has no name for


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
        """Esri's model-definition names where they fit, TorchMap's own section beside."""
        statistics = self.spec.statistics
        source_bands = self.spec.source_bands or list(range(1, self.spec.band_count + 1))
        return {
            "Framework": "PyTorch",
            "ModelConfiguration": "TorchMap",
            "ModelType": _ESRI_MODEL_TYPE[self.task],
            "ModelFile": WEIGHTS_ENTRY,
            "ModelName": self.architecture,
            "Backbone": self.backbone,
            "ImageHeight": self.spec.tile_height,
            "ImageWidth": self.spec.tile_width,
            "ExtractBands": [band - 1 for band in source_bands],  # Esri counts from 0
            "Classes": [
                {"Value": c.value, "Name": c.name, "Color": _rgb(c.color)} for c in self.classes
            ],
            "NormalizationStats": {
                "band_min_values": statistics.minimum,
                "band_max_values": statistics.maximum,
                "band_mean_values": statistics.mean,
                "band_std_values": statistics.std,
            },
            _OWN: {
                "format": PACKAGE_FORMAT,
                "schema_version": SCHEMA_VERSION,
                "model_type": self.model_type,
                "task": self.task,
                "architecture": self.architecture,
                "backbone": self.backbone,
                "spec": self.spec.to_json(),
                "metrics": self.metrics,
                "training": self.training,
                "versions": self.versions,
            },
        }

    @staticmethod
    def from_json(data: dict[str, object]) -> ModelDefinition:
        """The definition from its JSON (KeyError names a missing field)."""
        if data.get("format") == PACKAGE_FORMAT:  # schema 2: one flat TorchMap object
            fields = {k: v for k, v in data.items() if k not in ("format", "format_version")}
            fields["classes"] = [ClassInfo.from_json(item) for item in fields["classes"]]
            fields["spec"] = InputSpec.from_json(fields["spec"])
            return ModelDefinition(**fields)
        own = data[_OWN]
        return ModelDefinition(
            model_type=str(own["model_type"]),
            task=str(own["task"]),
            architecture=str(own["architecture"]),
            backbone=str(own["backbone"]),
            spec=InputSpec.from_json(own["spec"]),
            classes=[
                ClassInfo(value=int(c["Value"]), name=str(c["Name"]), color=_hex(c["Color"]))
                for c in data["Classes"]
            ],
            metrics=dict(own.get("metrics", {})),
            training=dict(own.get("training", {})),
            versions=dict(own.get("versions", {})),
        )

    def class_by_index(self, index: int) -> ClassInfo:
        """The class the network's output channel ``index`` stands for."""
        return self.classes[index]


def _rgb(color: str) -> list[int]:
    return [int(color[i : i + 2], 16) for i in (1, 3, 5)]


def _hex(color: object) -> str:
    if isinstance(color, str):
        return color
    red, green, blue = (int(v) for v in color)  # type: ignore[union-attr]
    return f"#{red:02x}{green:02x}{blue:02x}"


def with_package_suffix(path: Path) -> Path:
    """``path`` with the package extension added when it lacks it (what Classify accepts)."""
    path = Path(path)
    return path if path.suffix.lower() == PACKAGE_SUFFIX else Path(f"{path}{PACKAGE_SUFFIX}")


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


def _open_package(path: Path, field_name: str) -> zipfile.ZipFile:
    if not Path(path).is_file():
        raise InputError(
            field_name,
            _(
                "{path} does not exist; choose a {suffix} file written by Train Deep Learning "
                "Model."
            ).format(path=path, suffix=PACKAGE_SUFFIX),
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _not_a_package(path, field_name, _("it is not a zip archive")) from error
    missing = {DEFINITION_ENTRY, WEIGHTS_ENTRY} - set(archive.namelist())
    if missing:
        archive.close()
        raise _not_a_package(
            path, field_name, _("it lacks {entries}").format(entries=", ".join(sorted(missing)))
        )
    return archive


def _parse_definition(archive: zipfile.ZipFile, path: Path, field_name: str) -> ModelDefinition:
    try:
        data = json.loads(archive.read(DEFINITION_ENTRY))
    except ValueError as error:
        raise _not_a_package(
            path, field_name, _("{entry} is not JSON").format(entry=DEFINITION_ENTRY)
        ) from error
    version = _schema_version(data)
    if version is None:
        raise _not_a_package(
            path, field_name, _("{entry} is not a TorchMap model").format(entry=DEFINITION_ENTRY)
        )
    if version > SCHEMA_VERSION:
        raise InputError(
            field_name,
            _(
                "{path} was written by a newer TorchMap (package schema {version}); update the "
                "TorchMap plugin to use it."
            ).format(path=path, version=version),
        )
    try:
        definition = ModelDefinition.from_json(data)
    except KeyError as error:
        raise _not_a_package(
            path,
            field_name,
            _("{entry} lacks the field {field!r}").format(
                entry=DEFINITION_ENTRY, field=error.args[0]
            ),
        ) from error
    except (TypeError, ValueError, IndexError) as error:
        raise _not_a_package(
            path,
            field_name,
            _("{entry} has an invalid field ({error})").format(
                entry=DEFINITION_ENTRY, error=safe_text(str(error))
            ),
        ) from error
    _check_consistent(definition, path, field_name)
    return definition


def _schema_version(data: object) -> int | None:
    """The schema version, or None when this is not a TorchMap definition at all."""
    if not isinstance(data, dict):
        return None
    if data.get("format") == PACKAGE_FORMAT:
        return int(data.get("format_version", 0))
    own = data.get(_OWN)
    if isinstance(own, dict) and own.get("format") == PACKAGE_FORMAT:
        try:
            return int(own.get("schema_version", 0))
        except (TypeError, ValueError):
            return None
    return None


def _check_consistent(definition: ModelDefinition, path: Path, field_name: str) -> None:
    problems = []
    if definition.task not in _ESRI_MODEL_TYPE:
        problems.append(_("unknown task {task!r}").format(task=definition.task))
    if len(definition.classes) < 2:
        problems.append(_("fewer than two classes"))
    if len(definition.spec.statistics.mean) != definition.spec.band_count:
        problems.append(_("normalisation statistics for another band count"))
    if problems:
        raise _not_a_package(
            path,
            field_name,
            _("{entry} has {problems}").format(
                entry=DEFINITION_ENTRY, problems=", ".join(problems)
            ),
        )


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


def _not_a_package(path: Path, field_name: str, reason: str) -> InputError:
    return InputError(
        field_name,
        _(
            "{path} is not a TorchMap model package ({reason}); choose a {suffix} file written "
            "by Train Deep Learning Model."
        ).format(path=path, reason=reason, suffix=PACKAGE_SUFFIX),
    )
