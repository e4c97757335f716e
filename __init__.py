"""TorchMap: deep learning for imagery in QGIS (Processing provider + GUI).

QGIS imports this package at start (also qgis_process), so it must stay cheap and must not
fail when torch is missing: the heavy imports happen inside the algorithms, which report a
missing dependency through ``canExecute()`` instead of breaking QGIS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PLUGIN_ROOT = Path(__file__).resolve().parent


def dependency_site_packages() -> list[Path]:
    """Folders holding TorchMap's pip dependencies (torch, smp, ...), for QGIS's Python.

    ``TORCHMAP_SITE_PACKAGES`` (os.pathsep-separated) wins; otherwise the ``.venv`` that
    ``make`` builds beside the plugin's real (symlink-resolved) folder is used.
    """
    configured = os.environ.get("TORCHMAP_SITE_PACKAGES")
    if configured:
        return [Path(part) for part in configured.split(os.pathsep) if part]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return sorted((PLUGIN_ROOT / ".venv" / "lib").glob(f"{version}/site-packages"))


def add_dependency_site_packages() -> None:
    """Put the development virtualenv (a checkout's ``.venv``) first on sys.path, the order
    the virtualenv itself uses; an installed plugin has none."""
    for folder in reversed(dependency_site_packages()):
        if folder.is_dir() and str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def installed_dependencies() -> Path:
    """The folder ``python3 -m torchmap.install`` fills (see install.py)."""
    version = f"torchmap-py{sys.version_info.major}{sys.version_info.minor}"
    return PLUGIN_ROOT.parent.parent / "dependencies" / version


def add_installed_dependencies(path: list[str] = sys.path, folder: Path | None = None) -> None:
    """The installer's folder after QGIS's own paths (its python folder and the plugin
    folders) and before the interpreter's site-packages: it holds only what the system
    lacks or has too old for TorchMap (the installer removed the rest), so nothing QGIS or
    another plugin imports changes."""
    folder = folder or installed_dependencies()
    if not folder.is_dir() or str(folder) in path:
        return
    packages = [
        i
        for i, entry in enumerate(path)
        if entry.rstrip("/\\").endswith(("site-packages", "dist-packages"))
    ]
    path.insert(packages[0] if packages else len(path), str(folder))


add_dependency_site_packages()
add_installed_dependencies()


def classFactory(iface):
    """QGIS entry point: the plugin object (imported lazily, so QGIS starts fast)."""
    from .processing_provider.dependencies import keep_triton_out_of_this_process

    keep_triton_out_of_this_process()  # before anything imports torch: see its module
    from .plugin.torchmap_plugin import TorchMapPlugin

    return TorchMapPlugin(iface)
