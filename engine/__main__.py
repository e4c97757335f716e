"""``python -m torchmap.engine``: see :mod:`.cli`."""

import sys

from .cli import main

sys.exit(main())
