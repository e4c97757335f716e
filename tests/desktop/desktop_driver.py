"""Runs a desktop scenario inside the real QGIS application and writes what happened.

QGIS executes a small generated script with ``--code``; it imports this module and calls
:func:`main`. A scenario is a generator function of ``tests/desktop/scenarios.py``: it
yields a string to begin a named step, :class:`Wait` to let QGIS's event loop run until a
condition holds, or :class:`Pause` to let it run for a while. The driver advances the
scenario from QGIS's event loop, so dialogs, background tasks and queued signals behave as
they do for a user. Every step and record is appended to a JSON-lines file and flushed at
once: when QGIS crashes, the harness still knows the step that crashed it.
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

POLL_MS = 50


@dataclass(frozen=True)
class Wait:
    """Serve QGIS's event loop until ``condition()`` is true; fail the step after the timeout."""

    condition: Callable[[], bool]
    timeout_s: float
    what: str


@dataclass(frozen=True)
class Pause:
    """Serve QGIS's event loop for ``seconds`` (repaints, queued signals, layout)."""

    seconds: float


class Driver:
    """Advances one scenario on QGIS's event loop and writes its steps and records."""

    def __init__(self, results: Path) -> None:
        self.results = results.open("a", encoding="utf-8")
        self.step = "start QGIS and load the plugin"
        self.scenario: Iterator[object] | None = None
        self._pending: BaseException | None = None

    def write(self, event: str, **values: object) -> None:
        self.results.write(json.dumps({"event": event, **values}, default=str) + "\n")
        self.results.flush()
        os.fsync(self.results.fileno())

    def record(self, key: str, value: object) -> None:
        """Something the test will check, e.g. a layer's renderer type."""
        self.write("record", step=self.step, key=key, value=value)

    def start(self, scenario: Iterator[object]) -> None:
        from qgis.PyQt.QtCore import QTimer

        self.scenario = scenario
        self.write("step", name=self.step)
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        from qgis.PyQt.QtCore import QTimer

        assert self.scenario is not None
        try:
            if self._pending is not None:
                error, self._pending = self._pending, None
                item = self.scenario.throw(error)
            else:
                item = next(self.scenario)
        except StopIteration:
            self.finish()
            return
        except BaseException:
            self.write("error", step=self.step, traceback=traceback.format_exc())
            self.finish()
            return
        if isinstance(item, str):
            self.step = item
            self.write("step", name=item)
            QTimer.singleShot(0, self._advance)
        elif isinstance(item, Pause):
            QTimer.singleShot(int(item.seconds * 1000), self._advance)
        elif isinstance(item, Wait):
            self._wait(item, time.monotonic() + item.timeout_s)
        else:
            self._pending = TypeError(f"a scenario yields str, Wait or Pause, not {item!r}")
            QTimer.singleShot(0, self._advance)

    def _wait(self, wait: Wait, deadline: float) -> None:
        from qgis.PyQt.QtCore import QTimer

        try:
            done = bool(wait.condition())
        except BaseException as error:
            self._pending = error
            done = True
        if not done and time.monotonic() > deadline:
            self._pending = TimeoutError(
                f"waited {wait.timeout_s:g} s for {wait.what}; {self.snapshot()}"
            )
            done = True
        if done:
            QTimer.singleShot(0, self._advance)
        else:
            QTimer.singleShot(POLL_MS, lambda: self._wait(wait, deadline))

    def python_error(self, kind: type, error: BaseException, trace: object) -> None:
        """An exception escaped into Qt (a slot, a timer): QGIS would show its Python error
        dialog and wait for a click; a user sees it as TorchMap failing, so the test does."""
        text = "".join(traceback.format_exception(kind, error, trace))
        self.write("error", step=self.step, traceback=f"raised inside a Qt slot:\n{text}")
        self.finish()

    def snapshot(self) -> str:
        """Save the screen beside the results and say which modal window blocks, if any."""
        from qgis.PyQt.QtWidgets import QApplication

        path = Path(self.results.name).with_suffix(".png")
        QApplication.primaryScreen().grabWindow(0).save(str(path))
        modal = QApplication.activeModalWidget()
        blocking = f"modal window {modal.windowTitle()!r}" if modal is not None else "no modal"
        return f"{blocking}; the screen is in {path}"

    def finish(self) -> None:
        """Write the end and leave at once: QGIS's own shutdown is not under test here."""
        self.write("finished")
        self.results.close()
        os._exit(0)


def main(results: str, scenario: str, arguments: dict[str, object]) -> None:
    """Entry point of the generated ``--code`` script."""
    fault = open(Path(results).with_suffix(".fault"), "w")  # noqa: SIM115 (open till exit)
    faulthandler.enable(fault)
    # The harness asks for every thread's stack with SIGUSR1 before it kills a hung QGIS.
    faulthandler.register(signal.SIGUSR1, fault, all_threads=True)
    driver = Driver(Path(results))
    driver.write("pid", pid=os.getpid())
    sys.excepthook = driver.python_error
    try:
        import scenarios

        generator = getattr(scenarios, scenario)(driver, arguments)
    except BaseException:
        driver.write("error", step=driver.step, traceback=traceback.format_exc())
        driver.finish()
        return
    driver.start(generator)
