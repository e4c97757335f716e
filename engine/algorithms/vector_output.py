"""Classify Objects without QGIS (the command line): features read from a file with OGR,
classified in batches, written to a new single-file layer (GeoPackage, GeoJSON or
FlatGeobuf) with the input's fields and the results. Memory stays flat: features stream in
and out; the file appears only whole (``outputs.atomic_file``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..distributed import SINGLE, Group
from ..errors import InputError
from ..i18n import _
from ..outputs import atomic_file
from .sources import layer_source

DRIVERS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".fgb": "FlatGeobuf"}


def classify_objects_to_file(
    config: Any, values: dict[str, Any], reporter: Any, group: Group = SINGLE
) -> Path:
    """Classify every feature of INPUT_FEATURES into the file OUTPUT; returns its path. In a
    group of several ranks each classifies a run of consecutive features into a part beside
    the output, and rank 0 joins the parts, in order, into it."""
    from osgeo import gdal

    from ..inference.classify_objects import ObjectClassifier

    output = Path(values["OUTPUT"])
    driver_name = DRIVERS.get(output.suffix.lower())
    if driver_name is None:
        raise InputError(
            "output",
            _("{path}: write the objects to a .gpkg, .geojson or .fgb file.").format(path=output),
        )
    source = layer_source(values["INPUT_FEATURES"])
    gdal.UseExceptions()
    dataset = _open_vector(source, gdal)
    layer = dataset.GetLayerByName(source.layer) if source.layer else dataset.GetLayer(0)
    if layer is None:
        raise InputError(
            "features",
            _("{path} has no layer {layer!r}.").format(path=source.path, layer=source.layer),
        )
    with ObjectClassifier(config, reporter) as classifier:
        if not group.distributed:
            with atomic_file("output", output) as partial:
                _classify_share(classifier, layer, partial, driver_name, SINGLE)
            return output
        part = _part(output, group.rank, group.world)
        try:
            _classify_share(classifier, layer, part, "GPKG", group)
            group.barrier()  # every part is complete
            if group.is_main:
                with atomic_file("output", output) as partial:
                    parts = [_part(output, rank, group.world) for rank in range(group.world)]
                    _join(parts, partial, driver_name)
            group.barrier()  # the parts are read before their ranks remove them
        finally:
            part.unlink(missing_ok=True)
    return output


def _classify_share(classifier: Any, layer: Any, path: Path, driver: str, group: Group) -> None:
    """This rank's run of consecutive features (all of them alone) into a new file."""
    from osgeo import ogr

    total = layer.GetFeatureCount()
    first = group.rank * total // group.world
    stop = (group.rank + 1) * total // group.world
    writer = _Writer(path, driver, layer, classifier)
    features = itertools.islice(
        _features(layer, _transform(layer, classifier.crs_wkt), ogr), first, stop
    )
    for feature, result in classifier.classify(
        features, stop - first, feature_id=lambda feature: feature.GetFID()
    ):
        writer.add(feature, result)
    writer.close()


def _part(output: Path, rank: int, world: int) -> Path:
    """Where rank ``rank`` writes its features (beside the output: every rank sees it)."""
    return output.with_name(f".{output.name}.part{rank}of{world}.gpkg")


def _join(parts: list[Path], path: Path, driver: str) -> None:
    """The parts' features, in order, into one new file of ``driver``."""
    from osgeo import ogr

    first = ogr.Open(str(parts[0]))
    template = first.GetLayer(0)
    target = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    layer = target.CreateLayer(template.GetName(), template.GetSpatialRef(), template.GetGeomType())
    definition = template.GetLayerDefn()
    for index in range(definition.GetFieldCount()):
        layer.CreateField(definition.GetFieldDefn(index))
    target.StartTransaction()
    for part in parts:
        source = ogr.Open(str(part))
        for feature in source.GetLayer(0):
            copy = ogr.Feature(layer.GetLayerDefn())
            copy.SetFrom(feature)
            layer.CreateFeature(copy)
        source = None
    target.CommitTransaction()
    target.FlushCache()
    layer = target = first = template = None


def _open_vector(source: Any, gdal: Any) -> Any:
    try:
        dataset = gdal.OpenEx(source.path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        dataset = None
    if dataset is None:
        raise InputError(
            "features", _("{path} cannot be read as a vector layer.").format(path=source.path)
        )
    return dataset


def _transform(layer: Any, crs_wkt: str | None) -> Any:
    """Features' CRS to the raster's (None: the same, or either unknown)."""
    from osgeo import osr

    reference = layer.GetSpatialRef()
    if reference is None or not crs_wkt:
        return None
    target = osr.SpatialReference()
    target.ImportFromWkt(crs_wkt)
    for item in (reference, target):
        item.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return None if reference.IsSame(target) else osr.CoordinateTransformation(reference, target)


def _features(layer: Any, to_raster: Any, ogr: Any) -> Iterator[tuple[Any, dict | None]]:
    """Each feature with its geometry as GeoJSON in the raster's CRS (None: no geometry, or
    one that cannot be reprojected)."""
    import json

    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or geometry.IsEmpty():
            yield feature, None
            continue
        geometry = geometry.Clone()
        if to_raster is not None:
            try:
                geometry.Transform(to_raster)
            except RuntimeError:
                yield feature, None
                continue
        yield feature, json.loads(geometry.ExportToJson())


class _Writer:
    """The output layer: the input's fields (less those the results replace) and the results,
    geometries as they came, in the input's CRS."""

    def __init__(self, path: Path, driver_name: str, layer: Any, classifier: Any) -> None:
        from osgeo import ogr

        from ..inference.object_fields import INTEGER, REAL, result_fields

        self.top_k, self.pixel_model = classifier.top_k, classifier.pixel_model
        added = result_fields(classifier.definition.classes, self.top_k, self.pixel_model)
        added_names = {name for name, _kind in added}
        definition = layer.GetLayerDefn()
        self.dataset = ogr.GetDriverByName(driver_name).CreateDataSource(str(path))
        self.layer = self.dataset.CreateLayer(
            layer.GetName() or path.stem, layer.GetSpatialRef(), layer.GetGeomType()
        )
        self.kept = []
        for index in range(definition.GetFieldCount()):
            field = definition.GetFieldDefn(index)
            if field.GetName() not in added_names:  # re-classifying replaces earlier results
                self.layer.CreateField(field)
                self.kept.append(field.GetName())
        types = {INTEGER: ogr.OFTInteger, REAL: ogr.OFTReal}
        for name, kind in added:
            self.layer.CreateField(ogr.FieldDefn(name, types.get(kind, ogr.OFTString)))
        self.added = [name for name, _kind in added]
        self.definition = self.layer.GetLayerDefn()
        self.dataset.StartTransaction()

    def add(self, feature: Any, result: Any) -> None:
        from osgeo import ogr

        from ..inference.object_fields import result_values

        out = ogr.Feature(self.definition)
        geometry = feature.GetGeometryRef()
        if geometry is not None:
            out.SetGeometry(geometry)
        for name in self.kept:
            value = feature.GetField(name)
            if value is not None:  # unset stays NULL
                out.SetField(name, value)
        if result is not None:
            values = result_values(result, self.top_k, self.pixel_model)
            for name, value in zip(self.added, values):
                if value is not None:
                    out.SetField(name, value)
        self.layer.CreateFeature(out)

    def close(self) -> None:
        self.dataset.CommitTransaction()
        self.dataset.FlushCache()
        self.layer = self.definition = None
        self.dataset = None
