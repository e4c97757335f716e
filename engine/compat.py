"""Stand-ins for what Python 3.10+ has and QGIS's Python 3.9 lacks (QGIS 3.22-3.28 on
Windows and macOS ship Python 3.9); tests/test_python_versions.py runs vermin on the plugin."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

_END = object()


def zip_strict(*iterables: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """``zip(*iterables, strict=True)``: a ValueError, with zip's message, when one of the
    iterables runs out before the others."""
    if sys.version_info >= (3, 10):
        return zip(*iterables, strict=True)  # novm: only reached on 3.10+
    return _zip_strict(*iterables)


def _zip_strict(*iterables: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """What ``zip(strict=True)`` does, for Python 3.9 (tested against it on 3.10+)."""
    iterators = [iter(iterable) for iterable in iterables]  # at once, as zip does
    return _strict_tuples(iterators) if iterators else iter(())


def _strict_tuples(iterators: list[Iterator[Any]]) -> Iterator[tuple[Any, ...]]:
    while True:
        items = []
        for position, iterator in enumerate(iterators, 1):
            try:
                items.append(next(iterator))
            except StopIteration:
                if position > 1:
                    raise ValueError(_mismatch(position, "shorter")) from None
                for longer, rest in enumerate(iterators[1:], 2):
                    if next(rest, _END) is not _END:
                        raise ValueError(_mismatch(longer, "longer")) from None
                return
        yield tuple(items)


def _mismatch(position: int, comparison: str) -> str:
    """zip's own message, e.g. ``zip() argument 3 is shorter than arguments 1-2``."""
    earlier = "argument 1" if position == 2 else f"arguments 1-{position - 1}"
    return f"zip() argument {position} is {comparison} than {earlier}"
