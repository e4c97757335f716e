"""Takes the README's pictures in the real QGIS desktop, under Xvfb with its default OpenGL
(`make screenshots`): the Processing Toolbox, each algorithm's dialog, the dock while a
model trains and after, its Styling and Dependencies panels, and a classified result styled
on the map. The steps are the desktop tests' scenario ``screenshots``
(tests/desktop/scenarios.py).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "desktop"))

from desktop_harness import desktop_available, run_scenario  # noqa: E402 (after the path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    reason = desktop_available()
    if reason:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="torchmap-screenshots-"))
    out = arguments.out.resolve()
    run = run_scenario(
        "screenshots", work, {"folder": str(work / "work"), "out": str(out)},
        screen="1600x1000", timeout_s=900,
    )  # fmt: skip
    for name, path in sorted(run.records.items()):
        if not name.startswith("__"):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
