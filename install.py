"""Install TorchMap's Python dependencies for QGIS: ``python3 -m torchmap.install``.

Run it with QGIS's own interpreter from the folder that holds the installed plugin (QGIS's
``python/plugins`` folder of the profile), or press *Install* in the TorchMap dock's
Dependencies panel, which runs it. It installs torch, torchvision and
segmentation-models-pytorch (and rasterio where QGIS lacks it) with pip into a folder of
their own beside the plugins (``python/dependencies/torchmap-py311``), never into QGIS's
Python: nothing QGIS or another plugin imports is upgraded (the versions this interpreter
already has of numpy, GDAL, PyQt and rasterio are pip constraints), and afterwards every
package the system already has in a version that serves is removed from that folder again,
so the plugin adds to ``sys.path`` only what is new or must be newer.

    python3 -m torchmap.install [--cpu | --cuda] [--target FOLDER] [--dry-run]

``--cpu`` and ``--cuda`` force the PyTorch build; by default CUDA where an NVIDIA driver is
installed (Linux, Windows), else the CPU build (about 1 GB instead of 5). Exit status 0 when
done; restart QGIS afterwards. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .engine.interpreter import this_python

PLUGIN_ROOT = Path(__file__).resolve().parent
REQUIREMENTS = ("torch>=2.4", "torchvision>=0.19", "segmentation-models-pytorch>=0.6,<0.7")
RASTERIO = "rasterio>=1.3"
# What QGIS itself (and so every plugin) imports from this interpreter: never upgraded.
PINNED = ("numpy", "GDAL", "PyQt5", "PyQt5-sip", "rasterio", "shapely", "pyproj")
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
CUDA_INDEX_WINDOWS = "https://download.pytorch.org/whl/cu126"
PYPI = "https://pypi.org/simple"


def dependencies_folder(
    plugin_root: Path = PLUGIN_ROOT, version: Sequence[int] = sys.version_info
) -> Path:
    """Where the dependencies go: ``python/dependencies/torchmap-py<major><minor>`` of the
    profile (beside ``python/plugins``), one folder per Python version QGIS runs."""
    return plugin_root.parent.parent / "dependencies" / f"torchmap-py{version[0]}{version[1]}"


def constraints(installed: Callable[[str], str | None] | None = None) -> list[str]:
    """``name==version`` of what this interpreter already has among PINNED."""
    installed = installed or _installed_version
    pins = []
    for name in PINNED:
        version = installed(name)
        if version:
            pins.append(f"{name}=={version}")
    return pins


def _installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def system_versions(exclude: Path) -> Callable[[str], str | None]:
    """The version of a distribution on this interpreter's path, not counting ``exclude``."""
    paths = [entry for entry in sys.path if not str(entry).startswith(str(exclude))]

    def version(name: str) -> str | None:
        found = next(iter(importlib.metadata.distributions(name=name, path=paths)), None)
        return found.version if found is not None else None

    return version


def has_nvidia_driver(platform: str = sys.platform) -> bool:
    if platform == "darwin":
        return False
    return shutil.which("nvidia-smi") is not None


def pip_command(
    python: str,
    target: Path,
    build: str,
    constraints_file: Path,
    platform: str = sys.platform,
    with_rasterio: bool = False,
) -> list[str]:
    """The pip command installing the requirements into ``target`` for ``build`` (cpu or
    cuda): the CPU wheels come from PyTorch's own index; CUDA ones from PyPI on Linux (its
    torch is the CUDA build) and from PyTorch's index on Windows."""
    command = [
        python,
        "-m",
        "pip",
        "install",
        "--upgrade",
        "--target",
        str(target),
        "--constraint",
        str(constraints_file),
    ]
    if build == "cpu" and platform != "darwin":
        command += ["--index-url", CPU_INDEX, "--extra-index-url", PYPI]
    elif build == "cuda" and platform.startswith("win"):
        command += ["--index-url", CUDA_INDEX_WINDOWS, "--extra-index-url", PYPI]
    return command + list(REQUIREMENTS) + ([RASTERIO] if with_rasterio else [])


