#!/usr/bin/env bash
# Links this checkout into the default QGIS profile as the plugin `torchmap` and enables it,
# so QGIS and plain `qgis_process.bin` load it. QGIS_PROFILE_DIR overrides the profile.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${QGIS_PROFILE_DIR:-$HOME/.local/share/QGIS/QGIS3/profiles/default}
PLUGINS="$PROFILE/python/plugins"
LINK="$PLUGINS/torchmap"

mkdir -p "$PLUGINS" "$PROFILE/QGIS"
if [ -e "$LINK" ] && [ ! -L "$LINK" ]; then
  echo "install: $LINK is a real folder (another TorchMap install?); move it away first." >&2
  exit 1
fi
ln -sfn "$PWD" "$LINK"

# Qt's own QSettings edits QGIS3.ini, so the rest of the file keeps Qt's encoding.
.venv/bin/python - "$PROFILE/QGIS/QGIS3.ini" <<'PY'
import sys
from qgis.PyQt.QtCore import QSettings
settings = QSettings(sys.argv[1], QSettings.IniFormat)
settings.setValue("PythonPlugins/torchmap", True)
settings.sync()
PY
echo "install: TorchMap linked into $LINK and enabled"
