"""Outputs appear whole or not at all: everything is written in a hidden folder of the run
beside its final path and moved into place only once complete and checked, so a failure, a
full disk or a cancel never leaves a partial or corrupt file behind, nor destroys an earlier
result; and a run that says "done" wrote every byte.

Writes are checked: GDAL reports a failed write (a full disk) through its error handler, not
through the close that flushes the last compressed blocks, so every GDAL failure while an
output is open is collected (:class:`GdalFailures`), and a Python ``OSError`` on writing
becomes an :class:`OutputError` that names the output, the path and the cause.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .i18n import _

SIDECAR_SUFFIXES = (".aux.xml",)  # files GDAL writes beside a raster (e.g. class names)
RUN_FOLDER_PREFIX = ".torchmap-run-"
FULL_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
FULL_DISK_TEXTS = ("No space left", "Disk quota exceeded", "File too large")


class OutputError(InputError):
    """An output could not be written (a full disk, a lost network share...): ``field`` names
    the output, the message its path and the cause. Nothing of it was left behind."""


def output_error(field_name: str, path: Path, cause: str) -> OutputError:
    return OutputError(
        field_name,
        _(
            "could not write {path}: {cause}. Nothing was written there (an earlier file of "
            "that name is kept); free some space or choose another location."
        ).format(path=path, cause=cause),
    )


def _says_disk_full(message: str) -> bool:
    return any(marker in message for marker in (*FULL_DISK_TEXTS, "disk is full"))


def describe_cause(text: str, code: int | None = None) -> str:
    """ "the disk is full" for the ways a full disk shows, else the system's own words."""
    if code in FULL_DISK_ERRNOS or _says_disk_full(text):
        return _("the disk is full")
    return text


@dataclass
class GdalFailures:
    """GDAL's failures (CE_Failure and worse) reported in this thread while outputs are open."""

    messages: list[str] = field(default_factory=list)
    users: int = 0

    def handler(self, error_class: int, error_number: int, message: str) -> None:
        if error_class >= 3:  # CE_Failure, CE_Fatal
            self.messages.append(str(message))


_local = threading.local()


@contextmanager
def gdal_failures() -> Iterator[GdalFailures]:
    """Collect GDAL's failures in this thread (nested uses share one collector: GDAL calls only
    the innermost error handler). Error handlers are per thread, as QGIS runs algorithms on
    several threads at once."""
    from osgeo import gdal

    collector = getattr(_local, "collector", None)
    if collector is None:
        collector = _local.collector = GdalFailures()
        gdal.PushErrorHandler(collector.handler)
    collector.users += 1
    try:
        yield collector
    finally:
        collector.users -= 1
        if not collector.users:
            gdal.PopErrorHandler()
            _local.collector = None


def is_write_failure(error: BaseException) -> bool:
    """Whether an exception while writing an output is the output's fault (a full disk, an
    I/O error), not an input's: OSErrors with a write errno or GDAL's write failures."""
    text = str(error)
    if isinstance(error, OSError) and error.errno in FULL_DISK_ERRNOS | {errno.EIO}:
        return True
    if "IReadBlock failed" in text:  # rasterio's "Read or write failed": an input's read
        return False
    return any(
        marker in text
        for marker in (*FULL_DISK_TEXTS, "writing a dirty block", "Write error", "write failed")
    )


def verify_raster(path: Path) -> str:
    """ "" when ``path`` reads back whole (every block of every band), else GDAL's complaint."""
    from osgeo import gdal

    failures = GdalFailures()
    gdal.PushErrorHandler(failures.handler)
    try:
        dataset = gdal.Open(str(path))
        if dataset is None:
            return failures.messages[-1] if failures.messages else _("it cannot be opened")
        for band in range(1, dataset.RasterCount + 1):
            dataset.GetRasterBand(band).Checksum()
        dataset = None
    finally:
        gdal.PopErrorHandler()
    return failures.messages[0] if failures.messages else ""


def _run_folder(parent: Path) -> Path:
    """A hidden folder of this run beside the output (the same disk, so the final move is a
    rename); leftovers of killed runs in ``parent`` go first."""
    remove_stale_run_folders(parent)
    folder = parent / f"{RUN_FOLDER_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


def remove_stale_run_folders(parent: Path) -> list[Path]:
    """Remove the run folders in ``parent`` whose process is gone (a run that was killed)."""
    removed = []
    with suppress(OSError):
        for folder in parent.glob(f"{RUN_FOLDER_PREFIX}*"):
            pid = folder.name[len(RUN_FOLDER_PREFIX) :].split("-")[0]
            if pid.isdigit() and not process_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (this one always does): leftovers of dead runs go."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def _ensure_parent(field: str, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            field,
            _(
                "cannot create the folder {folder} ({reason}); choose a location you can write to."
            ).format(folder=path.parent, reason=error.strerror),
        ) from error
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputError(
            field,
            _("the folder {folder} is read-only; choose a location you can write to.").format(
                folder=path.parent
            ),
        )


