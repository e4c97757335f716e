"""torchmap:classifypixels: a classified raster from an image and a pixel classifier; its
parameters are described in ``engine/algorithms/classify_pixels.py``."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
)

from ..engine.algorithms.classify_pixels import ALGORITHM
from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .styling import (
    ClassStylePostProcessor,
    RampStylePostProcessor,
    save_default_ramp_style,
    save_default_raster_style,
    style_when_loaded,
)

OUTPUTS = ("OUTPUT", "OUTPUT_CONFIDENCE", "OUTPUT_PROBABILITIES")


class ClassifyPixelsAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "inference"
    DESCRIPTION = ALGORITHM

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.inference.classify_pixels import classify_pixels
        from ..engine.models.definition import read_definition

        values = self.values(parameters, context, feedback)
        config = self.run_engine(lambda: ALGORITHM.config(values), feedback)
        if self.in_processes(values, feedback) is not None:
            classes = read_definition(config.model).classes
        else:
            result = self.run_engine(
                lambda: classify_pixels(config, FeedbackReporter(feedback)), feedback
            )
            classes = result.classes
        outputs = {name: values[name] for name in OUTPUTS if values[name]}
        self._style("OUTPUT", save_default_raster_style(outputs["OUTPUT"], classes))
        style_when_loaded(
            context, outputs["OUTPUT"], lambda: ClassStylePostProcessor.create(classes)
        )
        for name in ("OUTPUT_CONFIDENCE", "OUTPUT_PROBABILITIES"):
            if name in outputs:
                self._style(name, save_default_ramp_style(outputs[name], 0.0, 1.0))
                style_when_loaded(
                    context, outputs[name], lambda: RampStylePostProcessor.create(0.0, 1.0)
                )
        return outputs

    def _style(self, name: str, problem: str | None) -> None:
        """A style that could not be saved whole (its .qml is the output's legend in every
        later session) fails the run, naming the output, like a failed write of the output."""
        if problem:
            raise QgsProcessingException(
                self.parameter_message(name, self.tr("its style was not saved: {}").format(problem))
            )
