"""Starts the real QGIS desktop under Xvfb, with its default OpenGL, and runs a scenario of
``scenarios.py`` inside it (see ``desktop_driver.py``).

Nothing is made offscreen: the QGIS binary a user starts, a fresh profile with TorchMap
linked into it and enabled, a virtual screen of the size asked for. A crash fails the test
with the step that crashed (QGIS's own crash handler is not waited for: it runs gdb over
every thread for minutes), a hang fails it after a timeout, and either kills the whole
process group (xvfb-run, Xvfb, QGIS, gdb).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
PLUGIN = TESTS.parent.resolve()
CRASH_MARKERS = ("QGIS died on signal", "Fatal Python error")


def desktop_available() -> str:
    """Why the desktop cannot be started here ("" when it can)."""
    for program in ("qgis", "xvfb-run"):
        if shutil.which(program) is None:
            return f"{program} is not installed (`make setup` installs it)"
    return ""


@dataclass
class DesktopRun:
    """What a scenario recorded, step by step."""

    steps: list[str] = field(default_factory=list)
    records: dict[str, object] = field(default_factory=dict)
    log: str = ""

    def __getitem__(self, key: str) -> object:
        return self.records[key]


def make_profile(folder: Path, settings: dict[str, object]) -> Path:
    """A fresh profiles folder with TorchMap linked into ``default`` and enabled."""
    profile = folder / "profiles" / "default"
    (profile / "python" / "plugins").mkdir(parents=True, exist_ok=True)
    (profile / "QGIS").mkdir(parents=True, exist_ok=True)
    (profile / "python" / "plugins" / "torchmap").symlink_to(PLUGIN)
    ini: dict[str, dict[str, object]] = {"PythonPlugins": {"torchmap": "true"}}
    for key, value in settings.items():
        group, name = key.split("/", 1)
        ini.setdefault(group, {})[name] = value
    lines = []
    for group, values in ini.items():
        lines.append(f"[{group}]")
        lines += [f"{name.replace('/', '%2F')}={value}" for name, value in values.items()]
        lines.append("")
    (profile / "QGIS" / "QGIS3.ini").write_text("\n".join(lines), encoding="utf-8")
    return folder


def run_scenario(
    scenario: str,
    folder: Path,
    arguments: dict[str, object] | None = None,
    *,
    screen: str = "1600x1000",
    language: str | None = None,
    settings: dict[str, object] | None = None,
    timeout_s: float = 300.0,
) -> DesktopRun:
    """Run ``scenarios.<scenario>(driver, arguments)`` in the QGIS desktop; fail the calling
    test on a crash, a hang or an error, naming the step."""
    reason = desktop_available()
    if reason:
        pytest.skip(reason)
    folder.mkdir(parents=True, exist_ok=True)
    profiles = make_profile(folder / "qgis", settings or {})
    results = folder / "results.jsonl"
    script = folder / "scenario.py"
    script.write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(HERE)!r}, {str(TESTS)!r}]\n"
        "import desktop_driver\n"
        f"desktop_driver.main({str(results)!r}, {scenario!r}, {arguments or {}!r})\n",
        encoding="utf-8",
    )
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", "qgis", "--nologo"]
    command += ["--noversioncheck", "--profiles-path", str(profiles)]
    command += ["--lang", language] if language else []
    command += ["--code", str(script)]
    log_path = folder / "qgis.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=desktop_environment(folder),
            start_new_session=True, cwd=folder,
        )  # fmt: skip
        outcome = watch(process, log_path, timeout_s, results)
    run = read_results(results)
    run.log = log_path.read_text(errors="replace")
    fail_unless_finished(run, results, outcome, folder)
    return run


def desktop_environment(folder: Path) -> dict[str, str]:
    """The user's environment without the offscreen platform ``make test`` sets."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA")}
    environment.pop("QT_XCB_GL_INTEGRATION", None)  # the default OpenGL, as users have it
    environment["XDG_RUNTIME_DIR"] = str(folder)
    environment["PYTHONFAULTHANDLER"] = "1"
    return environment


def watch(process: subprocess.Popen, log_path: Path, timeout_s: float, results: Path) -> str:
    """Wait for QGIS to leave; "crashed" or "hung" after killing its process group."""
    deadline = time.monotonic() + timeout_s
    while process.poll() is None:
        if any(marker in log_path.read_text(errors="replace") for marker in CRASH_MARKERS):
            kill_group(process)
            return "crashed"
        if time.monotonic() > deadline:
            dump_stacks(results)
            kill_group(process)
            return "hung"
        time.sleep(0.2)
    return "crashed" if process.returncode != 0 else "exited"


def dump_stacks(results: Path) -> None:
    """Have a hung QGIS write every thread's Python stack (the driver registered SIGUSR1)."""
    pids = [e["pid"] for e in map(json.loads, results.read_text().splitlines()) if "pid" in e]
    if pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pids[0], signal.SIGUSR1)
        time.sleep(1.0)


def kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def read_results(results: Path) -> DesktopRun:
    run = DesktopRun()
    if not results.is_file():
        return run
    for line in results.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["event"] == "step":
            run.steps.append(entry["name"])
        elif entry["event"] == "record":
            run.records[entry["key"]] = entry["value"]
        elif entry["event"] in ("error", "finished"):
            run.records[f"__{entry['event']}__"] = entry
    return run


def fail_unless_finished(run: DesktopRun, results: Path, outcome: str, folder: Path) -> None:
    step = run.steps[-1] if run.steps else "start QGIS"
    error = run.records.get("__error__")
    if isinstance(error, dict):
        pytest.fail(f"step {error['step']!r} failed in QGIS:\n{error['traceback']}")
    if "__finished__" in run.records:
        return
    fault = results.with_suffix(".fault")
    stack = fault.read_text(errors="replace")[:6000] if fault.is_file() else ""
    tail = run.log[-3000:]
    what = {"hung": "hung (timed out)", "crashed": "crashed"}.get(outcome, "stopped unfinished")
    pytest.fail(f"QGIS {what} during step {step!r} (logs in {folder}):\n{stack}\n{tail}")
