"""What every TorchMap algorithm shares: naming, the dependency check, and turning engine
errors into messages that name the Processing parameter and the fix."""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..engine.algorithms.description import Algorithm
from .parameters import ValueReader, add_described_parameters, translated

if TYPE_CHECKING:  # the engine is imported lazily: QGIS must load without torch
    from ..engine.errors import InputError

Result = TypeVar("Result")
ICONS_FOLDER = Path(__file__).resolve().parent.parent / "icons"

TRACKER = "https://github.com/torchmap/torchmap/issues"
README_URL = "https://github.com/torchmap/torchmap/blob/main/README.md"
SERVICE_PROVIDERS = ("wms", "wcs")  # imagery services GDAL reads (engine/raster_sources.py)


# Toolbox groups by id; marked for translation here, translated in group().
GROUP_NAMES = {
    "training": QT_TRANSLATE_NOOP("TorchMapAlgorithm", "Training"),
    "inference": QT_TRANSLATE_NOOP("TorchMapAlgorithm", "Inference"),
}


class TorchMapAlgorithm(QgsProcessingAlgorithm):
    """Base of the TorchMap algorithms. Subclasses set ``GROUP_ID`` and ``DESCRIPTION``, the
    engine's description of the algorithm (``engine/algorithms/``): its name, title, help
    and parameters come from there, as do the parameter names engine errors are given."""

    GROUP_ID = ""
    DESCRIPTION: Algorithm
    # (image, class data) inputs whose class data must not start as the image in the dialog.
    IMAGE_AND_CLASS_INPUTS: tuple[tuple[str, str], ...] = ()

    def tr(self, text: str) -> str:
        # The subclass's name is the context, as pylupdate5 sees it; text of this base class
        # is translated in the context "TorchMapAlgorithm" explicitly.
        return QCoreApplication.translate(type(self).__name__, text)

    def name(self) -> str:
        return self.DESCRIPTION.name

    def displayName(self) -> str:
        return translated(self.DESCRIPTION, None, self.DESCRIPTION.title)

    def initAlgorithm(self, config: dict | None = None) -> None:
        add_described_parameters(self, self.DESCRIPTION, self.choice_labels())
        self.add_outputs()

    def choice_labels(self) -> dict[str, list[str]]:
        """Choice labels made at run time, by parameter name (subclasses)."""
        return {}

    def add_outputs(self) -> None:
        """The described outputs that are not destination parameters (numbers, reports)."""
        kinds = {"number": QgsProcessingOutputNumber, "html": QgsProcessingOutputHtml}
        for output in self.DESCRIPTION.outputs:
            label = translated(self.DESCRIPTION, None, output.label)
            self.addOutput(kinds[output.kind](output.name, label))

    def values(
        self,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
        skip: tuple[str, ...] = (),
    ) -> dict[str, object]:
        """The user's values by parameter name, as the description's ``config`` takes them."""
        return ValueReader(self, parameters, context, feedback).values(self.DESCRIPTION, skip)

    def in_processes(
        self, values: dict[str, object], feedback: QgsProcessingFeedback
    ) -> dict[str, object] | None:
        """With PROCESSES above 1: the algorithm run by that many engine processes on this
        machine (torchrun), its progress and messages in ``feedback``; None otherwise."""
        processes = int(values.get("PROCESSES") or 1)
        if processes <= 1:
            return None
        from ..engine.launch import run_in_processes

        feedback.pushInfo(
            QCoreApplication.translate(
                "TorchMapAlgorithm", "Running in {} processes (torchrun)."
            ).format(processes)
        )
        return self.run_engine(
            lambda: run_in_processes(
                self.DESCRIPTION,
                values,
                processes,
                feedback.setProgress,
                feedback.pushInfo,
                feedback.isCanceled,
            ),
            feedback,
        )

    def icon(self) -> QIcon:
        """The algorithm's own icon (icons/<name>.svg), not Processing's generic gear."""
        return QIcon(str(ICONS_FOLDER / f"{self.name()}.svg"))

    def group(self) -> str:
        return QCoreApplication.translate("TorchMapAlgorithm", GROUP_NAMES[self.GROUP_ID])

    def groupId(self) -> str:
        return self.GROUP_ID

    # The anchor of the README section that documents the algorithm.
    README_SECTION = "from-the-processing-toolbox"

    def help_intro(self) -> str:
        """What the algorithm does, in a few translated paragraphs."""
        return translated(self.DESCRIPTION, None, self.DESCRIPTION.intro)

    def parameter_help(self) -> dict[str, str]:
        """What each parameter does, translated, by parameter name."""
        return {
            parameter.name: translated(self.DESCRIPTION, None, parameter.help)
            for parameter in self.DESCRIPTION.parameters
        }

    def helpUrl(self) -> str:
        return f"{README_URL}#{self.README_SECTION}" if self.README_SECTION else README_URL

    def shortHelpString(self) -> str:
        """The intro, then every parameter with what it does, then the README link."""
        # The texts are plain (``images/<class name>/<id>``, ``Top K > 1``); Qt shows HTML.
        paragraphs = "".join(f"<p>{_html(text)}</p>" for text in self.help_intro().split("\n\n"))
        explained = self.parameter_help()
        rows = "".join(
            f"<dt><b>{_html(p.description())}</b> (<code>{p.name()}</code>)</dt>"
            f"<dd>{_html(explained.get(p.name(), ''))}</dd>"
            for p in self.parameterDefinitions()
        )
        heading = QCoreApplication.translate("TorchMapAlgorithm", "Parameters")
        more = QCoreApplication.translate("TorchMapAlgorithm", "More in the README: {}")
        link = f'<a href="{self.helpUrl()}">{self.helpUrl()}</a>'
        return f"{paragraphs}<h3>{heading}</h3><dl>{rows}</dl><p>{more.format(link)}</p>"

    def add_advanced_parameters(self, *parameters: QgsProcessingParameterDefinition) -> None:
        """Add parameters under "Advanced Parameters". Those with a default are optional too:
        QGIS 3.22 refuses a graphical model that leaves a mandatory parameter unset, default
        or not, and an optional one left out takes its default."""
        for parameter in parameters:
            flags = parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced
            if parameter.defaultValue() is not None:
                flags |= QgsProcessingParameterDefinition.FlagOptional
            parameter.setFlags(flags)
            self.addParameter(parameter)

    def createCustomParametersWidget(self, parent: object = None) -> object:
        """The Toolbox's dialog; see :mod:`.dialogs` for algorithms with class data."""
        if not self.IMAGE_AND_CLASS_INPUTS:
            return None
        from .dialogs import dialog_with_distinct_layers

        return dialog_with_distinct_layers(self, self.IMAGE_AND_CLASS_INPUTS, parent)

    def createInstance(self) -> QgsProcessingAlgorithm:
        return type(self)()

    def canExecute(self) -> tuple[bool, str]:
        from .dependencies import install_command, missing_dependencies

        missing = missing_dependencies()
        if missing:
            return False, QCoreApplication.translate(
                "TorchMapAlgorithm",
                "TorchMap needs the Python packages {} in QGIS's Python. Install them with: {}",
            ).format(", ".join(d.distribution for d in missing), install_command(missing))
        return True, ""

    def checkParameterValues(
        self, parameters: dict, context: QgsProcessingContext
    ) -> tuple[bool, str]:
        """Missing dependencies first: the parameters cannot help then."""
        can_execute, message = self.canExecute()
        if not can_execute:
            return False, message
        return super().checkParameterValues(parameters, context)

    def prepareAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> bool:
        """Refuse to start without the dependencies, saying what to install: qgis_process and
        processing.run never ask canExecute(), and would fail on importing torch."""
        can_execute, message = self.canExecute()
        if not can_execute:
            raise QgsProcessingException(message)
        return True

    def run_engine(self, work: Callable[[], Result], feedback: QgsProcessingFeedback) -> Result:
        """Call the engine; its errors become QgsProcessingExceptions naming the parameter."""
        from ..engine.errors import CancelledError, InputError

        try:
            return work()
        except QgsProcessingException:  # already a message for the user (e.g. a write error)
            raise
        except InputError as error:
            raise QgsProcessingException(self._describe_input_error(error)) from error
        except CancelledError as error:
            raise QgsProcessingException(
                QCoreApplication.translate("TorchMapAlgorithm", "Cancelled; no output was written.")
            ) from error
        except MemoryError as error:
            raise QgsProcessingException(self._out_of_memory()) from error
        except RuntimeError as error:  # torch reports CUDA out-of-memory as a RuntimeError
            if "out of memory" not in str(error).lower():
                raise self._unexpected(error, feedback) from error
            raise QgsProcessingException(self._out_of_memory()) from error
        except Exception as error:
            raise self._unexpected(error, feedback) from error

    def _describe_input_error(self, error: InputError) -> str:
        field_parameters = self.DESCRIPTION.field_parameters
        return self.parameter_message(field_parameters.get(error.field), error.message)

    def parameter_message(self, name: str | None, message: str) -> str:
        """``NAME (Description): message``, the one form every TorchMap error takes."""
        parameter = self.parameterDefinition(name) if name else None
        if parameter is None:
            return message
        return f"{parameter.name()} ({parameter.description()}): {message}"

    def _out_of_memory(self) -> str:
        return QCoreApplication.translate(
            "TorchMapAlgorithm",
            "Ran out of memory; use a smaller batch size (or tile size), or close other programs.",
        )

    def _unexpected(self, error: Exception, feedback: QgsProcessingFeedback) -> Exception:
        feedback.pushDebugInfo(traceback.format_exc())
        return QgsProcessingException(
            QCoreApplication.translate(
                "TorchMapAlgorithm",
                "TorchMap failed unexpectedly ({}: {}). Please report it at {}.",
            ).format(type(error).__name__, error, TRACKER)
        )

    def raster_file(
        self,
        parameters: dict,
        name: str,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback | None = None,
    ) -> str:
        """What the engine reads for a raster layer parameter: the file behind it, or for an
        imagery service (XYZ, WMS, WMTS, WCS) its source, read through GDAL."""
        layer: QgsRasterLayer | None = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(
                self.parameter_message(
                    name,
                    QCoreApplication.translate(
                        "TorchMapAlgorithm", "the raster layer could not be loaded."
                    ),
                )
            )
        if layer.providerType() in SERVICE_PROVIDERS:
            # XYZ, WMS, WMTS, WCS: read by GDAL at CELL_SIZE (engine/raster_sources.py).
            return f"{layer.providerType()}:{layer.source()}"
        if layer.providerType() != "gdal":
            return self._from_provider(layer, parameters, name, context, feedback)
        return layer.source()

    def _from_provider(
        self,
        layer: QgsRasterLayer,
        parameters: dict,
        name: str,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback | None,
    ) -> str:
        """A layer GDAL cannot open (a virtual raster, a database raster...): its pixels over
        EXTENT at CELL_SIZE (where given) fetched from its provider into a temporary file."""
        from .layer_sources import ProviderReadError, provider_raster

        extent = cell = None
        if self.parameterDefinition("EXTENT") is not None and parameters.get("EXTENT"):
            extent = self.parameterAsExtent(parameters, "EXTENT", context, layer.crs())
        if self.parameterDefinition("CELL_SIZE") is not None and parameters.get("CELL_SIZE"):
            cell = self.parameterAsDouble(parameters, "CELL_SIZE", context)
        try:
            return provider_raster(layer, extent, cell, feedback)
        except ProviderReadError as error:
            raise QgsProcessingException(
                self.parameter_message(
                    name,
                    QCoreApplication.translate(
                        "TorchMapAlgorithm",
                        "{} cannot be read ({}); save it as a GeoTIFF first (Raster > "
                        "Conversion > Translate).",
                    ).format(layer.name(), error),
                )
            ) from error


def _html(text: str) -> str:
    """Plain text as HTML (``<`` and ``&`` shown as such, quotes left alone)."""
    return html.escape(text, quote=False)
