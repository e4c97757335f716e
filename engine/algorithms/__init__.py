"""The four algorithms as every front end sees them (Processing in QGIS, and the command line
``python -m torchmap.engine``): parameters, help and the values-to-settings mapping, declared
once. Torch-free and Qt-free: QGIS builds its dialogs from here before torch is installed."""

from __future__ import annotations

from .classify_objects import ALGORITHM as CLASSIFY_OBJECTS
from .classify_pixels import ALGORITHM as CLASSIFY_PIXELS
from .description import Algorithm
from .export import ALGORITHM as EXPORT
from .train import ALGORITHM as TRAIN

ALGORITHMS: tuple[Algorithm, ...] = (EXPORT, TRAIN, CLASSIFY_PIXELS, CLASSIFY_OBJECTS)