@contextmanager
def atomic_file(field_name: str, path: Path) -> Iterator[Path]:
    """Yield a path to write (in the run's hidden folder beside ``path``); once the body ends
    and every write checked out, it replaces ``path``, its sidecars (``.aux.xml``) with it. On
    an error, a failed write (an :class:`OutputError` naming ``field_name``) or a cancel,
    nothing is left and an earlier ``path`` stays."""
    _ensure_parent(field_name, path)
    folder = _run_folder(path.parent)
    partial = folder / path.name
    try:
        with checked_writes(field_name, path, folder):
            yield partial
        for suffix in SIDECAR_SUFFIXES:  # a stale sidecar would describe the old file
            sidecar = Path(f"{partial}{suffix}")
            if sidecar.exists():
                os.replace(sidecar, f"{path}{suffix}")
            else:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(partial, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def checked_writes(field_name: str, path: Path, folder: Path) -> Iterator[None]:
    """Turn a failed write into an :class:`OutputError` naming ``field_name`` and ``path``:
    an OSError (or GDAL error) on writing inside, or a GDAL failure reported meanwhile that
    left a file under ``folder`` unreadable (GDAL's close does not report a full disk)."""
    with gdal_failures() as failures:
        first = len(failures.messages)
        try:
            yield
        except (OutputError, KeyboardInterrupt, SystemExit):
            raise
        except Exception as error:  # rasterio's CPLE errors are RuntimeErrors, GDAL's a None
            full = next((m for m in failures.messages[first:] if _says_disk_full(m)), None)
            if not (full or is_write_failure(error)):
                raise
            code = error.errno if isinstance(error, OSError) else None
            cause = describe_cause(full or str(error), code)
            raise output_error(field_name, path, cause) from error
        reported = failures.messages[first:]
    if reported:
        complaint = _first_damaged_raster(folder, reported)
        if complaint:
            cause = next((m for m in reported if _says_disk_full(m)), None)
            raise output_error(field_name, path, describe_cause(cause or complaint))


def _first_damaged_raster(folder: Path, reported: list[str]) -> str:
    """Why a raster under ``folder`` is damaged ("" when all read back whole): one that a
    failure names, or any that does not read back."""
    rasters = [p for p in folder.rglob("*") if p.suffix.lower() in (".tif", ".tiff")]
    for raster in rasters:
        if any(str(raster) in message for message in reported):
            return next(m for m in reported if str(raster) in m)
    for raster in rasters:
        complaint = verify_raster(raster)
        if complaint:
            return complaint
    return ""


@contextmanager
def atomic_folder(field: str, path: Path, replaceable_marker: str) -> Iterator[Path]:
    """Yield a temporary folder to fill; on success it becomes ``path``.

    An existing ``path`` is replaced only when it is empty or holds ``replaceable_marker``
    (i.e. it is an earlier output of the same kind); any other folder is refused, so a
    mistyped path never deletes a user's data.
    """
    if path.exists() and not _is_replaceable(path, replaceable_marker):
        raise InputError(
            field,
            _(
                "{path} already exists and holds other files; choose a new or empty folder (an "
                "earlier output, recognised by its {marker}, is replaced)."
            ).format(path=path, marker=replaceable_marker),
        )
    _ensure_parent(field, path)
    folder = _run_folder(path.parent)
    partial = folder / path.name
    partial.mkdir()
    try:
        with checked_writes(field, path, folder):
            yield partial
        _move_folder_into_place(partial, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def atomic_additions(path: Path, field: str = "output_folder") -> Iterator[Path]:
    """Yield a temporary folder to fill; on success its files join the existing folder
    ``path`` (those at its top level last, so metadata never names files not yet there),
    on error they go and ``path`` stays as it was."""
    folder = _run_folder(path.parent)
    staging = folder / path.name
    staging.mkdir()
    try:
        with checked_writes(field, path, folder):
            yield staging
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        for file in sorted(files, key=lambda p: p.parent == staging):
            target = path / file.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _is_replaceable(path: Path, marker: str) -> bool:
    if not path.is_dir():
        return False
    return not any(path.iterdir()) or (path / marker).is_file()


def _move_folder_into_place(partial: Path, path: Path) -> None:
    """Swap the finished folder in, deleting the earlier one only after the swap."""
    if not path.exists():
        os.replace(partial, path)
        return
    previous = path.with_name(f".{path.name}.previous-{os.getpid()}")
    os.replace(path, previous)
    try:
        os.replace(partial, path)
    except OSError:
        os.replace(previous, path)  # put the earlier output back
        raise
    shutil.rmtree(previous, ignore_errors=True)
