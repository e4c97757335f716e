from __future__ import annotations

import dataclasses
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import torch

from torchmap.engine.errors import InputError
from torchmap.engine.models.networks import build_model
from torchmap.engine.models.package import (
    DEFINITION_ENTRY,
    SCHEMA_VERSION,
    WEIGHTS_ENTRY,
    load_model,
    read_definition,
)

CPU = torch.device("cpu")


def test_a_trained_package_describes_itself_and_reloads_identically(unet_package: Path) -> None:
    definition = read_definition(unet_package)
    assert definition.model_type == "unet" and definition.task == "pixel_classification"
    assert definition.spec.band_count == 3 and len(definition.spec.statistics.mean) == 3
    assert [c.value for c in definition.classes] == [1, 2, 3]
    assert all(c.color.startswith("#") for c in definition.classes)
    assert definition.spec.tile_size == 32 and definition.spec.cell_size == [10.0, 10.0]
    assert 0 <= definition.metrics["validation_accuracy"] <= 1
    assert len(definition.training["history"]) == definition.training["epochs"]
    assert definition.versions["torch"] == torch.__version__
    assert {"torchmap", "torchvision", "segmentation_models_pytorch"} <= set(definition.versions)

    _, model = load_model(unet_package, CPU)
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        first, second = model(images), load_model(unet_package, CPU)[1](images)
    assert torch.equal(first, second)


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


def test_text_file_is_not_a_package(tmp_path: Path) -> None:
    fake = tmp_path / "fake.tmpk"
    fake.write_text("hello")
    with pytest.raises(InputError, match="not a TorchMap model package") as caught:
        load_model(fake, CPU)
    assert caught.value.field == "model"


@pytest.mark.parametrize(
    "entries",
    [
        {},
        {DEFINITION_ENTRY: b"{not json", WEIGHTS_ENTRY: b""},
        {DEFINITION_ENTRY: json.dumps({"format": "other"}).encode(), WEIGHTS_ENTRY: b""},
        {DEFINITION_ENTRY: json.dumps({"format": "torchmap-model"}).encode(), WEIGHTS_ENTRY: b""},
        {DEFINITION_ENTRY: json.dumps({"Framework": "PyTorch"}).encode(), WEIGHTS_ENTRY: b""},
    ],
)
def test_zips_that_are_not_packages_are_refused(tmp_path: Path, entries: dict) -> None:
    with pytest.raises(InputError, match="not a TorchMap model package"):
        read_definition(write_zip(tmp_path / "bad.tmpk", entries))


def test_a_package_from_a_newer_version_asks_for_an_update(
    tmp_path: Path, unet_package: Path
) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        definition = json.loads(archive.read(DEFINITION_ENTRY))
    definition["TorchMap"]["schema_version"] = 99
    path = write_zip(
        tmp_path / "new.tmpk",
        {DEFINITION_ENTRY: json.dumps(definition).encode(), WEIGHTS_ENTRY: b""},
    )
    with pytest.raises(InputError, match="newer TorchMap"):
        read_definition(path)


class _RunsCode:
    """A pickle payload that would run a shell command when unpickled."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/torchmap-was-exploited",))


def test_weights_that_would_run_code_are_refused_without_running_it(
    tmp_path: Path, unet_package: Path
) -> None:
    marker = Path("/tmp/torchmap-was-exploited")
    marker.unlink(missing_ok=True)
    with zipfile.ZipFile(unet_package) as archive:
        definition = archive.read(DEFINITION_ENTRY)
    payload = io.BytesIO()
    torch.save({"weight": _RunsCode()}, payload)
    path = write_zip(
        tmp_path / "evil.tmpk", {DEFINITION_ENTRY: definition, WEIGHTS_ENTRY: payload.getvalue()}
    )
    with pytest.raises(InputError, match="weights cannot be read"):
        load_model(path, CPU)
    assert not marker.exists()


def test_weights_that_do_not_fit_the_definition_are_refused(
    tmp_path: Path, unet_package: Path
) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        definition = archive.read(DEFINITION_ENTRY)
    other = io.BytesIO()
    torch.save(build_model("resnet18", 3, 3).state_dict(), other)
    path = write_zip(
        tmp_path / "mixed.tmpk", {DEFINITION_ENTRY: definition, WEIGHTS_ENTRY: other.getvalue()}
    )
    with pytest.raises(InputError, match="do not match"):
        load_model(path, CPU)


def test_the_definition_uses_esri_names_where_they_fit(unet_package: Path) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        data = json.loads(archive.read(DEFINITION_ENTRY))
    assert data["Framework"] == "PyTorch" and data["ModelType"] == "ImageClassification"
    assert data["ModelFile"] == WEIGHTS_ENTRY and data["ImageHeight"] == data["ImageWidth"] == 32
    assert data["ExtractBands"] == [0, 1, 2]
    assert data["Classes"][0]["Value"] == 1 and len(data["Classes"][0]["Color"]) == 3
    assert len(data["NormalizationStats"]["band_mean_values"]) == 3
    own = data["TorchMap"]
    assert own["schema_version"] == SCHEMA_VERSION and own["architecture"] == "Unet"
    assert own["spec"]["dtype"] == "int16" and own["spec"]["crs"]


@pytest.mark.parametrize("missing", ["Classes", "TorchMap.spec", "TorchMap.architecture"])
def test_a_definition_missing_a_field_names_it(
    tmp_path: Path, unet_package: Path, missing: str
) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        data = json.loads(archive.read(DEFINITION_ENTRY))
        weights = archive.read(WEIGHTS_ENTRY)
    *parents, name = missing.split(".")
    holder = data
    for parent in parents:
        holder = holder[parent]
    del holder[name]
    path = write_zip(
        tmp_path / "partial.tmpk",
        {DEFINITION_ENTRY: json.dumps(data).encode(), WEIGHTS_ENTRY: weights},
    )
    with pytest.raises(InputError, match=f"lacks the field '{name}'"):
        load_model(path, CPU)


def test_a_package_of_schema_2_still_loads(tmp_path: Path, unet_package: Path) -> None:
    definition = read_definition(unet_package)
    with zipfile.ZipFile(unet_package) as archive:
        weights = archive.read(WEIGHTS_ENTRY)
    flat = dataclasses.asdict(definition) | {"format": "torchmap-model", "format_version": 2}
    flat["spec"] = definition.spec.to_json()
    path = write_zip(
        tmp_path / "old.tmpk", {DEFINITION_ENTRY: json.dumps(flat).encode(), WEIGHTS_ENTRY: weights}
    )
    old, _ = load_model(path, CPU)
    assert old.classes == definition.classes and old.spec == definition.spec
