"""What every stage says about its input: the bands, their statistics, the grid and the
classes. Export writes an InputSpec, training reads it, the model package carries it and
inference checks rasters against it: one description instead of three copies field by field.
Torch-free value objects, so QGIS can read them without torch."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class ClassInfo:
    """One class: the raster value that encodes it (any integer: 1..n, 10/20/30, 1000...),
    a human name and a ``#rrggbb`` colour."""

    value: int
    name: str
    color: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @staticmethod
    def from_json(data: dict[str, object]) -> ClassInfo:
        return ClassInfo(value=int(data["value"]), name=str(data["name"]), color=str(data["color"]))


@dataclass(frozen=True)
class BandStatistics:
    """Mean, standard deviation, minimum and maximum of each band over valid pixels."""

    mean: list[float]
    std: list[float]
    minimum: list[float]
    maximum: list[float]
    pixel_count: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "mean": self.mean,
            "std": self.std,
            "min": self.minimum,
            "max": self.maximum,
            "pixel_count": self.pixel_count,
        }

    @staticmethod
    def from_json(data: dict[str, object]) -> BandStatistics:
        mean = [float(v) for v in data["mean"]]
        return BandStatistics(
            mean=mean,
            std=[float(v) for v in data["std"]],
            minimum=[float(v) for v in data.get("min", mean)],
            maximum=[float(v) for v in data.get("max", mean)],
            pixel_count=int(data.get("pixel_count", 0)),
        )


@dataclass(frozen=True)
class InputSpec:
    """The imagery a model sees: bands (1-based indices into the source raster, names, data
    type, nodata), their statistics over valid training pixels, the cell size and CRS of the
    training grid, and the tile (chip) size in pixels."""

    band_count: int
    band_names: list[str]
    statistics: BandStatistics
    tile_width: int
    tile_height: int
    dtype: str | None = None
    nodata: float | None = None
    cell_size: list[float] | None = None  # x, y in CRS units; None without georeference
    crs: str | None = None  # WKT; None without georeference
    source_bands: list[int] | None = None  # 1-based bands of the source raster; None: all
    extra: dict[str, object] = field(default_factory=dict)
    # How object chips were cut for image classification (crop_mode, buffer_percent,
    # blacken_around_feature): Classify Objects cuts its chips the same way by default.
    chip_recipe: dict[str, object] | None = None

    @property
    def tile_size(self) -> int:
        """The square tile that inference uses: the larger chip side."""
        return max(self.tile_width, self.tile_height)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["statistics"] = self.statistics.to_json()
        return data

    @staticmethod
    def from_json(data: dict[str, object]) -> InputSpec:
        fields = dict(data)
        fields["statistics"] = BandStatistics.from_json(fields["statistics"])
        return InputSpec(**fields)
