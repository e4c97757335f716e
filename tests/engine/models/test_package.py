from __future__ import annotations

import dataclasses
import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import pytest
import torch

from torchmap.engine.errors import InputError
from torchmap.engine.models.definition import (
    DEFINITION_ENTRY,
    SCHEMA_VERSION,
    WEIGHTS_ENTRY,
    read_definition,
)
from torchmap.engine.models.networks import build_model
from torchmap.engine.models.package import load_model

CPU = torch.device("cpu")


def test_a_trained_package_describes_itself_and_reloads_identically(unet_package: Path) -> None:
    definition = read_definition(unet_package)
    assert definition.model_type == "unet" and definition.task == "pixel_classification"
    assert definition.pixel_path  # trained with the per-pixel path beside the U-Net
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

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def malicious_weights(kind: str, marker: Path) -> bytes:
    """Weights whose unpickling would create ``marker``: torch's zip format, its legacy
    format, a bare pickle, or a pickle naming a global with a terminal escape in it."""
    payload = {"weight": _RunsCode(f"touch {marker}")}
    if kind == "bare pickle":
        return pickle.dumps(payload, protocol=2)
    if kind == "escape in a global":
        return b"\x80\x02cos\x1b[31m\nsystem\nq\x00."  # GLOBAL 'os<ESC>[31m system', STOP
    buffer = io.BytesIO()
    torch.save(payload, buffer, _use_new_zipfile_serialization=kind == "zip")
    return buffer.getvalue()


def assert_refused_safely(message: str, path: Path, marker: Path) -> None:
    """Says what is wrong and what to do, never how to load the file unsafely."""
    assert str(path) in message
    for unsafe in ("weights_only", "will likely succeed", "arbitrary code", "\x1b", "\x07"):
        assert unsafe not in message, unsafe
    assert not any(ord(c) < 32 for c in message)  # no control codes, on one line
    assert not marker.exists()  # the attacker's command never ran


WEIGHT_FORMATS = ["zip", "legacy", "bare pickle", "escape in a global"]


@pytest.mark.parametrize("kind", WEIGHT_FORMATS)
def test_weights_that_would_run_code_are_refused_without_running_it(
    tmp_path: Path, unet_package: Path, kind: str
) -> None:
    marker = tmp_path / "was-exploited"
    with zipfile.ZipFile(unet_package) as archive:
        definition = archive.read(DEFINITION_ENTRY)
    path = write_zip(
        tmp_path / "evil.tmpk",
        {DEFINITION_ENTRY: definition, WEIGHTS_ENTRY: malicious_weights(kind, marker)},
    )
    with pytest.raises(InputError, match="weights cannot be read") as caught:
        load_model(path, CPU)
    message = caught.value.message
    assert_refused_safely(message, path, marker)
    assert caught.value.field == "model" and "not a TorchMap model package" in message
    assert "objects other than tensors" in message and "re-export the model" in message
    assert "source you do not trust" in message
    if kind != "escape in a global":
        assert "(posix.system)" in message or "(nt.system)" in message


def test_damaged_weights_are_named_without_torch_advice(tmp_path: Path, unet_package: Path) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        definition, weights = archive.read(DEFINITION_ENTRY), archive.read(WEIGHTS_ENTRY)
    path = write_zip(
        tmp_path / "cut.tmpk", {DEFINITION_ENTRY: definition, WEIGHTS_ENTRY: weights[:1000]}
    )
    with pytest.raises(InputError, match="weights cannot be read") as caught:
        load_model(path, CPU)
    assert_refused_safely(caught.value.message, path, tmp_path / "nothing")
    assert "damaged or not PyTorch weights" in caught.value.message


def test_tensor_names_from_the_file_reach_messages_without_control_codes(
    tmp_path: Path, unet_package: Path
) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        definition = archive.read(DEFINITION_ENTRY)
        state = torch.load(io.BytesIO(archive.read(WEIGHTS_ENTRY)), weights_only=True)
    state["\x1b[2J\x1b]0;title\x07\x1b[31mred\x1b[0m"] = torch.zeros(1)
    weights = io.BytesIO()
    torch.save(state, weights)
    path = write_zip(
        tmp_path / "odd.tmpk", {DEFINITION_ENTRY: definition, WEIGHTS_ENTRY: weights.getvalue()}
    )
    with pytest.raises(InputError, match="do not match") as caught:
        load_model(path, CPU)
    assert 'Unexpected key(s) in state_dict: "red"' in caught.value.message  # escapes gone
    assert_refused_safely(caught.value.message, path, tmp_path / "nothing")


def test_safe_text_keeps_words_and_drops_codes_and_unsafe_advice() -> None:
    from torchmap.engine.models.weights import safe_text

    text = (
        "Weights only load failed. Re-running `torch.load` with `weights_only` set to `False` "
        "will likely succeed\n\x1b[1;31mbroken\x1b[0m file\r\x00\n\tsecond line"
    )
    assert safe_text(text) == "broken file second line"
    assert safe_text("x" * 500, 20) == "x" * 17 + "..."


@pytest.mark.parametrize("kind", WEIGHT_FORMATS)
def test_pretrained_weights_that_would_run_code_are_refused_without_running_it(
    tmp_path: Path, kind: str
) -> None:
    from torchmap.engine.models.networks import build_network, load_weights_file
    from torchmap.engine.reporter import NullReporter

    marker = tmp_path / "was-exploited"
    path = tmp_path / "resnet18.pth"
    path.write_bytes(malicious_weights(kind, marker))
    net = build_network("image_classification", "ResNet", "resnet18", 3, 2)
    with pytest.raises(InputError, match="cannot be read as torch weights") as caught:
        load_weights_file(net, path, NullReporter())
    assert caught.value.field == "pretrained"
    assert_refused_safely(caught.value.message, path, marker)
    assert "objects other than tensors" in caught.value.message
    assert "source you trust" in caught.value.message


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


def test_a_package_from_before_the_pixel_path_loads_without_one(
    tmp_path: Path, unet_package: Path
) -> None:
    with zipfile.ZipFile(unet_package) as archive:
        data = json.loads(archive.read(DEFINITION_ENTRY))
        weights = torch.load(io.BytesIO(archive.read(WEIGHTS_ENTRY)), weights_only=True)
    del data["TorchMap"]["pixel_path"]
    older = {name: tensor for name, tensor in weights.items() if not name.startswith("pixels.")}
    buffer = io.BytesIO()
    torch.save(older, buffer)
    path = write_zip(
        tmp_path / "older.tmpk",
        {DEFINITION_ENTRY: json.dumps(data).encode(), WEIGHTS_ENTRY: buffer.getvalue()},
    )
    definition, model = load_model(path, CPU)
    _, current = load_model(unet_package, CPU)
    assert not definition.pixel_path and model.pixels is None
    images = torch.randn(2, 3, 32, 32)
    with torch.no_grad():  # the older network is the current one without its pixel path
        assert torch.allclose(model(images), current(images) - current.pixels(images), atol=1e-5)
