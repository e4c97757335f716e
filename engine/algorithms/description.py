"""What an algorithm's parameters are, declared once for every front end.

The Processing algorithms (``processing_provider/``) build their QGIS parameters from these
descriptions, and the command line (``python -m torchmap.engine``) parses ``NAME=value`` with
them: the names, kinds, defaults, choices and limits cannot drift apart. Both front ends turn
what the user gave into plain Python values by kind (see :data:`KINDS`) and hand them to the
algorithm's ``config`` function, so the values-to-engine mapping is written once too.

Labels and help are English here, marked with :func:`qt_text`: ``scripts/i18n.py`` reads them
into the plugin's Qt catalogues in the module's ``TRANSLATION_CONTEXT`` (the Processing
algorithm's class name), and the plugin translates them where it shows them. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The kinds of parameter, and the Python value each front end hands to ``config``:
RASTER = "raster"  # str: a raster file GDAL opens
LAYER = "layer"  # LayerSource: a raster file, or a vector file (and layer) OGR opens
VECTOR = "vector"  # LayerSource: a vector file (and layer) OGR opens
FILE = "file"  # str: an existing file (``extension`` if given)
FOLDER = "folder"  # str: an existing folder
STRING = "string"  # str ("" when empty)
INTEGER = "integer"  # int, or None when optional and unset
NUMBER = "number"  # float, or None when optional and unset
BOOLEAN = "boolean"  # bool
CHOICE = "choice"  # str: one of ``choices`` (None when optional without default and unset)
EXTENT = "extent"  # (xmin, ymin, xmax, ymax) in the CRS of the ``parent`` raster, or None
BANDS = "bands"  # list[int] of 1-based bands of the ``parent`` raster, or None
FIELD = "field"  # str: a field of the ``parent`` layer, or None
FOLDER_OUT = "folder_out"  # str: a folder to write
FILE_OUT = "file_out"  # str: a file to write
RASTER_OUT = "raster_out"  # str: a GeoTIFF to write (None when optional and not asked for)
VECTOR_OUT = "vector_out"  # str: a vector file to write
KINDS = (
    RASTER,
    LAYER,
    VECTOR,
    FILE,
    FOLDER,
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    CHOICE,
    EXTENT,
    BANDS,
    FIELD,
    FOLDER_OUT,
    FILE_OUT,
    RASTER_OUT,
    VECTOR_OUT,
)
OUTPUT_KINDS = (FOLDER_OUT, FILE_OUT, RASTER_OUT, VECTOR_OUT)

# What a vector parameter accepts (``geometry``):
POLYGONS = "polygons"
POLYGONS_OR_POINTS = "polygons_or_points"


def qt_text(text: str) -> str:
    """Marks ``text`` for the plugin's Qt catalogues (see the module's docstring); the engine
    shows it in English (the command line's help)."""
    return text


@dataclass(frozen=True)
class LayerSource:
    """A file GDAL or OGR opens, and for a vector file of several layers the layer's name."""

    path: str
    layer: str | None = None
    is_raster: bool = False


@dataclass(frozen=True)
class Parameter:
    """One parameter of an algorithm. ``field`` is the engine setting it feeds, so an engine
    error about that setting names the parameter; ``advanced`` puts it under Processing's
    "Advanced Parameters" (those with a default are optional there as well)."""

    name: str
    kind: str
    label: str
    help: str = ""
    default: Any = None
    optional: bool = False
    advanced: bool = False
    field: str = ""
    choices: tuple[str, ...] = ()  # CHOICE: the engine names, in the order offered
    choice_labels: tuple[str, ...] = ()  # CHOICE: labels; empty: the shared option labels
    minimum: float | None = None
    maximum: float | None = None
    decimals: int | None = None  # NUMBER: places shown in the dialog
    extension: str = ""  # FILE: e.g. "tmpk"; FILE_OUT: the file type's filter
    parent: str = ""  # EXTENT, BANDS, FIELD: the layer parameter they belong to
    geometry: str = ""  # VECTOR: POLYGONS or POLYGONS_OR_POINTS
    widget: str = ""  # a custom Processing widget's wrapper, in processing_provider/
    label_context: str = ""  # the label's translation context; "": the algorithm's
    default_factory: Callable[[], Any] | None = None  # a default made when asked (a new path)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.kind == CHOICE and self.default is not None and self.default not in self.choices:
            raise ValueError(f"{self.name}: default {self.default!r} is not a choice")

    def default_value(self) -> Any:
        return self.default_factory() if self.default_factory else self.default

    @property
    def is_output(self) -> bool:
        return self.kind in OUTPUT_KINDS

    @property
    def is_optional(self) -> bool:
        """Optional as Processing sees it: declared so, or advanced with a default."""
        return self.optional or (self.advanced and self.default is not None)


@dataclass(frozen=True)
class Output:
    """A result that is not a layer or file the user names (a count, a score, a report)."""

    name: str
    kind: str  # "number" or "html"
    label: str


@dataclass(frozen=True)
class Algorithm:
    """An algorithm as every front end sees it. ``config`` turns the values by parameter name
    (see :data:`KINDS`) into the engine's settings; ``run`` does the work (command line) and
    returns the results by output name."""

    name: str  # the Processing id (torchmap:<name>) and the command's name
    command: str  # the command-line subcommand, e.g. "classify-pixels"
    title: str
    intro: str
    parameters: tuple[Parameter, ...]
    outputs: tuple[Output, ...] = ()
    config: Callable[[dict[str, Any]], Any] | None = None
    run: Callable[..., dict[str, Any]] | None = None
    translation_context: str = ""
    distributed: bool = False  # ``run`` takes a group: several ranks share the work
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [parameter.name for parameter in self.parameters]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: a parameter is declared twice")
        for parameter in self.parameters:
            if parameter.parent and parameter.parent not in names:
                raise ValueError(f"{parameter.name}: no parent {parameter.parent}")

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    @property
    def field_parameters(self) -> dict[str, str]:
        """Engine setting -> parameter name, for errors that name the parameter."""
        return {p.field: p.name for p in self.parameters if p.field}
