"""`make package`: the plugin ZIP holds what QGIS needs and nothing of the development tree,
and installed into a fresh QGIS profile (unzip, enable) it runs through qgis_process."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sysconfig
import zipfile
from pathlib import Path

import pytest
from data import Scene

import torchmap

ROOT = Path(torchmap.__file__).resolve().parent
QGIS_PROCESS = shutil.which("qgis_process.bin")


def load_packager():
    spec = importlib.util.spec_from_file_location("package", ROOT / "scripts" / "package.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    packager = load_packager()
    if not list((ROOT / "i18n").glob("*.qm")):
        pytest.skip("no compiled translations: `make translations` (make test runs it)")
    return packager.build(tmp_path_factory.mktemp("dist"))


def test_the_zip_holds_the_plugin_and_nothing_of_the_development_tree(plugin_zip: Path) -> None:
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert plugin_zip.name == f"torchmap-{load_packager().version()}.zip"
    assert {name.split("/")[0] for name in names} == {"torchmap"}
    for needed in ("metadata.txt", "LICENSE", "icon.svg", "__init__.py",
                   "i18n/torchmap_fr.qm", "i18n/torchmap_de.qm", "engine/locale/fr.json",
                   "models/land_cover_workflow.model3", "processing_provider/provider.py",
                   "icons/classifypixels.svg"):  # fmt: skip
        assert f"torchmap/{needed}" in names, needed
    for development in ("tests/", "bench/", ".ci/", "scripts/", "Makefile", "pyproject.toml",
                        "requirements.txt", ".venv", "__pycache__", ".ts"):  # fmt: skip
        assert not [name for name in names if development in name], development


@pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process.bin is not installed")
def test_the_zip_installed_in_a_fresh_profile_classifies_through_qgis_process(
    plugin_zip: Path, scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    """Unzipped into a new profile and enabled, as Plugins > Install from ZIP does; the
    dependencies come from a site-packages folder given to the plugin, not from a checkout."""
    config = tmp_path / "config"
    plugins = config / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(plugin_zip).extractall(plugins)
    (config / "profiles" / "default" / "QGIS").mkdir()
    (config / "profiles" / "default" / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\ntorchmap=true\n"
    )
    private = ("PYTHONPATH", "VIRTUAL_ENV", "QGIS_OPTIONS_PATH")
    env = {k: v for k, v in os.environ.items() if k not in private} | {
        "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),  # no other profile around
        "QGIS_CUSTOM_CONFIG_PATH": str(config),
        "TORCHMAP_SITE_PACKAGES": sysconfig.get_paths()["purelib"],
    }  # fmt: skip
    output = tmp_path / "classes.tif"
    completed = subprocess.run(
        [QGIS_PROCESS, "run", "torchmap:classifypixels", "--", f"INPUT_RASTER={scene.image}",
         f"MODEL={unet_package}", f"OUTPUT={output}"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert output.is_file() and output.with_suffix(".qml").is_file()
    assert (plugins / "torchmap" / "LICENSE").is_file()


PROBE_PATHS = """
import importlib.machinery, json, sys
sys.path.insert(0, sys.argv[1])  # the profile's plugins folder, as QGIS puts it
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
sys.path.append('/usr/share/qgis/python/plugins')
import processing  # what QGIS and its Processing plugin load at start
def origins():
    names = {name.split('.')[0] for name in sys.modules if not name.startswith('_')}
    found = {}
    for name in sorted(names):
        spec = importlib.machinery.PathFinder.find_spec(name, sys.path)
        if spec is not None and spec.origin:
            found[name] = spec.origin
    return found
before = origins()
import torchmap  # adds the installed dependencies' folder
after = origins()
changed = {n: [before[n], after.get(n)] for n in before if after.get(n) != before[n]}
print(json.dumps({"changed": changed, "path": sys.path}))
"""


@pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process.bin is not installed")
def test_the_zip_and_its_installer_classify_through_qgis_process_without_the_dev_venv(
    plugin_zip: Path, scene: Scene, unet_package: Path, tmp_path: Path
) -> None:
    """As a user: the ZIP unzipped into a new profile, then `python3 -m torchmap.install`
    run with QGIS's Python from the plugins folder (pip, from the package registries),
    then qgis_process. No checkout, no virtualenv on the path; what QGIS imports at start
    is found where it was before the plugin loaded."""
    config = tmp_path / "config"
    python = config / "profiles" / "default" / "python"
    plugins = python / "plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(plugin_zip).extractall(plugins)
    (config / "profiles" / "default" / "QGIS").mkdir()
    (config / "profiles" / "default" / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\ntorchmap=true\n"
    )
    private = ("PYTHONPATH", "VIRTUAL_ENV", "QGIS_OPTIONS_PATH", "TORCHMAP_SITE_PACKAGES")
    env = {k: v for k, v in os.environ.items() if k not in private} | {
        "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
        "QGIS_CUSTOM_CONFIG_PATH": str(config),
    }  # fmt: skip
    installer = subprocess.run(
        ["/usr/bin/python3", "-m", "torchmap.install", "--cuda"],  # PyPI's build
        cwd=plugins, capture_output=True, text=True, env=env, timeout=1500, check=False,
    )  # fmt: skip
    assert installer.returncode == 0, installer.stdout[-2000:] + installer.stderr[-2000:]
    assert "Restart QGIS" in installer.stdout
    folder = python / "dependencies" / "torchmap-py311"
    assert (folder / "torch").is_dir() and not (folder / "numpy").exists()  # QGIS's numpy
    probe = subprocess.run(
        ["/usr/bin/python3", "-c", PROBE_PATHS, str(plugins)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr[-2000:]
    report = json.loads(probe.stdout.strip().splitlines()[-1])
    assert report["changed"] == {}
    assert not [entry for entry in report["path"] if ".venv" in entry]
    output = tmp_path / "classes.tif"
    completed = subprocess.run(
        [QGIS_PROCESS, "run", "torchmap:classifypixels", "--", f"INPUT_RASTER={scene.image}",
         f"MODEL={unet_package}", f"OUTPUT={output}"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert output.is_file()
