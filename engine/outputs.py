"""Outputs appear whole or not at all: everything is written beside its final path under a
temporary name and moved into place only once complete, so a failure or a cancel never leaves
a partial file or a half-filled folder behind, nor destroys an earlier result."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError
from .i18n import _

SIDECAR_SUFFIXES = (".aux.xml",)  # files GDAL writes beside a raster (e.g. class names)


def _partial_name(path: Path) -> Path:
    """A hidden sibling name unique to this run: neither other processes nor other runs in
    this process (QGIS runs algorithms in threads) can collide with it."""
    return path.with_name(f".{path.name}.partial-{os.getpid()}-{uuid.uuid4().hex[:8]}{path.suffix}")


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
def atomic_file(field: str, path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``, its sidecars
    (``.aux.xml``) with it, and on error it goes."""
    _ensure_parent(field, path)
    partial = _partial_name(path)
    try:
        yield partial
        for suffix in SIDECAR_SUFFIXES:  # a stale sidecar would describe the old file
            sidecar = Path(f"{partial}{suffix}")
            if sidecar.exists():
                os.replace(sidecar, f"{path}{suffix}")
            else:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(partial, path)
    finally:
        for leftover in (partial, *(Path(f"{partial}{suffix}") for suffix in SIDECAR_SUFFIXES)):
            leftover.unlink(missing_ok=True)


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
    partial = _partial_name(path)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        yield partial
        _move_folder_into_place(partial, path)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


@contextmanager
def atomic_additions(path: Path) -> Iterator[Path]:
    """Yield a temporary folder to fill; on success its files join the existing folder
    ``path`` (those at its top level last, so metadata never names files not yet there),
    on error they go and ``path`` stays as it was."""
    staging = path.with_name(f".{path.name}.adding-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        for file in sorted(files, key=lambda p: p.parent == staging):
            target = path / file.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