def remove_served_duplicates(target: Path, system: Callable[[str], str | None]) -> list[str]:
    """Delete from ``target`` every distribution the system already has in a version the
    installed packages accept (QGIS's copy then stays the one everybody imports); the names
    of those kept although the system has another version (they must shadow it)."""
    needs = _requirements_in(target)
    shadowing = []
    for dist in importlib.metadata.distributions(path=[str(target)]):
        name = dist.metadata["Name"]
        have = system(name)
        if not have:
            continue
        if all(_satisfied(have, spec) for spec in needs.get(_normal(name), [])):
            _remove(target, dist)
        else:
            shadowing.append(f"{name} {dist.version} (the system has {have})")
    return shadowing


def _requirements_in(target: Path) -> dict[str, list[str]]:
    """Version specifiers each installed distribution puts on the others, by name."""
    needs: dict[str, list[str]] = {}
    for dist in importlib.metadata.distributions(path=[str(target)]):
        for requirement in dist.requires or []:
            if ";" in requirement and "extra ==" in requirement:
                continue
            match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*\(?([^;)]*)", requirement)
            if match:
                needs.setdefault(_normal(match.group(1)), []).append(match.group(2).strip())
    return needs


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _satisfied(version: str, specifier: str) -> bool:
    """Whether ``version`` meets ``specifier`` (e.g. ``>=1.13,<2``); unknown forms count."""
    for part in filter(None, (p.strip() for p in specifier.split(","))):
        match = re.match(r"(==|!=|>=|<=|~=|>|<)\s*([0-9][0-9a-zA-Z.*+]*)", part)
        if not match:
            continue
        operator, wanted = match.groups()
        have, want = _key(version), _key(wanted.replace(".*", ""))
        ok = {
            "==": have[: len(want)] == want if "*" in wanted else have == want,
            "!=": have != want,
            ">=": have >= want,
            "<=": have <= want,
            ">": have > want,
            "<": have < want,
            "~=": have >= want and have[: len(want) - 1] == want[:-1],
        }
        if not ok[operator]:
            return False
    return True


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:4])


def _remove(target: Path, dist: importlib.metadata.Distribution) -> None:
    """Delete a distribution's files (its RECORD lists them, itself included) and the
    folders they leave empty."""
    files = [target / file for file in dist.files or []]
    for path in files:
        if path.is_file():
            path.unlink()
    tops = {target / path.relative_to(target).parts[0] for path in files if path != target}
    for top in tops:
        if not top.is_dir():
            continue
        for folder, _subfolders, _files in sorted(os.walk(top, topdown=False), reverse=True):
            if not os.listdir(folder):  # emptied (bottom-up): a package the system serves
                os.rmdir(folder)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m torchmap.install", description=__doc__.split("\n\n")[0]
    )
    build = parser.add_mutually_exclusive_group()
    build.add_argument("--cpu", action="store_true", help="the CPU build of PyTorch")
    build.add_argument("--cuda", action="store_true", help="the CUDA build of PyTorch")
    parser.add_argument(
        "--target",
        type=Path,
        default=dependencies_folder(),
        help="where to install (default: %(default)s)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the pip command only")
    options = parser.parse_args(argv)
    chosen = (
        "cpu"
        if options.cpu
        else "cuda"
        if options.cuda
        else ("cuda" if has_nvidia_driver() else "cpu")
    )
    python = this_python()
    with tempfile.TemporaryDirectory() as folder:
        pins = Path(folder) / "constraints.txt"
        pins.write_text("\n".join(constraints()) + "\n", encoding="utf-8")
        command = pip_command(
            python,
            options.target,
            chosen,
            pins,
            with_rasterio=_installed_version("rasterio") is None,
        )
        print(
            f"TorchMap: installing the {chosen.upper()} build of PyTorch into {options.target}",
            flush=True,
        )
        print(" ".join(command), flush=True)
        if options.dry_run:
            return 0
        options.target.mkdir(parents=True, exist_ok=True)
        status = subprocess.call(command, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    if status:
        print(
            f"TorchMap: pip failed (exit status {status}); nothing else was changed.",
            file=sys.stderr,
        )
        return status
    system = system_versions(exclude=options.target)
    for note in remove_served_duplicates(options.target, system):
        print(f"TorchMap: keeps {note}, which TorchMap's packages need.")
    print("TorchMap: done. Restart QGIS to use TorchMap.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
