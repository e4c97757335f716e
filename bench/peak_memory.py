"""Peak memory of the running process, for the benches' child processes."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's own peak resident memory in MiB.

    Linux's ``ru_maxrss`` carries over through fork and exec: a child started by a parent
    that once held 1.8 GiB (GDAL's block cache after writing a large raster) reports at least
    1.8 GiB whatever it uses itself. ``VmHWM`` is the high-water mark of the child's own
    address space, which exec starts afresh."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
