"""``python -m torchmap.engine``: see :mod:`.cli`."""

import os
import sys

from .cli import main

try:
    status = main()
except BrokenPipeError:  # the output piped into a reader that stopped early (``| head``)
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 0
sys.exit(status)
