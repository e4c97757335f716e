"""Which Python packages TorchMap needs, which are missing, how to install them, and the
device training and inference will use. Shared by ``canExecute()`` and the dock's
Dependencies panel, so both say the same thing."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.metadata
import importlib.util
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication

PLUGIN_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Dependency:
    """A package TorchMap imports: ``module`` as imported, ``distribution`` as pip names it."""

    label: str
    module: str
    distribution: str
    debian: str = ""  # the Debian package, where Debian's build is the one to use


DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency("PyTorch", "torch", "torch"),
    Dependency("torchvision", "torchvision", "torchvision"),
    Dependency(
        "segmentation-models-pytorch", "segmentation_models_pytorch", "segmentation-models-pytorch"
    ),
    Dependency("rasterio", "rasterio", "rasterio", debian="python3-rasterio"),
    Dependency("NumPy", "numpy", "numpy", debian="python3-numpy"),
)


INSTALLED_BY_INSTALLER = {"torch", "torchvision", "segmentation_models_pytorch", "rasterio"}


@dataclass(frozen=True)
class DependencyStatus:
    dependency: Dependency
    version: str | None  # None: not importable from QGIS's Python


def dependency_statuses() -> list[DependencyStatus]:
    """Each dependency with its installed version (None when missing). Imports nothing heavy."""
    return [DependencyStatus(d, _installed_version(d)) for d in DEPENDENCIES]


def missing_dependencies() -> list[Dependency]:
    return [status.dependency for status in dependency_statuses() if status.version is None]


def _installed_version(dependency: Dependency) -> str | None:
    if importlib.util.find_spec(dependency.module) is None:
        return None
    try:
        return importlib.metadata.version(dependency.distribution)
    except importlib.metadata.PackageNotFoundError:  # e.g. a Debian build without metadata
        module = importlib.import_module(dependency.module)
        return str(getattr(module, "__version__", "unknown"))


def install_command(missing: list[Dependency]) -> str:
    """The one shell command that installs ``missing`` for the Python QGIS runs.

    In a checkout (a Makefile beside the plugin) ``make install`` builds the plugin's own
    virtualenv, which the plugin puts on sys.path itself; otherwise pip installs for the
    user into QGIS's Python, with Debian's packages for what Debian builds against QGIS.
    """
    if (PLUGIN_ROOT / "Makefile").is_file():
        return f"cd {shlex.quote(str(PLUGIN_ROOT))} && make install"
    if any(d.module in INSTALLED_BY_INSTALLER for d in missing):
        # The installer puts them in a folder of their own (install.py), pinned to this QGIS.
        folder = shlex.quote(str(PLUGIN_ROOT.parent))
        return f"cd {folder} && {shlex.quote(_qgis_python())} -m {PLUGIN_ROOT.name}.install"
    commands = []
    debian = [d.debian for d in missing if d.debian]
    if debian and sys.platform.startswith("linux"):
        commands.append("sudo apt-get install -y " + " ".join(debian))
    pip = [d.distribution for d in missing if not (d.debian and sys.platform.startswith("linux"))]
    if pip:
        commands.append(f"{shlex.quote(_qgis_python())} -m pip install --user " + " ".join(pip))
    return " && ".join(commands)


def _qgis_python() -> str:
    """The interpreter QGIS embeds (inside QGIS, sys.executable is the qgis binary)."""
    from ..engine.interpreter import this_python

    return this_python()


@dataclass(frozen=True)
class DeviceInfo:
    """The device TorchMap will train and infer on."""

    kind: str  # cuda | mps | cpu
    name: str
    memory_bytes: int | None
    threads: int
    bf16: bool

    def describe(self) -> str:
        """One translated line, e.g. ``CUDA: NVIDIA H100 (79.1 GiB), bf16``."""
        translate = QCoreApplication.translate
        bf16 = "bf16" if self.bf16 else translate("DeviceInfo", "no bf16")
        if self.kind == "cuda":
            memory = f"{(self.memory_bytes or 0) / 2**30:.1f} GiB"
            return f"CUDA: {self.name} ({memory}), {bf16}"
        if self.kind == "mps":
            return translate("DeviceInfo", "MPS (Apple GPU): {}, {}").format(self.name, bf16)
        native = (
            translate("DeviceInfo", "native bf16")
            if self.bf16
            else translate("DeviceInfo", "no native bf16")
        )
        return translate("DeviceInfo", "CPU ({}): {} threads, {}").format(
            self.name, self.threads, native
        )


def device_info() -> DeviceInfo | None:
    """The device the engine picks for ``auto`` (CUDA, else MPS, else CPU) and whether it
    computes bf16 natively: the engine's own answers (engine/runtime.py), so the panel never
    says "native bf16" where training would refuse it. None when torch is missing."""
    if importlib.util.find_spec("torch") is None:
        return None
    import torch

    from ..engine.runtime import native_bf16, resolve_device

    device = resolve_device("auto")
    threads = torch.get_num_threads()
    bf16 = native_bf16(device)
    if device.type == "cuda":
        properties = torch.cuda.get_device_properties(device)
        return DeviceInfo("cuda", properties.name, properties.total_memory, threads, bf16)
    if device.type == "mps":
        return DeviceInfo("mps", "Apple Metal", None, threads, bf16)
    return DeviceInfo("cpu", torch.backends.cpu.get_cpu_capability(), None, threads, bf16)


# The CUDA builds of PyTorch bring triton (torch's GPU compiler). Loading its native library
# into a process that already holds Mesa's LLVM (QGIS's OpenGL on Intel, AMD and virtual
# machines) segfaults QGIS; torchvision and smp import it through torch's compiler stack.
# TorchMap never compiles inside QGIS, so QGIS's process does without it.
TRITON = "triton"


def keep_triton_out_of_this_process() -> bool:
    """Make ``import triton`` fail in this process (torch then runs without its compiler).

    Call it from QGIS only (the plugin's ``classFactory``), before torch is imported; the
    engine's own command line keeps triton. False when triton was loaded already."""
    if sys.modules.get(TRITON) is not None:
        return False
    sys.modules[TRITON] = None  # type: ignore[assignment]  # None: Python's "not importable"
    return True


def triton_installed() -> bool:
    """Whether triton is installed, even while this process keeps it out."""
    return importlib.machinery.PathFinder.find_spec(TRITON) is not None


def mesa_llvm_loaded(maps: Path = Path("/proc/self/maps")) -> bool:
    """Whether this process holds an LLVM library of its own (Mesa's OpenGL loads one)."""
    try:
        return "libLLVM" in maps.read_text(errors="replace")
    except OSError:  # not Linux
        return False


def triton_clash() -> str:
    """Why this PyTorch would crash this QGIS and what TorchMap does about it; "" if it would
    not (no triton, or no Mesa LLVM in this process)."""
    if not triton_installed() or not mesa_llvm_loaded():
        return ""
    translate = QCoreApplication.translate
    if sys.modules.get(TRITON) is not None:
        return translate(
            "Dependencies",
            "This PyTorch build brings triton, which another plugin has already loaded into "
            "QGIS next to Mesa's OpenGL: QGIS may crash when TorchMap runs. Restart QGIS, or "
            "install PyTorch's CPU build, which has no triton.",
        )
    return translate(
        "Dependencies",
        "This PyTorch build brings triton, whose LLVM would crash QGIS next to Mesa's OpenGL "
        "(loaded here). TorchMap keeps triton out of QGIS, so it runs safely; PyTorch's CPU "
        "build has no triton at all.",
    )
