"""torchmap:exporttrainingdata: image chips and their labels, from a raster and a thematic
raster or polygons, in the Classified Tiles or ImageNet / Labeled Tiles layout."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)

from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .options import choice_parameter, read_choice, with_decimals


def class_field_metadata() -> dict[str, object]:
    """See :mod:`.widgets` (imported by the dialogs only, never by qgis_process)."""
    return {"widget_wrapper": {"class": f"{__package__}.widgets.ClassFieldWidgetWrapper"}}


METADATA_FORMATS = ("classified_tiles", "imagenet")
CHIP_FORMATS = ("tif", "png", "jpg")
VECTOR_FORMATS = ["gpkg", "shp", "geojson", "fgb"]


class ExportTrainingDataAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "training"
    INPUT_RASTER = "INPUT_RASTER"
    INPUT_CLASS_DATA = "INPUT_CLASS_DATA"
    IMAGE_AND_CLASS_INPUTS = ((INPUT_RASTER, INPUT_CLASS_DATA),)
    CLASS_VALUE_FIELD = "CLASS_VALUE_FIELD"
    CLASS_NAME_FIELD = "CLASS_NAME_FIELD"
    METADATA_FORMAT = "METADATA_FORMAT"
    TILE_SIZE = "TILE_SIZE"
    TILE_SIZE_Y = "TILE_SIZE_Y"
    STRIDE = "STRIDE"
    STRIDE_Y = "STRIDE_Y"
    CHIP_FORMAT = "CHIP_FORMAT"
    BANDS = "BANDS"
    CELL_SIZE = "CELL_SIZE"
    EXTENT = "EXTENT"
    MASK_LAYER = "MASK_LAYER"
    MIN_LABELLED_FRACTION = "MIN_LABELLED_FRACTION"
    EXPORT_ALL_TILES = "EXPORT_ALL_TILES"
    ROTATION_ANGLE = "ROTATION_ANGLE"
    CROP_MODE = "CROP_MODE"
    BUFFER = "BUFFER"
    BLACKEN_AROUND_FEATURE = "BLACKEN_AROUND_FEATURE"
    START_INDEX = "START_INDEX"
    APPEND = "APPEND"
    OVERWRITE = "OVERWRITE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    CHIP_COUNT = "CHIP_COUNT"

    FIELD_PARAMETERS = {
        "raster": INPUT_RASTER,
        "class_data": INPUT_CLASS_DATA,
        "class_value_field": CLASS_VALUE_FIELD,
        "class_name_field": CLASS_NAME_FIELD,
        "metadata_format": METADATA_FORMAT,
        "tile_size": TILE_SIZE,
        "stride": STRIDE,
        "chip_format": CHIP_FORMAT,
        "bands": BANDS,
        "cell_size": CELL_SIZE,
        "extent": EXTENT,
        "mask": MASK_LAYER,
        "min_labelled_fraction": MIN_LABELLED_FRACTION,
        "rotation_angle": ROTATION_ANGLE,
        "crop_mode": CROP_MODE,
        "buffer_percent": BUFFER,
        "start_index": START_INDEX,
        "output_folder": OUTPUT_FOLDER,
    }

    def name(self) -> str:
        return "exporttrainingdata"

    def displayName(self) -> str:
        return self.tr("Export Training Data")

    def help_intro(self) -> str:
        return self.tr(
            "Cuts an image raster into chips labelled by a thematic class raster or by "
            "polygons, for training a pixel classifier (Classified Tiles) or an image / object "
            "classifier (ImageNet / Labeled Tiles).\n\n"
            "Class data: a raster of integer class values (0 or its nodata = unlabelled; its "
            "colour table and category names name and colour the classes), or a polygon "
            "layer with an integer class value field and an optional class name field. "
            "Polygons are rasterised on each chip's own grid; labels in another CRS are "
            "reprojected. Class values need not be 1..n (10/20/30 and values above 255 keep "
            "their values). Image nodata (value, mask, alpha, NaN) is never learned from.\n\n"
            "Classified Tiles: images/ and labels/ chips of the same names, with ArcGIS's "
            "esri_model_definition.emd, esri_accumulated_stats.json, map.txt and stats.txt. "
            "ImageNet: images/<class name>/<id> chips, one per polygon (fixed size around its "
            "centroid, or its bounding box plus a buffer, resized to the tile size), or one "
            "per tile of a class raster labelled by its majority class. Both write "
            "torchmap_export.json: classes, bands, statistics over valid pixels, CRS, cell "
            "size and the source position of every chip.\n\n"
            "An existing folder is refused unless Overwrite (replaces an earlier export) or "
            "Append (adds chips to it, numbered from Start index) is on."
        )

    def parameter_help(self) -> dict[str, str]:
        return {
            self.INPUT_RASTER: self.tr("The image to learn from (any band count and data type)."),
            self.INPUT_CLASS_DATA: self.tr(
                "What each pixel is: a raster of class values (0 or nodata = unlabelled; its "
                "colour table and category names name and colour the classes) or polygons."
            ),
            self.CLASS_VALUE_FIELD: self.tr(
                "Polygons only: the integer field holding the class value."
            ),
            self.CLASS_NAME_FIELD: self.tr("Polygons only: a field naming each class (optional)."),
            self.METADATA_FORMAT: self.tr(
                "Classified Tiles: image and label chips for pixel classification (U-Net). "
                "ImageNet / Labeled Tiles: one folder of chips per class, for image and object "
                "classification (ResNet)."
            ),
            self.TILE_SIZE: self.tr("Width (and height) of each chip in pixels, e.g. 256."),
            self.TILE_SIZE_Y: self.tr("Height of each chip when it differs from the width."),
            self.STRIDE: self.tr(
                "Pixels between the starts of neighbouring chips; half the tile size gives "
                "overlapping chips, i.e. more of them."
            ),
            self.STRIDE_Y: self.tr("Vertical stride when it differs from the horizontal one."),
            self.CHIP_FORMAT: self.tr(
                "File format of the chips: TIFF keeps every band, data type and the georeferencing."
            ),
            self.BANDS: self.tr("Which raster bands to export, e.g. 4,3,2; empty: all."),
            self.CELL_SIZE: self.tr("Resample the image to this cell size first; empty: keep it."),
            self.EXTENT: self.tr("Export only this part of the raster."),
            self.MASK_LAYER: self.tr("Export only chips inside these polygons."),
            self.MIN_LABELLED_FRACTION: self.tr(
                "Skip chips with a smaller share of labelled pixels."
            ),
            self.EXPORT_ALL_TILES: self.tr("Also write chips that have no labelled pixel."),
            self.ROTATION_ANGLE: self.tr(
                "Also write copies rotated by this angle (augmentation); 0: none."
            ),
            self.CROP_MODE: self.tr("ImageNet from polygons: how a feature's chip is cut."),
            self.BUFFER: self.tr("ImageNet from polygons: margin added around each bounding box."),
            self.BLACKEN_AROUND_FEATURE: self.tr(
                "ImageNet from polygons: set pixels outside the feature to 0."
            ),
            self.START_INDEX: self.tr("Number of the first chip file (to continue an export)."),
            self.APPEND: self.tr(
                "Add the chips to an existing export of the same bands and classes."
            ),
            self.OVERWRITE: self.tr("Replace an existing TorchMap export in the output folder."),
            self.OUTPUT_FOLDER: self.tr(
                "Where images/, labels/ and torchmap_export.json are written."
            ),
        }

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.INPUT_RASTER, self.tr("Input raster"))
        )
        self.addParameter(
            QgsProcessingParameterMapLayer(
                self.INPUT_CLASS_DATA,
                self.tr("Class data (class raster, or polygons with a class value field)"),
                types=[QgsProcessing.TypeRaster, QgsProcessing.TypeVectorAnyGeometry],
            )
        )
        for name, description in (
            (self.CLASS_VALUE_FIELD, self.tr("Class value field (integer; polygons only)")),
            (self.CLASS_NAME_FIELD, self.tr("Class name field (polygons only)")),
        ):
            field = QgsProcessingParameterField(
                name, description, parentLayerParameterName=self.INPUT_CLASS_DATA, optional=True
            )
            # QGIS 3.22's own field widget crashes when the class data are a raster.
            field.setMetadata(class_field_metadata())
            self.addParameter(field)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.METADATA_FORMAT,
                self.tr("Metadata format"),
                options=[
                    self.tr("Classified Tiles (pixel classification)"),
                    self.tr("ImageNet / Labeled Tiles (image and object classification)"),
                ],
                defaultValue=0,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TILE_SIZE, self.tr("Tile size (pixels)"), defaultValue=256, minValue=8
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.STRIDE,
                self.tr("Stride (pixels; smaller than the tile size for overlapping chips)"),
                defaultValue=128,
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.CHIP_FORMAT,
                self.tr("Chip format"),
                options=[
                    self.tr("TIFF (every band and data type, georeferenced)"),
                    self.tr("PNG (8-bit, 1, 3 or 4 bands)"),
                    self.tr("JPEG (8-bit, 1 or 3 bands; labels as PNG)"),
                ],
                defaultValue=0,
                optional=True,
            )
        )
        advanced = [
            QgsProcessingParameterNumber(
                self.TILE_SIZE_Y,
                self.tr("Tile height (pixels; empty: the tile size)"),
                optional=True,
                minValue=8,
            ),
            QgsProcessingParameterNumber(
                self.STRIDE_Y,
                self.tr("Stride y (pixels; empty: the stride)"),
                optional=True,
                minValue=0,
            ),
            QgsProcessingParameterBand(
                self.BANDS,
                self.tr("Bands (empty: all)"),
                parentLayerParameterName=self.INPUT_RASTER,
                optional=True,
                allowMultiple=True,
            ),
            QgsProcessingParameterNumber(
                self.CELL_SIZE,
                self.tr("Output cell size (CRS units; empty: the raster's)"),
                type=QgsProcessingParameterNumber.Double,
                optional=True,
                minValue=0,
            ),
            QgsProcessingParameterExtent(self.EXTENT, self.tr("Processing extent"), optional=True),
            QgsProcessingParameterFeatureSource(
                self.MASK_LAYER,
                self.tr("Mask polygons (nothing is exported outside them)"),
                types=[QgsProcessing.TypeVectorPolygon],
                optional=True,
            ),
            with_decimals(
                QgsProcessingParameterNumber(
                    self.MIN_LABELLED_FRACTION,
                    self.tr("Minimum labelled fraction of a chip (0-1)"),
                    type=QgsProcessingParameterNumber.Double,
                    defaultValue=0.0,
                    minValue=0.0,
                    maxValue=1.0,
                    optional=True,
                ),
                2,
            ),
            QgsProcessingParameterBoolean(
                self.EXPORT_ALL_TILES,
                self.tr("Export all tiles (also those without labels)"),
                defaultValue=False,
                optional=True,
            ),
            with_decimals(
                QgsProcessingParameterNumber(
                    self.ROTATION_ANGLE,
                    self.tr("Rotation angle for extra rotated chips (degrees; 0: none)"),
                    type=QgsProcessingParameterNumber.Double,
                    defaultValue=0.0,
                    minValue=0.0,
                    maxValue=359.0,
                    optional=True,
                ),
                1,
            ),
            choice_parameter(self.CROP_MODE, default="fixed_size", advanced=False),
            with_decimals(
                QgsProcessingParameterNumber(
                    self.BUFFER,
                    self.tr("Buffer around bounding boxes (%)"),
                    type=QgsProcessingParameterNumber.Double,
                    defaultValue=0.0,
                    minValue=0.0,
                    optional=True,
                ),
                1,
            ),
            QgsProcessingParameterBoolean(
                self.BLACKEN_AROUND_FEATURE,
                self.tr("Blacken around feature (ImageNet from polygons)"),
                defaultValue=False,
                optional=True,
            ),
            QgsProcessingParameterNumber(
                self.START_INDEX,
                self.tr("Start index of chip names"),
                defaultValue=0,
                minValue=0,
                optional=True,
            ),
            QgsProcessingParameterBoolean(
                self.APPEND,
                self.tr("Append to an existing export"),
                defaultValue=False,
                optional=True,
            ),
            QgsProcessingParameterBoolean(
                self.OVERWRITE,
                self.tr("Overwrite an existing export"),
                defaultValue=False,
                optional=True,
            ),
        ]
        self.add_advanced_parameters(*advanced)
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addOutput(QgsProcessingOutputNumber(self.CHIP_COUNT, self.tr("Number of chips")))

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.data.export import ExportConfig, export_training_data

        raster = self.parameterAsRasterLayer(parameters, self.INPUT_RASTER, context)
        class_data, class_layer = self._class_data(parameters, context, feedback)
        mask, mask_layer = self._mask(parameters, context, feedback)
        config = ExportConfig(
            raster=Path(self.raster_file(parameters, self.INPUT_RASTER, context)),
            class_data=Path(class_data),
            class_layer=class_layer,
            output_folder=Path(self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)),
            class_value_field=self.parameterAsString(parameters, self.CLASS_VALUE_FIELD, context)
            or None,
            class_name_field=self.parameterAsString(parameters, self.CLASS_NAME_FIELD, context)
            or None,
            metadata_format=METADATA_FORMATS[
                self.parameterAsEnum(parameters, self.METADATA_FORMAT, context)
            ],
            tile_size=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            tile_height=self._optional_int(parameters, self.TILE_SIZE_Y, context),
            stride=self.parameterAsInt(parameters, self.STRIDE, context),
            stride_y=self._optional_int(parameters, self.STRIDE_Y, context),
            chip_format=CHIP_FORMATS[self.parameterAsEnum(parameters, self.CHIP_FORMAT, context)],
            bands=tuple(self.parameterAsInts(parameters, self.BANDS, context)) or None,
            cell_size=self.parameterAsDouble(parameters, self.CELL_SIZE, context) or None,
            extent=self._extent(parameters, context, raster),
            mask=Path(mask) if mask else None,
            mask_layer=mask_layer,
            min_labelled_fraction=self.parameterAsDouble(
                parameters, self.MIN_LABELLED_FRACTION, context
            ),
            export_all_tiles=self.parameterAsBool(parameters, self.EXPORT_ALL_TILES, context),
            rotation_angle=self.parameterAsDouble(parameters, self.ROTATION_ANGLE, context),
            crop_mode=read_choice(self, parameters, self.CROP_MODE, context),
            buffer_percent=self.parameterAsDouble(parameters, self.BUFFER, context),
            blacken_around_feature=self.parameterAsBool(
                parameters, self.BLACKEN_AROUND_FEATURE, context
            ),
            start_index=self.parameterAsInt(parameters, self.START_INDEX, context),
            append=self.parameterAsBool(parameters, self.APPEND, context),
            overwrite=self.parameterAsBool(parameters, self.OVERWRITE, context),
        )
        result = self.run_engine(
            lambda: export_training_data(config, FeedbackReporter(feedback)), feedback
        )
        return {self.OUTPUT_FOLDER: str(result.output_folder), self.CHIP_COUNT: result.chip_count}

    def _optional_int(self, parameters: dict, name: str, context: QgsProcessingContext):
        if parameters.get(name) in (None, ""):
            return None
        return self.parameterAsInt(parameters, name, context)

    def _class_data(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> tuple[str, str | None]:
        """A raster file, or a vector file and layer name the engine reads with OGR (layers
        that are not files, or that have a selection, are saved to a temporary file)."""
        layer = self.parameterAsLayer(parameters, self.INPUT_CLASS_DATA, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(
                self.parameter_message(
                    self.INPUT_CLASS_DATA, self.tr("the layer could not be loaded.")
                )
            )
        if isinstance(layer, QgsRasterLayer):
            return self.raster_file(parameters, self.INPUT_CLASS_DATA, context), None
        return self._vector_file(parameters, self.INPUT_CLASS_DATA, context, feedback)

    def _mask(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> tuple[str | None, str | None]:
        if not parameters.get(self.MASK_LAYER):
            return None, None
        return self._vector_file(parameters, self.MASK_LAYER, context, feedback)

    def _vector_file(
        self,
        parameters: dict,
        name: str,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> tuple[str, str | None]:
        path, layer_name = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, VECTOR_FORMATS, "gpkg", feedback
        )
        return path, layer_name or None

    def _extent(self, parameters: dict, context: QgsProcessingContext, raster):
        if not parameters.get(self.EXTENT):
            return None
        rectangle = self.parameterAsExtent(parameters, self.EXTENT, context, raster.crs())
        if rectangle.isNull() or rectangle.isEmpty():
            return None
        return (
            rectangle.xMinimum(),
            rectangle.yMinimum(),
            rectangle.xMaximum(),
            rectangle.yMaximum(),
        )
