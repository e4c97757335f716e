"""``python -m torchmap.engine``: see :mod:`.cli`."""

from __future__ import annotations

import os
import sys

from .cli import main


def run() -> int:
    try:
        return main()
    except BrokenPipeError:  # the output piped into a reader that stopped early (``| head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(run())
