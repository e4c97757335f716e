#!/usr/bin/env bash
# Installs whatever TorchMap needs and is missing, idempotently, on Debian 12 (as root):
# QGIS 3.22 and rasterio from Debian, a virtualenv made from QGIS's own Python with the
# system site packages (so qgis, rasterio and Debian's numpy are shared), and the pip
# packages of requirements.txt with numpy held at Debian's version.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
SYSTEM_PYTHON=/usr/bin/python3
APT_PACKAGES=(qgis python3-qgis qgis-providers python3-rasterio python3-gdal python3-matplotlib python3-venv python3-pip
  qttools5-dev-tools  # lrelease: `make i18n` compiles the translations
  xvfb xauth)  # xvfb-run: the desktop tests and `make screenshots` start the real QGIS on it

have_system_packages() {
  command -v qgis_process.bin >/dev/null 2>&1 && command -v lrelease >/dev/null 2>&1 &&
    command -v xvfb-run >/dev/null 2>&1 &&
    "$SYSTEM_PYTHON" -c 'import qgis.core, rasterio, osgeo.gdal, matplotlib, venv' >/dev/null 2>&1
}

install_system_packages() {
  if have_system_packages; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "setup: QGIS is missing; run as root or: sudo apt-get install -y ${APT_PACKAGES[*]}" >&2
    exit 1
  fi
  echo "setup: installing QGIS and friends from Debian (a few minutes)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
}

# The pip packages are reinstalled only when requirements.txt changes.
requirements_stamp() { echo "$VENV/.requirements-$(sha256sum requirements.txt | cut -c1-16)"; }

install_python_packages() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating $VENV from $SYSTEM_PYTHON (with system site packages)"
    "$SYSTEM_PYTHON" -m venv --system-site-packages "$VENV"
  fi
  local stamp; stamp=$(requirements_stamp)
  if [ -f "$stamp" ]; then return; fi
  # numpy must stay Debian's: QGIS's and rasterio's binaries are built against it, and a
  # pip-installed numpy 2 breaks them.
  "$SYSTEM_PYTHON" -c 'import numpy; print("numpy==" + numpy.__version__)' > "$VENV/constraints.txt"
  echo "setup: installing pip packages (torch is large: a few minutes the first time)"
  # PIP_FIND_LINKS is emptied so pip cannot pick a local CPU-only torch wheel, whose
  # torchvision counterpart does not exist (torchvision::nms then fails to load).
  PIP_FIND_LINKS= "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    -c "$VENV/constraints.txt" -r requirements.txt
  "$VENV/bin/python" -c 'import torch, torchvision, segmentation_models_pytorch, numpy, rasterio, qgis.core'
  rm -f "$VENV"/.requirements-*
  touch "$stamp"
}

# `import torchmap` then works in the venv's Python (tests, benchmarks, scripts) whatever the
# checkout's folder is called, exactly as QGIS imports the installed plugin.
link_plugin_into_venv() {
  local site; site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  ln -sfn "$PWD" "$site/torchmap"
}

install_system_packages
install_python_packages
link_plugin_into_venv
