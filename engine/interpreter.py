"""QGIS's own Python interpreter, for running the engine or the installer as programs from
inside QGIS, where ``sys.executable`` is QGIS itself. Standard library only."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath


def qgis_python(
    platform: str, executable: str, prefix: str, exists: Callable[[PurePath], bool]
) -> PurePath:
    """QGIS's own Python interpreter. Inside QGIS ``sys.executable`` is QGIS itself:
    Linux and macOS have ``bin/python3`` under ``sys.prefix``; on Windows (OSGeo4W and the
    standalone installer) ``python.exe`` lies in ``sys.prefix`` (``apps/Python3x``) or
    beside ``qgis.exe`` in ``bin``."""
    windows = platform.startswith("win")
    path = PureWindowsPath if windows else PurePosixPath
    running = path(executable)
    if running.name.lower().startswith("python"):
        return running
    if windows:
        candidates = [
            path(prefix) / "python.exe",
            running.parent / "python.exe",
            running.parent / "python3.exe",
        ]
    else:
        candidates = [
            path(prefix) / "bin" / "python3",
            running.parent / "bin" / "python3",
            running.parent / "python3",
        ]
    for candidate in candidates:
        if exists(candidate):
            return candidate
    raise FileNotFoundError(
        f"no Python interpreter found for QGIS at {', '.join(map(str, candidates))}"
    )


def this_python() -> str:
    """The interpreter running this code, as a program to start: QGIS's Python inside QGIS."""
    try:
        found = qgis_python(sys.platform, sys.executable, sys.prefix, lambda p: Path(p).exists())
    except FileNotFoundError:
        return "python" if sys.platform.startswith("win") else "python3"
    return str(found)
