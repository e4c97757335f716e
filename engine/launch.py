"""Run an algorithm in several processes on this machine, from a program that is not itself
one of them (QGIS's Processing): ``torchrun`` starts them with the engine's command line, the
progress and messages of rank 0 come back as they are printed, the results as JSON. A cancel
stops every rank (torchrun passes SIGTERM on, and the engine removes what it was writing)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from .algorithms.description import Algorithm
from .cli import PROGRESS_MARK, PROGRESS_VARIABLE, to_arguments
from .errors import CancelledError, TorchMapError
from .i18n import _
from .interpreter import this_python

POLL_SECONDS = 0.2


def torchrun_command(algorithm: Algorithm, values: dict[str, Any], processes: int) -> list[str]:
    """``python -m torch.distributed.run`` on this machine with ``processes`` ranks."""
    return [
        this_python(),
        "-m",
        "torch.distributed.run",
        "--standalone",
        f"--nproc_per_node={processes}",
        "-m",
        f"{__package__}",
        algorithm.command,
        *to_arguments(algorithm, values),
        "--json",
    ]


def run_in_processes(
    algorithm: Algorithm,
    values: dict[str, Any],
    processes: int,
    progress: Callable[[float], None],
    message: Callable[[str], None],
    is_cancelled: Callable[[], bool],
) -> dict[str, Any]:
    """Run ``algorithm`` in ``processes`` ranks and return its results; raise CancelledError
    on a cancel and TorchMapError (with rank 0's message) when the run fails."""
    environment = dict(os.environ)
    # The ranks import what this process imports (QGIS adds plugin folders to sys.path).
    environment["PYTHONPATH"] = os.pathsep.join(path for path in sys.path if path)
    environment[PROGRESS_VARIABLE] = "lines"
    environment.setdefault("OMP_NUM_THREADS", "1")  # the engine sets each rank's share
    command = torchrun_command(algorithm, values, processes)
    errors: list[str] = []  # rank 0's error lines
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        start_new_session=True,
    ) as process:  # the pipes close with it
        output = _wait(process, progress, message, is_cancelled, errors)
    if process.returncode != 0:
        raise TorchMapError(
            errors[-1]
            if errors
            else _("the processes failed (exit status {status}).").format(status=process.returncode)
        )
    return json.loads(output.strip().splitlines()[-1])["results"]


def _wait(
    process: subprocess.Popen,
    progress: Callable[[float], None],
    message: Callable[[str], None],
    is_cancelled: Callable[[], bool],
    errors: list[str],
) -> str:
    """Follow the run until it ends (or stop it on a cancel); its standard output."""
    reader = threading.Thread(
        target=_follow, args=(process, progress, message, errors), daemon=True
    )
    reader.start()
    while process.poll() is None:
        if is_cancelled():
            _stop(process)
            reader.join(timeout=30)
            raise CancelledError()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=POLL_SECONDS)
    output = process.stdout.read() if process.stdout else ""
    reader.join(timeout=30)
    return output


def _follow(
    process: subprocess.Popen,
    progress: Callable[[float], None],
    message: Callable[[str], None],
    errors: list[str],
) -> None:
    """Rank 0's progress and messages as they come (torchrun's own lines left out)."""
    for line in process.stderr or []:
        line = line.rstrip()
        if line.startswith(PROGRESS_MARK):
            with contextlib.suppress(IndexError, ValueError):
                progress(float(line.split()[1]))
        elif line.startswith("error:"):
            errors.append(line.removeprefix("error:").strip())
        elif line and not _from_torchrun(line):
            message(line)


def _from_torchrun(line: str) -> bool:
    """torchrun's log lines (W1201 12:00:00...), banners and its failure report."""
    return line[:1] in "WEI" and line[1:5].isdigit() or line.startswith(("*", "[rank", "  "))


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to torchrun and its ranks (they clean up), SIGKILL if they linger."""
    if not hasattr(os, "killpg"):  # Windows: no process groups to signal
        process.terminate()
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
