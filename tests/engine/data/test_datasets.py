"""Chips in memory (or read batch by batch) become normalised, augmented batches."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

from torchmap.engine.data.datasets import (
    IGNORE_INDEX,
    BatchLoader,
    Chips,
    label_lookup,
    load_chips,
    training_statistics,
)
from torchmap.engine.errors import InputError
from torchmap.engine.reporter import NullReporter
from torchmap.engine.training.inputs import read_training_folders

CPU = torch.device("cpu")


def _pixel_data(folder: Path):
    return read_training_folders([folder], "pixel_classification", "U-Net")


def test_pixel_chips_are_normalised_and_unlabelled_pixels_ignored(export_folder: Path) -> None:
    data = _pixel_data(export_folder)
    chips = load_chips(data, NullReporter())
    assert chips.pixels is not None and chips.pixels.dtype == torch.int16  # kept in its dtype
    statistics = training_statistics(chips, list(range(len(chips))))
    image, label = BatchLoader(chips, [0], statistics, 1, CPU).batch([0])
    with rasterio.open(data.image_paths[0]) as src:
        raw = src.read().astype(np.float32)
    valid = raw[0] != src.nodata
    mean, std = np.array(statistics.mean)[:, None], np.array(statistics.std)[:, None]
    np.testing.assert_allclose(image[0].numpy()[:, valid], (raw[:, valid] - mean) / std, rtol=1e-5)
    assert (image[0].numpy()[:, ~valid] == 0).all()  # nodata becomes the mean, never a value
    assert (label[0].numpy()[~valid] == -1).all()
    assert set(label[0].numpy()[valid].tolist()) <= {0, 1, 2}


def test_band_noise_spreads_valid_pixels_and_leaves_nodata_at_the_mean(export_folder: Path) -> None:
    chips = load_chips(_pixel_data(export_folder), NullReporter())
    statistics = training_statistics(chips, [0])
    clean, labels = BatchLoader(chips, [0], statistics, 1, CPU).batch([0])
    noisy, noisy_labels = BatchLoader(chips, [0], statistics, 1, CPU, noise=0.7, seed=1).batch([0])
    again, _ = BatchLoader(chips, [0], statistics, 1, CPU, noise=0.7, seed=1).batch([0])
    _, valid, _ = chips.read([0])
    assert not valid.all()  # the fixture has nodata pixels
    moved = (noisy - clean)[0][:, valid[0]]
    assert abs(float(moved.std()) - 0.7) < 0.05 and abs(float(moved.mean())) < 0.05
    assert (noisy[0][:, ~valid[0]] == 0).all()  # nodata stays at the mean
    assert torch.equal(noisy_labels, labels)  # labels keep their values
    assert torch.equal(noisy, again)  # the same seed, the same noise


def test_chips_read_from_disk_give_the_same_batches_as_chips_in_memory(
    export_folder: Path,
) -> None:
    data = _pixel_data(export_folder)
    in_memory = load_chips(data, NullReporter())
    on_disk = load_chips(data, NullReporter(), memory_limit=0)
    assert on_disk.pixels is None
    statistics = training_statistics(in_memory, [0, 1, 2])
    assert statistics == training_statistics(on_disk, [0, 1, 2])
    first = BatchLoader(in_memory, [0, 1, 2], statistics, 3, CPU).batch([0, 1, 2])
    second = BatchLoader(on_disk, [0, 1, 2], statistics, 3, CPU).batch([0, 1, 2])
    torch.testing.assert_close(first, second)


def test_augmentation_turns_image_and_label_together(export_folder: Path) -> None:
    chips = load_chips(_pixel_data(export_folder), NullReporter())
    statistics = training_statistics(chips, [0])
    plain = BatchLoader(chips, [0], statistics, 1, CPU)
    turned = BatchLoader(chips, [0], statistics, 1, CPU, augment=True, seed=3)
    image, label = plain.batch([0])
    seen = set()
    for _ in range(20):
        new_image, new_label = turned.batch([0])
        matches = [
            k
            for k in range(8)
            if torch.equal(_turn(image[0], k), new_image[0])
            and torch.equal(_turn(label[0], k, dims=(0, 1)), new_label[0])
        ]
        assert matches  # one of the eight flips/turns, the same for image and label
        seen.add(matches[0])
    assert len(seen) > 2


def test_training_windows_are_fresh_parts_of_the_chip_over_labelled_pixels(
    export_folder: Path,
) -> None:
    chips = load_chips(_pixel_data(export_folder), NullReporter())
    statistics = training_statistics(chips, [0])
    image, label = BatchLoader(chips, [0], statistics, 1, CPU).batch([0])
    windows = BatchLoader(chips, [0], statistics, 1, CPU, window=16, seed=5)
    offsets = set()
    for _ in range(20):
        part_image, part_label = windows.batch([0])
        assert part_image.shape == (1, image.shape[1], 16, 16)
        found = [
            (row, col)
            for row in range(17)
            for col in range(17)
            if torch.equal(image[0, :, row : row + 16, col : col + 16], part_image[0])
            and torch.equal(label[0, row : row + 16, col : col + 16], part_label[0])
        ]
        assert found  # a window of the chip, image and label alike
        offsets.add(found[0])
        assert (part_label >= 0).any()  # placed over a labelled pixel
    assert len(offsets) > 5  # every draw another window


def test_balanced_windows_anchor_a_rare_class_as_often_as_a_common_one() -> None:
    targets = np.zeros((4, 32, 32), np.int64)
    targets[3, 20:22, 5:7] = 1  # 4 pixels of a rare class among 4092 of a common one
    chips = Chips(
        paths=[Path(f"{i}.tif") for i in range(4)],
        pixels=torch.rand(4, 2, 32, 32, generator=torch.Generator().manual_seed(0)),
        valid=torch.ones(4, 32, 32, dtype=torch.bool),
        targets=torch.from_numpy(targets),
        band_count=2,
        size=(32, 32),
        nodata=None,
        task="pixel_classification",
    )
    statistics = training_statistics(chips, range(4))

    def share_with_rare_class(balance: bool) -> float:
        loader = BatchLoader(
            chips, range(4), statistics, 4, CPU, shuffle=True, window=8, balance=balance
        )
        labels = torch.cat([label for _epoch in range(50) for _image, label in loader])
        return float((labels == 1).flatten(1).any(dim=1).float().mean())

    assert share_with_rare_class(balance=False) < 0.1
    assert 0.35 < share_with_rare_class(balance=True) < 0.65  # half the windows


def test_hidden_pixels_are_neither_seen_nor_learned(export_folder: Path) -> None:
    chips = load_chips(_pixel_data(export_folder), NullReporter())
    statistics = training_statistics(chips, [0])
    hidden = np.zeros(chips.size, bool)
    hidden[:, :10] = True  # the left strip lies in a validation chip
    image, label = BatchLoader(chips, [0], statistics, 1, CPU).batch([0])
    masked_image, masked_label = BatchLoader(
        chips, [0], statistics, 1, CPU, hidden={0: hidden}
    ).batch([0])
    assert (masked_image[0][:, hidden] == 0).all() and (masked_label[0][hidden] == -1).all()
    torch.testing.assert_close(masked_image[0][:, ~hidden], image[0][:, ~hidden])
    assert torch.equal(masked_label[0][~hidden], label[0][~hidden])
    assert chips.targets[0][hidden].ne(-1).any()  # the chips themselves are left unchanged


def _turn(tensor: torch.Tensor, choice: int, dims=(1, 2)) -> torch.Tensor:
    turned = torch.rot90(tensor, choice // 2, dims=dims)
    return turned.flip(dims[1]) if choice % 2 else turned


def _copy_export(export_folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(export_folder, tmp_path / "chips"))


def test_label_values_missing_from_the_metadata_are_named(
    export_folder: Path, tmp_path: Path
) -> None:
    folder = _copy_export(export_folder, tmp_path)
    label = sorted((folder / "labels").glob("*.tif"))[0]
    with rasterio.open(label, "r+") as dst:
        values = dst.read()
        values[0, 0, 0] = 9
        dst.write(values)
    with pytest.raises(InputError, match=r"holds class values \[9\]") as caught:
        load_chips(_pixel_data(folder), NullReporter())
    assert caught.value.field == "data_folder" and label.name in str(caught.value)


def test_float_label_chips_of_whole_numbers_map_like_integer_ones() -> None:
    from torchmap.engine.spec import ClassInfo

    lookup = label_lookup([ClassInfo(v, f"class {v}", "#000000") for v in (10, 20)])
    integers = np.array([[0, 10, 20], [255, 20, 10]], dtype=np.uint8)
    expected = lookup(integers, 255)
    assert expected.tolist() == [[IGNORE_INDEX, 0, 1], [IGNORE_INDEX, 1, 0]]
    floats = integers.astype(np.float32)
    np.testing.assert_array_equal(lookup(floats, 255.0), expected)
    floats[1, 0] = np.nan  # NaN: unlabelled, with or without a nodata value
    np.testing.assert_array_equal(lookup(floats, None), expected)
    floats[0, 1] = 10.5
    with pytest.raises(ValueError, match=r"10\.5"):
        lookup(floats, None)


def test_a_corrupt_chip_is_named(export_folder: Path, tmp_path: Path) -> None:
    folder = _copy_export(export_folder, tmp_path)
    broken = sorted((folder / "images").glob("*.tif"))[3]
    broken.write_bytes(b"not a tiff")
    with pytest.raises(InputError, match=broken.name):
        load_chips(_pixel_data(folder), NullReporter())


def test_chips_of_another_size_or_band_count_are_named(export_folder: Path, tmp_path: Path) -> None:
    folder = _copy_export(export_folder, tmp_path)
    odd = sorted((folder / "images").glob("*.tif"))[2]
    with rasterio.open(odd) as src:
        profile = src.profile | {"width": 16, "height": 16}
        pixels = src.read()[:, :16, :16]
    with rasterio.open(odd, "w", **profile) as dst:
        dst.write(pixels)
    with pytest.raises(InputError, match=f"{odd.name} is 16 x 16 px"):
        load_chips(_pixel_data(folder), NullReporter())
    with rasterio.open(odd, "w", **(profile | {"count": 1})) as dst:
        dst.write(pixels[:1])
    with pytest.raises(InputError, match=f"{odd.name} has 1 bands"):
        load_chips(_pixel_data(folder), NullReporter())


def test_nan_pixels_without_nan_nodata_are_refused(image_folder: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(image_folder, tmp_path / "images"))
    chip = folder / "water" / "001.tif"
    with rasterio.open(chip) as src:
        profile = src.profile | {"dtype": "float32"}
        pixels = src.read().astype("float32")
    pixels[0, 2, 2] = np.nan
    with rasterio.open(chip, "w", **profile) as dst:
        dst.write(pixels)
    data = read_training_folders([folder], "image_classification", "ResNet-18")
    with pytest.raises(InputError, match="001.tif holds NaN pixels"):
        load_chips(data, NullReporter())
