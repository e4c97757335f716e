"""The engine must never import QGIS or Qt: it runs in scripts, servers and torchrun."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import torchmap

ENGINE = Path(torchmap.__file__).resolve().parent / "engine"

# Run in a fresh interpreter so modules already imported by pytest-qgis cannot hide an import.
BLOCKED_IMPORT_PROBE = """
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("qgis", "PyQt5", "PyQt6", "sip"):
            raise ImportError(f"engine imported {name}")
        return None

sys.meta_path.insert(0, Block())
import torchmap.engine
names = [
    m.name for m in pkgutil.walk_packages(torchmap.engine.__path__, "torchmap.engine.")
]
for name in names:
    importlib.import_module(name)
print(" ".join(sorted(names)))
"""


def test_every_engine_module_imports_with_qgis_and_qt_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKED_IMPORT_PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    # Every module and sub-package below engine/, named as Python imports it.
    expected = {
        "torchmap.engine." + ".".join(path.relative_to(ENGINE).with_suffix("").parts)
        for path in ENGINE.rglob("*.py")
        if path.stem != "__init__" and "__pycache__" not in path.parts
    } | {
        "torchmap.engine." + ".".join(path.parent.relative_to(ENGINE).parts)
        for path in ENGINE.rglob("__init__.py")
        if path.parent != ENGINE
    }
    assert imported == expected
