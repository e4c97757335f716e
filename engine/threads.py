"""How many cores a job computes on: torch's threads set to the physical cores, shared with
other TorchMap jobs on the machine, one left to the QGIS desktop's interface. Torch-free at
import (the plugin sets the desktop flag at start); torch is imported when a job runs."""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .i18n import _
from .outputs import process_alive

JOBS_FOLDER = Path(tempfile.gettempdir()) / "torchmap-jobs"
_threads_lock = threading.Lock()
_threads_users = 0
_threads_before = 0
_interactive = False


def set_interactive(interactive: bool) -> None:
    """The QGIS desktop says so: its interface then keeps a core to itself."""
    global _interactive
    _interactive = interactive


def physical_cores(cpuinfo: Path = Path("/proc/cpuinfo")) -> int:
    """Physical cores (hyper-threads share one core's arithmetic units, so more threads than
    cores only contend); the logical CPUs where /proc/cpuinfo does not say."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return os.cpu_count() or 1
    cores, physical = set(), "0"
    for line in text.splitlines():
        key, _sep, value = line.partition(":")
        if key.strip() == "physical id":
            physical = value.strip()
        elif key.strip() == "core id":
            cores.add((physical, value.strip()))
    return len(cores) or os.cpu_count() or 1


def other_jobs(folder: Path = JOBS_FOLDER, mine: str = "") -> list[str]:
    """The other TorchMap jobs running on this machine (their registrations in ``folder``
    whose process lives); registrations of processes that died go."""
    jobs = []
    for entry in folder.glob("*-*") if folder.is_dir() else []:
        pid = entry.name.split("-")[0]
        if entry.name == mine or not pid.isdigit():
            continue
        if process_alive(int(pid)):
            jobs.append(entry.name)
        else:
            entry.unlink(missing_ok=True)
    return jobs


def thread_share(cores: int, others: int, interactive: bool) -> int:
    """This job's share of the cores: all of them alone, an equal part beside other jobs
    (OpenMP threads spin: two jobs each on every core ran a step 10-20x slower), one less in
    the QGIS desktop (its interface stays responsive)."""
    share = max(1, cores // (1 + others))
    return max(1, min(share, cores - 1)) if interactive else share


@contextmanager
def compute_threads(reporter: object | None = None) -> Iterator[int]:
    """Register this job and set torch's threads to its share while inside; then restore
    torch's setting (no global torch setting left changed). Concurrent runs in one process
    (QGIS runs algorithms on several threads) share one setting: the last one out restores."""
    import torch

    global _threads_users, _threads_before
    JOBS_FOLDER.mkdir(parents=True, exist_ok=True)
    mine = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    registration = JOBS_FOLDER / mine
    registration.touch()
    cores = physical_cores()
    others = len(other_jobs(JOBS_FOLDER, mine))
    share = thread_share(cores, others, _interactive)
    with _threads_lock:
        if not _threads_users:
            _threads_before = torch.get_num_threads()
        _threads_users += 1
        torch.set_num_threads(share)
    if share < cores and reporter is not None:
        reporter.info(
            _("Computing on {share} of {cores} cores: {why}.").format(
                share=share,
                cores=cores,
                why=_("{count} other TorchMap jobs run on this machine").format(count=others)
                if others
                else _("the QGIS window keeps one core"),
            )
        )
    try:
        yield share
    finally:
        registration.unlink(missing_ok=True)
        with _threads_lock:
            _threads_users -= 1
            if not _threads_users:
                torch.set_num_threads(_threads_before)
