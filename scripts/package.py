"""Builds the plugin ZIP that QGIS installs (`make package`): one top-level `torchmap/`
folder with the runtime code, metadata.txt, icons, LICENSE, the compiled translations and the
shipped graphical models, the way qgis-plugin-ci packages plugins. Tests, benchmarks, CI and
development files stay out.

    .venv/bin/python scripts/package.py [--out dist]
"""

from __future__ import annotations

import argparse
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "torchmap"
# What a user's QGIS runs or shows: the plugin's own files, by their place in the checkout.
RUNTIME = ("__init__.py", "install.py", "metadata.txt", "icon.svg", "LICENSE", "README.md",
           "icons/", "plugin/", "processing_provider/", "engine/", "models/")  # fmt: skip
COMPILED = ("i18n/*.qm",)  # built by `make translations`, not committed


def version() -> str:
    metadata = configparser.ConfigParser()
    metadata.read(ROOT / "metadata.txt", encoding="utf-8")
    return metadata["general"]["version"]


def runtime_files() -> list[Path]:
    """The committed files the plugin needs at run time, plus the compiled translations."""
    listed = subprocess.run(
        ["git", "ls-files", *RUNTIME], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    files = [ROOT / name for name in listed if not name.endswith((".pyc", ".ts"))]
    for pattern in COMPILED:
        files += sorted(ROOT.glob(pattern))
    return sorted(set(files))


def build(out: Path) -> Path:
    """Write ``torchmap-<version>.zip`` into ``out``; refuse without compiled translations."""
    files = runtime_files()
    if not any(path.suffix == ".qm" for path in files):
        raise SystemExit("package: no compiled translations; run `make translations` first")
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{PLUGIN}-{version()}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        for path in files:
            package.write(path, f"{PLUGIN}/{path.relative_to(ROOT).as_posix()}")
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    arguments = parser.parse_args()
    archive = build(arguments.out)
    print(f"wrote {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
