"""Every offered architecture and backbone family runs forward and backward on a 64 x 64
input with an odd band count, and round-trips through a model package (as smp tests its
models). Families with large networks are marked slow."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from torchmap.engine.errors import InputError
from torchmap.engine.models.networks import (
    PadToMultiple,
    backbone_parameters,
    build_network,
    load_weights_file,
)
from torchmap.engine.models.package import ModelDefinition, load_model, save_package
from torchmap.engine.models.registry import MODEL_TYPES, PIXEL_CLASSIFICATION, model_type
from torchmap.engine.reporter import NullReporter
from torchmap.engine.runtime import resolve_device
from torchmap.engine.spec import BandStatistics, ClassInfo, InputSpec

SLOW = {"resnet34", "resnet50", "convnext_tiny", "mobilenet_v2", "efficientnet-b0", "mit_b0"}
# Every pixel architecture is tried with a tiny timm encoder (fast); the model types'
# default backbones and a member of each smp encoder family are tried too.
TINY_ENCODER = "tu-mobilenetv3_small_050"
ENCODER_FAMILIES = ["mobilenet_v2", "efficientnet-b0", "mit_b0"]


def _case(key: str):
    marks = [pytest.mark.slow] if key in SLOW else []
    return pytest.param(key, marks=marks, id=key)


def _definition(task: str, architecture: str, backbone: str, bands: int, classes: int):
    statistics = BandStatistics([0.0] * bands, [1.0] * bands, [0.0] * bands, [1.0] * bands)
    spec = InputSpec(bands, [f"b{i}" for i in range(bands)], statistics, 64, 64, "int16", -9999)
    infos = [ClassInfo(value, f"class {value}", "#102030") for value in range(1, classes + 1)]
    return ModelDefinition(architecture, task, architecture, backbone, spec, infos)


def _forward_backward_round_trip(task, architecture, backbone, tmp_path: Path, bands=5) -> None:
    torch.manual_seed(0)
    net = build_network(task, architecture, backbone, band_count=bands, class_count=3)
    images = torch.randn(2, bands, 64, 64)
    output = net(images)
    expected = (2, 3, 64, 64) if task == PIXEL_CLASSIFICATION else (2, 3)
    assert output.shape == expected
    output.mean().backward()
    parameters = [p for p in net.parameters() if p.requires_grad]
    # The first layer (adapted to the bands) and the head both learn.
    assert parameters[0].grad is not None and parameters[-1].grad is not None
    path = save_package(tmp_path / "m", _definition(task, architecture, backbone, bands, 3),
                        net.state_dict())  # fmt: skip
    assert path.suffix == ".tmpk"
    _, loaded = load_model(path, torch.device("cpu"))
    net.eval()
    with torch.no_grad():
        torch.testing.assert_close(loaded(images), net(images))


@pytest.mark.parametrize("kind", [k for k in MODEL_TYPES if k.task == PIXEL_CLASSIFICATION],
                         ids=lambda kind: kind.key)  # fmt: skip
def test_every_pixel_architecture_trains_and_round_trips(kind, tmp_path: Path) -> None:
    _forward_backward_round_trip(kind.task, kind.architecture, TINY_ENCODER, tmp_path)


@pytest.mark.parametrize(
    "key", [_case(k.key) for k in MODEL_TYPES if k.task != PIXEL_CLASSIFICATION or k.key == "unet"]
)
def test_every_image_model_type_and_the_default_unet_round_trip(key: str, tmp_path: Path) -> None:
    kind = model_type(key)
    _forward_backward_round_trip(kind.task, kind.architecture, kind.backbone, tmp_path)


@pytest.mark.parametrize("encoder", [_case(encoder) for encoder in ENCODER_FAMILIES])
def test_smp_encoder_families_work_as_backbones(encoder: str, tmp_path: Path) -> None:
    _forward_backward_round_trip(PIXEL_CLASSIFICATION, "FPN", encoder, tmp_path, bands=4)


@pytest.mark.parametrize(("bands", "height", "width"), [(1, 32, 32), (7, 45, 70), (3, 20, 20)])
def test_segmentation_accepts_any_bands_and_tile_size(bands: int, height: int, width: int) -> None:
    net = build_network(PIXEL_CLASSIFICATION, "Unet", "resnet18", bands, 4)
    assert net(torch.randn(2, bands, height, width)).shape == (2, 4, height, width)


@pytest.mark.parametrize(("height", "width"), [(32, 32), (45, 70)])
def test_the_pixel_path_adds_logits_from_each_pixel_alone(height: int, width: int) -> None:
    torch.manual_seed(0)
    net = build_network(PIXEL_CLASSIFICATION, "Unet", "resnet18", 5, 4, pixel_path=True).eval()
    images = torch.randn(1, 5, height, width)
    changed = images.clone()
    changed[0, :, 7, 9] += 3.0
    with torch.no_grad():
        path, moved = net.pixels(images), net.pixels(changed) - net.pixels(images)
        without = net(images) - path
        net.pixels = None
        assert torch.allclose(without, net(images), atol=1e-5)
    where = moved.abs().sum(dim=1)[0] > 0
    assert where[7, 9] and int(where.sum()) == 1  # full resolution, no neighbour involved


def test_pan_pads_small_tiles_up_to_its_minimum() -> None:
    net = build_network(PIXEL_CLASSIFICATION, "PAN", "resnet18", 3, 2)
    assert isinstance(net, PadToMultiple) and net.min_size == 128
    assert net(torch.randn(2, 3, 64, 64)).shape == (2, 2, 64, 64)


def test_an_unknown_backbone_is_refused_with_examples() -> None:
    with pytest.raises(InputError, match="resnet34") as caught:
        build_network(PIXEL_CLASSIFICATION, "Unet", "resnet7", 3, 2)
    assert caught.value.field == "backbone"


def test_imagenet_offline_warns_and_trains_from_scratch(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))  # an empty weight cache
    warnings: list[str] = []

    class Warned(NullReporter):
        def warning(self, text: str) -> None:
            warnings.append(text)

    def offline(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr("torch.hub.load_state_dict_from_url", offline)
    net = build_network("image_classification", "ResNet", "resnet18", 4, 3, "imagenet", Warned())
    assert net(torch.randn(2, 4, 32, 32)).shape == (2, 3)
    assert warnings and "training from scratch" in warnings[0]


def test_a_local_weights_file_is_loaded_with_the_first_layer_adapted(tmp_path: Path) -> None:
    import torchvision

    torch.manual_seed(1)
    rgb = torchvision.models.resnet18(weights=None)
    path = tmp_path / "resnet18-local.pth"
    torch.save(rgb.state_dict(), path)
    net = build_network("image_classification", "ResNet", "resnet18", 5, 3, str(path))
    torch.testing.assert_close(net.layer1[0].conv1.weight, rgb.layer1[0].conv1.weight)
    assert net.conv1.weight.shape[1] == 5
    torch.testing.assert_close(net.conv1.weight[:, 3], rgb.conv1.weight[:, 0] * 3 / 5)
    # The same file feeds a U-Net's resnet18 encoder.
    unet = build_network(PIXEL_CLASSIFICATION, "Unet", "resnet18", 3, 2, str(path))
    torch.testing.assert_close(unet.net.encoder.layer1[0].conv1.weight, rgb.layer1[0].conv1.weight)


def test_a_weights_file_that_fits_nothing_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.pth"
    torch.save({"something": torch.zeros(3)}, path)
    net = build_network("image_classification", "ResNet", "resnet18", 3, 2)
    with pytest.raises(InputError, match="none of the tensors") as caught:
        load_weights_file(net, path, NullReporter())
    assert caught.value.field == "pretrained"


def test_backbone_parameters_leave_out_the_head() -> None:
    net = build_network("image_classification", "ResNet", "resnet18", 3, 2)
    frozen = {id(p) for p in backbone_parameters(net, "image_classification")}
    assert id(net.fc.weight) not in frozen and id(net.conv1.weight) in frozen


def test_device_auto_falls_back_to_the_cpu_and_refuses_absent_devices() -> None:
    if not torch.cuda.is_available():
        assert resolve_device("auto").type in ("cpu", "mps")
        with pytest.raises(InputError):
            resolve_device("cuda")
    assert resolve_device("cpu").type == "cpu"
