"""A model package's definition, read and checked without torch (the Styling panel, the
command line's ``info`` and the Dependencies panel read classes and colours with it).

``definition.json`` describes the model (type, bands, normalisation, classes with names and
colours, tile size, training grid, metrics, versions); ``package.py`` writes it and loads the
weights beside it.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, safe_text
from ..i18n import _
from ..spec import ClassInfo, InputSpec

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
    pixel_path: bool = False  # a PixelPath beside the network (absent in older packages)

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
                "pixel_path": self.pixel_path,
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
            pixel_path=bool(own.get("pixel_path", False)),
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


def read_definition(path: Path, field_name: str = "model") -> ModelDefinition:
    """The definition of a package, checked, without loading weights (no torch needed)."""
    with _open_package(path, field_name) as archive:
        return _parse_definition(archive, path, field_name)


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


def _not_a_package(path: Path, field_name: str, reason: str) -> InputError:
    return InputError(
        field_name,
        _(
            "{path} is not a TorchMap model package ({reason}); choose a {suffix} file written "
            "by Train Deep Learning Model."
        ).format(path=path, reason=reason, suffix=PACKAGE_SUFFIX),
    )
