"""``python3 -m torchmap.install``: QGIS's interpreter found on Linux, Windows (OSGeo4W and the
standalone installer) and macOS; pip told to leave what QGIS imports alone; duplicates of
system packages removed after; the folder added to sys.path after QGIS's own paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePath

import pytest

import torchmap
from torchmap import add_installed_dependencies
from torchmap.engine.interpreter import qgis_python
from torchmap.install import (
    CPU_INDEX,
    constraints,
    dependencies_folder,
    pip_command,
    remove_served_duplicates,
)


@pytest.mark.parametrize(
    ("platform", "executable", "prefix", "present", "expected"),
    [
        ("linux", "/usr/bin/qgis", "/usr", "/usr/bin/python3", "/usr/bin/python3"),
        ("linux", "/usr/bin/python3.11", "/usr", "", "/usr/bin/python3.11"),  # qgis_process
        ("win32", r"C:\OSGeo4W\bin\qgis-ltr-bin.exe", r"C:\OSGeo4W\apps\Python39",
         r"C:\OSGeo4W\apps\Python39\python.exe", r"C:\OSGeo4W\apps\Python39\python.exe"),
        ("win32", r"C:\Program Files\QGIS 3.22.16\bin\qgis-ltr-bin.exe",
         r"C:\Program Files\QGIS 3.22.16\apps\Python39",
         r"C:\Program Files\QGIS 3.22.16\bin\python.exe",
         r"C:\Program Files\QGIS 3.22.16\bin\python.exe"),
        ("darwin", "/Applications/QGIS-LTR.app/Contents/MacOS/QGIS",
         "/Applications/QGIS-LTR.app/Contents/Frameworks/Python.framework/Versions/3.9",
         "/Applications/QGIS-LTR.app/Contents/Frameworks/Python.framework/Versions/3.9/bin/python3",
         "/Applications/QGIS-LTR.app/Contents/Frameworks/Python.framework/Versions/3.9/bin/python3"),
        ("darwin", "/Applications/QGIS.app/Contents/MacOS/QGIS", "/nowhere",
         "/Applications/QGIS.app/Contents/MacOS/bin/python3",
         "/Applications/QGIS.app/Contents/MacOS/bin/python3"),
    ],
)  # fmt: skip
def test_qgis_python_is_found_on_every_platform(
    platform: str, executable: str, prefix: str, present: str, expected: str
) -> None:
    def exists(path: PurePath) -> bool:
        return str(path) == present

    assert str(qgis_python(platform, executable, prefix, exists)) == expected


def test_no_interpreter_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no Python interpreter"):
        qgis_python("win32", r"C:\QGIS\bin\qgis-bin.exe", r"C:\QGIS\apps\Python39", lambda p: False)


def test_pip_installs_into_the_folder_with_what_qgis_imports_pinned(tmp_path: Path) -> None:
    pins = constraints(lambda name: {"numpy": "1.24.2", "GDAL": "3.6.2"}.get(name))
    assert pins == ["numpy==1.24.2", "GDAL==3.6.2"]
    file = tmp_path / "constraints.txt"
    linux_cpu = pip_command("python3", tmp_path / "deps", "cpu", file, "linux")
    assert linux_cpu[:6] == ["python3", "-m", "pip", "install", "--upgrade", "--target"]
    assert str(file) in linux_cpu and CPU_INDEX in linux_cpu
    assert (
        any(part.startswith("torch>=") for part in linux_cpu) and "rasterio>=1.3" not in linux_cpu
    )
    assert "--index-url" not in pip_command("python3", tmp_path, "cuda", file, "linux")  # PyPI
    assert "cu126" in " ".join(pip_command("python.exe", tmp_path, "cuda", file, "win32"))
    assert "--index-url" not in pip_command("python3", tmp_path, "cpu", file, "darwin")
    assert "rasterio>=1.3" in pip_command("python3", tmp_path, "cpu", file, with_rasterio=True)


def _dist(target: Path, name: str, version: str, requires: list[str] = ()) -> None:
    info = target / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (target / name).mkdir()
    (target / name / "__init__.py").write_text("")
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    (info / "METADATA").write_text(metadata)
    record = [f"{name}/__init__.py,,", f"{info.name}/METADATA,,", f"{info.name}/RECORD,,"]
    (info / "RECORD").write_text("\n".join(record) + "\n")


def test_packages_the_system_serves_are_removed_and_needed_newer_ones_kept(
    tmp_path: Path,
) -> None:
    _dist(tmp_path, "torch", "2.14.1", ["sympy>=1.13.3", "jinja2", "filelock"])
    _dist(tmp_path, "sympy", "1.14.0")
    _dist(tmp_path, "jinja2", "3.1.6")
    _dist(tmp_path, "filelock", "3.20.0")
    system = {"sympy": "1.11.1", "jinja2": "3.1.2"}
    kept = remove_served_duplicates(tmp_path, system.get)
    assert kept == ["sympy 1.14.0 (the system has 1.11.1)"]  # torch needs >= 1.13.3
    assert not (tmp_path / "jinja2").exists()  # QGIS's own jinja2 stays the one imported
    assert (tmp_path / "sympy").is_dir() and (tmp_path / "filelock").is_dir()


def test_the_folder_goes_after_qgis_paths_and_before_site_packages(tmp_path: Path) -> None:
    qgis, plugins = "/usr/share/qgis/python", "/root/.local/share/QGIS/QGIS3/python/plugins"
    path = [qgis, plugins, "/usr/lib/python311.zip", "/usr/lib/python3/dist-packages"]
    add_installed_dependencies(path, tmp_path)
    assert path.index(str(tmp_path)) == 3 and path[:3] == [qgis, plugins, "/usr/lib/python311.zip"]
    add_installed_dependencies(path, tmp_path)  # once only
    assert path.count(str(tmp_path)) == 1
    add_installed_dependencies(path, tmp_path / "missing")  # no folder, nothing added
    assert len(path) == 5


def test_the_folder_is_the_profile_s_per_python_version() -> None:
    plugin = Path("/p/profiles/default/python/plugins/torchmap")
    assert dependencies_folder(plugin, (3, 9)) == Path(
        "/p/profiles/default/python/dependencies/torchmap-py39"
    )


def test_a_dry_run_prints_the_pip_command_and_installs_nothing(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "torchmap.install", "--cpu", "--dry-run", "--target",
         str(tmp_path / "deps")], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "CPU build" in run.stdout and str(tmp_path / "deps") in run.stdout
    assert "numpy==" not in run.stdout  # the pins are in the constraints file, not arguments
    assert not (tmp_path / "deps").exists()
    assert Path(torchmap.__file__).resolve().parent.joinpath("install.py").is_file()
